import { describe, expect, it } from 'vitest';
import { AdaptiveLevelTracker, Z_GRID_LEVELS, adaptedQuantiles, missAt, nominalLevels, zAtLevel } from '../../core/evaluation/adaptiveBands';
import type { ForecastCalibration } from '../../core/evaluation/calibration';
import type { MultiStepRun } from '../../core/evaluation/multiStep';
import { reportWithLevels } from '../../core/evaluation/multiStepReport';
import { calibrationOf } from './backtest-fixtures';
import { seededRandom } from '../support/seededRandom';

const GAMMA = 0.001;

describe('adaptive band levels', () => {
  it('fold in an outcome only once its bar has closed, by gamma x (nominal - missed)', () => {
    const t = new AdaptiveLevelTracker(nominalLevels(3), (time) => time, GAMMA);
    // Horizon 3 (0-based 2) forecast from bar 100 missed its 80% and 90% bands, not its 50% band: outcome bar 103.
    t.record(100, 2, [false, true, true], [true, true, true]);
    t.advanceTo(102);
    expect(Array.from(t.miss.model).slice(6, 9)).toEqual([0.5, 0.2, 0.1]);
    t.advanceTo(103);
    const m = Array.from(t.miss.model).slice(6, 9);
    expect(m[0]).toBeCloseTo(0.5 + 0.001 * 0.5, 12);
    expect(m[1]).toBeCloseTo(0.2 - 0.001 * 0.8, 12);
    expect(m[2]).toBeCloseTo(0.1 - 0.001 * 0.9, 12);
    expect(t.miss.naive[6]).toBeCloseTo(0.5 - 0.001 * 0.5, 12);
    // Other horizons are untouched.
    expect(Array.from(t.miss.model).slice(0, 6)).toEqual([0.5, 0.2, 0.1, 0.5, 0.2, 0.1]);
    const snap = t.snapshot((bar) => 1_000 * bar, 1);
    expect(snap.updates).toBe(1);
    expect(snap.asOf).toBe(103_000);
    expect(snap.lastOrigin).toBe(100_000);
    expect(snap.pending).toEqual([]);
  });

  it('keep outcomes due after their last origin pending, and fold them in at a forecast from their bar on', () => {
    const t = new AdaptiveLevelTracker(nominalLevels(3), (time) => time, GAMMA);
    t.record(100, 2, [false, true, false], [false, false, false]); // outcome bar 103
    t.record(101, 0, [false, false, false], [false, false, false]); // outcome bar 102
    const snap = t.snapshot((bar) => 1_000 * bar, 1);
    expect(snap.lastOrigin).toBe(101_000);
    expect(snap.asOf).toBe(103_000);
    expect(snap.updates).toBe(0);
    expect(snap.pending).toEqual([{ time: 102_000, h: 0, bits: 0 }, { time: 103_000, h: 2, bits: 2 }]);
    const at102 = missAt([snap], 102_000, GAMMA);
    expect(at102.model[1]).toBeCloseTo(0.2 + 0.001 * 0.2, 12);
    expect(at102.model[7]).toBe(0.2);
    expect(missAt([snap], 103_000, GAMMA).model[7]).toBeCloseTo(0.2 - 0.001 * 0.8, 12);
  });

  it('read each horizon from the set of levels that governs it', () => {
    const short = { ...nominalLevels(2), model: [0.4, 0.1, 0.05, 0.45, 0.15, 0.08], naive: [0.5, 0.2, 0.1, 0.5, 0.2, 0.1] };
    const medium = { ...nominalLevels(4, 2), model: [9, 9, 9, 9, 9, 9, 0.3, 0.3, 0.3, 0.6, 0.25, 0.2] };
    const miss = missAt([short, medium], 0, GAMMA);
    expect(Array.from(miss.model)).toEqual([0.4, 0.1, 0.05, 0.45, 0.15, 0.08, 0.3, 0.3, 0.3, 0.6, 0.25, 0.2]);
    expect(Array.from(miss.naive)).toEqual(nominalLevels(4).naive);
  });

  it('read the residual grid at the adapted levels, nested, and exactly the fixed quantiles at nominal', () => {
    // z(p) = 10 (p - 0.5): a grid whose value at any level is known by hand.
    const grid = Z_GRID_LEVELS.map((p) => 10 * (p - 0.5));
    expect(zAtLevel(grid, 0.05)).toBeCloseTo(-4.5, 12);
    expect(zAtLevel(grid, 0.0625)).toBeCloseTo(-4.375, 12);
    expect(zAtLevel(grid, 0.001)).toBeCloseTo(10 * (Z_GRID_LEVELS[0] - 0.5), 12);
    const nominal = adaptedQuantiles(grid, [0.5, 0.2, 0.1], 0);
    [-4.5, -4, -2.5, 0, 2.5, 4, 4.5].forEach((z, q) => expect(nominal[q]).toBeCloseTo(z, 12));
    // An 80% band missing too often reaches the 6.25% and 93.75% quantiles; the 90% band may not be narrower.
    const wide = adaptedQuantiles(grid, [0.5, 0.125, 0.15], 0);
    expect(wide[1]).toBeCloseTo(-4.375, 12);
    expect(wide[0]).toBeCloseTo(-4.375, 12);
    expect(wide[6]).toBeCloseTo(4.375, 12);
  });
});

