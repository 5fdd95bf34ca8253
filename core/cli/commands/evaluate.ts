import { loadModel } from '../../predictors';
import { modelConfigOrUsage, modelSeriesKey } from '../modelConfigOpt';
import { intOpt, stringOpt, type Command } from '../command';
import { seriesCandles } from '../seriesCandles';
import { formatTable } from '../table';
import { SERIES_OPTIONS } from './dataOptions';

/** `candlecast evaluate`: the multi-step report of a saved model on any stored series or CSV file. */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'score a saved model on a series (its own by default) against the naive forecast, per horizon',
  usage: 'candlecast evaluate --model NAME [--exchange E --symbol S --timeframe T | --csv FILE --symbol S] [--days N] [--origins N] [--json]',
  options: { ...SERIES_OPTIONS, model: { type: 'string' }, csv: { type: 'string' }, days: { type: 'string' }, origins: { type: 'string' } },
  async run(args, ctx) {
    const name = stringOpt(args, 'model', true);
    const config = modelConfigOrUsage(ctx, name);
    const csv = stringOpt(args, 'csv');
    const key = modelSeriesKey(args, config);
    const days = stringOpt(args, 'days') === undefined ? undefined : intOpt(args, 'days', 30, 1, 3650);
    const { candles } = await seriesCandles(ctx, key, days, csv);
    const model = loadModel(ctx.home.modelsDir, name);
    try {
      const origins = stringOpt(args, 'origins') === undefined ? undefined : intOpt(args, 'origins', 200, 10, 100_000);
      const report = model.evaluate(candles, { maxOrigins: origins });
      if (ctx.json) {
        ctx.out(JSON.stringify({ model: name, series: key, bars: candles.length, ...report }, null, 2));
        return;
      }
      ctx.out(`${name} on ${key.exchange} ${key.symbol} ${key.timeframe}: ${candles.length} bars, ${report.origins} forecast origins`);
      const n = report.horizons.length;
      const shown = [...new Set([1, 2, 5, 10, 20, 30, 60, 120, 240, 300, n])].filter((h) => h <= n);
      ctx.out(formatTable(
        ['h', 'rmse', 'naive', 'skill', 'mase', 'direction', 'cover80', ...(config.predictor_type === 'multi_ohlc' ? ['range skill'] : [])],
        shown.map((h) => {
          const m = report.horizons[h - 1];
          return [String(h), m.rmse.toFixed(2), m.rmse_naive.toFixed(2), m.skill.toFixed(3), m.mase.toFixed(3),
            `${(100 * m.directional_accuracy).toFixed(1)}%`, `${(100 * m.coverage_80).toFixed(1)}%`, ...(m.range_skill !== undefined ? [m.range_skill.toFixed(3)] : [])];
        }),
      ));
      if (candles.time[candles.length - 1] <= Date.parse(config.data_range.to) && key.symbol === config.symbol && key.exchange === config.exchange) {
        ctx.log('note: these bars overlap the model\'s training data; the held-out figures are those printed by train.');
      }
    } finally {
      model.dispose();
    }
  },
};
