// How large the expected calibration error (ECE) of P(up) gets by chance alone on one test fold: consistency
// resampling (Bröcker & Smith 2007) under a random walk, so overlapping multi-step outcomes count as what they are.
import { seededRandom } from '../runtime/seededRandom';
import { quantileSorted } from './bootstrap';
import { reliabilityBin } from './direction';

/** The ECE a perfectly calibrated P(up) would reach by chance on one run's origins: per horizon and pooled. */
export interface EceNoise {
  /** Per horizon: the 95th percentile of the ECE of a calibrated forecast with these origins and these odds. */
  readonly horizons: Float64Array;
  /** The same for the ECE pooled over every horizon (the report's `ece`). */
  readonly pooled: number;
  /**
   * Per horizon: the median of that ECE, what a perfectly calibrated forecast typically shows here. Where it is above
   * a fixed target (such as 0.02), perfect calibration misses the target on most such folds.
   */
  readonly horizonsMedian: Float64Array;
  /** The median of the pooled ECE. */
  readonly pooledMedian: number;
}

/**
 * Replicates of the simulated fold. Measured over 12 seeds on 500 origins x 300 steps, the level varies by about 4% of
 * itself from seed to seed at steps 60 and 300 (6% at step 1, where the ECE moves in steps of 1 / 500); 200 replicates
 * gave 6-10%.
 */
export const ECE_NOISE_REPLICATES = 400;

// Rational approximation of the standard normal quantile (Acklam), relative error below 1.2e-9.
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** The standard normal quantile Φ⁻¹(p) for p in (0, 1); ±Infinity at 0 and 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0)) return -Infinity;
  if (!(p < 1)) return Infinity;
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    return p < low ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** The 95th percentile and the median of a set of replicates. */
function levels(values: Float64Array): readonly [number, number] {
  const sorted = Float64Array.from(values).sort();
  return [quantileSorted(sorted, 0.95), quantileSorted(sorted, 0.5)];
}

/**
 * The 95th percentile and the median of the ECE (10 equal-width bins, as `reliability()`) that a perfectly calibrated
 * P(up) would show on this run: the same origins (`originBars`, bar indices in time order), the same odds `p` (row-major
 * `origins x horizons`), outcomes drawn so that each is up with exactly its probability.
 *
 * Why simulate: at step h the outcomes of origins fewer than h bars apart share bars, so a test fold holds far fewer
 * independent outcomes than origins, and a calibrated forecast's ECE there is large by chance alone. Each replicate
 * draws one Gaussian random walk over the fold's bars, one step per bar, and calls the move from origin i to step h
 * "up" when it exceeds Φ⁻¹(1 − p)·√h: up with probability p, and sharing bars exactly as the real outcomes do.
 * Records whose p or outcome `up` is not finite are left out, as in the report. A figure above this level is
 * miscalibration that chance alone rarely gives. Steps of constant size, although real volatility clusters: giving each
 * step the real bar's size moved the level on the shared files within the simulation's noise, except +19% at step 300
 * on BTC 1h (docs/predictors.md); the overlap of outcomes, not their sizes, sets it.
 */
export function eceNoise(p: Float64Array, up: Float64Array, originBars: Int32Array, horizons: number, replicates = ECE_NOISE_REPLICATES, seed = 9157, bins = 10): EceNoise {
  const O = originBars.length;
  const H = horizons;
  const first = O ? originBars[0] : 0;
  const span = O ? originBars[O - 1] - first + H + 1 : 0;
  // Per record: its threshold and its (horizon, bin) cell, or a spare last cell when left out. A replicate only counts
  // the up moves of each cell (without a branch: the comparison is a coin toss the CPU cannot predict); the cell's gap
  // is then the fixed sum of its p minus that count.
  const thr = new Float64Array(O * H);
  const skipped = H * bins;
  const cell = new Int32Array(O * H).fill(skipped);
  const sumP = new Float64Array(H * bins);
  const count = new Float64Array(H);
  for (let o = 0; o < O; o++) {
    for (let h = 0; h < H; h++) {
      const j = o * H + h;
      if (!Number.isFinite(p[j]) || !Number.isFinite(up[j])) continue;
      cell[j] = h * bins + reliabilityBin(p[j], bins);
      sumP[cell[j]] += p[j];
      thr[j] = normalQuantile(1 - p[j]) * Math.sqrt(h + 1);
      count[h]++;
    }
  }
  let total = 0;
  for (let h = 0; h < H; h++) total += count[h];
  const rand = seededRandom(seed);
  const walk = new Float64Array(span);
  const ups = new Float64Array(H * bins + 1);
  const pooledGap = new Float64Array(bins);
  const reps = new Float64Array(replicates * H);
  const pooledReps = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    // Box-Muller: two uniforms give one normal step (the other is dropped; simplicity over speed).
    for (let k = 1; k < span; k++) walk[k] = walk[k - 1] + Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    ups.fill(0);
    for (let o = 0; o < O; o++) {
      const i = originBars[o] - first;
      const w0 = walk[i];
      const base = o * H;
      for (let h = 0; h < H; h++) {
        const j = base + h;
        ups[cell[j]] += +(walk[i + h + 1] - w0 > thr[j]);
      }
    }
    pooledGap.fill(0);
    for (let h = 0; h < H; h++) {
      let e = 0;
      for (let b = 0; b < bins; b++) {
        const g = sumP[h * bins + b] - ups[h * bins + b];
        e += Math.abs(g);
        pooledGap[b] += g;
      }
      reps[h * replicates + r] = count[h] > 0 ? e / count[h] : Number.NaN;
    }
    let e = 0;
    for (let b = 0; b < bins; b++) e += Math.abs(pooledGap[b]);
    pooledReps[r] = total > 0 ? e / total : Number.NaN;
  }
  const out = new Float64Array(H).fill(Number.NaN);
  const median = new Float64Array(H).fill(Number.NaN);
  for (let h = 0; h < H; h++) {
    if (count[h] > 0) [out[h], median[h]] = levels(reps.subarray(h * replicates, (h + 1) * replicates));
  }
  const [pooled, pooledMedian] = total > 0 ? levels(pooledReps) : [Number.NaN, Number.NaN];
  return { horizons: out, pooled, horizonsMedian: median, pooledMedian };
}

/**
 * The calibration error of P(up) in plain words, with its interval and, when known, whether chance alone explains it:
 * "calibration error 0.048 [0.003, 0.108], within chance: a perfectly calibrated forecast typically shows 0.029 and
 * exceeds 0.082 one time in 20 on these origins". `median` (models from before it: absent) is the typical level.
 */
export function calibrationErrorText(ece: number, ci?: readonly number[], noise?: number, median?: number): string {
  const f = (x: number) => x.toFixed(3);
  const head = `calibration error ${f(ece)}${ci ? ` [${f(ci[0])}, ${f(ci[1])}]` : ''}`;
  if (noise === undefined || !(noise > 0)) return head;
  const typical = median !== undefined && Number.isFinite(median) ? `typically shows ${f(median)} and ` : '';
  return ece > noise
    ? `${head}, beyond chance: a perfectly calibrated forecast ${typical}exceeds ${f(noise)} only one time in 20 on these origins`
    : `${head}, within chance: a perfectly calibrated forecast ${typical}exceeds ${f(noise)} one time in 20 on these origins`;
}
