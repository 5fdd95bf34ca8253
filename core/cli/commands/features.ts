import { DEFAULT_IMPORT_SOURCE } from '../../data';
import { FEATURE_CATEGORIES, FeatureEngine, type FeatureCategory } from '../../features';
import { intOpt, stringOpt, UsageError, type Command } from '../command';
import { seriesCandles } from '../seriesCandles';
import { formatTable } from '../table';
import { count, SERIES_OPTIONS, seriesKeyOpts } from './dataOptions';

/** `candlecast features`: computes the feature matrix of a series and reports its size, names and timing. */
export const featuresCommand: Command = {
  name: 'features',
  summary: 'compute the feature matrix of a series: feature count, names per category, rows, time taken',
  usage: 'candlecast features [--exchange demo] --symbol BTC/USDT --timeframe 1m [--days 30] [--csv FILE] [--json] [--home DIR]',
  options: {
    ...SERIES_OPTIONS,
    days: { type: 'string' },
    csv: { type: 'string' },
  },
  async run(args, ctx) {
    const key = seriesKeyOpts(args, stringOpt(args, 'csv') ? DEFAULT_IMPORT_SOURCE : 'demo');
    const days = stringOpt(args, 'days') === undefined ? undefined : intOpt(args, 'days', 30, 1, 3650);
    const { key: resolved, candles } = await seriesCandles(ctx, key, days, stringOpt(args, 'csv'));
    const name = `${resolved.exchange} ${resolved.symbol} ${resolved.timeframe}`;
    if (candles.length === 0) throw new UsageError(`no candles for ${name}`);
    const engine = new FeatureEngine();
    const started = performance.now();
    const fm = engine.batch(candles);
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const categories = Object.fromEntries(FEATURE_CATEGORIES.map((c) => [c, 0])) as Record<FeatureCategory, number>;
    for (const f of engine.catalogue()) categories[f.category]++;
    const result = {
      count: fm.cols, names: fm.names, categories, rows: fm.rows, ms,
      first_valid_row: fm.firstValidRow, valid_rows: Math.max(0, fm.rows - fm.firstValidRow), config_hash: engine.hash,
    };
    if (ctx.json) {
      ctx.out(JSON.stringify(result, null, 2));
      return;
    }
    ctx.out(`${fm.cols} features x ${count(fm.rows)} rows of ${name} in ${ms} ms (config ${engine.hash})`);
    ctx.out(`warm-up: the first ${count(fm.firstValidRow)} rows; ${count(result.valid_rows)} rows usable`);
    ctx.out(formatTable(
      ['category', 'count', 'features'],
      FEATURE_CATEGORIES.map((c) => [c, String(categories[c]), engine.catalogue().filter((f) => f.category === c).map((f) => f.name).join(' ')]),
    ));
  },
};
