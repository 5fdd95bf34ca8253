/** The market bar: source, symbol, timeframe, steps ahead, predictor, and the Train / Forecast / Export / Import actions. */
import { useEffect, useRef, useState } from 'react';
import { TIMEFRAMES } from '../../../core/data/candles';
import { useApp, useController, useServices } from '../app/appContext';
import { symbolsFor, type PredictorChoice } from '../store/marketSlice';
import { trainingActive } from '../store/trainingSlice';
import { ImportDialog } from './ImportDialog';

const PREDICTOR_OPTIONS: readonly { value: PredictorChoice; label: string }[] = [
  { value: 'both', label: 'Both' },
  { value: 'autoregressive', label: 'Autoregressive' },
  { value: 'multi_ohlc', label: 'Multi-OHLC' },
];

/** The bar at the top of the window. */
export function MarketBar({ importRequest }: { importRequest: number }) {
  const controller = useController();
  const sources = useApp((s) => s.sources);
  const series = useApp((s) => s.series);
  const source = useApp((s) => s.source);
  const symbol = useApp((s) => s.symbol);
  const timeframe = useApp((s) => s.timeframe);
  const stepsText = useApp((s) => s.stepsText);
  const stepsError = useApp((s) => s.stepsError);
  const predictor = useApp((s) => s.predictor);
  const training = useApp(trainingActive);
  const forecasting = useApp((s) => !!s.busy.forecast);
  const hasForecast = useApp((s) => Object.keys(s.forecasts).length > 0);
  const settingsOpen = useApp((s) => s.settingsOpen);
  const actions = useServices().store.getState();
  const [importFile, setImportFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (importRequest > 0) fileInput.current?.click();
  }, [importRequest]);

  const symbols = symbolsFor(source, sources, series);
  const sourceOptions = sources.length ? sources : [{ id: 'demo', name: 'Demo market', kind: 'demo' as const, symbols: [] }];
  const changeMarket = (f: () => void) => {
    f();
    void controller.loadCandles();
  };

  return (
    <div className="market-bar" data-testid="market-bar">
      <label>
        <span>Source</span>
        <select data-testid="source" value={source} onChange={(e) => changeMarket(() => actions.setSource(e.target.value))}>
          {sourceOptions.map((s) => (
            <option key={s.id} value={s.id}>{s.kind === 'ccxt' ? `${s.name} (exchange)` : s.name}</option>
          ))}
        </select>
      </label>
      <label>
        <span>Symbol</span>
        <input
          data-testid="symbol" list="symbols" value={symbol} size={11} spellCheck={false}
          onChange={(e) => actions.setSymbol(e.target.value)}
          onBlur={() => void controller.loadCandles()}
          onKeyDown={(e) => e.key === 'Enter' && void controller.loadCandles()}
        />
        <datalist id="symbols">{symbols.map((s) => <option key={s} value={s} />)}</datalist>
      </label>
      <label>
        <span>Timeframe</span>
        <select data-testid="timeframe" value={timeframe} onChange={(e) => changeMarket(() => actions.setTimeframe(e.target.value))}>
          {TIMEFRAMES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </label>
      <label className={stepsError ? 'invalid' : undefined}>
        <span>Steps ahead</span>
        <input
          data-testid="steps" value={stepsText} size={5} inputMode="numeric" aria-invalid={!!stepsError}
          title={stepsError ?? 'How many candles to forecast'} onChange={(e) => actions.setStepsText(e.target.value)}
        />
      </label>
      <label>
        <span>Predictor</span>
        <select data-testid="predictor" value={predictor} onChange={(e) => actions.setPredictor(e.target.value as PredictorChoice)}>
          {PREDICTOR_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </label>
      <div className="actions">
        <button className="primary" data-testid="train" disabled={training} onClick={() => void controller.train()} title="Train (Ctrl+Enter)">
          {training ? 'Training…' : 'Train'}
        </button>
        <button data-testid="forecast" disabled={training || forecasting} onClick={() => void controller.forecast()}>
          {forecasting ? 'Forecasting…' : 'Forecast'}
        </button>
        <button data-testid="export" disabled={!hasForecast} onClick={() => controller.exportCsv()} title="Export forecast CSV (Ctrl+E)">
          Export CSV
        </button>
        <button data-testid="import" onClick={() => fileInput.current?.click()}>Import CSV</button>
        <button data-testid="advanced" className={settingsOpen ? 'toggled' : undefined} onClick={() => actions.toggleSettings()}>
          Advanced
        </button>
        <input
          ref={fileInput} type="file" accept=".csv,text/csv" hidden data-testid="import-file"
          onChange={(e) => {
            setImportFile(e.target.files?.[0] ?? null);
            e.target.value = '';
          }}
        />
      </div>
      {stepsError && <div className="field-error" data-testid="steps-error">{stepsError}</div>}
      {importFile && <ImportDialog file={importFile} onClose={() => setImportFile(null)} />}
    </div>
  );
}
