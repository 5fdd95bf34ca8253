import {
  lastClosedBarOpen, normalizeExchange, normalizeSymbol, sliceColumns, timeframeMs,
  type CandleColumns, type SeriesKey, type Timeframe,
} from './candles';
import {
  ExchangeUnreachableError, fetchCcxtCandles, isCcxtExchange,
  type CcxtConnection, type FetchProgress,
} from './ccxtSource';
import { keepValidBars, type RefusedBar } from './barRules';
import { DEMO_EXCHANGE, demoCandles, demoSeed } from './demoMarket';
import type { CandleStore, SeriesInfo } from './store';

/** Which candles a caller needs: a series and how much recent history (`bars` or `days`, one of them). */
export interface CandleRequest {
  /** `demo` (the default), `demo-<seed>`, a ccxt exchange id such as `binance`, or a store-only id such as `csv`. */
  readonly exchange?: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** The last `bars` closed bars. */
  readonly bars?: number;
  /** The last `days` days of closed bars (days x bars per day, e.g. 30 days of 1m = 43,200 bars). */
  readonly days?: number;
}

/** Progress, cancellation and the clock of ensureCandles. */
export interface EnsureCandlesOptions {
  readonly onProgress?: (progress: FetchProgress) => void;
  readonly signal?: AbortSignal;
  /** The clock in ms (default Date.now()). */
  readonly now?: number;
  /** How to reach ccxt exchanges (URL overrides, retries); the defaults talk to the exchange itself. */
  readonly ccxt?: CcxtConnection;
}

/** Where the returned candles came from. */
export type CandleSource = 'demo' | 'exchange' | 'store';

/** The candles of a request, read back from the store after it was brought up to date. */
export interface EnsuredCandles {
  readonly key: SeriesKey;
  readonly candles: CandleColumns;
  readonly source: CandleSource;
  /** True when the exchange could not be reached and the stored candles were returned as they were. */
  readonly stale: boolean;
  /** Bars this call added to the store (generated or fetched). */
  readonly added: number;
  /** The network failure behind `stale`. */
  readonly error?: string;
  /**
   * Bars refused because they break a candle rule (high below the body, a price <= 0, ...): dropped from the
   * exchange's pages before storing, or from stored candles before returning them, each with its time and reason.
   */
  readonly refused: readonly RefusedBar[];
}

/** The most bars one request may ask for. */
export const MAX_REQUEST_BARS = 5_000_000;
const DAY_MS = 86_400_000;

/** The open times of the first and the last bar a request covers at time `now`. */
export function requestSpan(req: CandleRequest, now: number): { from: number; to: number } {
  const tfMs = timeframeMs(req.timeframe);
  const to = lastClosedBarOpen(now, req.timeframe);
  let from: number;
  if (req.bars !== undefined) {
    if (!Number.isInteger(req.bars) || req.bars < 1 || req.bars > MAX_REQUEST_BARS) {
      throw new Error(`bars must be an integer from 1 to ${MAX_REQUEST_BARS}, got ${req.bars}`);
    }
    from = to - (req.bars - 1) * tfMs;
  } else if (req.days !== undefined) {
    if (!(req.days > 0) || (req.days * DAY_MS) / tfMs > MAX_REQUEST_BARS) {
      throw new Error(`days must be positive and cover at most ${MAX_REQUEST_BARS} bars, got ${req.days}`);
    }
    from = to - (Math.ceil((req.days * DAY_MS) / tfMs) - 1) * tfMs;
  } else {
    throw new Error('say how much history: bars or days');
  }
  return { from, to };
}

/**
 * Open times still to obtain, given the stored span: the bars before it, and the bars after it starting right
 * after the stored last bar, so the stored series stays one piece, unless the hole is longer than the request.
 */
function missingSpans(info: SeriesInfo | undefined, from: number, to: number, tfMs: number): { from: number; to: number }[] {
  if (!info) return [{ from, to }];
  const spans: { from: number; to: number }[] = [];
  if (from < info.first) spans.push({ from, to: Math.min(to, info.first - tfMs) });
  if (to > info.last) {
    const bridge = info.last + tfMs >= from - (to - from);
    spans.push({ from: bridge ? info.last + tfMs : from, to });
  }
  return spans.filter((s) => s.from <= s.to);
}

