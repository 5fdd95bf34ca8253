import { describe, expect, it } from 'vitest';
import type { CandleColumns } from '../../core/data/candles';
import { fitRangeRule, ruleKnots, ruleRanges, RULE_WINDOWS, weightsAt } from '../../core/predictors/rangeRule';
import { trailingMean, volSeries } from '../../core/predictors/volContext';
import { seededRandom } from '../support/seededRandom';
import { syntheticMarket } from '../support/syntheticMarkets';

const START = Date.UTC(2024, 0, 1);
const BAR = 60_000;

/** Volatility regimes: a new level (x1/3 .. x3 of 0.001, log-uniform) every `length` bars. */
function regimeVol(bars: number, length: number, seed: number): (time: number) => number {
  const rand = seededRandom(seed);
  const levels = Array.from({ length: Math.ceil(bars / length) + 1 }, () => 0.001 * 3 ** (2 * rand() - 1));
  return (time) => levels[Math.floor((time - START) / BAR / length)];
}

const noBreaks = (n: number) => new Int32Array(n);
const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);
/** Weight of the levels of the last 1, 5 and 20 bars (RULE_WINDOWS' first three) at step k. */
const shortWeight = (w: Float64Array) => w[0] + w[1] + w[2];

/** Squared-error skill of the rule's step-k range against the mean range of the last 20 bars, on origins [from, to). */
function skillAt(c: CandleColumns, rule: ReturnType<typeof fitRangeRule>, k: number, from: number, to: number): number {
  const v = volSeries(c, BAR);
  let a = 0, b = 0;
  const out = new Float64Array(k);
  for (let t = from; t < to - k; t++) {
    ruleRanges(c, v, rule, BAR, t, k, out);
    const naive = trailingMean(v.pRange, t, 20);
    a += (out[k - 1] - v.range[t + k]) ** 2;
    b += (naive - v.range[t + k]) ** 2;
  }
  return 1 - Math.sqrt(a / b);
}

describe('the autoregressive range rule (HAR-style levels, weights fitted on the training fold)', () => {
  it('knots run from 1 to the last step', () => {
    expect(ruleKnots(1)).toEqual([1]);
    const k = ruleKnots(300);
    expect(k[0]).toBe(1);
    expect(k[k.length - 1]).toBe(300);
    for (let i = 1; i < k.length; i++) expect(k[i]).toBeGreaterThan(k[i - 1]);
  });

  it('on candles of one constant size it forecasts exactly that size at every step', () => {
    const n = 4000;
    const f = () => new Float64Array(n);
    const c = { length: n, time: f().map((_, i) => START + i * BAR), open: f().fill(100), close: f().fill(100), high: f().fill(101), low: f().fill(99), volume: f().fill(1) };
    const v = volSeries(c, BAR);
    const rule = fitRangeRule(c, v, BAR, [0, 3000], 60, noBreaks(n));
    const out = ruleRanges(c, v, rule, BAR, 3500, 60);
    for (const r of out) expect(r).toBeCloseTo(Math.log(101 / 99), 12);
  });

  it('with volatility regimes of 100 bars, trusts the last bars for the next bar and the long levels far ahead, and beats the naive range out of sample', () => {
    const bars = 30_000;
    const c = syntheticMarket({ bars, seed: 5, vol: regimeVol(bars, 100, 9) }, START);
    const rule = fitRangeRule(c, volSeries(c, BAR), BAR, [0, 20_000], 300, noBreaks(bars));
    for (const k of rule.knots) expect(sum(weightsAt(rule, k))).toBeCloseTo(1, 9);
    expect(shortWeight(weightsAt(rule, 1))).toBeGreaterThan(0.6);
    expect(shortWeight(weightsAt(rule, 300))).toBeLessThan(0.3);
    // Held-out bars (after the fitted fold): the rule's next-bar range beats the mean of the last 20 ranges.
    expect(skillAt(c, rule, 1, 22_000, 29_000)).toBeGreaterThan(0.005);
  });

  it('with i.i.d. candle sizes, leans on the long levels (least noisy) even for the next bar', () => {
    const bars = 30_000;
    const c = syntheticMarket({ bars, seed: 6, vol: () => 0.001 }, START);
    const rule = fitRangeRule(c, volSeries(c, BAR), BAR, [0, 20_000], 10, noBreaks(bars));
    const w = weightsAt(rule, 1);
    expect(w[RULE_WINDOWS.length - 1] + w[RULE_WINDOWS.length - 2] + w[RULE_WINDOWS.length - 3]).toBeGreaterThan(0.7);
    expect(Math.abs(skillAt(c, rule, 1, 22_000, 29_000))).toBeLessThan(0.05);
  });

  it('never fits on a row whose target bar lies past the fold or across a gap', () => {
    const bars = 6000;
    const c = syntheticMarket({ bars, seed: 7, vol: regimeVol(bars, 50, 3) }, START);
    const v = volSeries(c, BAR);
    const a = fitRangeRule(c, v, BAR, [0, 4000], 20, noBreaks(bars));
    // Wild bars from 4000 on: outside the fold, so the weights do not move.
    const wild = { ...c, high: c.high.slice(), low: c.low.slice() };
    for (let i = 4000; i < bars; i++) {
      wild.high[i] *= 1.05;
      wild.low[i] *= 0.95;
    }
    const b = fitRangeRule(wild, volSeries(wild, BAR), BAR, [0, 4000], 20, noBreaks(bars));
    expect(b.weights).toEqual(a.weights);
    // A gap at every 10th bar: no step beyond 9 has a usable row, so those knots keep the day level only.
    const breaks = new Int32Array(bars).map((_, i) => Math.floor(i / 10));
    const g = fitRangeRule(c, v, BAR, [0, 4000], 20, breaks);
    expect(Array.from(weightsAt(g, 20))).toEqual(RULE_WINDOWS.map((_, j) => (j === RULE_WINDOWS.length - 1 ? 1 : 0)));
  });
});
