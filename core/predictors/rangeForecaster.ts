import type { FastPredictor } from '../lightgbm';
import type { LabelledMatrix } from '../lightgbm';
import { ruleAt, ruleLevels, ruleRanges, type RangeRule } from './rangeRule';
import { RANGE_WINDOWS, referenceWindow, slotOf, trailingMean, type RangeColumns, type VolSeries } from './volContext';

/**
 * How a predictor forecasts the size (ln(high / low)) of each coming candle:
 * `model` — multi-OHLC's direct LightGBM model of the range of bar t+k; `rule` — the autoregressive predictor's
 * documented rule; `naive` — the benchmark (mean range of the last 20 bars), also the fallback of the other two.
 */
export type RangeKind = 'model' | 'rule' | 'naive';

/** Bars in the naive benchmark's mean range. */
export const NAIVE_RANGE_BARS = 20;

/** Columns of the range model's rows, in order. */
export const RANGE_FEATURE_NAMES: readonly string[] = [
  'log_step', ...RANGE_WINDOWS.map((w) => `log_range_mean_${w}_rel`), 'log_absret_mean_20_rel',
  'log_volume_5_rel', 'log_volume_60_rel', 'profile_target', 'profile_now', 'hour_of_day_target', 'day_of_week_target',
  'minute_of_hour_target', 'level_20_over_day', 'rule_rel',
];

const EPS = 1e-12;
/** Index of the rule's forecast (relative to the reference) in a range row: the base the range model corrects. */
const RULE_COLUMN = RANGE_FEATURE_NAMES.length - 1;

/**
 * Writes the range model's row for origin `t` and step `k` into `out` and returns the reference level (mean range
 * of the reference window ending at t) that the target is divided by. Every column is causal: bars <= t, plus the
 * clock of the target bar, which is known in advance. The last column is the autoregressive rule's forecast of that
 * bar (relative to the reference), from the rule's `levels` at t (ruleLevels).
 */
export function rangeRow(c: RangeColumns, v: VolSeries, rule: RangeRule, barMs: number, t: number, k: number, out: Float64Array, levels: ArrayLike<number>): number {
  const profile = v.profiles.at(t);
  const refW = referenceWindow(barMs);
  const ref = Math.max(EPS, trailingMean(v.pRange, t, refW));
  const target = c.time[t] + k * barMs;
  let j = 0;
  out[j++] = Math.log(k);
  for (const w of RANGE_WINDOWS) out[j++] = Math.log((trailingMean(v.pRange, t, w) + EPS) / ref);
  out[j++] = Math.log((trailingMean(v.pAbsRet, t, 20) + EPS) / ref);
  const volRef = trailingMean(v.pVolume, t, refW) + EPS;
  out[j++] = Math.log((trailingMean(v.pVolume, t, 5) + EPS) / volRef);
  out[j++] = Math.log((trailingMean(v.pVolume, t, 60) + EPS) / volRef);
  out[j++] = profile[slotOf(target, barMs)];
  out[j++] = profile[slotOf(c.time[t], barMs)];
  const dayMs = ((target % 86_400_000) + 86_400_000) % 86_400_000;
  out[j++] = dayMs / 3_600_000;
  out[j++] = Math.floor(target / 86_400_000 + 3) % 7;
  out[j++] = (dayMs % 3_600_000) / 60_000;
  out[j++] = Math.log((trailingMean(v.pRange, t, 20) + EPS) / ref);
  out[j++] = ruleAt(rule, profile, levels, barMs, c.time[t], k) / ref;
  return ref;
}

/** The naive benchmark: the mean range of the last 20 bars, for every step. */
export function naiveRanges(v: VolSeries, t: number, steps: number, out: Float64Array<ArrayBufferLike> = new Float64Array(steps)): Float64Array<ArrayBufferLike> {
  return out.fill(trailingMean(v.pRange, t, NAIVE_RANGE_BARS));
}

/**
 * The range model's forecast for steps 1..steps from origin t (expected ln(high / low) of each bar): the rule plus the
 * model's correction. With `ruleOut`, the rule's own forecast of each bar is written there too (it is a column of the
 * model's row, so it costs nothing more).
 */
export function modelRanges(
  p: FastPredictor, c: RangeColumns, v: VolSeries, rule: RangeRule, barMs: number, t: number, steps: number,
  out: Float64Array<ArrayBufferLike> = new Float64Array(steps), ruleOut?: Float64Array<ArrayBufferLike>,
): Float64Array<ArrayBufferLike> {
  const row = new Float64Array(RANGE_FEATURE_NAMES.length);
  const levels = ruleLevels(v, barMs, t);
  for (let k = 1; k <= steps; k++) {
    const ref = rangeRow(c, v, rule, barMs, t, k, row, levels);
    out[k - 1] = Math.max(0, row[RULE_COLUMN] + p.predict(row)) * ref;
    if (ruleOut) ruleOut[k - 1] = row[RULE_COLUMN] * ref;
  }
  return out;
}

