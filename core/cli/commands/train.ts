import { DEFAULT_IMPORT_SOURCE } from '../../data';
import { PREDICTOR_TYPES, trainModel, type PredictorType, type TrainSummary } from '../../predictors';
import { intOpt, stringOpt, UsageError, type Command, type CommandArgs } from '../command';
import { trainProgressPrinter } from '../progressLog';
import { seriesCandles } from '../seriesCandles';
import { formatTable } from '../table';
import { SERIES_OPTIONS, seriesKeyOpts } from './dataOptions';

/** Parses --type. */
export function predictorTypeOpt(args: CommandArgs): PredictorType {
  const raw = stringOpt(args, 'type') ?? 'autoregressive';
  if (!(PREDICTOR_TYPES as readonly string[]).includes(raw)) throw new UsageError(`--type must be one of ${PREDICTOR_TYPES.join(', ')}, got "${raw}"`);
  return raw as PredictorType;
}

/** Prints a training result as a short report. */
function printSummary(s: TrainSummary, out: (line: string) => void): void {
  const p = s.performance;
  out(`model ${s.name} (${s.type}) on ${s.exchange} ${s.symbol} ${s.timeframe}, ${s.n_steps_ahead} steps, ${s.model_size_kb} KB`);
  out(`one-step: val R² of returns ${p.return_r2.toFixed(4)} (train ${p.train_return_r2.toFixed(4)}); close RMSE val ${p.val_rmse.toFixed(4)}, MAE ${p.val_mae.toFixed(4)}`);
  const hs = [1, 10, 60, 300, s.n_steps_ahead].filter((h, i, a) => h <= s.n_steps_ahead && a.indexOf(h) === i);
  out(`held-out multi-step report (${s.evaluation.origins} origins on the test segment):`);
  out(formatTable(
    ['h', 'rmse', 'naive', 'skill', 'mase', 'direction', 'cover80', ...(s.type === 'multi_ohlc' ? ['range skill'] : [])],
    hs.map((h) => {
      const m = s.evaluation.horizons[h - 1];
      return [String(h), m.rmse.toFixed(2), m.rmse_naive.toFixed(2), m.skill.toFixed(3), m.mase.toFixed(3),
        `${(100 * m.directional_accuracy).toFixed(1)}% of ${m.directional_count}`, `${(100 * m.coverage_80).toFixed(1)}%`,
        ...(m.range_skill !== undefined ? [m.range_skill.toFixed(3)] : [])];
    }),
  ));
  for (const w of s.warnings) out(`warning: ${w.message} ${w.remedy}`);
  out(`timings: features ${s.timings.features_ms} ms, training ${s.timings.train_ms} ms, evaluation ${s.timings.eval_ms} ms, total ${s.timings.total_ms} ms`);
}

/** `candlecast train`: trains, evaluates and saves a model for one series. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model (autoregressive or multi_ohlc), report held-out accuracy, save it',
  usage: 'candlecast train [--exchange demo] --symbol BTC/USDT --timeframe 1m [--type autoregressive|multi_ohlc] [--steps 300] [--days 30] [--csv FILE] [--name NAME] [--rounds 500] [--no-refit] [--json]',
  options: {
    ...SERIES_OPTIONS,
    type: { type: 'string' },
    steps: { type: 'string' },
    days: { type: 'string' },
    csv: { type: 'string' },
    name: { type: 'string' },
    rounds: { type: 'string' },
    'no-refit': { type: 'boolean' },
  },
  async run(args, ctx) {
    const key = seriesKeyOpts(args, stringOpt(args, 'csv') ? DEFAULT_IMPORT_SOURCE : 'demo');
    const type = predictorTypeOpt(args);
    const steps = intOpt(args, 'steps', 300, 1, 5000);
    const days = stringOpt(args, 'days') === undefined ? undefined : intOpt(args, 'days', 30, 1, 3650);
    const rounds = intOpt(args, 'rounds', 500, 1, 10000);
    const { key: resolved, candles, refused } = await seriesCandles(ctx, key, days, stringOpt(args, 'csv'));
    const summary = await trainModel(
      { candles, key: resolved, type, nStepsAhead: steps, name: stringOpt(args, 'name'), modelsDir: ctx.home.modelsDir, options: { numBoostRound: rounds, refit: !args.values['no-refit'] }, refusedBars: refused },
      { onProgress: trainProgressPrinter(ctx.log) },
    ).catch((err: Error) => {
      const usage = err.name === 'ModelSeriesConflictError' || /Insufficient data|invalid (model name|training option)|nStepsAhead/.test(err.message);
      throw usage ? new UsageError(err.message) : err;
    });
    if (ctx.json) ctx.out(JSON.stringify(summary, null, 2));
    else printSummary(summary, ctx.out);
  },
};
