import { brokenCandleRule, type RefusedBar } from './barRules';
import {
  allocColumns, firstBarAtOrAfter, lastClosedBarOpen, normalizeSymbol, sliceColumns, timeframeMs,
  type CandleColumns, type Timeframe,
} from './candles';

/** How to reach an exchange through ccxt. Everything is optional: the defaults talk to the exchange itself. */
export interface CcxtConnection {
  /** Overrides of the exchange's API base URLs, e.g. `{ public: 'http://127.0.0.1:8080/api/v3' }` for binance. */
  readonly urls?: Readonly<Record<string, string>>;
  /** Markets in ccxt's form to start from, which skips loading them from the exchange (ccxt's `markets` option). */
  readonly markets?: Record<string, unknown>;
  /** Retries after a network error or HTTP 429 before giving up (default 3). */
  readonly retries?: number;
  /** Wait before the first retry in ms, doubled on each further one (default 1000). */
  readonly backoffMs?: number;
  /** Bars per request; default: the exchange's own maximum. */
  readonly pageLimit?: number;
  /** Request timeout in ms (default 15000). */
  readonly timeoutMs?: number;
}

/** Bars fetched so far and bars the requested span holds (an upper bound: exchanges have gaps). */
export interface FetchProgress {
  readonly fetched: number;
  readonly expected: number;
}

/** What to fetch: closed bars with open times from `since` to `until`, never past the last bar closed by `now`. */
export interface CcxtFetchRequest {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly since: number;
  /** Open time of the last bar wanted (default: the last closed bar). */
  readonly until?: number;
  /** The clock, in ms (default Date.now()). */
  readonly now?: number;
}

/** Callbacks and cancellation of a fetch, with the connection settings. */
export interface CcxtFetchOptions extends CcxtConnection {
  /** Receives each page of closed candles, oldest first, as soon as it arrives (e.g. to store it). */
  readonly onPage?: (candles: CandleColumns) => void;
  /** Called for each bar of a page that breaks a candle rule (high below the body, ...); it is not stored. */
  readonly onRefused?: (bar: RefusedBar) => void;
  readonly onProgress?: (progress: FetchProgress) => void;
  readonly signal?: AbortSignal;
}

/** What a fetch did. */
export interface CcxtFetchResult {
  readonly fetched: number;
  readonly pages: number;
  /** Open time of the newest bar received, if any. */
  readonly last?: number;
}

/** The exchange could not be reached (network errors or rate limiting outlasted the retries). */
export class ExchangeUnreachableError extends Error {
  override readonly name = 'ExchangeUnreachableError';
}

/** One row of ccxt's fetchOHLCV: time, open, high, low, close, volume. */
export type OhlcvRow = [number, number, number, number, number, number | undefined];

/** The part of a ccxt exchange instance Candlecast uses. */
export interface CcxtExchange {
  id: string;
  /** Least ms between requests (ccxt's own throttle). */
  rateLimit?: number;
  has: Record<string, unknown>;
  timeframes?: Record<string, unknown>;
  urls: { api: Record<string, unknown> | string };
  features?: Record<string, Record<string, unknown> | undefined>;
  markets?: Record<string, unknown>;
  loadMarkets(reload?: boolean): Promise<Record<string, unknown>>;
  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<OhlcvRow[]>;
}

interface CcxtModule {
  exchanges: string[];
  NetworkError: new (...args: unknown[]) => Error;
  [id: string]: unknown;
}

let ccxtModule: Promise<CcxtModule> | undefined;

/** ccxt, loaded on first use (it takes a noticeable fraction of a second, which the demo path never pays). */
function loadCcxt(): Promise<CcxtModule> {
  ccxtModule ??= import('ccxt').then((m) => ((m as { default?: unknown }).default ?? m) as CcxtModule);
  return ccxtModule;
}

/** Whether ccxt knows an exchange id. */
export async function isCcxtExchange(id: string): Promise<boolean> {
  return (await loadCcxt()).exchanges.includes(id);
}

const instances = new Map<string, CcxtExchange>();

function exchangeOptions(id: string): Record<string, unknown> {
  // Binance would otherwise also load its futures markets, from two more hosts.
  return id === 'binance' ? { fetchMarkets: { types: ['spot'] } } : {};
}

/** The cached ccxt instance of an exchange for a connection (URL overrides applied). */
export async function exchangeFor(id: string, conn: CcxtConnection): Promise<CcxtExchange> {
  const cacheKey = `${id} ${JSON.stringify(conn.urls ?? {})}`;
  const cached = instances.get(cacheKey);
  if (cached) return cached;
  const ccxt = await loadCcxt();
  const Ctor = ccxt[id] as (new (config: Record<string, unknown>) => CcxtExchange) | undefined;
  if (!ccxt.exchanges.includes(id) || typeof Ctor !== 'function') throw new Error(`ccxt has no exchange "${id}"`);
  const ex = new Ctor({
    enableRateLimit: true,
    timeout: conn.timeoutMs ?? 15_000,
    options: exchangeOptions(id),
    ...(conn.markets ? { markets: conn.markets } : {}),
  });
  if (!ex.has.fetchOHLCV) throw new Error(`${id} does not offer candles (fetchOHLCV) through ccxt`);
  if (conn.urls) {
    if (typeof ex.urls.api === 'string') ex.urls.api = conn.urls.public ?? ex.urls.api;
    else Object.assign(ex.urls.api, conn.urls);
  }
  instances.set(cacheKey, ex);
  return ex;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs a request, retrying with doubling waits while it fails with a network error (429 included). */
async function withRetries<T>(what: string, run: (attempt: number) => Promise<T>, conn: CcxtConnection, signal?: AbortSignal): Promise<T> {
  const { NetworkError } = await loadCcxt();
  const retries = conn.retries ?? 3;
  const backoff = conn.backoffMs ?? 1000;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await run(attempt);
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      if (attempt >= retries) {
        throw new ExchangeUnreachableError(`${what} failed after ${attempt + 1} attempts: ${(err as Error).message}`, { cause: err });
      }
      await abortableSleep(backoff * 2 ** attempt, signal);
    }
  }
}

