/** Beside the chart: the current market's models with their key held-out figures and warnings with remedies. */
import { formatNumber, formatPercent, formatTime, predictorLabel } from '../app/format';
import { useComparedModels } from './CompareView';
import { horizonAt } from './MetricsTable';
import { WarningList } from './WarningList';

/** The sidebar card list; nothing when the market has no models yet. */
export function ModelHealth() {
  const shown = useComparedModels();
  if (shown.length === 0) return null;
  return (
    <section className="panel" data-testid="model-health" aria-label="Models of this market">
      <header className="panel-header"><h3>Models</h3></header>
      {shown.map((m) => {
        const h1 = horizonAt(m.evaluation.horizons, 1);
        const hn = horizonAt(m.evaluation.horizons, m.n_steps_ahead);
        return (
          <article key={m.name} className="model-card">
            <header><b>{predictorLabel(m.type)}</b> <span className="muted small">trained {formatTime(m.trained_at)}</span></header>
            <dl>
              <dt>Skill vs naive</dt><dd>{formatNumber(h1?.skill, 3)} at 1 · {formatNumber(hn?.skill, 3)} at {hn?.h ?? '-'}</dd>
              <dt>Direction right</dt><dd>{formatPercent(h1?.directional_accuracy, 0)} at 1</dd>
              <dt>In 80% band</dt><dd>{formatPercent(h1?.coverage_80, 0)} at 1 · {formatPercent(hn?.coverage_80, 0)} at {hn?.h ?? '-'}</dd>
            </dl>
            {m.warnings.length ? <WarningList warnings={m.warnings} /> : <div className="muted small">No warnings from training.</div>}
          </article>
        );
      })}
    </section>
  );
}
