import { ModelNotFoundError, readModelConfig, type ModelConfig } from '../predictors';
import { DEFAULT_IMPORT_SOURCE, type SeriesKey } from '../data';
import { stringOpt, UsageError, type CliContext, type CommandArgs } from './command';
import { seriesKeyOpts } from './commands/dataOptions';

/** A saved model's config; an unknown model is bad input (exit 2) with a hint of what to do. */
export function modelConfigOrUsage(ctx: CliContext, name: string): ModelConfig {
  try {
    return readModelConfig(ctx.home.modelsDir, name);
  } catch (err) {
    if (err instanceof ModelNotFoundError) throw new UsageError(`${err.message} (list: candlecast models; train one: candlecast train ...)`);
    throw err;
  }
}

/**
 * The series a model command runs on: `--symbol/--timeframe` (and `--exchange`, or `csv` with `--csv`) when given,
 * else the model's own series; the timeframe must be the model's.
 */
export function modelSeriesKey(args: CommandArgs, config: ModelConfig): SeriesKey {
  const csv = stringOpt(args, 'csv');
  const key = stringOpt(args, 'symbol')
    ? seriesKeyOpts(args, csv ? DEFAULT_IMPORT_SOURCE : config.exchange)
    : { exchange: config.exchange, symbol: config.symbol, timeframe: config.timeframe };
  if (key.timeframe !== config.timeframe) throw new UsageError(`model ${config.name} is for ${config.timeframe} bars, the series is ${key.timeframe}`);
  return key;
}
