// The uncertainty of the direction odds' expected calibration error (ECE), from the same moving-block bootstrap over
// forecast origins as every other figure of the report.
import { forEachReplicate, percentileInterval, type BootstrapPlan, type Interval } from './bootstrap';
import { reliabilityBin } from './direction';

/** 95% intervals of the ECE of P(up): one per horizon, and one pooled over all horizons (the report's `ece`). */
export interface EceIntervals {
  readonly horizons: readonly Interval[];
  readonly pooled: Interval;
}

/**
 * 95% moving-block bootstrap intervals (bias-corrected percentile, over the origins of `plan`) of the expected
 * calibration error of P(up): per horizon and pooled over horizons, with the ECE of `reliability()` (equal-width bins,
 * count-weighted |mean p - observed share|). `p` and `up` are row-major `origins x horizons`; records whose p or outcome is not
 * finite are left out.
 *
 * The plug-in ECE is biased upward in small samples: even a perfectly calibrated forecast shows the noise of
 * |observed share - p| in every bin, about sqrt(p (1 - p) / n) per bin of n independent outcomes. At long horizons
 * a test fold holds few independent outcomes (overlapping paths, one regime), so a large ECE there can be noise and
 * drift rather than miscalibration: that is why the figure carries this interval. Resampled replicates hold
 * repeated origins and so carry that bias a second time: their plain percentiles sit above a small ECE (0.004 read
 * [0.005, 0.220]). So the interval is bias-corrected: both percentiles move down by the replicates' mean excess over
 * the sample's ECE (Efron & Tibshirani's bootstrap bias estimate), and stop at 0. It then holds the point estimate
 * whenever the replicates' mean lies between their percentiles, that is, always in practice.
 *
 * Cheap: ECE = sum over bins of |sum (p - y)| / count, so each origin is pre-binned into one column per occupied
 * (horizon, bin) pair (sum of p - y), plus one per horizon (count) when some records are missing; a replicate is then
 * a sum of block prefix sums.
 */
export function eceIntervals(p: Float64Array, up: Float64Array, origins: number, horizons: number, plan: BootstrapPlan, bins = 10): EceIntervals {
  const O = origins;
  const H = horizons;
  const ok = (j: number) => Number.isFinite(p[j]) && Number.isFinite(up[j]);
  const col = new Int32Array(H * bins).fill(-1);
  let allValid = true;
  for (let j = 0; j < O * H; j++) {
    if (ok(j)) col[(j % H) * bins + reliabilityBin(p[j], bins)] = 0;
    else allValid = false;
  }
  // Columns: the record count of each horizon (only when some records are missing; otherwise it is the replicate's
  // origin count), then one per occupied (horizon, bin) in that order.
  const K = allValid ? 0 : H;
  const colH: number[] = [];
  const colBin: number[] = [];
  for (let k = 0; k < H * bins; k++) {
    if (col[k] < 0) continue;
    col[k] = K + colH.length;
    colH.push(Math.floor(k / bins));
    colBin.push(k % bins);
  }
  const C = K + colH.length;
  const values = new Float64Array(O * C);
  for (let o = 0; o < O; o++) {
    for (let h = 0; h < H; h++) {
      const j = o * H + h;
      if (!ok(j)) continue;
      if (K) values[o * C + h] += 1;
      values[o * C + col[h * bins + reliabilityBin(p[j], bins)]] += p[j] - up[j];
    }
  }
  // The sample's own ECE per horizon and pooled, from the same columns summed over every origin.
  const full = new Float64Array(C);
  for (let o = 0; o < O; o++) for (let c = 0; c < C; c++) full[c] += values[o * C + c];
  const sampleGap = new Float64Array(H);
  const samplePooled = new Float64Array(bins);
  for (let c = K; c < C; c++) {
    sampleGap[colH[c - K]] += Math.abs(full[c]);
    samplePooled[colBin[c - K]] += full[c];
  }
  let sampleN = 0;
  const sampleEce = Array.from({ length: H }, (_, h) => {
    const nh = K ? full[h] : O;
    sampleN += nh;
    return nh > 0 ? sampleGap[h] / nh : Number.NaN;
  });
  const samplePooledEce = sampleN > 0 ? samplePooled.reduce((a, g) => a + Math.abs(g), 0) / sampleN : Number.NaN;
  const R = plan.replicates;
  const reps = new Float64Array(R * H);
  const pooledReps = new Float64Array(R);
  const gap = new Float64Array(H);
  const pooledGap = new Float64Array(bins);
  forEachReplicate(plan, values, C, (s, count, r) => {
    gap.fill(0);
    pooledGap.fill(0);
    for (let c = K; c < C; c++) {
      gap[colH[c - K]] += Math.abs(s[c]);
      pooledGap[colBin[c - K]] += s[c];
    }
    let n = 0;
    for (let h = 0; h < H; h++) {
      const nh = K ? s[h] : count;
      reps[h * R + r] = nh > 0 ? gap[h] / nh : Number.NaN;
      n += nh;
    }
    let total = 0;
    for (let b = 0; b < bins; b++) total += Math.abs(pooledGap[b]);
    pooledReps[r] = n > 0 ? total / n : Number.NaN;
  });
  return {
    horizons: Array.from({ length: H }, (_, h) => biasCorrected(reps.subarray(h * R, (h + 1) * R), sampleEce[h])),
    pooled: biasCorrected(pooledReps, samplePooledEce),
  };
}

/**
 * The percentile interval of replicates moved down by their mean excess over the sample's figure, floored at 0. Why
 * not the plain percentiles: an absolute gap is larger on a resample than on the sample by construction.
 */
function biasCorrected(replicates: Float64Array, sample: number): Interval {
  const [lo, hi] = percentileInterval(replicates);
  let sum = 0;
  let n = 0;
  for (const x of replicates) if (Number.isFinite(x)) { sum += x; n++; }
  if (!n || !Number.isFinite(sample)) return [lo, hi];
  const bias = sum / n - sample;
  return [Math.max(0, lo - bias), Math.max(0, hi - bias)];
}
