/** Compare view: component by component (direction, candle range, band, median), which predictor did better on test. */
import { COMPARED_COMPONENTS, compareComponent as compareModels, skillWithInterval } from '../../../core/evaluation/componentComparison';
import { useMemo } from 'react';
import { predictorLabel } from '../app/format';
import type { ModelInfo } from '../store/apiTypes';

/** Each component's comparison of two models, paired where possible (componentComparison.ts). */
function compareAll(a: ModelInfo, b: ModelInfo) {
  const side = (m: ModelInfo) => ({ label: predictorLabel(m.type), verdicts: m.evaluation.verdicts, losses: m.evaluation.origin_losses });
  return COMPARED_COMPONENTS.map(({ key, label }) => ({ key, label, ...compareModels(side(a), side(b), key) }));
}

/**
 * The table, and under it what its verdicts rest on. The paired bootstrap is computed once per pair of models (the
 * view re-renders with every live bar).
 */
export function ComponentComparison({ models }: { models: readonly ModelInfo[] }) {
  const [a, b] = models;
  const rows = useMemo(() => (a && b ? compareAll(a, b) : []), [a, b]);
  if (!a || !b) return null;
  const cells = rows.find((r) => r.paired)?.paired?.cells;
  return (
    <>
      <table className="metrics component-comparison" data-testid="component-comparison">
        <thead><tr><th>Component</th><th>{predictorLabel(a.type)}</th><th>{predictorLabel(b.type)}</th><th>Verdict</th></tr></thead>
        <tbody>
          {rows.map(({ key, label, text }) => {
            const va = a.evaluation.verdicts?.[key];
            const vb = b.evaluation.verdicts?.[key];
            return (
              <tr key={key} data-testid={`compare-${key}`}>
                <td>{label}</td>
                <td>{va ? skillWithInterval(va.skill, va.skill_ci) : '-'}</td>
                <td>{vb ? skillWithInterval(vb.skill, vb.skill_ci) : '-'}</td>
                <td>{text}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="muted small component-comparison-note" data-testid="component-comparison-note">
        {cells
          ? `Skills over every step on each model's test fold, 95% intervals. Verdicts: the difference of the two skills, with a 95% interval from resampling the ${cells} stretches of market both were tested on.`
          : 'Skills over every step on each model\'s test fold, 95% intervals. Not paired (tested on different stretches of the market, or trained before this was stored): verdicts read whether the two intervals overlap.'}
      </div>
    </>
  );
}
