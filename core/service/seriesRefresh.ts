import { ensureCandles, isCcxtExchange, isDemoExchange, type CandleStore, type SeriesKey } from '../data';
import type { RefreshResult } from './forecastProtocol';

/**
 * Brings a series up to date from its source and makes it cover `days` back from now: demo bars are generated,
 * a ccxt exchange is asked for what is new (stale when unreachable). Store-only series (imported CSV files) are
 * left as they are: their history ends where the file ended.
 */
export async function refreshSeries(store: CandleStore, key: SeriesKey, days: number, signal?: AbortSignal): Promise<RefreshResult> {
  let stale = false;
  if (isDemoExchange(key.exchange) || (await isCcxtExchange(key.exchange))) {
    stale = (await ensureCandles(store, { ...key, days }, { signal })).stale;
  }
  const info = store.info(key);
  return { newest: info?.last ?? null, bars: info?.rows ?? 0, stale };
}
