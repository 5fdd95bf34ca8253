/** Asks for the symbol (and optionally the timeframe) of a CSV file before importing it. */
import { useState } from 'react';
import { TIMEFRAMES } from '../../../core/data/candles';
import { useApp, useController } from '../app/appContext';
import { importSourceProblem } from '../store/importTarget';

/** A guess of `BASE/QUOTE` and the timeframe from a file name such as `BTCUSDT_1m_20230301.csv`. */
export function guessFromFileName(name: string): { symbol: string; timeframe: string } {
  const upper = name.toUpperCase();
  const pair = /([A-Z0-9]{2,10}?)[-_/]?(USDT|USDC|BUSD|USD|EUR|BTC|ETH)(?=[^A-Z]|$)/.exec(upper);
  const tf = /(?:^|[^0-9A-Za-z])(1m|3m|5m|15m|30m|1h|2h|4h|6h|12h|1d|1w)(?=[^0-9A-Za-z]|$)/.exec(name);
  return { symbol: pair ? `${pair[1]}/${pair[2]}` : '', timeframe: tf ? tf[1] : '' };
}

/** The import dialog for one chosen file. */
export function ImportDialog({ file, onClose }: { file: File; onClose(): void }) {
  const controller = useController();
  const guess = guessFromFileName(file.name);
  const [symbol, setSymbol] = useState(guess.symbol);
  const [timeframe, setTimeframe] = useState(guess.timeframe);
  const [source, setSource] = useState('csv');
  const sources = useApp((s) => s.sources);
  const symbolOk = /^[A-Za-z0-9]{1,20}[/_][A-Za-z0-9]{1,20}$/.test(symbol.trim());
  const sourceProblem = importSourceProblem(source, sources);
  const valid = symbolOk && !sourceProblem;
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Import CSV">
      <form
        className="modal" data-testid="import-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          onClose();
          void controller.importCsv(file, symbol.trim().toUpperCase(), timeframe || undefined, source.trim().toLowerCase());
        }}
      >
        <h2>Import {file.name}</h2>
        <p className="muted">Columns: time (or timestamp), open, high, low, close, volume. The candles are stored as a series of
          their own: training on it uses exactly these rows.</p>
        <label className={symbolOk ? undefined : 'invalid'}>
          <span>Symbol</span>
          <input autoFocus value={symbol} placeholder="BTC/USDT" onChange={(e) => setSymbol(e.target.value)} />
        </label>
        {!symbolOk && <div className="field-error">Enter the market as BASE/QUOTE, e.g. BTC/USDT.</div>}
        <label className={sourceProblem ? 'invalid' : undefined}>
          <span>Source</span>
          <input data-testid="import-source" value={source} onChange={(e) => setSource(e.target.value)} />
        </label>
        {sourceProblem && <div className="field-error" data-testid="import-source-error">{sourceProblem}</div>}
        <label>
          <span>Timeframe</span>
          <select value={timeframe} onChange={(e) => setTimeframe(e.target.value)}>
            <option value="">Detect from the file</option>
            {TIMEFRAMES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <div className="modal-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={!valid}>Import</button>
        </div>
      </form>
    </div>
  );
}
