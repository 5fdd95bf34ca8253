/** One OHLCV bar; `time` is the bar's open time in ms since the epoch, UTC. */
export interface Candle {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A candle series in columns (one Float64Array per field), the form large series travel in. */
export interface CandleColumns {
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** The timeframes Candlecast knows, shortest first. */
export const TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d', '1w'] as const;

/** One of TIMEFRAMES. */
export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTE = 60_000;
const TIMEFRAME_MS: Record<Timeframe, number> = {
  '1m': MINUTE, '3m': 3 * MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE,
  '1h': 60 * MINUTE, '2h': 120 * MINUTE, '4h': 240 * MINUTE, '6h': 360 * MINUTE, '12h': 720 * MINUTE,
  '1d': 1440 * MINUTE, '1w': 10080 * MINUTE,
};

/** Whether a string names a known timeframe. */
export function isTimeframe(s: string): s is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(s);
}

/** Length of one bar of a timeframe in ms. */
export function timeframeMs(tf: Timeframe): number {
  return TIMEFRAME_MS[tf];
}

/** Parses a timeframe, with an error that lists the valid ones. */
export function parseTimeframe(s: string): Timeframe {
  if (!isTimeframe(s)) throw new Error(`unknown timeframe "${s}" (use one of ${TIMEFRAMES.join(', ')})`);
  return s;
}

/** Identifies one stored series. */
export interface SeriesKey {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

/**
 * Normalises a symbol to `BASE/QUOTE` form; accepts `BTC/USDT` and `BTC_USDT` (the REST API's form).
 * Anything else (paths, spaces, control characters) is refused.
 */
export function normalizeSymbol(s: string): string {
  const m = /^([A-Za-z0-9]{1,20})[/_]([A-Za-z0-9]{1,20})$/.exec(s.trim());
  if (!m) throw new Error(`invalid symbol "${s}" (expected BASE/QUOTE or BASE_QUOTE, e.g. BTC/USDT)`);
  return `${m[1].toUpperCase()}/${m[2].toUpperCase()}`;
}

/** A symbol in the underscore form used by model names and the REST API (`BTC_USDT`). */
export function symbolSlug(symbol: string): string {
  return normalizeSymbol(symbol).replace('/', '_');
}

/** An empty set of columns of the given length. */
export function allocColumns(length: number): CandleColumns {
  return {
    length,
    time: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
}

/** Columns from an array of candles. */
export function toColumns(candles: readonly Candle[]): CandleColumns {
  const c = allocColumns(candles.length);
  candles.forEach((k, i) => {
    c.time[i] = k.time; c.open[i] = k.open; c.high[i] = k.high;
    c.low[i] = k.low; c.close[i] = k.close; c.volume[i] = k.volume;
  });
  return c;
}

/** The candle at index i of a column set. */
export function candleAt(c: CandleColumns, i: number): Candle {
  return { time: c.time[i], open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] };
}

/** Rows [start, end) of a column set, sharing memory with the original. */
export function sliceColumns(c: CandleColumns, start: number, end = c.length): CandleColumns {
  const s = Math.max(0, start);
  const e = Math.min(c.length, end);
  return {
    length: Math.max(0, e - s),
    time: c.time.subarray(s, e),
    open: c.open.subarray(s, e),
    high: c.high.subarray(s, e),
    low: c.low.subarray(s, e),
    close: c.close.subarray(s, e),
    volume: c.volume.subarray(s, e),
  };
}

/** Monday 1970-01-05 00:00 UTC: weekly bars open on Mondays, as on the exchanges, not on the epoch's Thursday. */
const WEEK_ORIGIN_MS = 4 * 1440 * MINUTE;

/** Open time of the bar of timeframe tf that contains time t (UTC grid; weeks open on Monday). */
export function barOpenTime(t: number, tf: Timeframe): number {
  const ms = TIMEFRAME_MS[tf];
  const origin = tf === '1w' ? WEEK_ORIGIN_MS : 0;
  return Math.floor((t - origin) / ms) * ms + origin;
}

/** Normalises an exchange id (`binance`, `csv`, `demo`, ...) to lower case; refuses anything that is not a plain id. */
export function normalizeExchange(s: string): string {
  const id = s.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9_.-]{0,31}$/.test(id)) throw new Error(`invalid exchange id "${s}" (letters, digits, _ . -)`);
  return id;
}

/** Open time of the first bar of timeframe tf that opens at or after time t. */
export function firstBarAtOrAfter(t: number, tf: Timeframe): number {
  const open = barOpenTime(t, tf);
  return open < t ? open + TIMEFRAME_MS[tf] : open;
}

/** Open time of the last bar of timeframe tf that has closed by time `now` (the bar in progress excluded). */
export function lastClosedBarOpen(now: number, tf: Timeframe): number {
  return barOpenTime(now, tf) - TIMEFRAME_MS[tf];
}
