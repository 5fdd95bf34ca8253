// Which of two models forecasts a component better, tested on the market periods both were scored on: a paired
// moving-block bootstrap of the difference of their skills, instead of reading whether two intervals overlap.
import { bootstrapPlan, forEachReplicate, lossSkill, percentileInterval, rmseSkill, type Interval } from './bootstrap';
import type { ComponentName } from './verdicts';

/** One component's losses per test origin, summed over the forecast's steps: the model's and its naive benchmark's. */
export interface ComponentLosses {
  readonly model: readonly number[];
  readonly naive: readonly number[];
}

/**
 * Per test origin of a report, each component's summed losses (the sufficient statistics of its pooled skill: the
 * skill of the summed columns is the report's pooled figure), so two models can be compared on the same periods.
 */
export interface OriginLosses {
  /** Open time of each origin bar, epoch milliseconds, ascending. */
  readonly origin_times_ms: readonly number[];
  /** Block length, in origins, of the report's bootstrap. */
  readonly block_length: number;
  /** Squared error of the median close, of the range, the 80% band's interval score, and the Brier score of P(up). */
  readonly close: ComponentLosses;
  readonly range: ComponentLosses;
  readonly band: ComponentLosses;
  readonly direction: ComponentLosses;
}

/** How each component's skill is computed from summed losses (as the report's pooled figures). */
export const COMPONENT_SKILL: Readonly<Record<ComponentName, (model: number, naive: number) => number>> = {
  close: rmseSkill, range: rmseSkill, band: lossSkill, direction: lossSkill,
};

/** The skill of a over b at one component, on the test periods both share. */
export interface PairedDifference {
  /** a's skill minus b's, over the shared period (0: as good as each other). */
  readonly difference: number;
  readonly difference_ci: Interval;
  /** 'a' or 'b' when the interval excludes 0, 'neither' when it holds 0. */
  readonly better: 'a' | 'b' | 'neither';
  /** The time cells the comparison rests on (each holds origins of both models). */
  readonly cells: number;
}

/** At most this many time cells; at least this few, or the periods are too different to pair. */
const MAX_CELLS = 100;
const MIN_CELLS = 10;

const inRange = (t: readonly number[], from: number, to: number): number[] => {
  const idx: number[] = [];
  t.forEach((x, i) => { if (x >= from && x <= to) idx.push(i); });
  return idx;
};

/**
 * The difference of two models' skills at one component, with a 95% interval from a paired moving-block bootstrap.
 * Why paired: both models forecast the same market, so their losses rise and fall together (a volatile week is hard
 * for both); resampling the same periods for both cancels that shared noise, which two separate intervals cannot.
 * The shared test period is cut into equal time cells (the two models' origins need not coincide: a model trained a
 * bar later has shifted origins); each cell sums both models' losses, and blocks of cells as long in time as the
 * reports' own blocks are resampled. Undefined when the models were tested on periods that overlap in under half
 * of either's origins, or too few cells hold origins of both.
 */
export function pairedDifference(a: OriginLosses, b: OriginLosses, component: ComponentName, replicates = 400, seed = 20071): PairedDifference | undefined {
  const ta = a.origin_times_ms;
  const tb = b.origin_times_ms;
  if (!ta.length || !tb.length) return undefined;
  const from = Math.max(ta[0], tb[0]);
  const to = Math.min(ta[ta.length - 1], tb[tb.length - 1]);
  const ia = inRange(ta, from, to);
  const ib = inRange(tb, from, to);
  if (to <= from || ia.length < ta.length / 2 || ib.length < tb.length / 2) return undefined;
  const K = Math.min(MAX_CELLS, Math.floor(Math.min(ia.length, ib.length) / 2));
  if (K < MIN_CELLS) return undefined;
  const cellOf = (t: number) => Math.min(K - 1, Math.floor(((t - from) / (to - from)) * K));
  // Columns: a's model and naive losses, b's, and each model's origin count.
  const sums = new Float64Array(K * 6);
  const add = (x: OriginLosses, idx: number[], col: number) => {
    const c = x[component];
    for (const i of idx) {
      const k = cellOf(x.origin_times_ms[i]) * 6;
      sums[k + col] += c.model[i];
      sums[k + col + 1] += c.naive[i];
      sums[k + 4 + col / 2] += 1;
    }
  };
  add(a, ia, 0);
  add(b, ib, 2);
  const kept: number[] = [];
  for (let k = 0; k < K; k++) if (sums[k * 6 + 4] > 0 && sums[k * 6 + 5] > 0) kept.push(k);
  if (kept.length < MIN_CELLS) return undefined;
  const cells = new Float64Array(kept.length * 4);
  kept.forEach((k, j) => cells.set(sums.subarray(k * 6, k * 6 + 4), j * 4));
  const skill = COMPONENT_SKILL[component];
  const diff = (s: ArrayLike<number>) => skill(s[0], s[1]) - skill(s[2], s[3]);
  const total = [0, 0, 0, 0];
  for (let j = 0; j < kept.length; j++) for (let c = 0; c < 4; c++) total[c] += cells[j * 4 + c];
  // A report's block spans block_length origins; the same stretch of time holds about block_length x cells / origins cells.
  const blockOf = (x: OriginLosses, n: number) => Math.ceil((x.block_length * kept.length) / Math.max(1, n));
  const plan = bootstrapPlan(kept.length, Math.max(1, blockOf(a, ia.length), blockOf(b, ib.length)), replicates, seed);
  const reps = new Float64Array(replicates);
  forEachReplicate(plan, cells, 4, (s, _count, r) => { reps[r] = diff(s); });
  const ci = percentileInterval(reps);
  const difference = diff(total);
  return { difference: Number.isFinite(difference) ? difference : 0, difference_ci: ci, better: ci[0] > 0 ? 'a' : ci[1] < 0 ? 'b' : 'neither', cells: kept.length };
}
