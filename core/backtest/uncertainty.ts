// How sure a backtest's figures are: a moving-block bootstrap over the traded bars, the same resampling the forecast
// report uses over origins, for the Sharpe ratio of every curve and for the model's excess return over each baseline.
import { blockLengthFor, bootstrapIntervals, bootstrapPlan, type BootstrapPlan, type Interval } from '../evaluation/bootstrap';

/** Per-bar simple returns of an equity curve (equity[k] / equity[k-1] - 1; 0 after a wipe-out). */
export function barReturns(equity: Float64Array): Float64Array {
  const n = Math.max(0, equity.length - 1);
  const r = new Float64Array(n);
  for (let k = 1; k <= n; k++) r[k - 1] = equity[k - 1] > 0 ? equity[k] / equity[k - 1] - 1 : 0;
  return r;
}

/**
 * The resampling plan of a backtest over `bars` bar returns: blocks at least as long as a position is held (`holding`
 * bars: the horizon, or the rebalancing interval when longer, so one block keeps a trade whole) and the cube root of
 * the bars. Shared by every curve of one backtest, so
 * their intervals and differences are comparable.
 */
export function backtestPlan(bars: number, holding: number): BootstrapPlan {
  return bootstrapPlan(Math.max(1, bars), blockLengthFor(bars, holding, 1));
}

/**
 * Annualised Sharpe ratio from sums of returns and squared returns over `count` bars (sample standard deviation, no
 * risk-free rate): 0 for a curve that never moves, NaN when only the spread is zero. The one formula of the backtest's
 * figure and of its bootstrap replicates.
 */
export function annualSharpe(sum: number, sumSq: number, count: number, perYear: number): number {
  const m = count ? sum / count : 0;
  const sd = count > 1 ? Math.sqrt(Math.max(0, (sumSq - count * m * m) / (count - 1))) : 0;
  if (sd > 0) return (m / sd) * Math.sqrt(perYear);
  return m === 0 ? 0 : Number.NaN;
}

/** 95% block-bootstrap interval of the annualised Sharpe ratio of bar returns `r`; [0, 0] for a curve that never moves. */
export function sharpeInterval(r: Float64Array, perYear: number, plan: BootstrapPlan): Interval {
  if (r.length < 2 || r.every((x) => x === 0)) return [0, 0];
  const sq = r.map((x) => x * x);
  return bootstrapIntervals(plan, r, sq, 1, (s, s2, n) => annualSharpe(s, s2, n, perYear))[0];
}

/** The model against one baseline, bar for bar. */
export interface Versus {
  /**
   * The model's total return minus the baseline's over the traded bars (0.05 = 5 percentage points), in the units of
   * the total-return row; not annualised, because a year extrapolated from a day of minutes says nothing.
   */
  readonly excess_return: number;
  readonly excess_return_ci: Interval;
  /** ahead: the interval is above 0; behind: below 0; no_difference: it contains 0. */
  readonly verdict: 'ahead' | 'no_difference' | 'behind';
}

/** ln(1 + r), finite even for a wipe-out. */
const logGrowth = (r: Float64Array) => r.map((x) => Math.log(Math.max(1e-12, 1 + x)));

/**
 * The model's excess total return over a baseline with its 95% interval. Both curves' bars are resampled together by
 * the same blocks (bar pairs keep their correlation: on most bars both are flat, or both long), each replicate
 * compounds them over as many bars as the range holds, and a difference is claimed only when the interval excludes 0.
 */
export function versus(model: Float64Array, baseline: Float64Array, plan: BootstrapPlan): Versus {
  const n = Math.min(model.length, baseline.length);
  const m = logGrowth(model.subarray(0, n));
  const b = logGrowth(baseline.subarray(0, n));
  let sm = 0;
  let sb = 0;
  let same = true;
  for (let k = 0; k < n; k++) {
    sm += m[k];
    sb += b[k];
    if (model[k] !== baseline[k]) same = false;
  }
  const excess = Math.exp(sm) - Math.exp(sb);
  // A replicate's log growth per bar, scaled to the range's bar count (replicates may hold a few bars more or less).
  const ci: Interval = same ? [0, 0] : bootstrapIntervals(plan, m, b, 1, (x, y, c) => (c ? Math.exp((x / c) * n) - Math.exp((y / c) * n) : Number.NaN))[0];
  const verdict = ci[0] > 0 ? 'ahead' : ci[1] < 0 ? 'behind' : 'no_difference';
  return { excess_return: same ? 0 : excess, excess_return_ci: ci, verdict };
}

/** The baselines a model is compared with, in the words used for them. */
export const BASELINE_NAMES = { buy_and_hold: 'buy & hold', momentum: 'momentum', flat: 'staying flat' } as const;

/**
 * The comparison in plain words, e.g. "Against buy & hold: -1.2 points of total return [-4.8, +2.2], no difference
 * beyond the noise. Against momentum: +8.0 points of total return [+5.1, +11.0], ahead."; a model whose returns equal
 * a baseline's on every bar (one that never traded, against staying flat) is "the same returns, bar for bar".
 */
export function describeVersus(v: Readonly<Record<keyof typeof BASELINE_NAMES, Versus>>): string {
  const pts = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
  const words = { ahead: 'ahead', behind: 'behind', no_difference: 'no difference beyond the noise' } as const;
  const identical = (x: Versus) => x.excess_return === 0 && x.excess_return_ci[0] === 0 && x.excess_return_ci[1] === 0;
  return (Object.keys(BASELINE_NAMES) as (keyof typeof BASELINE_NAMES)[])
    .map((k) => identical(v[k])
      ? `Against ${BASELINE_NAMES[k]}: the same returns, bar for bar.`
      : `Against ${BASELINE_NAMES[k]}: ${pts(v[k].excess_return)} points of total return [${pts(v[k].excess_return_ci[0])}, ${pts(v[k].excess_return_ci[1])}], ${words[v[k].verdict]}.`)
    .join(' ');
}
