import { describe, expect, it } from 'vitest';
import { backtestPlan, barReturns, describeVersus, sharpeInterval, versus } from '../../core/backtest';
import { seededRandom } from '../../core/runtime/seededRandom';

/** Seeded normal draws (Box-Muller), independent of the code under test. */
function normals(n: number, mean: number, sd: number, seed: number): Float64Array {
  const u = seededRandom(seed);
  return Float64Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

describe('backtest uncertainty', () => {
  it('bar returns of an equity curve', () => {
    const r = barReturns(Float64Array.from([1, 1.1, 0.99, 0, 0]));
    // +10%, -10%, a wipe-out, then nothing (not a division by zero).
    [0.1, -0.1, -1, 0].forEach((x, k) => expect(r[k]).toBeCloseTo(x, 12));
    expect(r).toHaveLength(4);
  });

  it('the Sharpe interval of i.i.d. daily returns is about the textbook 1.96 sqrt((1 + SR^2 / 2) / n) wide', () => {
    // 4,000 days, mean 0.1% and sd 1% a day: per-day Sharpe 0.1, 1.91 a year; its standard error (Lo 2002, i.i.d.)
    // is sqrt((1 + 0.005) / 4000) a day, so the 95% half-width is 1.96 x 0.01585 x sqrt(365) = 0.59 a year.
    const r = normals(4000, 0.001, 0.01, 7);
    const [lo, hi] = sharpeInterval(r, 365, backtestPlan(r.length, 1));
    expect(lo).toBeLessThan(0.1 * Math.sqrt(365));
    expect(hi).toBeGreaterThan(0.1 * Math.sqrt(365));
    expect((hi - lo) / 2).toBeGreaterThan(0.45);
    expect((hi - lo) / 2).toBeLessThan(0.75);
  });

  it('a curve that never moves has a Sharpe ratio of 0 with no uncertainty', () => {
    expect(sharpeInterval(new Float64Array(100), 365, backtestPlan(100, 1))).toEqual([0, 0]);
  });

  it('claims a difference from a baseline only when the interval excludes 0', () => {
    const base = normals(2000, 0, 0.001, 3);
    const plan = backtestPlan(2000, 1);
    const total = (r: Float64Array) => r.reduce((g, x) => g * (1 + x), 1) - 1;
    // 0.01% better on every one of 2,000 bars: about 22 points more total return, and never less.
    const up = base.map((x) => x + 0.0001);
    const better = versus(up, base, plan);
    expect(better.excess_return).toBeCloseTo(total(up) - total(base), 12);
    expect(better.excess_return).toBeGreaterThan(0.2);
    expect(better.verdict).toBe('ahead');
    expect(versus(base, base, plan)).toEqual({ excess_return: 0, excess_return_ci: [0, 0], verdict: 'no_difference' });
    // Noise of sd 0.1% a bar around the baseline: the log growth of the difference has a standard error of
    // 0.001 x sqrt(2000) = 0.045, so a true edge of 0 stays inside the interval and -0.02% a bar (-0.4 in all) does not.
    const noisy = normals(2000, 0, 0.001, 11);
    const same = versus(base.map((x, k) => x + noisy[k]), base, plan);
    expect(same.verdict).toBe('no_difference');
    expect(same.excess_return_ci[1] - same.excess_return_ci[0]).toBeGreaterThan(2 * 1.96 * 0.045 * 0.7);
    expect(same.excess_return_ci[1] - same.excess_return_ci[0]).toBeLessThan(2 * 1.96 * 0.045 * 1.5);
    const worse = versus(base.map((x, k) => x + noisy[k] - 0.0002), base, plan);
    expect(worse.verdict).toBe('behind');
    expect(describeVersus({ buy_and_hold: worse, momentum: better, flat: same })).toMatch(
      /^Against buy & hold: -\d+\.\d points of total return \[-\d+\.\d, -\d+\.\d\], behind\. Against momentum: \+2\d\.\d points of total return \[\+\d+\.\d, \+\d+\.\d\], ahead\. Against staying flat: [+-]\d+\.\d points of total return \[-\d+\.\d, \+\d+\.\d\], no difference beyond the noise\.$/,
    );
    // A model that never traded earns what staying flat earns on every bar: said as such, not as a zero difference.
    const flat = versus(new Float64Array(2000), new Float64Array(2000), plan);
    expect(describeVersus({ buy_and_hold: worse, momentum: better, flat })).toMatch(/ahead\. Against staying flat: the same returns, bar for bar\.$/);
  });
});
