// The service's live feeds: one poller per watched market, shared by everyone watching it (app windows through
// leased watches, SSE connections and `candlecast watch` while they stay open), announcing bars and states as
// contract events. A feed stops when its last watcher leaves.
import { randomUUID } from 'node:crypto';
import type { EventPayload } from '../api/contract';
import type { Candle, SeriesKey } from '../data/candles';
import type { EventBus } from '../service/eventBus';
import type { Clock } from './clock';
import { startMarketPoller, type LiveSource, type LiveStatus, type LiveTiming, type MarketPoller } from './poller';

/** A feed's state as the contract's `liveStatus` event carries it. */
export type LiveStatusPayload = EventPayload<'liveStatus'>;

/** What creates the feeds. */
export interface LiveFeedsOptions {
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly source: LiveSource;
  /** Poll timing per market (e.g. a grace after the close for exchanges). */
  timingFor(key: SeriesKey): LiveTiming;
  /** After a poll brought closed bars: the newest one, and the rolling models its watchers asked for. */
  onClosedBars?(key: SeriesKey, newest: Candle, rollingModels: readonly string[]): void;
}

/** A watch's options. */
export interface WatchOptions {
  /** Renew this watch (a new id is made when it is unknown or missing). */
  readonly watchId?: string;
  /** The watch ends this long after its last renewal; none for a hold that ends by its release function. */
  readonly leaseMs?: number;
  /** Refresh this model's forecast after every closed bar. */
  readonly rollingModel?: string;
}

/** The live feeds of a service. */
export interface LiveFeeds {
  /** Starts or renews a watch of a market; its feed runs while any watch of it lasts. */
  watch(key: SeriesKey, opts?: WatchOptions): { watchId: string; status: LiveStatusPayload };
  /** Ends a watch; false when it was not known (already expired). */
  unwatch(watchId: string): boolean;
  /** The states of the feeds running now. */
  statuses(): LiveStatusPayload[];
  /** Stops every feed. */
  close(): void;
}

interface Holder {
  readonly rollingModel?: string;
  timer?: ReturnType<typeof setTimeout>;
}

interface Feed {
  readonly key: SeriesKey;
  readonly poller: MarketPoller;
  readonly holders: Map<string, Holder>;
  newestClosed: Candle | null;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** The id of a market: `exchange|symbol|timeframe`. */
export function marketId(key: SeriesKey): string {
  return `${key.exchange}|${key.symbol}|${key.timeframe}`;
}

/** Creates the live feeds over a source; leases run on wall-clock time, polls on `clock`. */
export function createLiveFeeds(opts: LiveFeedsOptions): LiveFeeds {
  const feeds = new Map<string, Feed>();
  const watchOf = new Map<string, string>();

  const payload = (s: LiveStatus, watchers: number): LiveStatusPayload => ({
    exchange: s.key.exchange, symbol: s.key.symbol, timeframe: s.key.timeframe, state: s.state,
    last_update: iso(s.lastUpdate), last_bar: iso(s.lastBar), error: s.error, next_poll_at: iso(s.nextPollAt), watchers,
  });

  function start(key: SeriesKey): Feed {
    const feed: Feed = { key, holders: new Map(), newestClosed: null, poller: undefined as unknown as MarketPoller };
    (feed as { poller: MarketPoller }).poller = startMarketPoller(key, opts.source, opts.clock, {
      onBar(candle, closed) {
        if (closed) feed.newestClosed = candle;
        opts.bus.emit('candle', { ...key, candle, closed });
      },
      onStatus(s) {
        opts.bus.emit('liveStatus', payload(s, feed.holders.size));
        const newest = feed.newestClosed;
        feed.newestClosed = null;
        if (newest && opts.onClosedBars) {
          const models = [...new Set([...feed.holders.values()].map((h) => h.rollingModel).filter((m): m is string => !!m))];
          opts.onClosedBars(key, newest, models);
        }
      },
    }, { timing: opts.timingFor(key) });
    feeds.set(marketId(key), feed);
    return feed;
  }

  function release(watchId: string): boolean {
    const id = watchOf.get(watchId);
    const feed = id ? feeds.get(id) : undefined;
    watchOf.delete(watchId);
    if (!feed) return false;
    const holder = feed.holders.get(watchId);
    if (holder?.timer) clearTimeout(holder.timer);
    feed.holders.delete(watchId);
    if (feed.holders.size === 0) {
      feed.poller.stop();
      feeds.delete(marketId(feed.key));
      opts.bus.emit('liveStatus', payload({ ...feed.poller.status(), state: 'paused', error: 'no one is watching this market', nextPollAt: null }, 0));
    }
    return true;
  }

  return {
    watch(key, w = {}) {
      const id = marketId(key);
      let watchId = w.watchId;
      if (watchId && watchOf.get(watchId) !== id) {
        if (watchOf.has(watchId)) release(watchId);
      }
      watchId ??= randomUUID();
      const feed = feeds.get(id) ?? start(key);
      const old = feed.holders.get(watchId);
      if (old?.timer) clearTimeout(old.timer);
      const holder: Holder = { rollingModel: w.rollingModel };
      if (w.leaseMs !== undefined) {
        const wid = watchId;
        holder.timer = setTimeout(() => release(wid), w.leaseMs);
        holder.timer.unref?.();
      }
      feed.holders.set(watchId, holder);
      watchOf.set(watchId, id);
      return { watchId, status: payload(feed.poller.status(), feed.holders.size) };
    },
    unwatch: release,
    statuses: () => [...feeds.values()].map((f) => payload(f.poller.status(), f.holders.size)),
    close() {
      for (const f of feeds.values()) {
        f.poller.stop();
        for (const h of f.holders.values()) if (h.timer) clearTimeout(h.timer);
      }
      feeds.clear();
      watchOf.clear();
    },
  };
}
