/** The Backtest view: choose a model and the trading options, run, and read the result against the baselines. */
import { useEffect } from 'react';
import { useApp, useController, useServices } from '../app/appContext';
import { predictorLabel } from '../app/format';
import { BACKTEST_FIELDS, BACKTEST_RANGES, BACKTEST_SPECS, defaultBacktestModel, type BacktestRange } from '../store/backtestForm';
import { BacktestResults } from './BacktestResults';

/** Keeps the chosen model valid: the current market's autoregressive model when none (or a deleted one) is chosen. */
function useDefaultModel(): void {
  const models = useApp((s) => s.models);
  const chosen = useApp((s) => s.backtestForm.model);
  const source = useApp((s) => s.source);
  const symbol = useApp((s) => s.symbol);
  const timeframe = useApp((s) => s.timeframe);
  const steps = useApp((s) => s.steps);
  const setModel = useApp((s) => s.setBacktestModel);
  useEffect(() => {
    if (chosen && models.some((m) => m.name === chosen)) return;
    const name = defaultBacktestModel(models, { source, symbol, timeframe, steps });
    if (name !== chosen) setModel(name);
  }, [models, chosen, source, symbol, timeframe, steps, setModel]);
}

function BacktestOptions() {
  const controller = useController();
  const actions = useServices().store.getState();
  const models = useApp((s) => s.models);
  const form = useApp((s) => s.backtestForm);
  const errors = useApp((s) => s.backtestErrors);
  const running = useApp((s) => !!s.busy.backtest);
  const invalid = Object.keys(errors).length > 0;
  return (
    <form className="backtest-form" data-testid="backtest-form" onSubmit={(e) => { e.preventDefault(); void controller.runBacktest(); }}>
      <div className="toolbar">
        <label>
          <span>Model</span>
          <select data-testid="backtest-model" value={form.model ?? ''} onChange={(e) => actions.setBacktestModel(e.target.value)}>
            {models.map((m) => <option key={m.name} value={m.name}>{m.name} ({predictorLabel(m.type)})</option>)}
          </select>
        </label>
        <label>
          <span>Bars to trade</span>
          <select data-testid="backtest-range" value={form.range} onChange={(e) => actions.setBacktestRange(e.target.value as BacktestRange)}>
            {BACKTEST_RANGES.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
          </select>
        </label>
        {BACKTEST_FIELDS.map((f) => {
          const spec = BACKTEST_SPECS[f];
          const error = errors[f];
          return (
            <label key={f} className={error ? 'invalid' : undefined} title={spec.help}>
              <span>{spec.label}</span>
              <input
                data-testid={`backtest-${f}`} value={form.text[f]} aria-invalid={!!error} spellCheck={false} size={8}
                onChange={(e) => actions.setBacktestText(f, e.target.value)}
              />
              <small className={error ? 'field-error' : 'muted'} data-testid={error ? `backtest-error-${f}` : undefined}>
                {error ?? `default ${spec.defaultText}`}
              </small>
            </label>
          );
        })}
        <div className="backtest-flags">
          <label className="check" title="Never sell short: stay flat instead">
            <input type="checkbox" data-testid="backtest-longOnly" checked={form.longOnly} onChange={(e) => actions.setBacktestFlag('longOnly', e.target.checked)} /> Long only
          </label>
          <label className="check" title="Trade only when the forecast's own calibrated P(up) agrees: above 50% for a long, below 50% for a short">
            <input type="checkbox" data-testid="backtest-requireConfidence" checked={form.requireConfidence} onChange={(e) => actions.setBacktestFlag('requireConfidence', e.target.checked)} /> Only when confident
          </label>
        </div>
        <div className="backtest-actions">
          <button type="submit" className="primary" data-testid="backtest-run" disabled={running || invalid || !form.model}>{running ? 'Running…' : 'Run'}</button>
          <button type="button" onClick={() => actions.resetBacktestForm()}>Defaults</button>
        </div>
      </div>
    </form>
  );
}

/** The Backtest view. */
export function BacktestView() {
  useDefaultModel();
  const hasModels = useApp((s) => s.models.length > 0);
  const result = useApp((s) => s.backtestResult);
  const failure = useApp((s) => s.backtestFailure);
  const running = useApp((s) => !!s.busy.backtest);
  if (!hasModels) {
    return (
      <div className="empty-state" data-testid="backtest-empty">
        No trained models yet. Train a model first (<b>Train</b> or Ctrl+Enter on the Chart tab), then come back here to see how trading its
        forecasts would have done after fees, against buy &amp; hold.
      </div>
    );
  }
  return (
    <div className="backtest-view" data-testid="backtest-view">
      <BacktestOptions />
      {failure && (
        <div className="banner error" role="alert" data-testid="backtest-failure">
          <div><b>{failure.message}</b>{failure.hint && <div className="hint">{failure.hint}</div>}</div>
        </div>
      )}
      {result ? <BacktestResults summary={result} /> : !failure && (
        <div className="empty-state small" data-testid="backtest-hint">{running ? 'Running the backtest…' : 'Choose a model and options, then click Run.'}</div>
      )}
      <p className="muted small">
        Walk-forward: at each bar's close the model forecasts; the strategy goes long above the threshold, short below it, and fills at the next
        bar's open paying the fee. Buy &amp; hold, momentum and flat run over the same bars with the same costs.
      </p>
    </div>
  );
}
