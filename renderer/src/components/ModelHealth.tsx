/** Beside the chart: the current market's models, each component's verdict in words, and warnings with remedies. */
import { skillWithInterval } from '../../../core/evaluation/componentComparison';
import type { ComponentVerdict, ComponentName } from '../../../core/evaluation/verdicts';
import { formatPercent, formatTime, predictorLabel } from '../app/format';
import { useComparedModels } from './CompareView';
import { horizonAt } from './MetricsTable';
import { WarningList } from './WarningList';

/** The card's components, in the order a trader reads them, and what is drawn instead when one falls back. */
const COMPONENTS: readonly { key: ComponentName; label: string; naive: string }[] = [
  { key: 'direction', label: 'Direction odds', naive: 'base rate' },
  { key: 'range', label: 'Candle sizes', naive: 'naive sizes' },
  { key: 'band', label: 'Band width', naive: 'naive band' },
  { key: 'close', label: 'Median close', naive: 'last price' },
];

/**
 * One component's verdict in a few words with the model's pooled skill on test and its 95% interval, e.g. "edge ·
 * 0.154 [0.003, 0.226]", or "no edge · -0.043 [-0.114, 0.042] · last price shown" when the model's figure made the
 * component fall back to `naive`: the sidebar says what the forecast is worth before any figure is read.
 */
export function verdictLine(v: ComponentVerdict, naive: string): string {
  const words = v.verdict === 'edge' ? 'edge' : v.verdict === 'no_edge' ? 'no edge' : 'worse than naive';
  return `${words} · ${skillWithInterval(v.skill, v.skill_ci)}${v.fallback ? ` · ${naive} shown` : ''}`;
}

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
        const verdicts = m.evaluation.verdicts;
        return (
          <article key={m.name} className="model-card" data-testid={`model-card-${m.type}`}>
            <header><b>{predictorLabel(m.type)}</b> <span className="muted small">trained {formatTime(m.trained_at)}</span></header>
            <dl>
              {verdicts
                ? COMPONENTS.map(({ key, label, naive }) => (
                    <div key={key} className={`verdict-row verdict-${verdicts[key].verdict}`} data-testid={`model-card-${key}`}>
                      <dt>{label}</dt><dd>{verdictLine(verdicts[key], naive)}</dd>
                    </div>
                  ))
                : <div className="verdict-row"><dt>Verdicts</dt><dd>not measured (retrain this model)</dd></div>}
              <div className="verdict-row"><dt>In 80% band</dt><dd>{formatPercent(h1?.coverage_80, 0)} at 1 · {formatPercent(hn?.coverage_80, 0)} at {hn?.h ?? '-'}</dd></div>
            </dl>
            <div className="muted small">The model's skill over all steps on test against the naive benchmark, with its 95% interval.</div>
            {m.warnings.length ? <WarningList warnings={m.warnings} /> : <div className="muted small">No warnings from training.</div>}
          </article>
        );
      })}
    </section>
  );
}