function pageLimitOf(ex: CcxtExchange, conn: CcxtConnection): number | undefined {
  if (conn.pageLimit) return conn.pageLimit;
  const spot = ex.features?.spot as { fetchOHLCV?: { limit?: number } } | undefined;
  const limit = spot?.fetchOHLCV?.limit;
  return typeof limit === 'number' && limit > 0 ? limit : undefined;
}

/**
 * Closed, in-range, valid rows of one page as columns, sorted, without repeated times. A row that breaks a candle
 * rule (the same rules as CSV import) is left out and reported to `onRefused` with its time.
 */
function pageColumns(rows: readonly OhlcvRow[], since: number, lastWanted: number, onRefused?: (bar: RefusedBar) => void): CandleColumns {
  const kept = rows
    .filter((r) => Array.isArray(r) && Number.isFinite(r[0]) && r[0] >= since && r[0] <= lastWanted)
    .filter((r) => {
      const reason = brokenCandleRule(r[1], r[2], r[3], r[4], Number.isFinite(r[5]) ? (r[5] as number) : 0);
      if (reason !== undefined) onRefused?.({ time: r[0], reason });
      return reason === undefined;
    })
    .sort((a, b) => a[0] - b[0]);
  const c = allocColumns(kept.length);
  let n = 0;
  for (const r of kept) {
    if (n > 0 && r[0] === c.time[n - 1]) continue;
    c.time[n] = r[0]; c.open[n] = r[1]; c.high[n] = r[2]; c.low[n] = r[3]; c.close[n] = r[4];
    c.volume[n] = Number.isFinite(r[5]) ? (r[5] as number) : 0;
    n++;
  }
  return sliceColumns(c, 0, n);
}

/**
 * Fetches closed candles from a ccxt exchange, paging forward with `since` and the exchange's page limit,
 * from `since` to the last bar that has closed (the bar still in progress is never returned). Network errors
 * and HTTP 429 are retried with a doubling wait; when they outlast the retries, ExchangeUnreachableError.
 */
export async function fetchCcxtCandles(req: CcxtFetchRequest, options: CcxtFetchOptions = {}): Promise<CcxtFetchResult> {
  const { signal } = options;
  const symbol = normalizeSymbol(req.symbol);
  const tfMs = timeframeMs(req.timeframe);
  const ex = await exchangeFor(req.exchange, options);
  if (ex.timeframes && !(req.timeframe in ex.timeframes)) {
    throw new Error(`${ex.id} has no ${req.timeframe} candles (it has ${Object.keys(ex.timeframes).join(', ')})`);
  }
  if (!ex.markets) await withRetries(`${ex.id} markets`, () => ex.loadMarkets(true), options, signal);
  if (ex.markets && !(symbol in ex.markets)) throw new Error(`${ex.id} has no market ${symbol}`);

  const now = req.now ?? Date.now();
  const lastWanted = Math.min(lastClosedBarOpen(now, req.timeframe), req.until ?? Infinity);
  const first = firstBarAtOrAfter(req.since, req.timeframe);
  const expected = Math.max(0, Math.floor((lastWanted - first) / tfMs) + 1);
  const limit = pageLimitOf(ex, options);
  let since = first;
  let fetched = 0;
  let pages = 0;
  let last: number | undefined;
  options.onProgress?.({ fetched, expected });
  while (since <= lastWanted) {
    signal?.throwIfAborted();
    const rows = await withRetries(`${ex.id} ${symbol} ${req.timeframe} candles`,
      () => ex.fetchOHLCV(symbol, req.timeframe, since, limit), options, signal);
    signal?.throwIfAborted();
    const page = pageColumns(rows, since, lastWanted, options.onRefused);
    if (page.length === 0) {
      // A page of only refused bars still moves on; an empty page is the end of what the exchange has.
      const newest = rows.reduce((m, r) => (Array.isArray(r) && Number.isFinite(r[0]) && r[0] <= lastWanted ? Math.max(m, r[0]) : m), -Infinity);
      if (newest >= since) {
        since = newest + tfMs;
        continue;
      }
      break;
    }
    pages++;
    fetched += page.length;
    last = page.time[page.length - 1];
    options.onPage?.(page);
    options.onProgress?.({ fetched, expected });
    since = last + tfMs;
  }
  return { fetched, pages, last };
}
