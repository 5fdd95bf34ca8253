import { formatIsoTime } from '../../data';
import type { Command } from '../command';
import { formatTable } from '../table';
import { count, withStore } from './dataOptions';

/** `candlecast data list`: every stored series with its size, span and gaps. */
export const dataListCommand: Command = {
  name: 'data list',
  summary: 'list the stored candle series (exchange, symbol, timeframe, rows, first, last, gaps)',
  usage: 'candlecast data list [--json] [--home DIR]',
  options: {},
  async run(_args, ctx) {
    const series = await withStore(ctx, (store) => store.series());
    if (ctx.json) {
      ctx.out(JSON.stringify(series.map((s) => ({
        exchange: s.exchange, symbol: s.symbol, timeframe: s.timeframe, rows: s.rows,
        first: formatIsoTime(s.first), last: formatIsoTime(s.last), gaps: s.gaps, missing_bars: s.missingBars,
      })), null, 2));
      return;
    }
    if (series.length === 0) {
      ctx.out(`No candles in ${ctx.home.dbPath}. Get some: candlecast data fetch --symbol BTC/USDT --timeframe 1m --days 30`);
      return;
    }
    ctx.out(formatTable(
      ['exchange', 'symbol', 'timeframe', 'rows', 'first', 'last', 'gaps', 'missing'],
      series.map((s) => [s.exchange, s.symbol, s.timeframe, count(s.rows), formatIsoTime(s.first), formatIsoTime(s.last),
        String(s.gaps), count(s.missingBars)]),
    ));
  },
};
