/** Horizontal bars of a model's top 20 features by gain or split count; open/high/low/close tabs for multi-OHLC. */
import { useEffect } from 'react';
import { useApp, useController, useServices } from '../app/appContext';
import { formatSignificant, predictorLabel } from '../app/format';
import { sameQuery, type ImportanceTarget } from '../store/modelsSlice';

const TARGETS: readonly ImportanceTarget[] = ['open', 'high', 'low', 'close'];

/** The Feature importance view. */
export function FeatureImportance() {
  const controller = useController();
  const actions = useServices().store.getState();
  const models = useApp((s) => s.models);
  const query = useApp((s) => s.importanceQuery);
  const result = useApp((s) => s.importance);
  const loading = useApp((s) => !!s.busy.importance);
  const model = models.find((m) => m.name === query.model);

  useEffect(() => {
    if (query.model && !(result && sameQuery(result.query, query))) void controller.loadImportance();
  }, [controller, query, result]);

  if (models.length === 0) {
    return <div className="empty-state" data-testid="importance-empty">No trained models yet. Click <b>Train</b> and the features each model relies on will show here.</div>;
  }
  const features = result && sameQuery(result.query, query) ? result.features : [];
  const max = Math.max(1e-12, ...features.map((f) => f.value));
  return (
    <div className="importance-view" data-testid="importance-view">
      <div className="toolbar">
        <label>
          <span>Model</span>
          <select data-testid="importance-model" value={query.model ?? ''} onChange={(e) => actions.setImportanceQuery({ model: e.target.value })}>
            {models.map((m) => <option key={m.name} value={m.name}>{m.name} ({predictorLabel(m.type)})</option>)}
          </select>
        </label>
        <div className="segmented" role="tablist" aria-label="Importance kind">
          {(['gain', 'split'] as const).map((k) => (
            <button key={k} data-testid={`importance-kind-${k}`} className={query.kind === k ? 'toggled' : undefined} onClick={() => actions.setImportanceQuery({ kind: k })}>
              {k === 'gain' ? 'Gain' : 'Split count'}
            </button>
          ))}
        </div>
        {model?.type === 'multi_ohlc' && (
          <div className="segmented" role="tablist" aria-label="Model of the candle part">
            {TARGETS.map((t) => (
              <button key={t} data-testid={`importance-target-${t}`} className={query.target === t ? 'toggled' : undefined} onClick={() => actions.setImportanceQuery({ target: t })}>
                {t[0].toUpperCase() + t.slice(1)}
              </button>
            ))}
          </div>
        )}
      </div>
      <p className="muted small">
        Top {features.length || 20} features of {model?.type === 'multi_ohlc' ? `the ${query.target} model` : 'the model'} by {query.kind === 'gain' ? 'total gain (how much each feature reduced the error)' : 'how often each feature was used to split'}.
      </p>
      {loading && features.length === 0 ? <div className="muted">Loading…</div> : (
        <ol className="bars" data-testid="importance-bars" data-kind={query.kind} data-target={query.target}>
          {features.map((f) => (
            <li key={f.name} data-testid="importance-bar">
              <span className="name" title={f.name}>{f.name}</span>
              <span className="track"><span className="fill" style={{ width: `${(100 * f.value) / max}%` }} /></span>
              <span className="value">{query.kind === 'gain' ? formatSignificant(f.value) : f.value}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
