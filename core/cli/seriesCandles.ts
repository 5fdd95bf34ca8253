import { CsvError, ensureCandles, importCandleCsv, isCcxtExchange, isDemoExchange, timeframeMs, type CandleColumns, type SeriesKey } from '../data';
import { UsageError, type CliContext } from './command';
import { withStore } from './commands/dataOptions';

/** Candles of a series for training, forecasting or evaluation, and whether they may be out of date. */
export interface SeriesCandles {
  readonly key: SeriesKey;
  readonly candles: CandleColumns;
  readonly stale: boolean;
}

/**
 * Gets the candles the model commands need: imports `csvFile` first when given, then brings the series up to date
 * (demo generated, exchanges fetched) and returns the last `days` of it. For a series that only lives in the store
 * (an imported CSV), `days` counts back from its last stored bar, not from now.
 */
export async function seriesCandles(ctx: CliContext, key: SeriesKey, days: number | undefined, csvFile?: string): Promise<SeriesCandles> {
  return withStore(ctx, async (store) => {
    let k = key;
    if (csvFile) {
      try {
        const r = importCandleCsv(store, csvFile, { symbol: key.symbol, timeframe: key.timeframe, exchange: key.exchange });
        k = { exchange: r.exchange, symbol: r.symbol, timeframe: r.timeframe };
        ctx.log(`imported ${r.rowsStored} candles from ${csvFile}`);
      } catch (err) {
        throw err instanceof CsvError ? new UsageError(err.message) : err;
      }
    }
    const info = store.info(k);
    const storeOnly = !isDemoExchange(k.exchange) && !(await isCcxtExchange(k.exchange));
    const now = storeOnly && info ? info.last + timeframeMs(k.timeframe) : undefined;
    const request = days === undefined && info && storeOnly ? { bars: info.rows + 1 } : { days: days ?? 30 };
    let lastShown = -1;
    const got = await ensureCandles(store, { ...k, ...request }, {
      now,
      onProgress: (p) => {
        const pct = p.expected ? Math.floor((100 * p.fetched) / p.expected) : 0;
        if (pct >= lastShown + 10) {
          lastShown = pct;
          ctx.log(`data: ${p.fetched}/${p.expected} bars`);
        }
      },
    });
    if (got.stale) ctx.log(`warning: ${k.exchange} could not be reached (${got.error ?? 'network error'}); using the stored candles`);
    return { key: got.key, candles: got.candles, stale: got.stale };
  });
}