/**
 * Training rows of the range model from origins in [from, to): per origin the next bar (k = 1) and one step drawn
 * log-uniformly from 2..maxStep, so one model covers every horizon. A row is kept only when bar t+k lies before
 * `to` (nothing leaks into the next fold) and no gap lies between t and t+k (gapBreaks: the gap mask). The label is the
 * range of bar t+k over the reference level at t (scale-free; the loss is squared error, so it estimates the mean)
 * minus the rule's forecast of it: the model boosts from the rule, so its trees are corrections of the rule and early
 * stopping keeps only corrections that help on the early-stopping fold.
 */
export function rangeTrainingRows(
  c: RangeColumns, v: VolSeries, rule: RangeRule, barMs: number,
  [from, to]: readonly [number, number], maxStep: number, breaks: Int32Array, seed = 7,
): LabelledMatrix {
  const cols = RANGE_FEATURE_NAMES.length;
  const data: number[] = [];
  const labels: number[] = [];
  const row = new Float64Array(cols);
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const logMax = Math.log(Math.max(2, maxStep));
  for (let t = Math.max(from, 20); t < to - 1; t++) {
    const steps = maxStep > 1 ? [1, Math.min(maxStep, Math.max(2, Math.round(Math.exp(Math.log(2) + rand() * (logMax - Math.log(2))))))] : [1];
    const levels = ruleLevels(v, barMs, t);
    for (const k of steps) {
      if (t + k >= to || breaks[t + k] !== breaks[t]) continue;
      const ref = rangeRow(c, v, rule, barMs, t, k, row, levels);
      for (let j = 0; j < cols; j++) data.push(row[j]);
      labels.push(Math.min(20, v.range[t + k] / ref) - row[RULE_COLUMN]);
    }
  }
  return { data: Float64Array.from(data), rows: labels.length, cols, labels: Float64Array.from(labels) };
}

/** A range forecaster opened for forecasting: the shipped kind over a loaded range booster (model) or none. */
export interface OpenRangeForecaster {
  readonly kind: RangeKind;
  /** Expected ln(high / low) of bars t+1..t+steps from origin t of `c` (with `v = volSeries(c)`): the shipped blend. */
  forecast(c: RangeColumns, v: VolSeries, t: number, steps: number, out?: Float64Array<ArrayBufferLike>): Float64Array<ArrayBufferLike>;
  /**
   * The forecaster's own ranges before the blend (the model's, the rule's or the naive ones), and for the model the
   * rule's in `ruleOut`: what an evaluation records, since its report blends them with the calibration's weights.
   */
  unblended(c: RangeColumns, v: VolSeries, t: number, steps: number, out: Float64Array<ArrayBufferLike>, ruleOut?: Float64Array<ArrayBufferLike>): Float64Array<ArrayBufferLike>;
  dispose(): void;
}

/**
 * The shipped range of each step: naive + w_h (candidate - naive) [+ r_h (rule - naive) for multi-OHLC], with the
 * per-horizon weights fitted on the calibration fold (0 where a forecast did not help there), written over `candidate`.
 */
export function blendRanges(
  candidate: Float64Array<ArrayBufferLike>, naive: number, weights: readonly number[], rule?: ArrayLike<number>, ruleWeights?: readonly number[],
): Float64Array<ArrayBufferLike> {
  for (let h = 0; h < candidate.length; h++) {
    const w = weights[Math.min(h, weights.length - 1)] ?? 0;
    const r = rule && ruleWeights ? (ruleWeights[Math.min(h, ruleWeights.length - 1)] ?? 0) : 0;
    candidate[h] = naive + w * (candidate[h] - naive) + (r ? r * (rule![h] - naive) : 0);
  }
  return candidate;
}

/**
 * Opens the shipped range forecaster: the candidate (the model, which needs `predictor`, or the rule) blended with
 * the naive mean of the last 20 ranges by the calibration-fold weights; `naive` alone after a fallback.
 */
export function openRangeForecaster(
  kind: RangeKind, rule: RangeRule, barMs: number, weights: readonly number[], predictor?: FastPredictor, ruleWeights?: readonly number[],
): OpenRangeForecaster {
  if (kind === 'model' && !predictor) throw new Error('the range model is missing: retrain the model');
  const unblended: OpenRangeForecaster['unblended'] = (c, v, t, steps, out, ruleOut) => {
    if (kind === 'naive') return naiveRanges(v, t, steps, out);
    if (kind === 'rule') return ruleRanges(c, v, rule, barMs, t, steps, out);
    return modelRanges(predictor!, c, v, rule, barMs, t, steps, out, ruleOut);
  };
  return {
    kind,
    unblended,
    forecast(c, v, t, steps, out = new Float64Array(steps)) {
      const ruled = kind === 'model' && ruleWeights ? new Float64Array(steps) : undefined;
      unblended(c, v, t, steps, out, ruled);
      if (kind === 'naive') return out;
      return blendRanges(out, trailingMean(v.pRange, t, NAIVE_RANGE_BARS), weights, ruled, ruleWeights);
    },
    dispose: () => predictor?.dispose(),
  };
}
