import { writeFileSync } from 'node:fs';
import { formatIsoTime, keepValidBars, timeframeMs, type CandleColumns, type SeriesKey } from '../../data';
import { warmupBars, type LoadedModel } from '../../predictors/loadedModel';
import { loadModel, resolveSeriesModel, type Forecast } from '../../predictors';
import { modelConfigOrUsage } from '../modelConfigOpt';
import { forecastToCsv } from '../../api/forecastCsv';
import { intOpt, stringOpt, UsageError, type CliContext, type Command, type CommandArgs } from '../command';
import { seriesCandles } from '../seriesCandles';
import { formatTable } from '../table';
import { SERIES_OPTIONS, seriesKeyOpts, withStore } from './dataOptions';
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
    ['step', 'time', 'open', 'high', 'low', 'close', 'return', '50% band', '80% band', '90% band', 'P(up)'],
    show.map((p) => [String(p.step), p.timestamp.slice(0, 16).replace('T', ' '), p.predicted_open.toFixed(2), p.predicted_high.toFixed(2),
      p.predicted_low.toFixed(2), p.predicted_close.toFixed(2), `${(100 * p.predicted_return).toFixed(3)}%`,
      `${p.close_lower_50.toFixed(2)} – ${p.close_upper_50.toFixed(2)}`, `${p.close_lower_80.toFixed(2)} – ${p.close_upper_80.toFixed(2)}`,
      `${p.close_lower_90.toFixed(2)} – ${p.close_upper_90.toFixed(2)}`, `${(100 * p.confidence).toFixed(1)}%`]),
  ));
  if (f.verdict_text) out(f.verdict_text);
  const levels = f.band_levels;
  if (levels?.steps.length) {
    const pct = (x: number) => `${Math.round(1000 * x) / 10}%`;
    const [lo, hi] = levels.steps[0].band_80;
    out(`bands of steps 1-${levels.steps.length} adapt to recent misses (${levels.outcomes} outcomes${levels.as_of ? ` up to ${levels.as_of}` : ''}): `
      + `the 80% band at step 1 spans the ${pct(lo)}-${pct(hi)} quantiles of past errors (nominal 10%-90%)`);
  }
}

const DAY_MS = 86_400_000;

/**
 * The bars a forecast reads: the series brought up to date over the last week (at least the features' warm-up), then
 * as much stored history as the model asks for (LoadedModel.historyBars: its clock profiles are fitted on about a
 * year of bars), logged with its first and last bar.
 */
async function forecastHistory(ctx: CliContext, key: SeriesKey, model: LoadedModel): Promise<{ candles: CandleColumns; stale: boolean }> {
  const tfMs = timeframeMs(key.timeframe);
  const freshDays = Math.max(7, Math.ceil(((warmupBars(model.engine) + 1) * tfMs) / DAY_MS) + 1);
  const fresh = await seriesCandles(ctx, key, freshDays);
  const last = fresh.candles.length ? fresh.candles.time[fresh.candles.length - 1] : undefined;
  const need = last === undefined ? 0 : model.historyBars(last);
  if (last === undefined || need <= fresh.candles.length) return { candles: fresh.candles, stale: fresh.stale };
  const candles = await withStore(ctx, (store) => keepValidBars(store.read(fresh.key, { from: last - (need - 1) * tfMs, to: last })).candles);
  ctx.log(`history: ${candles.length} bars, ${formatIsoTime(candles.time[0])} to ${formatIsoTime(last)} (the model's warm-up and clock profiles)`);
  return { candles, stale: fresh.stale };
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
    const model = loadModel(ctx.home.modelsDir, name);
    try {
      const { candles, stale } = await forecastHistory(ctx, key, model);
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
