import { ADAPTIVE_HORIZONS, Z_GRID_LEVELS } from './adaptiveBands';
import { blockLengthFor, bootstrapIntervals, bootstrapPlan } from './bootstrap';
import { fitPlatt } from './direction';
import type { RangeKind } from '../predictors/rangeForecaster';
import type { RangeRuleFit } from '../predictors/rangeRule';
import type { ComponentName } from './verdicts';

/**
 * Per-horizon records of a multi-step run: one row per forecast origin, one column per horizon (row-major
 * `origins * horizons`). Cumulative log returns of close against the origin's close; NaN where the outcome spans a
 * time gap (masked: never fitted on, never scored).
 */
export interface MultiStepSamples {
  readonly origins: number;
  readonly horizons: number;
  /** The raw model's cumulative log return at each horizon. */
  readonly predicted: Float64Array;
  /** What happened: ln(C[origin + h] / C[origin]); NaN when masked. */
  readonly actual: Float64Array;
  /** Realised volatility of 1-bar log returns at each origin (trailing window): the naive band's scale. */
  readonly sigma: Float64Array;
  /** The distribution's scale at each horizon: sqrt of the summed squared range forecasts of steps 1..h. */
  readonly scale: Float64Array;
  /** Bars between consecutive origins (for the bootstrap block length). */
  readonly spacing: number;
}

/** Quantile levels of the close distribution at every step. */
export const QUANTILE_LEVELS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;

/** What a model learns on its calibration fold (never on early stopping, never on test). */
export interface ForecastCalibration {
  /** Per-horizon shrinkage of the raw cumulative return: 0 (the last price) unless its bootstrap interval is above 0. */
  readonly shrink: readonly number[];
  /** Per horizon, QUANTILE_LEVELS of (actual - median) / scale, centred so the median is the point forecast. */
  readonly zq: readonly (readonly number[])[];
  /** The same for the naive band (scale = trailing realised volatility x sqrt(h)), the band benchmark. */
  readonly zqNaive: readonly (readonly number[])[];
  /**
   * For horizons 1..ADAPTIVE_HORIZONS: the same residuals at every Z_GRID_LEVELS level (median-centred), so the
   * bands can be drawn at adapted levels (adaptiveBands.ts); absent in hand-made calibrations (fixed levels).
   */
  readonly zGrid?: readonly (readonly number[])[];
  readonly zGridNaive?: readonly (readonly number[])[];
  /** Per-horizon Platt map of the standardised raw drift (raw return / (trailing volatility x sqrt(h))) to P(up). */
  readonly plattA: readonly number[];
  readonly plattB: readonly number[];
  /**
   * Per-horizon share of calibration outcomes above the origin close (0.5 unless it differs significantly from a coin
   * toss): the Brier benchmark, and the odds when the drift carries no significant signal.
   */
  readonly baseRate: readonly number[];
  /**
   * Components replaced by their naive benchmark because the test fold judged them worse than naive (the median also
   * whenever the close has no edge, the range also when its calibration-fold skill is below 0). The fitted statistics
   * above stay exactly as the calibration fold gave them; these switches only ever select the benchmark.
   */
  readonly fallback: Readonly<Record<ComponentName, boolean>>;
  /** Per-horizon weight of the candidate range forecast against the naive mean range (least squares on calibration, in [0, 1]). */
  readonly rangeWeight: readonly number[];
  /** Multi-OHLC: per-horizon weight of the rule's range forecast in the same combination (absent: 0). */
  readonly ruleWeight?: readonly number[];
  /** The predictor's own range forecaster: multi-OHLC's model or the autoregressive rule (`fallback.range` ships naive). */
  readonly rangeKind: RangeKind;
  /** The range rule's per-horizon level weights, fitted on the training fold (rangeRule.ts). */
  readonly rangeRule: RangeRuleFit;
  /** Trailing window (bars) of the naive band's realised volatility. */
  readonly volWindow: number;
  readonly origins: number;
}

/** No component fell back. */
export const NO_FALLBACK: Readonly<Record<ComponentName, boolean>> = { close: false, direction: false, band: false, range: false };

const logit = (q: number) => {
  const c = Math.min(0.999, Math.max(0.001, q));
  return Math.log(c / (1 - c));
};

