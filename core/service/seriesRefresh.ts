import {
  ensureCandles, ExchangeUnreachableError, isCcxtExchange, isDemoExchange, type CandleStore, type CcxtConnection, type RefusedBar, type SeriesKey,
} from '../data';
import type { RefreshResult } from './forecastProtocol';

/**
 * Brings a series up to date from its source and makes it cover `days` back from now: demo bars are generated,
 * a ccxt exchange is asked for what is new (stale when unreachable). Store-only series (imported CSV files) are
 * left as they are: their history ends where the file ended.
 */
export async function refreshSeries(
  store: CandleStore, key: SeriesKey, days: number, opts: { signal?: AbortSignal; ccxt?: CcxtConnection } = {},
): Promise<RefreshResult> {
  let stale = false;
  let refused: readonly RefusedBar[] = [];
  if (isDemoExchange(key.exchange) || (await isCcxtExchange(key.exchange))) {
    try {
      const got = await ensureCandles(store, { ...key, days }, { signal: opts.signal, ccxt: opts.ccxt });
      stale = got.stale;
      refused = got.refused;
    } catch (err) {
      // Unreachable with candles stored, but none in the requested window: still work from what is stored.
      if (!(err instanceof ExchangeUnreachableError) || !store.info(key)) throw err;
      stale = true;
    }
  }
  const info = store.info(key);
  return { newest: info?.last ?? null, bars: info?.rows ?? 0, stale, refused };
}