/** The standard normal quantile: bisection on the CDF, integrated by Simpson's rule (independent of the product). */
function normalQuantile(p: number): number {
  const cdf = (x: number) => {
    const n = 2000;
    const a = -8;
    const h = (x - a) / n;
    let s = 0;
    for (let i = 0; i <= n; i++) {
      const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
      const u = a + i * h;
      s += w * Math.exp(-u * u / 2);
    }
    return (s * h) / 3 / Math.sqrt(2 * Math.PI);
  };
  let lo = -8;
  let hi = 8;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * A one-horizon run of `origins` forecasts one bar apart: flat median, naive ranges (scale = sigma = 0.01), outcomes
 * N(0, (0.01 x spread)^2) where the calibration fold saw spread 1.
 */
function driftedRun(origins: number, spread: number, seed: number): MultiStepRun {
  const rand = seededRandom(seed);
  const f = (v = 0) => new Float64Array(origins).fill(v);
  const actual = f();
  for (let o = 0; o < origins; o++) {
    const u = 1 - rand();
    const v = rand();
    actual[o] = 0.01 * spread * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return {
    origins, horizons: 1, predicted: f(), actual, sigma: f(0.01), spacing: 1, candidateRange: f(0.02), rangeLevel: f(0.02),
    originIndex: Int32Array.from({ length: origins }, (_, o) => 1000 + o), actualRange: f(0.02), naiveRange: f(0.02),
    originClose: f(100), rawClose: f(100), rawOpen: f(100), rawHigh: f(100), rawLow: f(100), originsDroppedForGaps: 0,
  };
}

describe('online band levels on a test fold whose spread drifted from the calibration fold', () => {
  const grid = Z_GRID_LEVELS.map(normalQuantile);
  const fixedZ = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95].map(normalQuantile);
  const calib: ForecastCalibration = { ...calibrationOf([0]), zq: [fixedZ], zqNaive: [fixedZ], zGrid: [grid], zGridNaive: [grid] };
  const fixedOnly: ForecastCalibration = { ...calib, zGrid: undefined, zGridNaive: undefined };
  const run = driftedRun(30_000, 1.3, 7);

  it('fixed levels cover what the drift leaves (P(|Z| < 1.2816 / 1.3) = 67.6%); adapted levels recover 80%', () => {
    const fixed = reportWithLevels(run, fixedOnly, { maseScale: 0.01 }).report.horizons[0];
    expect(fixed.coverage_80).toBeGreaterThan(0.66);
    expect(fixed.coverage_80).toBeLessThan(0.69);
    const { report, levels } = reportWithLevels(run, calib, { maseScale: 0.01 });
    const h = report.horizons[0];
    expect(h.coverage_80).toBeGreaterThan(0.77);
    expect(h.coverage_80).toBeLessThan(0.81);
    expect(h.coverage_50).toBeGreaterThan(0.47);
    expect(h.coverage_90).toBeGreaterThan(0.87);
    // The 80% band that covers 80% of N(0, 1.3^2) reaches 1.3 x 1.2816 = 1.666 sd: a miss rate of 2 (1 - Phi(1.666)) = 0.096.
    expect(levels.model[1]).toBeGreaterThan(0.07);
    expect(levels.model[1]).toBeLessThan(0.12);
    // The naive band, calibrated the same way, adapts the same way (same scale here): the comparison stays fair.
    expect(levels.naive[1]).toBeCloseTo(levels.model[1], 12);
    expect(h.interval_skill).toBeCloseTo(0, 12);
    // Every outcome is known; the last origin's comes after it, so it waits, pending, for the next forecast.
    expect(levels.updates).toBe(29_999);
    expect(levels.pending).toEqual([{ time: 1000 + 30_000, h: 0, bits: levels.pending[0].bits }]);
  });

  it('no drift: the levels stay near nominal and coverage stays at 80%', () => {
    const { report, levels } = reportWithLevels(driftedRun(30_000, 1, 8), calib, { maseScale: 0.01 });
    expect(report.horizons[0].coverage_80).toBeGreaterThan(0.78);
    expect(report.horizons[0].coverage_80).toBeLessThan(0.82);
    expect(Math.abs(levels.model[1] - 0.2)).toBeLessThan(0.04);
  });
});