/** Horizons 1..10 are buckets of their own (the dense short-horizon pass gives each thousands of origins). */
const SINGLE_HORIZON_BUCKETS = 10;

/**
 * Horizon buckets [lo, hi] (0-based, inclusive) over H horizons, one per horizon up to SINGLE_HORIZON_BUCKETS, then
 * log-spaced (x1.35): statistics are pooled per bucket.
 */
export function horizonBuckets(H: number): [number, number][] {
  const out: [number, number][] = [];
  let lo = 0;
  while (lo < H) {
    const hi = lo < SINGLE_HORIZON_BUCKETS ? lo : Math.min(H - 1, Math.max(lo, Math.floor(lo * 1.35)));
    out.push([lo, hi]);
    lo = hi + 1;
  }
  return out;
}

/** Spreads per-bucket values to every horizon, linear in log(h) between bucket centres. */
function perHorizon(H: number, buckets: [number, number][], values: number[]): number[] {
  const centres = buckets.map(([lo, hi]) => Math.log((lo + hi) / 2 + 1));
  const out: number[] = [];
  for (let h = 0; h < H; h++) {
    const x = Math.log(h + 1);
    let k = 0;
    while (k + 1 < centres.length && centres[k + 1] <= x) k++;
    if (k + 1 >= centres.length || x <= centres[k]) out.push(values[k]);
    else out.push(values[k] + ((values[k + 1] - values[k]) * (x - centres[k])) / (centres[k + 1] - centres[k]));
  }
  return out;
}

