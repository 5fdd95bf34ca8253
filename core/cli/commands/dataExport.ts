import { formatIsoTime, writeCandleCsv } from '../../data';
import { UsageError, type Command } from '../command';
import { count, SERIES_OPTIONS, seriesKeyOpts, timeOpt, withStore } from './dataOptions';

/** `candlecast data export FILE`: writes a stored series (or a time range of it) as CSV; `-` is stdout. */
export const dataExportCommand: Command = {
  name: 'data export',
  summary: 'export a stored series as CSV (timestamp,open,high,low,close,volume), optionally a time range',
  usage: 'candlecast data export --exchange E --symbol S --timeframe T [--from TIME] [--to TIME] FILE|- [--json] [--home DIR]',
  options: {
    ...SERIES_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
  },
  positionals: true,
  async run(args, ctx) {
    if (args.positionals.length !== 1) throw new UsageError('give exactly one FILE to write (- for stdout)');
    const file = args.positionals[0];
    const key = seriesKeyOpts(args, 'demo');
    const from = timeOpt(args, 'from');
    const to = timeOpt(args, 'to');
    if (from !== undefined && to !== undefined && to < from) throw new UsageError('--to is before --from');
    const candles = await withStore(ctx, (store) => store.read(key, { from, to }));
    const name = `${key.exchange} ${key.symbol} ${key.timeframe}`;
    if (candles.length === 0) throw new UsageError(`no stored candles for ${name}${from ?? to ? ' in that range' : ''} (see candlecast data list)`);
    writeCandleCsv(file === '-' ? 1 : file, candles);
    const first = formatIsoTime(candles.time[0]);
    const last = formatIsoTime(candles.time[candles.length - 1]);
    const summary = { file, exchange: key.exchange, symbol: key.symbol, timeframe: key.timeframe, rows: candles.length, first, last };
    if (file === '-') ctx.log(`exported ${count(candles.length)} candles of ${name}, ${first} to ${last}`);
    else if (ctx.json) ctx.out(JSON.stringify(summary, null, 2));
    else ctx.out(`wrote ${count(candles.length)} candles of ${name} (${first} to ${last}) to ${file}`);
  },
};
