import type { ForecastStep } from '../predictors/types';

/** The columns of an exported forecast, in order: the seed's, then the distribution, P(up) and the candle range. */
export const FORECAST_CSV_COLUMNS = [
  'step', 'timestamp', 'predicted_open', 'predicted_high', 'predicted_low', 'predicted_close',
  'predicted_return', 'close_lower_80', 'close_upper_80', 'confidence',
  'close_lower_50', 'close_upper_50', 'close_lower_90', 'close_upper_90', 'p_up', 'predicted_range',
] as const satisfies readonly (keyof ForecastStep)[];

/** A forecast as CSV text: a header, then one row per step (numbers at full precision). */
export function forecastToCsv(steps: readonly ForecastStep[]): string {
  const lines = [FORECAST_CSV_COLUMNS.join(',')];
  for (const s of steps) lines.push(FORECAST_CSV_COLUMNS.map((c) => String(s[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** A file name for a forecast export: `BTC_USDT_1m_<last bar time>_forecast.csv`, safe on every file system. */
export function forecastCsvFileName(symbol: string, timeframe: string, lastBarTime: string): string {
  const stamp = lastBarTime.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${symbol.replace(/[^A-Za-z0-9]+/g, '_')}_${timeframe}_${stamp}_forecast.csv`.replace(/[^A-Za-z0-9_.-]/g, '_');
}
