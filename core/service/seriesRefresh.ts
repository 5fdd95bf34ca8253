import { barOpenTime, timeframeMs, type SeriesKey } from '../data/candles';
import { demoCandles, demoSeed } from '../data/demoMarket';
import type { CandleStore } from '../data/store';
import type { RefreshResult } from './forecastProtocol';

const DAY_MS = 86_400_000;

/**
 * Brings a series up to date and makes sure it covers `days` back from now.
 * TEMPORARY: demo market only, until core/data's ensureCandles lands; other sources report what is stored.
 */
export async function refreshSeries(store: CandleStore, key: SeriesKey, days: number): Promise<RefreshResult> {
  const seed = demoSeed(key.exchange);
  if (seed !== undefined) {
    const tfMs = timeframeMs(key.timeframe);
    const lastClosed = barOpenTime(Date.now(), key.timeframe) - tfMs;
    const start = barOpenTime(lastClosed - days * DAY_MS + tfMs, key.timeframe);
    const info = store.info(key);
    if (!info) {
      store.write(key, demoCandles(key.symbol, key.timeframe, start, lastClosed, seed));
    } else {
      if (start < info.first) store.write(key, demoCandles(key.symbol, key.timeframe, start, info.first - tfMs, seed));
      if (lastClosed > info.last) store.write(key, demoCandles(key.symbol, key.timeframe, info.last + tfMs, lastClosed, seed));
    }
  }
  const info = store.info(key);
  return { newest: info?.last ?? null, bars: info?.rows ?? 0, stale: seed === undefined && key.exchange !== 'csv' };
}
