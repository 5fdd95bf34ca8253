/** Compare view: component by component (direction, candle range, band, median), which predictor did better on test. */
import { pairedDifference } from '../../../core/evaluation/pairedComparison';
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

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;

/**
 * Which predictor is better at a component and whether the difference is inside the noise. When both models carry
 * their per-origin losses and were tested on the same stretch of the market, the difference of their skills gets a
 * paired block-bootstrap interval (pairedComparison.ts): "Multi-OHLC better by +0.021 [+0.008, +0.035]" or
 * "Autoregressive ahead by +0.004 [-0.003, +0.011], inside the noise". Otherwise the two intervals overlapping is read
 * as "inside the noise", a conservative reading marked "(unpaired)".
 */
export function compareComponent(a: ModelInfo, b: ModelInfo, key: ComponentName): string {
  const va = a.evaluation.verdicts?.[key];
  const vb = b.evaluation.verdicts?.[key];
  if (!va || !vb) return 'not measured (retrain both models)';
  const la = a.evaluation.origin_losses;
  const lb = b.evaluation.origin_losses;
  const paired = la && lb ? pairedDifference(la, lb, key) : undefined;
  if (paired) {
    const { difference: d, difference_ci: ci } = paired;
    if (d === 0 && ci[0] === 0 && ci[1] === 0) return 'the same';
    // Said from the leader's side: its skill minus the other's, with the interval of that difference.
    const aLeads = paired.better === 'neither' ? d >= 0 : paired.better === 'a';
    const [leader, lead, lo, hi] = aLeads ? [a, d, ci[0], ci[1]] : [b, -d, -ci[1], -ci[0]];
    const by = `by ${signed(lead)} [${signed(lo)}, ${signed(hi)}]`;
    return paired.better === 'neither' ? `${predictorLabel(leader.type)} ahead ${by}, inside the noise` : `${predictorLabel(leader.type)} better ${by}`;
  }
  const overlap = va.skill_ci[0] <= vb.skill_ci[1] && vb.skill_ci[0] <= va.skill_ci[1];
  if (va.skill === vb.skill) return 'the same';
  const better = va.skill > vb.skill ? a : b;
  return overlap ? `${predictorLabel(better.type)} ahead, inside the noise (unpaired)` : `${predictorLabel(better.type)} better (unpaired)`;
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
