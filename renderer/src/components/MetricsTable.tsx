/** One table of the compared models' held-out accuracy: R², RMSE, MAE, skill at 1/10/60/N, direction, coverage, time, size. */
import type { HorizonMetrics } from '../../../core/predictors/types';
import type { ModelInfo } from '../store/apiTypes';
import { formatDuration, formatNumber, formatPercent, formatSize, predictorLabel } from '../app/format';

/** The metrics at horizon h, or at the nearest evaluated horizon below it. */
export function horizonAt(horizons: readonly HorizonMetrics[], h: number): HorizonMetrics | undefined {
  let best: HorizonMetrics | undefined;
  for (const m of horizons) if (m.h <= h && (!best || m.h > best.h)) best = m;
  return best;
}

interface Row {
  readonly label: string;
  readonly help: string;
  readonly value: (m: ModelInfo) => string;
  /** Whether higher is better for colouring (undefined: no colouring). */
  readonly good?: (m: ModelInfo) => boolean | undefined;
}

/**
 * Skill against the naive forecast at one horizon with its 95% interval, coloured only when the interval excludes 0:
 * a point value above 0 inside the noise is not an edge.
 */
function skillRow(h: number | 'N'): Row {
  const at = (m: ModelInfo) => horizonAt(m.evaluation.horizons, h === 'N' ? m.n_steps_ahead : h);
  return {
    label: h === 'N' ? 'Skill vs naive, last step' : `Skill vs naive, ${h} step${h === 1 ? '' : 's'}`,
    help: '1 − RMSE / RMSE of "price stays the same", with its 95% interval; green only when the interval is above 0',
    value: (m) => {
      const x = at(m);
      if (!x) return '-';
      const ci = x.skill_ci ? ` [${formatNumber(x.skill_ci[0], 3)}, ${formatNumber(x.skill_ci[1], 3)}]` : '';
      return `${formatNumber(x.skill, 3)}${ci}${h === 'N' ? ` (h=${x.h})` : ''}`;
    },
    good: (m) => {
      const ci = at(m)?.skill_ci;
      return !ci ? undefined : ci[0] > 0 ? true : ci[1] < 0 ? false : undefined;
    },
  };
}

const ROWS: readonly Row[] = [
  { label: 'Validation R² (returns)', help: 'R² of predicted one-step log returns on validation data: the honest one', value: (m) => formatNumber(m.performance.return_r2, 4) },
  { label: 'Validation R² (price)', help: 'R² of the one-step predicted close in price units (near 1 for any model)', value: (m) => formatNumber(m.performance.val_r2, 4) },
  { label: 'Validation RMSE', help: 'One-step close error, price units', value: (m) => formatNumber(m.performance.val_rmse, 4) },
  { label: 'Validation MAE', help: 'One-step mean absolute close error, price units', value: (m) => formatNumber(m.performance.val_mae, 4) },
  skillRow(1),
  skillRow(10),
  skillRow(60),
  skillRow('N'),
  { label: 'Directional accuracy, 1 step', help: 'Share of test origins where the direction of the next close was right', value: (m) => formatPercent(horizonAt(m.evaluation.horizons, 1)?.directional_accuracy) },
  { label: 'Directional accuracy, last step', help: 'Same at the last forecast step', value: (m) => formatPercent(horizonAt(m.evaluation.horizons, m.n_steps_ahead)?.directional_accuracy) },
  {
    label: '80% interval coverage', help: 'Share of test outcomes inside the 80% band (1 step / last step); near 80% is honest',
    value: (m) => `${formatPercent(horizonAt(m.evaluation.horizons, 1)?.coverage_80, 0)} / ${formatPercent(horizonAt(m.evaluation.horizons, m.n_steps_ahead)?.coverage_80, 0)}`,
  },
  { label: 'Training time', help: 'Features, training, evaluation and refit', value: (m) => formatDuration(m.training_time_ms) },
  { label: 'Model size', help: 'LightGBM model files on disk', value: (m) => formatSize(m.size_kb) },
];

/** The metrics table of the given models, one column each. */
export function MetricsTable({ models }: { models: readonly ModelInfo[] }) {
  if (models.length === 0) return null;
  return (
    <table className="metrics" data-testid="metrics-table">
      <thead>
        <tr>
          <th>Held-out accuracy</th>
          {models.map((m) => <th key={m.name} title={m.name}>{predictorLabel(m.type)}</th>)}
        </tr>
      </thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.label}>
            <th title={r.help}>{r.label}</th>
            {models.map((m) => {
              const good = r.good?.(m);
              return <td key={m.name} data-testid="metric-value" className={good === undefined ? undefined : good ? 'good' : 'bad'}>{r.value(m)}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
