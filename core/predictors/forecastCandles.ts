import { adaptedQuantiles, type BandMiss } from '../evaluation/adaptiveBands';
import { QUANTILE_LEVELS, type ForecastCalibration } from '../evaluation/calibration';
import { plattProbability } from '../evaluation/direction';
import type { RawPath } from './forecastLoop';

/** The forecast as shown: candles around the median path, the close quantiles, direction odds and ranges. */
export interface ShapedForecast {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  /** The median close. */
  readonly close: Float64Array;
  /** ln(median close / origin close). */
  readonly cumReturn: Float64Array;
  /** Close price at each of QUANTILE_LEVELS (row per level). */
  readonly quantiles: readonly Float64Array[];
  /** Calibrated P(close at this step > origin close). */
  readonly pUp: Float64Array;
  /** Forecast ln(high / low) of each candle (the shipped range forecaster's). */
  readonly range: Float64Array;
  /** Scale of the distribution at each step: bandScale of the range forecasts. */
  readonly scale: Float64Array<ArrayBufferLike>;
}

const at = <T>(xs: readonly T[], h: number): T => xs[Math.min(h, xs.length - 1)];

/** Calibrated P(up) at step h for a standardised raw drift x (the base rate when direction fell back). */
export function pUpAt(calib: ForecastCalibration, h: number, x: number): number {
  const b = at(calib.plattB, h);
  // Without a drift signal (or after a fallback) the odds are exactly the Brier benchmark's base rate.
  if (calib.fallback.direction || b === 0) return Math.min(1 - 1e-6, Math.max(1e-6, at(calib.baseRate, h)));
  return plattProbability({ a: at(calib.plattA, h), b }, x);
}

/**
 * The distribution's scale at each step: the trailing realised volatility `sigma` x sqrt of the running sum of the
 * squared range forecasts over the trailing mean range `level` (how much bigger than of late the coming candles are
 * forecast to be). With flat forecasts at the trailing level it is the naive sigma x sqrt(h); without sigma or level,
 * the plain root of summed squared ranges.
 */
export function bandScale(range: ArrayLike<number>, sigma: number, level: number, out: Float64Array<ArrayBufferLike> = new Float64Array(range.length)): Float64Array<ArrayBufferLike> {
  cumulativeScale(range, out);
  const k = sigma > 0 && level > 0 ? sigma / level : 1;
  for (let h = 0; h < out.length; h++) out[h] *= k;
  return out;
}

/** sqrt of the running sum of squared ranges. */
export function cumulativeScale(range: ArrayLike<number>, out: Float64Array<ArrayBufferLike> = new Float64Array(range.length)): Float64Array<ArrayBufferLike> {
  let v = 0;
  for (let h = 0; h < range.length; h++) {
    v += range[h] * range[h];
    out[h] = Math.sqrt(v);
  }
  return out;
}

/**
 * The standardised quantiles of step h: at the adapted levels `miss` where h adapts and the calibration kept its
 * residual grid (adaptiveBands.ts), else the fixed calibrated quantiles.
 */
export function stepQuantiles(calib: ForecastCalibration, h: number, naive: boolean, miss?: BandMiss): readonly number[] {
  const grid = naive ? calib.zGridNaive : calib.zGrid;
  const m = miss && (naive ? miss.naive : miss.model);
  if (m && grid && h < grid.length && h * 3 + 2 < m.length) return adaptedQuantiles(grid[h], m, h);
  return at(naive ? calib.zqNaive : calib.zq, h);
}

/**
 * Turns the raw recursive path and the range forecast into what a trader sees. The median cumulative return is the
 * raw one times the calibration-fold shrinkage (0 unless significant: then the median is the last price). Each
 * quantile is the median plus the calibrated standardised quantile times the scale (bandScale), which follows the
 * forecast candle sizes (current volatility and the clock of every target bar); its distance from the median never
 * shrinks from one step to the next (a running maximum), since the price's spread at step h + 1 holds its spread at
 * step h: noise in per-horizon calibration must not narrow the fan. Each candle keeps the raw model's open gap; its
 * high-low span is the forecast range (at least its body), split above and below the body in the raw wicks'
 * proportions. P(up) is the Platt map of the raw drift over the trailing realised volatility `sigma` x sqrt(h).
 * Components that fell back show their benchmark: the last price, the base rate, the naive mean range, and the
 * naive band (sigma x sqrt(h) with its own calibrated quantiles) when the band or the ranges fell back. With `miss`,
 * the adaptive horizons' bands are drawn at those adapted levels (stepQuantiles).
 */
export function shapeForecast(raw: RawPath, originClose: number, calib: ForecastCalibration, range: Float64Array<ArrayBufferLike>, sigma: number, rangeLevel = 0, miss?: BandMiss): ShapedForecast {
  const n = raw.steps;
  const f = () => new Float64Array(n);
  const out = {
    open: f(), high: f(), low: f(), close: f(), cumReturn: f(), pUp: f(), range: Float64Array.from(range.subarray(0, n)),
    scale: bandScale(range.subarray(0, n), sigma, rangeLevel), quantiles: QUANTILE_LEVELS.map(f),
  };
  const fb = calib.fallback;
  const naiveBand = fb.band || fb.range;
  const vol = Number.isFinite(sigma) && sigma > 0 ? sigma : 0;
  let prevRawClose = originClose;
  let prevClose = originClose;
  // Each quantile's distance from the median so far (log space): the band never narrows from one step to the next.
  const spread = new Float64Array(QUANTILE_LEVELS.length);
  for (let h = 0; h < n; h++) {
    const cum = fb.close ? 0 : at(calib.shrink, h) * raw.cumReturn[h];
    const c = originClose * Math.exp(cum);
    const o = prevClose * (raw.open[h] / prevRawClose);
    const rawTop = Math.max(raw.open[h], raw.close[h]);
    const rawBottom = Math.min(raw.open[h], raw.close[h]);
    const up = Math.max(0, Math.log(raw.high[h] / rawTop));
    const down = Math.max(0, Math.log(rawBottom / raw.low[h]));
    const share = up + down > 0 ? up / (up + down) : 0.5;
    const body = Math.abs(Math.log(c / o));
    const wick = Math.max(0, out.range[h] - body);
    out.open[h] = o;
    out.close[h] = c;
    out.high[h] = Math.max(o, c) * Math.exp(wick * share);
    out.low[h] = Math.min(o, c) * Math.exp(-wick * (1 - share));
    out.cumReturn[h] = cum;
    const naiveScale = vol * Math.sqrt(h + 1);
    const s = naiveBand ? naiveScale : out.scale[h];
    const zq = stepQuantiles(calib, h, naiveBand, miss);
    for (let q = 0; q < QUANTILE_LEVELS.length; q++) {
      const d = zq[q] * s;
      spread[q] = d >= 0 ? Math.max(spread[q], d) : Math.min(spread[q], d);
      out.quantiles[q][h] = originClose * Math.exp(cum + spread[q]);
    }
    out.pUp[h] = pUpAt(calib, h, naiveScale > 0 ? raw.cumReturn[h] / naiveScale : 0);
    prevRawClose = raw.close[h];
    prevClose = c;
  }
  return out;
}
