/** Compare view: component by component (direction, candle range, band, median), which predictor did better on test. */
import type { ComponentName } from '../../../core/evaluation/verdicts';
import { predictorLabel } from '../app/format';
import type { ModelInfo } from '../store/apiTypes';

const COMPONENTS: readonly { key: ComponentName; label: string }[] = [
  { key: 'direction', label: 'Direction odds (Brier skill)' },
  { key: 'range', label: 'Candle sizes (range skill)' },
  { key: 'band', label: 'Band (interval score vs naive)' },
  { key: 'close', label: 'Median close (skill)' },
];

const fmt = (x: number, ci: readonly number[]) => `${x.toFixed(3)} [${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]`;

/**
 * Which predictor is better at a component and whether the difference is inside the noise: the two 95% intervals
 * overlapping is read as "inside the noise" (a conservative reading: the forecasts were not paired origin by origin).
 */
export function compareComponent(a: ModelInfo, b: ModelInfo, key: ComponentName): string {
  const va = a.evaluation.verdicts?.[key];
  const vb = b.evaluation.verdicts?.[key];
  if (!va || !vb) return 'not measured (retrain both models)';
  const overlap = va.skill_ci[0] <= vb.skill_ci[1] && vb.skill_ci[0] <= va.skill_ci[1];
  if (va.skill === vb.skill) return 'the same';
  const better = va.skill > vb.skill ? a : b;
  return overlap ? `${predictorLabel(better.type)} ahead, inside the noise` : `${predictorLabel(better.type)} better`;
}

/** The table. */
export function ComponentComparison({ models }: { models: readonly ModelInfo[] }) {
  if (models.length < 2) return null;
  const [a, b] = models;
  return (
    <table className="metrics component-comparison" data-testid="component-comparison">
      <thead><tr><th>Component</th><th>{predictorLabel(a.type)}</th><th>{predictorLabel(b.type)}</th><th>Verdict</th></tr></thead>
      <tbody>
        {COMPONENTS.map(({ key, label }) => {
          const va = a.evaluation.verdicts?.[key];
          const vb = b.evaluation.verdicts?.[key];
          return (
            <tr key={key} data-testid={`compare-${key}`}>
              <td>{label}</td>
              <td>{va ? fmt(va.skill, va.skill_ci) : '-'}</td>
              <td>{vb ? fmt(vb.skill, vb.skill_ci) : '-'}</td>
              <td>{compareComponent(a, b, key)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
