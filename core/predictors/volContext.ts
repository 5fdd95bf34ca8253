// Causal volatility context of a series for the candle-range forecasters: per-bar log ranges, prefix sums for
// trailing means at any window, and the clock profiles (how big candles are at each time of day / week, refitted
// every day or week on the year or so before it).

import { clockProfiles, logRange, type ClockProfiles } from './clockProfiles';

export { referenceWindow, slotCount, slotOf } from './clock';

/** The candle columns the range forecasters read. */
export interface RangeColumns {
  readonly length: number;
  readonly time: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
}

/** Trailing windows (bars) of the range means, short to long. */
export const RANGE_WINDOWS = [1, 5, 20, 60, 240] as const;

/** Per-bar series and their prefix sums (index i holds the sum of bars < i), and the series' clock profiles. */
export interface VolSeries {
  readonly length: number;
  readonly range: Float64Array;
  readonly pRange: Float64Array;
  readonly pAbsRet: Float64Array;
  readonly pVolume: Float64Array;
  readonly profiles: ClockProfiles;
}

/**
 * ln(high / low) per bar (0 for a flat or invalid bar) and |ln(C_i / C_{i-1})|, with prefix sums, and the rolling
 * clock profiles of the series for bars of `barMs`: `profiles` when given (a forecast's, recentClockProfiles), else
 * fitted over the whole series (clockProfiles).
 */
export function volSeries(c: RangeColumns, barMs: number, profiles?: ClockProfiles): VolSeries {
  const n = c.length;
  const range = new Float64Array(n);
  const pRange = new Float64Array(n + 1);
  const pAbsRet = new Float64Array(n + 1);
  const pVolume = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    range[i] = logRange(c.high[i], c.low[i]);
    const a = i > 0 && c.close[i - 1] > 0 && c.close[i] > 0 ? Math.abs(Math.log(c.close[i] / c.close[i - 1])) : 0;
    pRange[i + 1] = pRange[i] + range[i];
    pAbsRet[i + 1] = pAbsRet[i] + (Number.isFinite(a) ? a : 0);
    const v = c.volume[i];
    pVolume[i + 1] = pVolume[i] + (Number.isFinite(v) && v > 0 ? v : 0);
  }
  return { length: n, range, pRange, pAbsRet, pVolume, profiles: profiles ?? clockProfiles(c, range, pRange, barMs) };
}

/** Mean of a prefix-summed series over the `w` bars ending at `end` (inclusive), clipped to the series start. */
export function trailingMean(p: Float64Array, end: number, w: number): number {
  const start = Math.max(0, end - w + 1);
  return (p[end + 1] - p[start]) / (end + 1 - start);
}

