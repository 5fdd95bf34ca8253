import type { HorizonCalibration } from '../evaluation/calibration';
import type { RawPath } from './forecastLoop';

/** The forecast as shown: calibrated candles, the 80% close band and the per-step confidence. */
export interface ShapedForecast {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** ln(close / origin close) after calibration. */
  readonly cumReturn: Float64Array;
  readonly lower80: Float64Array;
  readonly upper80: Float64Array;
  readonly confidence: Float64Array;
}

const at = (xs: readonly number[], h: number) => xs[Math.min(h, xs.length - 1)];

/**
 * Turns the raw recursive path into the forecast a trader sees. The cumulative close return at each horizon is
 * shrunk by the validation-fitted factor (toward the naive forecast where the model had no skill); each candle keeps
 * the raw model's open gap and wick ratios around that path, so every candle stays valid. The band is the
 * volatility-scaled conformal quantiles times the realised volatility at the origin.
 */
export function shapeForecast(raw: RawPath, originClose: number, calib: HorizonCalibration, sigma: number): ShapedForecast {
  const n = raw.steps;
  const out = {
    open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n),
    cumReturn: new Float64Array(n), lower80: new Float64Array(n), upper80: new Float64Array(n), confidence: new Float64Array(n),
  };
  const s = Number.isFinite(sigma) && sigma > 0 ? sigma : 0;
  let prevRawClose = originClose;
  let prevClose = originClose;
  for (let h = 0; h < n; h++) {
    const cum = at(calib.shrink, h) * raw.cumReturn[h];
    const c = originClose * Math.exp(cum);
    const o = prevClose * (raw.open[h] / prevRawClose);
    const rawTop = Math.max(raw.open[h], raw.close[h]);
    const rawBottom = Math.min(raw.open[h], raw.close[h]);
    out.open[h] = o;
    out.close[h] = c;
    out.high[h] = Math.max(o, c) * (raw.high[h] / rawTop);
    out.low[h] = Math.min(o, c) * (raw.low[h] / rawBottom);
    out.cumReturn[h] = cum;
    const lo = Math.min(at(calib.q10, h), at(calib.q90, h));
    const hi = Math.max(at(calib.q10, h), at(calib.q90, h));
    out.lower80[h] = originClose * Math.exp(cum + lo * s);
    out.upper80[h] = originClose * Math.exp(cum + hi * s);
    out.confidence[h] = at(calib.hitRate, h);
    prevRawClose = raw.close[h];
    prevClose = c;
  }
  return out;
}
