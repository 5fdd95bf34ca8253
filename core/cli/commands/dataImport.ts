import { CsvError, DEFAULT_IMPORT_MAX_BYTES, formatIsoTime, importCandleCsv, importTarget, normalizeSymbol } from '../../data';
import { intOpt, stringOpt, UsageError, type Command } from '../command';
import { asUsage, count, gapsJson, gapsText, timeframeOpt, withStore } from './dataOptions';

/** `candlecast data import FILE`: validates a candle CSV and stores it; a bad file changes nothing (exit 2). */
export const dataImportCommand: Command = {
  name: 'data import',
  summary: 'import candles from a CSV file or - for stdin (header or Binance klines; timeframe inferred when not given)',
  usage: 'candlecast data import FILE|- --symbol BTC/USDT [--timeframe 1m] [--exchange csv] [--max-mb 512] [--json] [--home DIR]',
  options: {
    symbol: { type: 'string' },
    timeframe: { type: 'string' },
    exchange: { type: 'string' },
    'max-mb': { type: 'string' },
  },
  positionals: true,
  async run(args, ctx) {
    if (args.positionals.length !== 1) throw new UsageError('give exactly one FILE to import');
    const file = args.positionals[0];
    const symbol = asUsage(() => normalizeSymbol(stringOpt(args, 'symbol', true)));
    const timeframe = timeframeOpt(args, false);
    const exchange = await importTarget(stringOpt(args, 'exchange')).catch((err: Error) => {
      throw new UsageError(err.message);
    });
    const maxBytes = intOpt(args, 'max-mb', DEFAULT_IMPORT_MAX_BYTES / 2 ** 20, 1, 4096) * 2 ** 20;
    const report = await withStore(ctx, (store) => {
      try {
        return importCandleCsv(store, file, { symbol, timeframe, exchange, maxBytes });
      } catch (err) {
        throw err instanceof CsvError ? new UsageError(err.message) : err;
      }
    });
    if (ctx.json) {
      ctx.out(JSON.stringify({
        exchange: report.exchange,
        symbol: report.symbol,
        timeframe: report.timeframe,
        rows_read: report.rowsRead,
        rows_stored: report.rowsStored,
        duplicates_dropped: report.duplicatesDropped,
        gaps: gapsJson(report.gaps),
        first: formatIsoTime(report.first),
        last: formatIsoTime(report.last),
        ...(report.notes.length ? { notes: report.notes } : {}),
      }, null, 2));
      return;
    }
    ctx.out(`imported ${count(report.rowsStored)} ${report.timeframe} candles into ${report.exchange} ${report.symbol} `
      + `(${count(report.inserted)} new, ${count(report.updated)} replaced)`);
    ctx.out(`rows read ${count(report.rowsRead)}, identical duplicates dropped ${count(report.duplicatesDropped)}`);
    ctx.out(`span ${formatIsoTime(report.first)} to ${formatIsoTime(report.last)}, ${gapsText(report.gaps)}`);
    for (const note of report.notes) ctx.out(`note: ${note}`);
  },
};
