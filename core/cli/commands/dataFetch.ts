import { ensureCandles, findGaps, formatIsoTime, timeframeMs, type FetchProgress } from '../../data';
import { intOpt, stringOpt, UsageError, type CliContext, type Command } from '../command';
import { count, gapsJson, gapsText, logRefusedBars, SERIES_OPTIONS, seriesKeyOpts, withStore } from './dataOptions';

const BAR_WIDTH = 30;

/** A progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise. */
function progressBar(ctx: CliContext): { update: (p: FetchProgress) => void; done: () => void } {
  let lastDraw = 0;
  let lastTenth = -1;
  let drawn = false;
  const text = (p: FetchProgress): string => {
    const share = p.expected > 0 ? Math.min(1, p.fetched / p.expected) : 1;
    const filled = Math.round(share * BAR_WIDTH);
    return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${count(p.fetched)}/${count(p.expected)} bars`;
  };
  return {
    update(p) {
      if (ctx.stderrIsTTY) {
        const now = Date.now();
        if (now - lastDraw < 100 && p.fetched < p.expected) return;
        lastDraw = now;
        drawn = true;
        process.stderr.write(`\r${text(p)}`);
        return;
      }
      const tenth = p.expected > 0 ? Math.floor((10 * Math.min(p.fetched, p.expected)) / p.expected) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        ctx.log(text(p));
      }
    },
    done() {
      if (drawn) process.stderr.write('\n');
      drawn = false;
    },
  };
}

/** `candlecast data fetch`: brings a series up to date from the demo market or a ccxt exchange and stores it. */
export const dataFetchCommand: Command = {
  name: 'data fetch',
  summary: 'fetch candles into the store from the demo market (default) or an exchange through ccxt',
  usage: 'candlecast data fetch [--exchange demo|binance|...] --symbol BTC/USDT --timeframe 1m [--days 30 | --bars N] '
    + '[--api-url URL] [--json] [--home DIR]',
  options: {
    ...SERIES_OPTIONS,
    days: { type: 'string' },
    bars: { type: 'string' },
    'api-url': { type: 'string' },
  },
  async run(args, ctx) {
    const key = seriesKeyOpts(args, 'demo');
    if (args.values.days !== undefined && args.values.bars !== undefined) throw new UsageError('give --days or --bars, not both');
    const bars = args.values.bars !== undefined ? intOpt(args, 'bars', 0, 1, 5_000_000) : undefined;
    const maxDays = Math.floor((5_000_000 * timeframeMs(key.timeframe)) / 86_400_000);
    const days = bars === undefined ? intOpt(args, 'days', 30, 1, Math.min(36_500, Math.max(1, maxDays))) : undefined;
    const apiUrl = stringOpt(args, 'api-url');
    if (apiUrl !== undefined && !/^https?:\/\/\S+$/.test(apiUrl)) throw new UsageError(`--api-url must be an http(s) URL, got "${apiUrl}"`);

    const abort = new AbortController();
    const onSigint = (): void => abort.abort(new Error('interrupted; the pages fetched so far are stored'));
    process.once('SIGINT', onSigint);
    const bar = progressBar(ctx);
    try {
      const result = await withStore(ctx, async (store) => {
        const r = await ensureCandles(store, { ...key, bars, days }, {
          onProgress: bar.update,
          signal: abort.signal,
          ccxt: apiUrl ? { urls: { public: apiUrl } } : undefined,
        });
        return { ...r, storedRows: store.info(key)?.rows ?? 0 };
      });
      bar.done();
      const c = result.candles;
      const gaps = findGaps(c.time, timeframeMs(key.timeframe));
      const first = c.length ? formatIsoTime(c.time[0]) : null;
      const last = c.length ? formatIsoTime(c.time[c.length - 1]) : null;
      logRefusedBars(ctx, result.refused, key);
      if (ctx.json) {
        ctx.out(JSON.stringify({
          exchange: key.exchange, symbol: key.symbol, timeframe: key.timeframe, source: result.source,
          stale: result.stale, ...(result.error ? { error: result.error } : {}),
          added: result.added, rows: c.length, stored_rows: result.storedRows, first, last, gaps: gapsJson(gaps),
          refused: result.refused.map((b) => ({ time: formatIsoTime(b.time), reason: b.reason })),
        }, null, 2));
      } else {
        ctx.out(`${key.exchange} ${key.symbol} ${key.timeframe}: ${count(c.length)} candles from ${first ?? '-'} to ${last ?? '-'}, `
          + `${count(result.added)} new; ${gapsText(gaps)}; ${count(result.storedRows)} stored in all`);
      }
      if (result.stale) {
        ctx.log(`error: ${key.exchange} could not be reached (${result.error}); the stored candles are unchanged`);
        process.exitCode = 1;
      }
    } finally {
      bar.done();
      process.off('SIGINT', onSigint);
    }
  },
};
