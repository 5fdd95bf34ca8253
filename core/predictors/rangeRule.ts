// The autoregressive predictor's documented candle-size rule: a heterogeneous-window average of deseasonalised
// range levels (HAR style) times the clock profile of the target bar, with per-horizon weights fitted on the training
// fold. Multi-OHLC reads the same rule as an input of its range model and blends it into its forecast.
import { RANGE_WINDOWS, referenceWindow, slotOf, type RangeColumns, type VolSeries } from './volContext';

/** Windows (bars) of the rule's levels: RANGE_WINDOWS, then the day (the reference window, `0` here). */
export const RULE_WINDOWS: readonly number[] = [...RANGE_WINDOWS, 0];

/**
 * The rule as fitted: at each knot horizon, the weights of the levels (RULE_WINDOWS order). Weights sum to 1, so the
 * rule is a weighted mean of levels and stays on the series' own scale. The clock profiles come with the series
 * (VolSeries.profiles), so one fitted rule forecasts any stretch of its market.
 */
export interface RangeRuleFit {
  /** Knot horizons (bars ahead, increasing); weights between knots are interpolated linearly in ln(k). */
  readonly knots: readonly number[];
  readonly weights: readonly (readonly number[])[];
}

/** The rule a forecaster runs (the same as what is stored). */
export type RangeRule = RangeRuleFit;

const EPS = 1e-12;
/** Fitted targets are clipped at this multiple of the day level (one wild bar must not steer the weights). */
const TARGET_CLIP = 10;
/** Most origins a knot's least squares uses (evenly strided over the fold). */
const MAX_FIT_ORIGINS = 20_000;

/** Knot horizons 1, 2, 3, 5, 8, ... (roughly x1.6) up to and including `maxStep`. */
export function ruleKnots(maxStep: number): number[] {
  const out = [1];
  while (out[out.length - 1] < maxStep) out.push(Math.min(maxStep, Math.max(out[out.length - 1] + 1, Math.round(out[out.length - 1] * 1.6))));
  return out;
}

/**
 * The deseasonalised range levels at origin t, one per RULE_WINDOWS entry: a window's mean range over the mean clock
 * profile of its bars (so a quiet hour just past does not lower the forecast of a busy hour ahead), in O(1) from
 * prefix sums.
 */
export function ruleLevels(v: VolSeries, barMs: number, t: number, out = new Float64Array(RULE_WINDOWS.length)): Float64Array {
  const day = referenceWindow(barMs);
  const pProfile = v.profiles.prefix;
  RULE_WINDOWS.forEach((win, j) => {
    const w = win || day;
    const start = Math.max(0, t - w + 1);
    const p = pProfile[t + 1] - pProfile[start];
    const mean = (v.pRange[t + 1] - v.pRange[start]) / (t + 1 - start);
    out[j] = mean / Math.max(EPS, p / (t + 1 - start));
  });
  return out;
}

/** The level weights at horizon k (linear in ln(k) between knots, constant beyond the ends). */
export function weightsAt(fit: RangeRuleFit, k: number, out = new Float64Array(RULE_WINDOWS.length)): Float64Array {
  const { knots, weights } = fit;
  let i = 0;
  while (i + 1 < knots.length && knots[i + 1] <= k) i++;
  if (i + 1 >= knots.length || k <= knots[i]) {
    out.set(weights[i]);
    return out;
  }
  const f = (Math.log(k) - Math.log(knots[i])) / (Math.log(knots[i + 1]) - Math.log(knots[i]));
  for (let j = 0; j < out.length; j++) out[j] = weights[i][j] + f * (weights[i + 1][j] - weights[i][j]);
  return out;
}

/**
 * The rule's range of bar t+k from the levels at t: the origin's clock `profile` at that bar's slot x the weighted
 * level (>= 5% of the day level).
 */
export function ruleAt(rule: RangeRule, profile: ArrayLike<number>, levels: ArrayLike<number>, barMs: number, originTime: number, k: number, w = weightsAt(rule, k)): number {
  let level = 0;
  for (let j = 0; j < w.length; j++) level += w[j] * levels[j];
  const day = levels[levels.length - 1];
  return Math.max(0.05 * day, level) * profile[slotOf(originTime + k * barMs, barMs)];
}

