/**
 * Pure conversions from Candlecast's candles and forecasts to lightweight-charts data.
 * Times become UTC seconds, the chart library's unit.
 */
import type { CandlestickData, HistogramData, UTCTimestamp } from 'lightweight-charts';
import type { Candle } from '../../../core/data/candles';
import type { Forecast } from '../../../core/predictors/types';
import { THEME } from './theme';

/** A point of the close interval band. */
export interface BandPoint {
  readonly time: UTCTimestamp;
  readonly lower: number;
  readonly upper: number;
}

/** Milliseconds since the epoch to the chart's UTC seconds. */
export function toChartTime(ms: number): UTCTimestamp {
  return Math.floor(ms / 1000) as UTCTimestamp;
}

/** History candles for a candlestick series. */
export function historyCandles(candles: readonly Candle[]): CandlestickData<UTCTimestamp>[] {
  return candles.map((c) => ({ time: toChartTime(c.time), open: c.open, high: c.high, low: c.low, close: c.close }));
}

/** Volume bars, coloured by the candle's direction. */
export function volumeBars(candles: readonly Candle[]): HistogramData<UTCTimestamp>[] {
  return candles.map((c) => ({
    time: toChartTime(c.time),
    value: c.volume,
    color: c.close >= c.open ? THEME.volumeUp : THEME.volumeDown,
  }));
}

/** Forecast candles, one per step, all after the forecast's last real bar. */
export function forecastCandles(forecast: Forecast): CandlestickData<UTCTimestamp>[] {
  return forecast.predictions.map((p) => ({
    time: toChartTime(Date.parse(p.timestamp)),
    open: p.predicted_open,
    high: p.predicted_high,
    low: p.predicted_low,
    close: p.predicted_close,
  }));
}

/** The 80% interval of the close, one point per step (the saved-forecast overlay draws only this band). */
export function forecastBand(forecast: Forecast): BandPoint[] {
  return forecast.predictions.map((p) => ({
    time: toChartTime(Date.parse(p.timestamp)),
    lower: p.close_lower_80,
    upper: p.close_upper_80,
  }));
}

/** The fan: the 90%, 80% and 50% intervals of the close (widest first), one point per step each. */
export function forecastFan(forecast: Forecast): readonly BandPoint[][] {
  const at = (p: Forecast['predictions'][number]) => toChartTime(Date.parse(p.timestamp));
  return [
    forecast.predictions.map((p) => ({ time: at(p), lower: p.close_lower_90 ?? p.close_lower_80, upper: p.close_upper_90 ?? p.close_upper_80 })),
    forecast.predictions.map((p) => ({ time: at(p), lower: p.close_lower_80, upper: p.close_upper_80 })),
    forecast.predictions.map((p) => ({ time: at(p), lower: p.close_lower_50 ?? p.close_lower_80, upper: p.close_upper_50 ?? p.close_upper_80 })),
  ];
}

/** Chart time of the forecast's last real bar (where the start line is drawn). */
export function forecastStartTime(forecast: Forecast): UTCTimestamp {
  return toChartTime(Date.parse(forecast.last_bar_time));
}
