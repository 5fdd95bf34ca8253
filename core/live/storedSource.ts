// The live source behind the service: each poll brings the candle store up to the last closed bar (the store stays
// the one source of truth, so a gap left by sleep or a network outage is fetched by the next poll), reads back the
// bars that are new, and finds the bar still forming.
import {
  barOpenTime, lastClosedBarOpen, timeframeMs, type Candle, type CandleColumns, type SeriesKey,
} from '../data/candles';
import { exchangeFor, ExchangeUnreachableError, isCcxtExchange, type CcxtConnection, type OhlcvRow } from '../data/ccxtSource';
import { demoCandles, demoSeed } from '../data/demoMarket';
import { ensureCandles } from '../data/marketData';
import type { CandleStore } from '../data/store';
import type { LivePollResult } from './poller';

/** Bars fetched for a series with nothing stored yet. */
const FIRST_POLL_BARS = 1000;
/** The longest gap one poll fills (a longer outage keeps its hole: the series is re-fetched by a refresh). */
export const MAX_GAP_BARS = 50_000;
/** Closed bars one poll returns at most (the newest ones). */
export const MAX_EMITTED_BARS = 2_000;

/** How long a poll waits, in wall-clock time, for another connection's write to the store (a long import or refresh). */
const BUSY_WAIT_MS = 120_000;

/** Whether an error is SQLite saying another connection holds the write lock. */
function isBusy(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'SQLITE_BUSY' || /database is locked/.test(e?.message ?? '');
}

/**
 * Runs a store write, waiting while another connection holds the lock (a refresh writing a month of bars, an import):
 * that is local contention, not an unreachable source, so it must not turn the feed offline.
 */
async function whenStoreFree<T>(write: () => Promise<T>): Promise<T> {
  const until = Date.now() + BUSY_WAIT_MS;
  for (let wait = 50; ; wait = Math.min(1000, wait * 2)) {
    try {
      return await write();
    } catch (err) {
      if (!isBusy(err) || Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Options of a stored-source poll. */
export interface StoredPollOptions {
  /** How to reach the exchange (URL overrides); retries are the feed's business, so none here. */
  readonly ccxt?: CcxtConnection;
}

function toCandles(c: CandleColumns, from: number): Candle[] {
  const out: Candle[] = [];
  for (let i = Math.max(0, from); i < c.length; i++) {
    out.push({ time: c.time[i], open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] });
  }
  return out;
}

/** The final values of each demo market's bar in progress (generating one bar costs tens of ms; it is asked for every few seconds). */
const demoBarCache = new Map<string, { open: number; bar: CandleColumns }>();

/**
 * The demo market's bar in progress at `now`: its final values revealed in proportion to the time elapsed
 * (close moves from open toward the final close, wicks and volume grow), so it closes exactly as stored.
 */
export function demoFormingBar(key: SeriesKey, now: number, seed: number): Candle {
  const tfMs = timeframeMs(key.timeframe);
  const open = barOpenTime(now, key.timeframe);
  const id = `${key.exchange}|${key.symbol}|${key.timeframe}`;
  let cached = demoBarCache.get(id);
  if (!cached || cached.open !== open) demoBarCache.set(id, (cached = { open, bar: demoCandles(key.symbol, key.timeframe, open, open, seed) }));
  const bar = cached.bar;
  const f = Math.min(1, Math.max(0, (now - open) / tfMs));
  const o = bar.open[0];
  const close = Math.round((o + (bar.close[0] - o) * f) * 1e6) / 1e6;
  const top = Math.max(o, bar.close[0]);
  const bottom = Math.min(o, bar.close[0]);
  return {
    time: open, open: o, close,
    high: Math.max(o, close, Math.max(o, close) + (bar.high[0] - top) * f),
    low: Math.min(o, close, Math.min(o, close) - (bottom - bar.low[0]) * f),
    volume: Math.round(bar.volume[0] * f * 1e4) / 1e4,
  };
}

/** The exchange's bar in progress, or null when it has none yet; also the exchange's rate limit. */
async function ccxtFormingBar(key: SeriesKey, now: number, conn: CcxtConnection): Promise<{ bar: Candle | null; rateLimit: number }> {
  const ex = await exchangeFor(key.exchange, conn);
  const open = barOpenTime(now, key.timeframe);
  let rows: OhlcvRow[];
  try {
    rows = await ex.fetchOHLCV(key.symbol, key.timeframe, open, 2);
  } catch (err) {
    throw new ExchangeUnreachableError(`${key.exchange} ${key.symbol} ${key.timeframe} forming bar: ${(err as Error).message}`, { cause: err });
  }
  const r = rows.find((x) => Array.isArray(x) && x[0] === open && x.slice(1, 5).every((v) => Number.isFinite(v)));
  const bar = r ? { time: r[0], open: r[1], high: r[2], low: r[3], close: r[4], volume: Number.isFinite(r[5]) ? (r[5] as number) : 0 } : null;
  return { bar, rateLimit: typeof ex.rateLimit === 'number' ? ex.rateLimit : 0 };
}

/**
 * One poll of a market through the store: demo bars are generated up to the last bar closed by `now`, a ccxt
 * exchange is asked for the bars after the newest stored one (all of a gap, page by page), then the bar in
 * progress is read. Returns the closed bars after `after` (or after the newest bar stored before this poll).
 * Rejects with ExchangeUnreachableError when the exchange cannot be reached, and for a series with no live
 * source (an imported CSV file).
 */
export async function pollStoredMarket(store: CandleStore, key: SeriesKey, now: number, after: number | null,
  opts: StoredPollOptions = {}): Promise<LivePollResult> {
  const tfMs = timeframeMs(key.timeframe);
  const seed = demoSeed(key.exchange);
  const isCcxt = seed === undefined && (await isCcxtExchange(key.exchange));
  if (seed === undefined && !isCcxt) {
    throw new Error(`${key.exchange} ${key.symbol} ${key.timeframe} has no live source: imported series change only when you import again`);
  }
  const before = store.info(key)?.last ?? null;
  const lastClosed = lastClosedBarOpen(now, key.timeframe);
  const bars = before === null ? FIRST_POLL_BARS : Math.min(MAX_GAP_BARS, Math.max(1, Math.round((lastClosed - before) / tfMs)));
  if (before === null || lastClosed > before) {
    const r = await whenStoreFree(() => ensureCandles(store, { ...key, bars }, { now, ccxt: isCcxt ? { ...opts.ccxt, retries: 0 } : undefined }));
    if (r.stale) throw new ExchangeUnreachableError(r.error ?? `${key.exchange} could not be reached`);
  }
  let forming: Candle | null;
  let minIntervalMs = 0;
  if (seed !== undefined) forming = demoFormingBar(key, now, seed);
  else {
    const f = await ccxtFormingBar(key, now, opts.ccxt ?? {});
    forming = f.bar;
    minIntervalMs = f.rateLimit;
  }
  const newest = store.info(key)?.last ?? null;
  const since = after ?? before;
  let closed: Candle[] = [];
  if (newest !== null && since !== null && newest > since) {
    const from = Math.max(since + tfMs, newest - (MAX_EMITTED_BARS - 1) * tfMs);
    closed = toCandles(store.read(key, { from, to: newest }), 0);
  }
  return { closed, forming: forming && (newest === null || forming.time > newest) ? forming : null, newest, minIntervalMs };
}
