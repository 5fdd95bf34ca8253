import { describe, expect, it } from 'vitest';
import { reliability } from '../../core/evaluation/direction';
import { calibrationErrorText, eceNoise, normalQuantile } from '../../core/evaluation/eceNoise';

const bars = (n: number, step = 1) => Int32Array.from({ length: n }, (_, i) => i * step);
const filled = (n: number, v: number) => new Float64Array(n).fill(v);

describe('normalQuantile', () => {
  it('matches the standard normal table', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815516, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.9599640, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.7534243, 5);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
});

describe('eceNoise: the calibration error a calibrated forecast shows by chance', () => {
  it('independent outcomes: the 95th percentile of |share - p| is 1.96 sqrt(p (1 - p) / n)', () => {
    // One step, 400 origins a bar apart: 400 independent outcomes. A constant p puts every record in one bin, so the
    // ECE is |observed share - p|: for p = 0.5 its 95th percentile is 1.96 x 0.025 = 0.049, for p = 0.2 it is 0.039.
    const half = eceNoise(filled(400, 0.5), filled(400, 0), bars(400), 1);
    expect(half.horizons[0]).toBeGreaterThan(0.040);
    expect(half.horizons[0]).toBeLessThan(0.058);
    const fifth = eceNoise(filled(400, 0.2), filled(400, 0), bars(400), 1);
    expect(fifth.horizons[0]).toBeGreaterThan(0.032);
    expect(fifth.horizons[0]).toBeLessThan(0.047);
    expect(half.pooled).toBe(half.horizons[0]);
    // The median of |share - 0.5| is 0.674 x 0.025 = 0.017 (half-normal): calibrated odds typically show that much.
    expect(half.horizonsMedian[0]).toBeGreaterThan(0.012);
    expect(half.horizonsMedian[0]).toBeLessThan(0.022);
    expect(half.pooledMedian).toBe(half.horizonsMedian[0]);
  });

  it('overlapping outcomes: 2,000 origins a bar apart hold few independent 100-step moves', () => {
    // An independent simulation (numpy, 2,000 replicates of the same random walk) puts the 95th percentile of
    // |share of up moves - 0.5| over 2,000 overlapping 100-bar windows at 0.188; one step: 1.96 x sqrt(0.25 / 2000) = 0.022.
    const H = 100;
    const n = 2000 * H;
    const noise = eceNoise(filled(n, 0.5), filled(n, 0), bars(2000), H);
    // Half-normal again: the median is 0.674 / 1.96 of the 95th percentile, 0.065 at step 100. A fixed target of 0.02
    // there is missed by perfectly calibrated odds on most folds of this size.
    expect(noise.horizonsMedian[H - 1]).toBeGreaterThan(0.05);
    expect(noise.horizonsMedian[H - 1]).toBeLessThan(0.08);
    expect(noise.horizons[0]).toBeGreaterThan(0.017);
    expect(noise.horizons[0]).toBeLessThan(0.027);
    expect(noise.horizons[H - 1]).toBeGreaterThan(0.15);
    expect(noise.horizons[H - 1]).toBeLessThan(0.23);
    // Origins 100 bars apart share no bars at step 100: the same 2,000 outcomes are independent again.
    const apart = eceNoise(filled(n, 0.5), filled(n, 0), bars(2000, H), H);
    expect(apart.horizons[H - 1]).toBeLessThan(0.027);
  });

  it('leaves out records without an outcome, and is the same on every call', () => {
    const up = filled(800, 0);
    for (let o = 0; o < 400; o++) up[o * 2 + 1] = Number.NaN;
    const a = eceNoise(filled(800, 0.5), up, bars(400), 2);
    expect(Number.isNaN(a.horizons[1])).toBe(true);
    expect(a.horizons[0]).toBeGreaterThan(0.040);
    expect(a.pooled).toBe(a.horizons[0]);
    expect(eceNoise(filled(800, 0.5), up, bars(400), 2).horizons[0]).toBe(a.horizons[0]);
  });

  it('tells miscalibration from chance', () => {
    // Odds of 0.5 while 300 of 400 independent moves went up: ECE 0.25, far beyond the 0.049 chance level.
    const p = filled(400, 0.5);
    const y = Float64Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const { ece } = reliability(p, y);
    expect(ece).toBeCloseTo(0.25, 12);
    const level = eceNoise(p, y, bars(400), 1).horizons[0];
    expect(calibrationErrorText(ece, [0.2, 0.3], level)).toBe(
      `calibration error 0.250 [0.200, 0.300], beyond chance: a perfectly calibrated forecast exceeds ${level.toFixed(3)} only one time in 20 on these origins`,
    );
    expect(calibrationErrorText(0.03, undefined, 0.049)).toBe('calibration error 0.030, within chance: a perfectly calibrated forecast exceeds 0.049 one time in 20 on these origins');
    expect(calibrationErrorText(0.03)).toBe('calibration error 0.030');
    expect(calibrationErrorText(0.048, [0.003, 0.108], 0.082, 0.029)).toBe(
      'calibration error 0.048 [0.003, 0.108], within chance: a perfectly calibrated forecast typically shows 0.029 and exceeds 0.082 one time in 20 on these origins',
    );
  });
});
