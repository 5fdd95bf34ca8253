import {
  CsvError, ensureCandles, formatIsoTime, importCandleCsv, importTarget, isStoreOnlySource, keepValidBars,
  requestSpan, timeframeMs, type RefusedBar,
  type CandleColumns, type SeriesKey,
} from '../data';
import { UsageError, type CliContext } from './command';
import { logRefusedBars, withStore } from './commands/dataOptions';

/** Candles of a series for training, forecasting or evaluation, and whether they may be out of date. */
export interface SeriesCandles {
  readonly key: SeriesKey;
  readonly candles: CandleColumns;
  readonly stale: boolean;
  /** Bars left out because they broke a candle rule. */
  readonly refused: readonly RefusedBar[];
}

/** The bars of an imported file's span: all of it, or its last `days`. */
function fileWindow(span: { first: number; last: number }, key: SeriesKey, days: number | undefined): { from: number; to: number } {
  if (days === undefined) return { from: span.first, to: span.last };
  const from = requestSpan({ ...key, days }, span.last + timeframeMs(key.timeframe)).from;
  return { from: Math.max(span.first, from), to: span.last };
}

/**
 * Gets the candles the model commands need. With `csvFile`, the file is imported first into `key.exchange`, which
 * must be a store-only source (`csv` unless the user named another; the demo market and ccxt exchanges are refused),
 * and the bars used are the file's own span (the last `days` of it when given). Otherwise the series is brought up to
 * date (demo generated, exchanges fetched) and its last `days` are returned; a store-only series is read by stored
 * rows, all of them unless `days` is given. Bars breaking a candle rule are left out with a warning naming each.
 */
export async function seriesCandles(ctx: CliContext, key: SeriesKey, days: number | undefined, csvFile?: string): Promise<SeriesCandles> {
  return withStore(ctx, async (store) => {
    let k = key;
    let fileSpan: { first: number; last: number } | undefined;
    if (csvFile) {
      const exchange = await importTarget(key.exchange).catch((err: Error) => {
        throw new UsageError(err.message);
      });
      try {
        const r = importCandleCsv(store, csvFile, { symbol: key.symbol, timeframe: key.timeframe, exchange });
        k = { exchange: r.exchange, symbol: r.symbol, timeframe: r.timeframe };
        fileSpan = { first: r.first, last: r.last };
        ctx.log(`imported ${r.rowsStored} candles from ${csvFile} into ${r.exchange} ${r.symbol} ${r.timeframe}`);
      } catch (err) {
        throw err instanceof CsvError ? new UsageError(err.message) : err;
      }
    }
    const info = store.info(k);
    const storeOnly = await isStoreOnlySource(k.exchange);
    if (storeOnly && !info) {
      throw new UsageError(`no stored candles for ${k.exchange} ${k.symbol} ${k.timeframe}: import a CSV first `
        + '(candlecast data import FILE --symbol S), or use --exchange demo or a ccxt exchange id');
    }
    let lastShown = -1;
    const got = fileSpan
      ? { key: k, stale: false, error: undefined, ...keepValidBars(store.read(k, fileWindow(fileSpan, k, days))) }
      : await ensureCandles(store, { ...k, ...(storeOnly && days === undefined ? { bars: info!.rows } : { days: days ?? 30 }) }, {
        onProgress: (p) => {
          const pct = p.expected ? Math.floor((100 * p.fetched) / p.expected) : 0;
          if (pct >= lastShown + 10) {
            lastShown = pct;
            ctx.log(`data: ${p.fetched}/${p.expected} bars`);
          }
        },
      });
    if (got.stale) ctx.log(`warning: ${k.exchange} could not be reached (${got.error ?? 'network error'}); using the stored candles`);
    logRefusedBars(ctx, got.refused, k);
    const series = `${k.exchange} ${k.symbol} ${k.timeframe}`;
    const candles = got.candles;
    if (candles.length > 0) {
      ctx.log(`data: ${candles.length} bars of ${series}, ${formatIsoTime(candles.time[0])} to ${formatIsoTime(candles.time[candles.length - 1])}`);
    }
    return { key: got.key, candles, stale: got.stale, refused: got.refused };
  });
}
