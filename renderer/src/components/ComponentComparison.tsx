/** Compare view: component by component (direction, candle range, band, median), which predictor did better on test. */
import { COMPARED_COMPONENTS, compareComponent as compareModels, skillWithInterval } from '../../../core/evaluation/componentComparison';
import type { ComponentName } from '../../../core/evaluation/verdicts';
import { predictorLabel } from '../app/format';
import type { ModelInfo } from '../store/apiTypes';

/** The verdict cell: which predictor is better at a component, paired where possible (componentComparison.ts). */
export function compareComponent(a: ModelInfo, b: ModelInfo, key: ComponentName): string {
  const side = (m: ModelInfo) => ({ label: predictorLabel(m.type), verdicts: m.evaluation.verdicts, losses: m.evaluation.origin_losses });
  return compareModels(side(a), side(b), key).text;
}

/** The table. */
export function ComponentComparison({ models }: { models: readonly ModelInfo[] }) {
  if (models.length < 2) return null;
  const [a, b] = models;
  return (
    <table className="metrics component-comparison" data-testid="component-comparison">
      <thead><tr><th>Component</th><th>{predictorLabel(a.type)}</th><th>{predictorLabel(b.type)}</th><th>Verdict</th></tr></thead>
      <tbody>
        {COMPARED_COMPONENTS.map(({ key, label }) => {
          const va = a.evaluation.verdicts?.[key];
          const vb = b.evaluation.verdicts?.[key];
          return (
            <tr key={key} data-testid={`compare-${key}`}>
              <td>{label}</td>
              <td>{va ? skillWithInterval(va.skill, va.skill_ci) : '-'}</td>
              <td>{vb ? skillWithInterval(vb.skill, vb.skill_ci) : '-'}</td>
              <td>{compareComponent(a, b, key)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
