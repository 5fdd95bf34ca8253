import { describe, expect, it } from 'vitest';
import type { ForecastCalibration } from '../../core/evaluation/calibration';
import { shapeForecast } from '../../core/predictors/forecastCandles';
import type { RawPath } from '../../core/predictors/forecastLoop';
import { calibrationOf } from './backtest-fixtures';

const CLOSE = 100;
/** A flat raw path of four steps. */
const raw: RawPath = {
  steps: 4,
  open: new Float64Array(4).fill(CLOSE), close: new Float64Array(4).fill(CLOSE), cumReturn: new Float64Array(4),
  high: new Float64Array(4).fill(CLOSE * 1.001), low: new Float64Array(4).fill(CLOSE / 1.001),
};
// Standardised quantiles (5, 10, 25, 50, 75, 90, 95%) per horizon; the second is narrower, as a small calibration
// fold's noise can make it.
const zq = [
  [-2, -1.5, -0.7, 0, 0.7, 1.5, 2],
  [-1, -0.8, -0.3, 0, 0.3, 0.8, 1],
  [-2, -1.5, -0.7, 0, 0.7, 1.5, 2],
  [-2, -1.5, -0.7, 0, 0.7, 1.5, 2],
];
// Equal range forecasts with sigma / level = 0.1: the scale at step h is 0.001 x sqrt(h).
const ranges = () => new Float64Array(4).fill(0.01);

describe('the forecast fan', () => {
  it('never narrows from one step to the next, whatever the per-horizon calibration says', () => {
    const calib: ForecastCalibration = { ...calibrationOf([0, 0, 0, 0]), zq, zqNaive: zq };
    const shown = shapeForecast(raw, CLOSE, calib, ranges(), 0.001, 0.01);
    const upper80 = shown.quantiles[5];
    const lower80 = shown.quantiles[1];
    // Step 1: 1.5 x 0.001. Step 2 would be 0.8 x 0.001 x sqrt(2) = 0.00113: it keeps step 1's. Step 3: 1.5 x 0.001 x sqrt(3).
    expect(upper80[0]).toBeCloseTo(CLOSE * Math.exp(0.0015), 10);
    expect(upper80[1]).toBeCloseTo(CLOSE * Math.exp(0.0015), 10);
    expect(upper80[2]).toBeCloseTo(CLOSE * Math.exp(0.0015 * Math.sqrt(3)), 10);
    expect(lower80[1]).toBeCloseTo(CLOSE * Math.exp(-0.0015), 10);
    expect(shown.quantiles[3][1]).toBe(CLOSE);
    // The 50% band: 0.7 x 0.001 at step 1 beats 0.3 x 0.001 x sqrt(2) at step 2.
    expect(shown.quantiles[4][1]).toBeCloseTo(CLOSE * Math.exp(0.0007), 10);
  });

  it('holds for the naive band a fallback ships too', () => {
    const calib: ForecastCalibration = { ...calibrationOf([0, 0, 0, 0]), zq, zqNaive: zq, fallback: { close: true, direction: false, band: true, range: false } };
    // Naive scale: sigma x sqrt(h) = 0.002 x sqrt(h).
    const shown = shapeForecast(raw, CLOSE, calib, ranges(), 0.002, 0.01);
    expect(shown.quantiles[6][0]).toBeCloseTo(CLOSE * Math.exp(0.004), 10);
    expect(shown.quantiles[6][1]).toBeCloseTo(CLOSE * Math.exp(0.004), 10);
    expect(shown.quantiles[6][3]).toBeCloseTo(CLOSE * Math.exp(0.008), 10);
  });
});
