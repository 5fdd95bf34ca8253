// Direction odds: P(close at step h > current close), Platt-calibrated on the calibration fold, scored by Brier
// skill against the base rate and by a reliability table.

/** A logistic map p = 1 / (1 + exp(-(a + b x))). */
export interface Platt {
  readonly a: number;
  readonly b: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The calibrated probability for a standardised drift x. */
export function plattProbability(p: Platt, x: number): number {
  const v = sigmoid(p.a + p.b * (Number.isFinite(x) ? x : 0));
  return Math.min(1 - 1e-6, Math.max(1e-6, v));
}

function logLoss(xs: ArrayLike<number>, ys: ArrayLike<number>, a: number, b: number): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(a + b * xs[i])));
    s -= ys[i] ? Math.log(p) : Math.log(1 - p);
  }
  return s;
}

/**
 * Fits Platt scaling by Newton's method. The slope is kept only when the likelihood-ratio statistic against the
 * intercept-only fit exceeds 3.84 x `dependence` (the number of correlated records per independent one: pooled
 * horizons of one origin, overlapping outcomes of close origins); otherwise the odds are the base rate.
 */
export function fitPlatt(xs: ArrayLike<number>, ys: ArrayLike<number>, dependence = 1): Platt {
  const n = xs.length;
  if (!n) return { a: 0, b: 0 };
  let ups = 0;
  for (let i = 0; i < n; i++) ups += ys[i];
  const rate = Math.min(1 - 0.5 / n, Math.max(0.5 / n, ups / n));
  const a0 = Math.log(rate / (1 - rate));
  let a = a0;
  let b = 0;
  for (let it = 0; it < 25; it++) {
    let ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-6;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const p = sigmoid(a + b * x);
      const r = p - ys[i];
      const w = p * (1 - p);
      ga += r;
      gb += r * x;
      haa += w;
      hab += w * x;
      hbb += w * x * x;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  if (!Number.isFinite(a) || !Number.isFinite(b)) return { a: a0, b: 0 };
  const lr = 2 * (logLoss(xs, ys, a0, 0) - logLoss(xs, ys, a, b));
  return lr > 3.84 * Math.max(1, dependence) && b > 0 ? { a, b } : { a: a0, b: 0 };
}

/** One bin of a reliability table. */
export interface ReliabilityBin {
  /** Bin edges of the predicted probability. */
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly mean_predicted: number;
  readonly observed: number;
}

/** The equal-width bin (0..bins-1) of a probability in a reliability table. */
export const reliabilityBin = (p: number, bins: number): number => Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));

/** Reliability table over 10 equal-width bins and the expected calibration error (count-weighted |p - freq|). */
export function reliability(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): { table: ReliabilityBin[]; ece: number } {
  const cnt = new Float64Array(bins);
  const sp = new Float64Array(bins);
  const sy = new Float64Array(bins);
  let n = 0;
  for (let i = 0; i < p.length; i++) {
    if (!Number.isFinite(p[i]) || !Number.isFinite(y[i])) continue;
    const b = reliabilityBin(p[i], bins);
    cnt[b]++;
    sp[b] += p[i];
    sy[b] += y[i];
    n++;
  }
  const table: ReliabilityBin[] = [];
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (!cnt[b]) continue;
    const mp = sp[b] / cnt[b];
    const ob = sy[b] / cnt[b];
    ece += (cnt[b] / Math.max(1, n)) * Math.abs(mp - ob);
    table.push({ from: b / bins, to: (b + 1) / bins, count: cnt[b], mean_predicted: mp, observed: ob });
  }
  return { table, ece };
}