function quantiles(values: number[], levels: readonly number[] = QUANTILE_LEVELS): number[] {
  const s = Float64Array.from(values).sort();
  if (!s.length) return levels.map(() => 0);
  const at = (q: number) => {
    const pos = (s.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return s[lo] + (s[hi] - s[lo]) * (pos - lo);
  };
  const mid = at(0.5);
  return levels.map((q) => at(q) - mid);
}

/**
 * Shrinkage per bucket: the no-intercept slope of actual on raw predicted returns, kept (clamped to [0, 1]) only
 * when its 95% block-bootstrap interval over origins lies above 0; otherwise 0, the naive last-price forecast.
 */
export function fitShrinkage(s: MultiStepSamples): number[] {
  const H = s.horizons;
  const O = s.origins;
  const buckets = horizonBuckets(H);
  const xy = new Float64Array(O * buckets.length);
  const xx = new Float64Array(O * buckets.length);
  for (let o = 0; o < O; o++) {
    buckets.forEach(([lo, hi], b) => {
      for (let h = lo; h <= hi; h++) {
        const x = s.predicted[o * H + h];
        const y = s.actual[o * H + h];
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        xy[o * buckets.length + b] += x * y;
        xx[o * buckets.length + b] += x * x;
      }
    });
  }
  const plan = bootstrapPlan(O, blockLengthFor(O, H, s.spacing));
  const ci = bootstrapIntervals(plan, xy, xx, buckets.length, (a, b) => (b > 0 ? a / b : Number.NaN));
  const slope = buckets.map((_, b) => {
    let a = 0, c = 0;
    for (let o = 0; o < O; o++) {
      a += xy[o * buckets.length + b];
      c += xx[o * buckets.length + b];
    }
    return c > 0 && ci[b][0] > 0 ? Math.min(1, a / c) : 0;
  });
  return perHorizon(H, buckets, slope);
}

/**
 * Fits everything a forecast is calibrated with on the calibration fold: shrinkage (significance-gated), the
 * quantiles of standardised residuals for the model's band and for the naive band, Platt odds and base rates.
 */
export function calibrate(
  s: MultiStepSamples,
  extra: { volWindow: number; rangeKind: RangeKind; rangeRule: RangeRuleFit; rangeWeight: readonly number[]; ruleWeight?: readonly number[]; history?: UpShares },
): ForecastCalibration {
  const H = s.horizons;
  const O = s.origins;
  const shrink = fitShrinkage(s);
  const buckets = horizonBuckets(H);
  const zq: number[][] = [];
  const zqNaive: number[][] = [];
  const plattA: number[] = [];
  const plattB: number[] = [];
  const base: number[] = [];
  const zGrid: number[][] = [];
  const zGridNaive: number[][] = [];
  buckets.forEach(([lo, hi], b) => {
    const zs: number[] = [];
    const zn: number[] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    for (let o = 0; o < O; o++) {
      for (let h = lo; h <= hi; h++) {
        const j = o * H + h;
        const y = s.actual[j];
        if (!Number.isFinite(y)) continue;
        const sc = s.scale[j];
        if (sc > 0) zs.push((y - shrink[h] * s.predicted[j]) / sc);
        const sn = s.sigma[o] * Math.sqrt(h + 1);
        if (sn > 0) zn.push(y / sn);
        xs.push(sn > 0 ? s.predicted[j] / sn : 0);
        ys.push(y > 0 ? 1 : 0);
      }
    }
    zq.push(quantiles(zs));
    zqNaive.push(quantiles(zn));
    zGrid.push(quantiles(zs, Z_GRID_LEVELS));
    zGridNaive.push(quantiles(zn, Z_GRID_LEVELS));
    const hMid = (lo + hi) / 2 + 1;
    const dependence = (hi - lo + 1) * Math.max(1, Math.ceil(hMid / Math.max(1, s.spacing)));
    const p = fitPlatt(xs, ys, dependence);
    // The base rate: the share of up moves over the whole history before the calibration fold's end when given (every
    // bar an origin), else over the calibration records; away from a coin toss only when significant (n / dependence
    // independent outcomes).
    const hist = extra.history && extra.history.n[b] > 0 ? extra.history : undefined;
    const n = hist ? hist.n[b] : ys.length;
    const rate = hist ? hist.ups[b] / hist.n[b] : ys.length ? ys.reduce((x, y) => x + y, 0) / ys.length : 0.5;
    const dep = hist ? (hi - lo + 1) * Math.ceil(hMid) : dependence;
    const shrunk = Math.abs(rate - 0.5) > 1.96 * Math.sqrt((0.25 * dep) / Math.max(1, n)) ? rate : 0.5;
    plattA.push(p.b === 0 ? logit(shrunk) : p.a);
    plattB.push(p.b);
    base.push(shrunk);
  });
  const spread = (rows: number[][], n = H) => {
    const cols = rows[0].map((_, q) => perHorizon(H, buckets, rows.map((r) => r[q])));
    return Array.from({ length: n }, (_, h) => cols.map((c) => c[h]));
  };
  // The adaptive horizons' grids, spread per horizon exactly as zq is (a grid read at a nominal level is zq).
  const adaptive = Math.min(H, ADAPTIVE_HORIZONS);
  return {
    shrink, zq: spread(zq), zqNaive: spread(zqNaive), zGrid: spread(zGrid, adaptive), zGridNaive: spread(zGridNaive, adaptive),
    plattA: perHorizon(H, buckets, plattA), plattB: perHorizon(H, buckets, plattB), baseRate: perHorizon(H, buckets, base),
    fallback: NO_FALLBACK, rangeKind: extra.rangeKind, rangeWeight: [...extra.rangeWeight], ...(extra.ruleWeight ? { ruleWeight: [...extra.ruleWeight] } : {}), rangeRule: extra.rangeRule, volWindow: extra.volWindow, origins: O,
  };
}

/** Per horizon bucket (horizonBuckets): outcomes counted and how many of them closed above their origin. */
export interface UpShares {
  readonly ups: readonly number[];
  readonly n: readonly number[];
}

/**
 * Up moves per horizon bucket of H horizons with every bar of [from, to] an origin whose outcome bar is also in it:
 * the long-run base rate of the direction odds. An outcome whose h bars span a gap (`breaks`) is not counted.
 */
export function upShares(close: ArrayLike<number>, breaks: Int32Array, [from, to]: readonly [number, number], H: number): UpShares {
  const ups: number[] = [];
  const n: number[] = [];
  for (const [lo, hi] of horizonBuckets(H)) {
    let u = 0, k = 0;
    for (let h = lo + 1; h <= hi + 1; h++) {
      for (let i = from; i + h <= to; i++) {
        if (breaks[i + h] !== breaks[i]) continue;
        k++;
        if (close[i + h] > close[i]) u++;
      }
    }
    ups.push(u);
    n.push(k);
  }
  return { ups, n };
}

/**
 * The calibration of horizons 1..n from `short` (fitted on many more origins over the same fold) and of the rest from
 * `long`: every per-horizon statistic is spliced, the rest is `long`'s.
 */
export function spliceCalibration(long: ForecastCalibration, short: ForecastCalibration, n: number): ForecastCalibration {
  const splice = <T>(a: readonly T[], b: readonly T[]) => [...b.slice(0, n), ...a.slice(n)];
  return {
    ...long,
    shrink: splice(long.shrink, short.shrink), zq: splice(long.zq, short.zq), zqNaive: splice(long.zqNaive, short.zqNaive),
    ...(long.zGrid && short.zGrid ? { zGrid: splice(long.zGrid, short.zGrid) } : {}),
    ...(long.zGridNaive && short.zGridNaive ? { zGridNaive: splice(long.zGridNaive, short.zGridNaive) } : {}),
    plattA: splice(long.plattA, short.plattA), plattB: splice(long.plattB, short.plattB), baseRate: splice(long.baseRate, short.baseRate),
    rangeWeight: splice(long.rangeWeight, short.rangeWeight),
    ...(long.ruleWeight && short.ruleWeight ? { ruleWeight: splice(long.ruleWeight, short.ruleWeight) } : {}),
  };
}

/** Per-horizon weights of a range combination: naive + w (candidate - naive) + r (rule - naive). */
export interface RangeWeights {
  readonly candidate: number[];
  /** Present when a rule forecast was combined too. */
  readonly rule?: number[];
}

/**
 * Per-horizon combination of the candidate range forecast (and, for multi-OHLC, the rule's) with the naive one,
 * fitted on the calibration fold by least squares per horizon bucket: weights in [0, 1] summing to at most 1; a
 * forecast that does not help gets weight 0, and where neither helps the naive range ships.
 */
export function fitRangeWeights(H: number, origins: number, candidate: Float64Array, naive: Float64Array, actual: Float64Array, rule?: Float64Array): RangeWeights {
  const buckets = horizonBuckets(H);
  const fitted = buckets.map(([lo, hi]) => {
    let sxx = 0, sxz = 0, szz = 0, sxy = 0, szy = 0;
    for (let o = 0; o < origins; o++) {
      for (let h = lo; h <= hi; h++) {
        const y = actual[o * H + h];
        if (!Number.isFinite(y)) continue;
        const x = candidate[o * H + h] - naive[o];
        const z = rule ? rule[o * H + h] - naive[o] : 0;
        const e = y - naive[o];
        sxx += x * x; sxz += x * z; szz += z * z; sxy += x * e; szy += z * e;
      }
    }
    const one = (sab: number, saa: number) => (saa > 0 ? Math.min(1, Math.max(0, sab / saa)) : 0);
    if (!rule) return [one(sxy, sxx), 0];
    const det = sxx * szz - sxz * sxz;
    let w = det > 0 ? (szz * sxy - sxz * szy) / det : -1;
    let r = det > 0 ? (sxx * szy - sxz * sxy) / det : -1;
    if (!(w >= 0 && r >= 0 && w + r <= 1)) {
      // The best single forecast, or the best boundary mix on w + r = 1, whichever leaves less squared error.
      const sse = (a: number, b: number) => a * a * sxx + b * b * szz + 2 * a * b * sxz - 2 * a * sxy - 2 * b * szy;
      const dd = sxx + szz - 2 * sxz;
      const t = dd > 0 ? Math.min(1, Math.max(0, (szz - sxz + sxy - szy) / dd)) : 0;
      const options: [number, number][] = [[one(sxy, sxx), 0], [0, one(szy, szz)], [t, 1 - t]];
      [w, r] = options.reduce((best, c) => (sse(c[0], c[1]) < sse(best[0], best[1]) ? c : best));
    }
    return [w, r];
  });
  const candidateW = perHorizon(H, buckets, fitted.map((f) => f[0]));
  return rule ? { candidate: candidateW, rule: perHorizon(H, buckets, fitted.map((f) => f[1])) } : { candidate: candidateW };
}
