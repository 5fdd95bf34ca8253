// Two models compared component by component, in words: the paired difference of their skills where they were tested
// on the same stretch of market, else whether their separate intervals overlap.
import type { Interval } from './bootstrap';
import { fixedDigits } from './numberText';
import { pairedDifference, type OriginLosses, type PairedDifference } from './pairedComparison';
import type { ComponentName, Verdicts } from './verdicts';

/** The components in the order the compare view and the CLI list them, with their labels. */
export const COMPARED_COMPONENTS: readonly { readonly key: ComponentName; readonly label: string }[] = [
  { key: 'direction', label: 'Direction odds (Brier skill)' },
  { key: 'range', label: 'Candle sizes (range skill)' },
  { key: 'band', label: 'Band (interval score vs naive)' },
  { key: 'close', label: 'Median close (skill)' },
];

/** What a comparison needs of one model: how to name it, its verdicts and its per-origin losses (either may be absent). */
export interface ComparedModel {
  readonly label: string;
  readonly verdicts?: Verdicts;
  readonly losses?: OriginLosses;
}

/** One component's comparison: the paired difference (a minus b) when the two could be paired, and the words. */
export interface ComponentComparison {
  readonly paired?: PairedDifference;
  readonly text: string;
}

/** x to 3 decimals, without a minus sign on a value that rounds to 0 ("-0.000"). */
export const fixed3 = (x: number): string => fixedDigits(x, 3);

/** A skill with its interval: "0.063 [0.029, 0.116]". */
export const skillWithInterval = (x: number, ci: Interval): string => `${fixed3(x)} [${fixed3(ci[0])}, ${fixed3(ci[1])}]`;

/** x with a sign to `digits` decimals, "+" on a value that rounds to 0. */
const signed = (x: number, digits: number) => {
  const s = fixedDigits(x, digits);
  return s.startsWith('-') ? s : `+${s}`;
};
const overlaps = (a: Interval, b: Interval) => a[0] <= b[1] && b[0] <= a[1];

/**
 * Which model is better at a component and whether the difference is inside the noise. Paired (pairedComparison.ts)
 * when both carry per-origin losses over a shared stretch of market, said from the leader's side: "Multi-OHLC better
 * by +0.021 [+0.008, +0.035]" or "Autoregressive ahead by +0.004 [-0.003, +0.011], inside the noise" (a lead under
 * 0.0005 to 4 decimals: "ahead by +0.0004 [+0.0000, +0.0009]"). Otherwise the
 * two intervals overlapping is read as inside the noise, a conservative reading marked "(unpaired)".
 */
export function compareComponent(a: ComparedModel, b: ComparedModel, key: ComponentName): ComponentComparison {
  const va = a.verdicts?.[key];
  const vb = b.verdicts?.[key];
  if (!va || !vb) return { text: 'not measured (retrain both models)' };
  const paired = a.losses && b.losses ? pairedDifference(a.losses, b.losses, key) : undefined;
  if (paired) {
    const { difference: d, difference_ci: ci } = paired;
    if (d === 0 && ci[0] === 0 && ci[1] === 0) return { paired, text: 'the same' };
    if (Math.max(Math.abs(d), Math.abs(ci[0]), Math.abs(ci[1])) < 0.0005) return { paired, text: 'level: the difference is under 0.001' };
    const aLeads = paired.better === 'neither' ? d >= 0 : paired.better === 'a';
    const [leader, lead, lo, hi] = aLeads ? [a, d, ci[0], ci[1]] : [b, -d, -ci[1], -ci[0]];
    // A lead that rounds to 0.000 is written to 4 decimals: "ahead by +0.000" would say nothing.
    const digits = Math.abs(lead) < 0.0005 ? 4 : 3;
    const by = `by ${signed(lead, digits)} [${signed(lo, digits)}, ${signed(hi, digits)}]`;
    return { paired, text: paired.better === 'neither' ? `${leader.label} ahead ${by}, inside the noise` : `${leader.label} better ${by}` };
  }
  if (va.skill === vb.skill) return { text: 'the same' };
  const better = va.skill > vb.skill ? a : b;
  return { text: overlaps(va.skill_ci, vb.skill_ci) ? `${better.label} ahead, inside the noise (unpaired)` : `${better.label} better (unpaired)` };
}