/**
 * The rule's forecast of the range (ln(high / low)) of bars t+1..t+steps: for each bar, the clock profile of its slot
 * x a weighted mean of the deseasonalised levels of the last 1, 5, 20, 60 and 240 bars and of the day, with the
 * weights of that horizon.
 */
export function ruleRanges(c: RangeColumns, v: VolSeries, rule: RangeRule, barMs: number, t: number, steps: number, out: Float64Array<ArrayBufferLike> = new Float64Array(steps)): Float64Array<ArrayBufferLike> {
  const levels = ruleLevels(v, barMs, t);
  const profile = v.profiles.at(t);
  const w = new Float64Array(RULE_WINDOWS.length);
  for (let k = 1; k <= steps; k++) out[k - 1] = ruleAt(rule, profile, levels, barMs, c.time[t], k, weightsAt(rule, k, w));
  return out;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (on a copy: A and b are left as they are); NaN when singular. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let j = i + 1; j < n; j++) if (Math.abs(m[j][i]) > Math.abs(m[p][i])) p = j;
    [m[i], m[p]] = [m[p], m[i]];
    if (!(Math.abs(m[i][i]) > 0)) return new Array(n).fill(Number.NaN);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const f = m[j][i] / m[i][i];
      for (let k = i; k <= n; k++) m[j][k] -= f * m[i][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** Weights that use the day level only: the rule's fallback where a knot has too few rows to fit. */
const dayOnly = () => RULE_WINDOWS.map((_, j) => (j === RULE_WINDOWS.length - 1 ? 1 : 0));

/**
 * Fits the rule's level weights on the origins of [from, to) (the training fold): at each knot horizon k, least
 * squares of the deseasonalised range of bar t+k over the day level on the levels over the day level, constrained
 * to weights summing to 1 (a weighted mean of levels: no intercept that would carry the fold's mean into the future).
 * A row is used only when bar t+k lies before `to` and no gap lies between t and t+k.
 */
export function fitRangeRule(c: RangeColumns, v: VolSeries, barMs: number, [from, to]: readonly [number, number], maxStep: number, breaks: Int32Array): RangeRule {
  const n = RULE_WINDOWS.length;
  const start = Math.max(from, 20);
  const stride = Math.max(1, Math.ceil((to - start) / MAX_FIT_ORIGINS));
  const origins: number[] = [];
  for (let t = start; t < to - 1; t += stride) origins.push(t);
  const levels = new Float64Array(origins.length * n);
  origins.forEach((t, o) => ruleLevels(v, barMs, t, levels.subarray(o * n, (o + 1) * n)));
  const knots = ruleKnots(Math.max(1, maxStep));
  const weights = knots.map((k) => {
    const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const b = new Array<number>(n).fill(0);
    let rows = 0;
    origins.forEach((t, o) => {
      if (t + k >= to || breaks[t + k] !== breaks[t]) return;
      const x = levels.subarray(o * n, (o + 1) * n);
      const day = x[n - 1];
      if (!(day > 0)) return;
      const y = Math.min(TARGET_CLIP, v.range[t + k] / (Math.max(EPS, v.profiles.at(t)[slotOf(c.time[t + k], barMs)]) * day));
      for (let i = 0; i < n; i++) {
        b[i] += (x[i] / day) * y;
        for (let j = 0; j < n; j++) a[i][j] += (x[i] / day) * (x[j] / day);
      }
      rows++;
    });
    if (rows < 10 * n) return dayOnly();
    const ridge = 1e-6 * (a[0][0] + 1);
    for (let i = 0; i < n; i++) a[i][i] += ridge;
    // Least squares under sum(w) = 1: w = w_ols - A^-1 1 (sum(w_ols) - 1) / (1' A^-1 1).
    const ols = solve(a, b);
    const ones = solve(a, new Array<number>(n).fill(1));
    const denom = ones.reduce((s, x) => s + x, 0);
    const lambda = (ols.reduce((s, x) => s + x, 0) - 1) / denom;
    const w = ols.map((x, i) => x - lambda * ones[i]);
    return w.every(Number.isFinite) ? w : dayOnly();
  });
  return { knots, weights };
}
