/** Root mean squared error of predictions against actual values. */
export function rmse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += (actual[i] - predicted[i]) ** 2;
  return Math.sqrt(s / actual.length);
}

/** Mean absolute error of predictions against actual values. */
export function mae(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - predicted[i]);
  return s / actual.length;
}

/**
 * Coefficient of determination (1 - SS_res / SS_tot), always finite. When the actual series is constant R² is
 * undefined (no variance to explain); it is reported as 0 rather than -Infinity, which JSON cannot carry.
 */
export function r2(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < actual.length; i++) mean += actual[i];
  mean /= actual.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < actual.length; i++) {
    ssRes += (actual[i] - predicted[i]) ** 2;
    ssTot += (actual[i] - mean) ** 2;
  }
  return ssTot === 0 ? 0 : 1 - ssRes / ssTot;
}

/** Quantile q in [0, 1] with linear interpolation between order statistics. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Median of the finite values of an array (NaN when there are none). */
export function median(values: ArrayLike<number>): number {
  const finite = Array.from(values).filter(Number.isFinite);
  return finite.length ? quantile(finite, 0.5) : NaN;
}

/** Sample standard deviation of log returns of `close` over the `window` bars ending at index `end` (inclusive). */
export function realizedVolatility(close: ArrayLike<number>, end: number, window: number): number {
  const start = Math.max(1, end - window + 1);
  const n = end - start + 1;
  if (n < 2) return NaN;
  let sum = 0;
  let sumSq = 0;
  for (let i = start; i <= end; i++) {
    const r = Math.log(close[i] / close[i - 1]);
    sum += r;
    sumSq += r * r;
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1)));
}
