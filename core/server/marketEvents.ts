import type { IncomingMessage } from 'node:http';
import type { ApiHandlers, EventName } from '../api/contract';
import { dispatch } from '../api/dispatch';
import type { EventFilter } from './eventStream';

/** Events about one market; a market-bound event stream gets only its own market's. */
const MARKET_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['candle', 'liveStatus', 'forecast']);

/** A watch held by an event stream: its filter, and the function that ends it. */
export interface StreamWatch {
  readonly accept: EventFilter;
  release(): void;
}

/** Re-leased well before the lease runs out, for as long as the stream stays open. */
const LEASE_S = 3600;

/**
 * `GET /api/events?exchange=E&symbol=S&timeframe=T`: watches that market for as long as the stream is open (the
 * query is checked like a watchMarket request, so a bad symbol is a 400 naming it), and narrows the stream's market
 * events (candle, liveStatus, forecast) to that market. Null without a market in the query.
 */
export async function watchForStream(api: ApiHandlers, query: URLSearchParams, req: IncomingMessage): Promise<StreamWatch | null> {
  if (!query.has('symbol') && !query.has('timeframe') && !query.has('exchange')) return null;
  const market = { exchange: query.get('exchange') ?? undefined, symbol: query.get('symbol') ?? '', timeframe: query.get('timeframe') ?? '' };
  let watch = await dispatch(api, 'watchMarket', { ...market, lease_s: LEASE_S });
  const renew = setInterval(() => {
    void dispatch(api, 'watchMarket', { ...market, watch_id: watch.watch_id, lease_s: LEASE_S }).then((w) => (watch = w)).catch(() => undefined);
  }, (LEASE_S / 2) * 1000);
  renew.unref();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(renew);
    void api.unwatchMarket({ watch_id: watch.watch_id }).catch(() => undefined);
  };
  req.on('close', release);
  const { exchange, symbol, timeframe } = watch;
  return {
    accept: (event, payload) => {
      if (!MARKET_EVENTS.has(event)) return true;
      const p = payload as { exchange: string; symbol: string; timeframe: string };
      return p.exchange === exchange && p.symbol === symbol && p.timeframe === timeframe;
    },
    release,
  };
}