/**
 * Candles of a series that only lives in the store (an imported CSV), read by stored rows: `bars` is the last
 * `bars` stored rows; `days` is the days up to the last stored bar (not up to now: an imported file is history).
 * Holes in the series do not shorten the read.
 */
function readStoreOnly(store: CandleStore, key: SeriesKey, info: SeriesInfo, req: CandleRequest): CandleColumns {
  if (req.bars !== undefined) {
    requestSpan(req, info.last);
    const all = store.read(key);
    return sliceColumns(all, all.length - req.bars);
  }
  const span = requestSpan(req, info.last + timeframeMs(key.timeframe));
  return store.read(key, { from: span.from, to: info.last });
}

function keyOf(req: CandleRequest): SeriesKey {
  return { exchange: normalizeExchange(req.exchange ?? DEMO_EXCHANGE), symbol: normalizeSymbol(req.symbol), timeframe: req.timeframe };
}

/**
 * Returns the candles a request covers, first bringing the store up to date: demo candles are generated for
 * the bars not yet stored; a ccxt exchange is asked only for bars before or after the stored span (so an update
 * fetches only what is new), page by page, each page stored in its own transaction. When the exchange cannot be
 * reached and candles are stored, those are returned with `stale: true`; with nothing stored, the error is thrown.
 * Exchange ids ccxt does not know (such as `csv`) are read from the store by rows (see readStoreOnly). Bars that
 * break a candle rule are never returned: they are listed in `refused` with their times.
 */
export async function ensureCandles(store: CandleStore, req: CandleRequest, options: EnsureCandlesOptions = {}): Promise<EnsuredCandles> {
  const key = keyOf(req);
  const now = options.now ?? Date.now();
  const { from, to } = requestSpan(req, now);
  const tfMs = timeframeMs(key.timeframe);
  const spans = missingSpans(store.info(key), from, to, tfMs);
  const read = (): CandleColumns => store.read(key, { from, to });

  const seed = demoSeed(key.exchange);
  if (seed !== undefined) {
    let added = 0;
    const generate = (list: readonly { from: number; to: number }[]): void => {
      const expected = list.reduce((n, s) => n + (s.to - s.from) / tfMs + 1, 0);
      for (const span of list) {
        options.signal?.throwIfAborted();
        added += store.write(key, demoCandles(key.symbol, key.timeframe, span.from, span.to, seed)).inserted;
        options.onProgress?.({ fetched: added, expected });
      }
    };
    generate(spans);
    let candles = read();
    // The demo market has no gaps: a hole left between two earlier requests is filled by generating the span again.
    if (candles.length !== (to - from) / tfMs + 1) {
      generate([{ from, to }]);
      candles = read();
    }
    return { key, candles, source: 'demo', stale: false, added, refused: [] };
  }

  if (!(await isCcxtExchange(key.exchange))) {
    const info = store.info(key);
    if (!info) {
      throw new Error(`no stored candles for ${key.exchange} ${key.symbol} ${key.timeframe}, and ${key.exchange} is not an `
        + 'exchange to fetch from: import a CSV, or use demo or a ccxt exchange id');
    }
    const { candles, refused } = keepValidBars(readStoreOnly(store, key, info, req));
    return { key, candles, source: 'store', stale: false, added: 0, refused };
  }

  let added = 0;
  const refusedOnFetch: RefusedBar[] = [];
  const expected = spans.reduce((n, s) => n + (s.to - s.from) / tfMs + 1, 0);
  const checked = (): { candles: CandleColumns; refused: RefusedBar[] } => {
    const { candles, refused } = keepValidBars(read());
    return { candles, refused: [...refusedOnFetch, ...refused] };
  };
  try {
    for (const span of spans) {
      const before = added;
      await fetchCcxtCandles(
        { exchange: key.exchange, symbol: key.symbol, timeframe: key.timeframe, since: span.from, until: span.to, now },
        {
          ...options.ccxt,
          signal: options.signal,
          onPage: (page) => { added += store.write(key, page).inserted; },
          onRefused: (bar) => refusedOnFetch.push(bar),
          onProgress: (p) => options.onProgress?.({ fetched: before + p.fetched, expected }),
        },
      );
    }
  } catch (err) {
    if (!(err instanceof ExchangeUnreachableError)) throw err;
    const { candles, refused } = checked();
    if (candles.length === 0) throw err;
    return { key, candles, source: 'store', stale: true, added, error: err.message, refused };
  }
  return { key, ...checked(), source: 'exchange', stale: false, added };
}
