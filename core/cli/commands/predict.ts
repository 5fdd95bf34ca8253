import { writeFileSync } from 'node:fs';
import { loadModel, resolveSeriesModel, type Forecast } from '../../predictors';
import { modelConfigOrUsage } from '../modelConfigOpt';
import { forecastToCsv } from '../../api/forecastCsv';
import { intOpt, stringOpt, UsageError, type CliContext, type Command, type CommandArgs } from '../command';
import { seriesCandles } from '../seriesCandles';
import { formatTable } from '../table';
import { SERIES_OPTIONS, seriesKeyOpts } from './dataOptions';
import { predictorTypeOpt } from './train';

/** The model a command names: --model NAME, or the model of the series --exchange/--symbol/--timeframe with --type/--steps. */
export function modelNameOpt(args: CommandArgs, ctx: CliContext): string {
  const explicit = stringOpt(args, 'model');
  if (explicit) return explicit;
  if (!stringOpt(args, 'symbol')) throw new UsageError('name a model with --model NAME, or a series with --symbol and --timeframe');
  return resolveSeriesModel(ctx.home.modelsDir, seriesKeyOpts(args, 'demo'), predictorTypeOpt(args), intOpt(args, 'steps', 300, 1, 5000)).name;
}

function printForecast(f: Forecast, out: (line: string) => void): void {
  out(`${f.model_info.name}: ${f.predictions.length} ${f.timeframe} candles after ${f.last_bar_time}, current price ${f.current_price}${f.data_stale ? ' (data may be stale)' : ''}`);
  const show = f.predictions.filter((p, i) => i < 5 || p.step % Math.max(1, Math.floor(f.predictions.length / 10)) === 0 || i === f.predictions.length - 1);
  out(formatTable(
    ['step', 'time', 'open', 'high', 'low', 'close', 'return', '80% band', 'confidence'],
    show.map((p) => [String(p.step), p.timestamp.slice(0, 16).replace('T', ' '), p.predicted_open.toFixed(2), p.predicted_high.toFixed(2),
      p.predicted_low.toFixed(2), p.predicted_close.toFixed(2), `${(100 * p.predicted_return).toFixed(3)}%`,
      `${p.close_lower_80.toFixed(2)} – ${p.close_upper_80.toFixed(2)}`, `${(100 * p.confidence).toFixed(1)}%`]),
  ));
}

/** `candlecast predict`: forecasts the next candles with a saved model (the seed's GET /api/predictions JSON). */
export const predictCommand: Command = {
  name: 'predict',
  summary: 'forecast the next candles with a saved model',
  usage: 'candlecast predict (--model NAME | [--exchange demo] --symbol S --timeframe T [--type T] [--steps N]) [--json] [--csv OUT]',
  options: { ...SERIES_OPTIONS, model: { type: 'string' }, type: { type: 'string' }, steps: { type: 'string' }, csv: { type: 'string' } },
  async run(args, ctx) {
    const name = modelNameOpt(args, ctx);
    const config = modelConfigOrUsage(ctx, name);
    const key = { exchange: config.exchange, symbol: config.symbol, timeframe: config.timeframe };
    const { candles, stale } = await seriesCandles(ctx, key, 7);
    const model = loadModel(ctx.home.modelsDir, name);
    try {
      const forecast: Forecast = { ...model.forecast(candles), data_stale: stale };
      const csv = stringOpt(args, 'csv');
      if (csv) {
        writeFileSync(csv, forecastToCsv(forecast.predictions));
        ctx.log(`wrote ${forecast.predictions.length} rows to ${csv}`);
      }
      if (ctx.json) ctx.out(JSON.stringify(forecast, null, 2));
      else printForecast(forecast, ctx.out);
    } finally {
      model.dispose();
    }
  },
};
