import { describe, expect, it } from 'vitest';
import { calibrate, upShares, type MultiStepSamples } from '../../core/evaluation/calibration';

/** Calibration records with no drift signal: 400 origins x 1 horizon, outcomes alternating up and down. */
function flatSamples(): MultiStepSamples {
  const O = 400;
  const f = (fill: (o: number) => number) => Float64Array.from({ length: O }, (_, o) => fill(o));
  return {
    origins: O, horizons: 1, spacing: 1,
    predicted: f(() => 0), actual: f((o) => (o % 2 ? 0.001 : -0.001)), sigma: f(() => 0.001), scale: f(() => 0.001),
  };
}
const extra = { volWindow: 10, rangeKind: 'rule' as const, profile: [1], rangeRule: { knots: [1], weights: [[0, 0, 0, 0, 0, 1]] }, rangeWeight: [0] };

describe('the base rate of the direction odds', () => {
  it('counts up moves per horizon bucket over every origin of the range, leaving out outcomes across a gap', () => {
    const close = [1, 2, 1, 2, 3];
    // h = 1: 1->2 up, 2->1 down, 1->2 up, 2->3 up; h = 2: 1->1, 2->2 (not up), 1->3 up.
    expect(upShares(close, new Int32Array(5), [0, 4], 2)).toEqual({ ups: [3, 1], n: [4, 3] });
    // A gap between bars 2 and 3: every outcome that spans it is left out.
    expect(upShares(close, Int32Array.from([0, 0, 0, 1, 1]), [0, 4], 2)).toEqual({ ups: [2, 0], n: [3, 1] });
    // Only outcomes whose bar lies inside [from, to].
    expect(upShares(close, new Int32Array(5), [1, 3], 1)).toEqual({ ups: [1], n: [2] });
  });

  it('is the long-run share when it is significant, a coin toss when it is not, and the calibration records without history', () => {
    // 60% up over 10,000 one-bar outcomes: 20 standard errors from 0.5.
    expect(calibrate(flatSamples(), { ...extra, history: { ups: [6000], n: [10_000] } }).baseRate[0]).toBeCloseTo(0.6, 12);
    // 60% up over 50 outcomes: inside 1.96 standard errors (0.139) of a coin toss.
    expect(calibrate(flatSamples(), { ...extra, history: { ups: [30], n: [50] } }).baseRate[0]).toBe(0.5);
    // Without history: the calibration records' own share (exactly half up here).
    expect(calibrate(flatSamples(), extra).baseRate[0]).toBe(0.5);
  });
});
