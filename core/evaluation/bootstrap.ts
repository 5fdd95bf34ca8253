// Moving-block bootstrap over forecast origins. Origins close in time share market conditions (and, beyond the
// origin spacing, outcome bars), so they are resampled in contiguous blocks rather than one by one.
import { seededRandom } from '../runtime/seededRandom';

/** A 95% interval [low, high] (two numbers; an array type so the API contract mirrors it exactly). */
export type Interval = readonly number[];

/** Resampling plan shared by every figure of one report, so intervals of different figures are comparable. */
export interface BootstrapPlan {
  readonly origins: number;
  readonly blockLength: number;
  readonly replicates: number;
  /** Block start indices, `replicates * blocksPerReplicate`, row-major. */
  readonly starts: Int32Array;
  readonly blocksPerReplicate: number;
}

/** Replicates drawn per report: enough for stable 2.5% / 97.5% quantiles, cheap with prefix sums. */
export const BOOTSTRAP_REPLICATES = 400;

/**
 * Block length for a run: at least the cube root of the origin count, and long enough that one block spans the
 * longest horizon's outcome overlap (`maxHorizon / originSpacing` origins); at most a fifth of the origins.
 */
export function blockLengthFor(origins: number, maxHorizon: number, originSpacing: number): number {
  const overlap = Math.ceil(maxHorizon / Math.max(1, originSpacing));
  const len = Math.max(Math.ceil(Math.cbrt(origins)), overlap);
  return Math.max(1, Math.min(len, Math.floor(origins / 5) || 1));
}

/** Draws the block starts of a moving-block bootstrap over `origins` forecast origins. */
export function bootstrapPlan(origins: number, blockLength: number, replicates = BOOTSTRAP_REPLICATES, seed = 20071): BootstrapPlan {
  const L = Math.max(1, Math.min(blockLength, origins));
  const blocks = Math.max(1, Math.ceil(origins / L));
  const starts = new Int32Array(replicates * blocks);
  const rand = seededRandom(seed);
  const span = Math.max(1, origins - L + 1);
  for (let i = 0; i < starts.length; i++) starts[i] = Math.floor(rand() * span);
  return { origins, blockLength: L, replicates, starts, blocksPerReplicate: blocks };
}

/** Column-wise prefix sums of a row-major `origins x cols` matrix: `(origins + 1) x cols`. */
export function prefixSums(values: Float64Array, origins: number, cols: number): Float64Array {
  const p = new Float64Array((origins + 1) * cols);
  for (let o = 0; o < origins; o++) {
    const src = o * cols;
    const dst = (o + 1) * cols;
    for (let h = 0; h < cols; h++) p[dst + h] = p[src + h] + values[src + h];
  }
  return p;
}

/** The q-quantile of sorted values, interpolated linearly between order statistics; NaN when empty. */
export function quantileSorted(s: Float64Array, q: number): number {
  if (!s.length) return Number.NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/**
 * Visits every replicate of `plan` with the column sums, over that replicate's resampled origins, of a row-major
 * `origins x cols` matrix (one row per origin), and the replicate's origin count. Each block costs `cols`
 * subtractions of prefix sums, whatever its length. `sums` is one buffer, overwritten between calls.
 */
export function forEachReplicate(
  plan: BootstrapPlan,
  values: Float64Array,
  cols: number,
  visit: (sums: Float64Array, count: number, replicate: number) => void,
): void {
  const O = plan.origins;
  const p = prefixSums(values, O, cols);
  const L = plan.blockLength;
  const sums = new Float64Array(cols);
  for (let r = 0; r < plan.replicates; r++) {
    sums.fill(0);
    let count = 0;
    for (let k = 0; k < plan.blocksPerReplicate; k++) {
      const s = plan.starts[r * plan.blocksPerReplicate + k];
      const e = Math.min(O, s + L);
      count += e - s;
      const ps = s * cols;
      const pe = e * cols;
      for (let c = 0; c < cols; c++) sums[c] += p[pe + c] - p[ps + c];
    }
    visit(sums, count, r);
  }
}

/** The 95% percentile interval [2.5%, 97.5%] of a statistic's bootstrap replicates; non-finite ones are dropped. */
export function percentileInterval(replicates: Float64Array): Interval {
  const s = replicates.filter(Number.isFinite).sort();
  return [quantileSorted(s, 0.025), quantileSorted(s, 0.975)];
}

/**
 * 95% percentile intervals, per column, of a statistic of column sums: `stat(sumA, sumB, count)` where A and B are
 * per-origin records (e.g. model loss and naive loss at each horizon) resampled together, so paired differences keep
 * their correlation. Non-finite replicates are dropped. Returns one interval per column.
 */
export function bootstrapIntervals(
  plan: BootstrapPlan,
  a: Float64Array,
  b: Float64Array | undefined,
  cols: number,
  stat: (sumA: number, sumB: number, count: number) => number,
): Interval[] {
  const O = plan.origins;
  const width = b ? 2 * cols : cols;
  let both = a;
  if (b) {
    both = new Float64Array(O * width);
    for (let o = 0; o < O; o++) {
      both.set(a.subarray(o * cols, (o + 1) * cols), o * width);
      both.set(b.subarray(o * cols, (o + 1) * cols), o * width + cols);
    }
  }
  const R = plan.replicates;
  const reps = new Float64Array(R * cols);
  forEachReplicate(plan, both, width, (s, count, r) => {
    for (let h = 0; h < cols; h++) reps[h * R + r] = stat(s[h], b ? s[cols + h] : 0, count);
  });
  return Array.from({ length: cols }, (_, h) => percentileInterval(reps.subarray(h * R, (h + 1) * R)));
}

/** Skill of a root-mean-square loss: 1 - sqrt(model / naive). */
export const rmseSkill = (model: number, naive: number): number => (naive > 0 ? 1 - Math.sqrt(model / naive) : Number.NaN);
/** Skill of a mean loss (Brier, interval score): 1 - model / naive. */
export const lossSkill = (model: number, naive: number): number => (naive > 0 ? 1 - model / naive : Number.NaN);
/** A plain mean (coverage, hit rate). */
export const mean = (sum: number, _b: number, count: number): number => (count > 0 ? sum / count : Number.NaN);
