import { quantile } from './metrics';

/**
 * Per-horizon records of a multi-step run: one row per forecast origin, one column per horizon (row-major
 * `origins * horizons`). Cumulative log returns of close against the origin's close.
 */
export interface MultiStepSamples {
  readonly origins: number;
  readonly horizons: number;
  /** The raw model's cumulative log return at each horizon. */
  readonly predicted: Float64Array;
  /** What happened: ln(C[origin + h] / C[origin]). */
  readonly actual: Float64Array;
  /** Realised volatility of 1-bar log returns at each origin (trailing window). */
  readonly sigma: Float64Array;
}

/** What a model learns from its validation segment about its own multi-step behaviour. */
export interface HorizonCalibration {
  /** Per-horizon shrinkage of the raw cumulative return (0 = naive forecast, 1 = raw model). */
  readonly shrink: readonly number[];
  /** Per-horizon 10% and 90% quantiles of volatility-scaled residuals (split-conformal). */
  readonly q10: readonly number[];
  readonly q90: readonly number[];
  /** Per-horizon directional hit rate of the raw model on validation: the forecast's `confidence`. */
  readonly hitRate: readonly number[];
  readonly hitCount: readonly number[];
  /** Trailing window (bars) of the realised volatility that scales residuals. */
  readonly volWindow: number;
  readonly origins: number;
}

/**
 * Least-squares shrinkage factor for each horizon, pooled over neighbouring horizons and clamped to [0, 1].
 * A model with no multi-step skill is pulled to the naive forecast instead of drifting away from it.
 */
export function fitShrinkage(s: MultiStepSamples): number[] {
  const H = s.horizons;
  const sxy = new Float64Array(H);
  const sxx = new Float64Array(H);
  for (let o = 0; o < s.origins; o++) {
    for (let h = 0; h < H; h++) {
      const x = s.predicted[o * H + h];
      const y = s.actual[o * H + h];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      sxy[h] += x * y;
      sxx[h] += x * x;
    }
  }
  const out: number[] = [];
  for (let h = 0; h < H; h++) {
    const lo = Math.max(0, h - Math.floor((h + 1) / 4));
    const hi = Math.min(H - 1, h + Math.floor((h + 1) / 4));
    let a = 0;
    let b = 0;
    for (let k = lo; k <= hi; k++) {
      a += sxy[k];
      b += sxx[k];
    }
    out.push(b > 0 ? Math.min(1, Math.max(0, a / b)) : 0);
  }
  return out;
}

/**
 * Calibrates shrinkage, volatility-scaled conformal quantiles and directional hit rates on validation samples.
 * Residuals are scaled by the origin's realised volatility and by sqrt(h), pooled over neighbouring horizons
 * (h ± h/4) so the band is smooth, and centred on their median so the band always contains the point forecast:
 * a drift that happened to run through the validation segment widens the band instead of tilting it.
 */
export function calibrate(s: MultiStepSamples, volWindow: number): HorizonCalibration {
  const H = s.horizons;
  const shrink = fitShrinkage(s);
  const perHorizon: number[][] = [];
  const hitRate: number[] = [];
  const hitCount: number[] = [];
  for (let h = 0; h < H; h++) {
    const scaled: number[] = [];
    let hits = 0;
    let calls = 0;
    for (let o = 0; o < s.origins; o++) {
      const x = s.predicted[o * H + h];
      const y = s.actual[o * H + h];
      const sigma = s.sigma[o];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (sigma > 0) scaled.push((y - shrink[h] * x) / (sigma * Math.sqrt(h + 1)));
      if (x !== 0 && y !== 0) {
        calls++;
        if (Math.sign(x) === Math.sign(y)) hits++;
      }
    }
    perHorizon.push(scaled);
    hitRate.push(calls ? hits / calls : 0.5);
    hitCount.push(calls);
  }
  const q10: number[] = [];
  const q90: number[] = [];
  for (let h = 0; h < H; h++) {
    const pooled: number[] = [];
    const reach = Math.floor((h + 1) / 4);
    for (let k = Math.max(0, h - reach); k <= Math.min(H - 1, h + reach); k++) pooled.push(...perHorizon[k]);
    if (!pooled.length) {
      q10.push(0);
      q90.push(0);
      continue;
    }
    const mid = quantile(pooled, 0.5);
    const root = Math.sqrt(h + 1);
    q10.push(Math.min(0, quantile(pooled, 0.1) - mid) * root);
    q90.push(Math.max(0, quantile(pooled, 0.9) - mid) * root);
  }
  return { shrink, q10, q90, hitRate, hitCount, volWindow, origins: s.origins };
}
