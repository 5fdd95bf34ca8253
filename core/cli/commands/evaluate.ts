import { formatIsoTime } from '../../data';
import { evaluationWindow, loadModel } from '../../predictors';
import { modelConfigOrUsage, modelSeriesKey } from '../modelConfigOpt';
import { intOpt, stringOpt, UsageError, type Command } from '../command';
import { seriesCandles } from '../seriesCandles';
import { printEvaluationReport } from '../evaluationReport';
import { count, SERIES_OPTIONS } from './dataOptions';

/**
 * `candlecast evaluate`: the multi-step report of a saved model on a series (its own by default). On the model's own
 * series only origins after the bars its trees were fitted on are scored, unless --include-training asks for all of
 * them; then the overlap is counted in the result and printed as a warning.
 */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'score a saved model on a series (its own by default, after its training data) against the naive forecast',
  usage: 'candlecast evaluate --model NAME [--exchange E --symbol S --timeframe T | --csv FILE --symbol S] [--days N] [--steps N] [--origins N] [--include-training] [--json]',
  options: {
    ...SERIES_OPTIONS, model: { type: 'string' }, csv: { type: 'string' }, days: { type: 'string' }, origins: { type: 'string' },
    steps: { type: 'string' }, 'include-training': { type: 'boolean' },
  },
  async run(args, ctx) {
    const name = stringOpt(args, 'model', true);
    const config = modelConfigOrUsage(ctx, name);
    const key = modelSeriesKey(args, config);
    const days = stringOpt(args, 'days') === undefined ? undefined : intOpt(args, 'days', 30, 1, 3650);
    const steps = intOpt(args, 'steps', config.n_steps_ahead, 1, config.n_steps_ahead);
    const origins = stringOpt(args, 'origins') === undefined ? undefined : intOpt(args, 'origins', 200, 10, 100_000);
    const { key: series, candles } = await seriesCandles(ctx, key, days, stringOpt(args, 'csv'));
    const window = evaluationWindow(candles, config, series, Boolean(args.values['include-training']));
    const model = loadModel(ctx.home.modelsDir, name);
    try {
      let report;
      try {
        report = model.evaluate(candles, { maxOrigins: origins, steps, originStart: window.originStart, continueBandLevels: window.sameSeries });
      } catch (err) {
        const after = window.originStart > 0 && window.fittedUntil !== undefined
          ? ` after the model's training data (fitted until ${formatIsoTime(window.fittedUntil)}; the candles end ${formatIsoTime(candles.time[candles.length - 1])})`
          : '';
        throw new UsageError(`cannot evaluate ${name} on ${series.exchange} ${series.symbol} ${series.timeframe}${after}: ${(err as Error).message}; `
          + 'fetch newer bars, evaluate fewer --steps, or pass --include-training (figures on training bars are in-sample)');
      }
      const first = formatIsoTime(candles.time[0]);
      const last = formatIsoTime(candles.time[candles.length - 1]);
      const overlap = {
        same_series: window.sameSeries,
        fitted_until: window.fittedUntil === undefined ? null : formatIsoTime(window.fittedUntil),
        overlapping_bars: window.overlapBars,
        first_origin: formatIsoTime(candles.time[Math.max(window.originStart, 0)]),
      };
      if (window.overlapBars > 0) {
        ctx.log(`warning: ${count(window.overlapBars)} of the evaluated bars overlap the data ${name} was trained on (fitted until `
          + `${overlap.fitted_until}): figures over them are in-sample and flatter the model`);
      }
      if (ctx.json) {
        ctx.out(JSON.stringify({ model: name, series, bars: candles.length, first, last, training_overlap: overlap, ...report }, null, 2));
        return;
      }
      ctx.out(`${name} on ${series.exchange} ${series.symbol} ${series.timeframe}: ${count(candles.length)} bars ${first} to ${last}; `
        + `${report.origins} forecast origins from ${overlap.first_origin}`
        + (window.overlapBars > 0 ? ` (${count(window.overlapBars)} bars overlap training)` : window.sameSeries ? ' (all after training)' : ''));
      if (report.origins_dropped_for_gaps) ctx.out(`${count(report.origins_dropped_for_gaps)} origins left out: their outcomes span a gap`);
      const n = report.horizons.length;
      const shown = [...new Set([1, 2, 5, 10, 20, 30, 60, 120, 240, 300, n])].filter((h) => h <= n);
      printEvaluationReport(report, shown, ctx.out);
    } finally {
      model.dispose();
    }
  },
};
