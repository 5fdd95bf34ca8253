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

/** Calibrates shrinkage, volatility-scaled conformal quantiles and directional hit rates on validation samples. */
export function calibrate(s: MultiStepSamples, volWindow: number): HorizonCalibration {
  const H = s.horizons;
  const shrink = fitShrinkage(s);
  const q10: number[] = [];
  const q90: number[] = [];
  const hitRate: number[] = [];
  const hitCount: number[] = [];
  const scaled: number[] = [];
  for (let h = 0; h < H; h++) {
    scaled.length = 0;
    let hits = 0;
    let calls = 0;
    for (let o = 0; o < s.origins; o++) {
      const x = s.predicted[o * H + h];
      const y = s.actual[o * H + h];
      const sigma = s.sigma[o];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (sigma > 0) scaled.push((y - shrink[h] * x) / sigma);
      if (x !== 0 && y !== 0) {
        calls++;
        if (Math.sign(x) === Math.sign(y)) hits++;
      }
    }
    q10.push(scaled.length ? quantile(scaled, 0.1) : 0);
    q90.push(scaled.length ? quantile(scaled, 0.9) : 0);
    hitRate.push(calls ? hits / calls : 0.5);
    hitCount.push(calls);
  }
  return { shrink, q10, q90, hitRate, hitCount, volWindow, origins: s.origins };
}
