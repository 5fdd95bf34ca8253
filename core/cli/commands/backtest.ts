import { writeFileSync } from 'node:fs';
import {
  backtest, backtestJson, backtestModelOf, BacktestInputError, tradesCsv, type BacktestMetrics, type BacktestOptions, type BacktestResult,
} from '../../backtest';
import { loadModel } from '../../predictors';
import { modelConfigOrUsage, modelSeriesKey } from '../modelConfigOpt';
import { intOpt, stringOpt, UsageError, type Command, type CommandArgs } from '../command';
import { seriesCandles } from '../seriesCandles';
import { formatTable } from '../table';
import { SERIES_OPTIONS, timeOpt } from './dataOptions';

/** A decimal option within [min, max], with an error naming it. */
function numberOpt(args: CommandArgs, name: string, def: number, min: number, max: number): number {
  const raw = stringOpt(args, name);
  if (raw === undefined) return def;
  const x = Number(raw);
  if (!Number.isFinite(x) || x < min || x > max) throw new UsageError(`--${name} must be a number between ${min} and ${max}, got "${raw}"`);
  return x;
}

const pct = (x: number, digits = 2) => (Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : '-');
const num = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const day = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString().slice(0, 16).replace('T', ' ') : '-');

/** The metrics of the strategy and its baselines side by side. */
function metricsTable(r: BacktestResult): string {
  const runs: [string, BacktestMetrics][] = [
    ['model', r.metrics], ['buy & hold', r.baselines.buy_and_hold.metrics], ['momentum', r.baselines.momentum.metrics], ['flat', r.baselines.flat.metrics],
  ];
  const rows: [string, (m: BacktestMetrics) => string][] = [
    ['total return', (m) => pct(m.total_return)],
    ['annual return', (m) => pct(m.annual_return, 1)],
    ['annual volatility', (m) => pct(m.annual_volatility, 1)],
    ['sharpe', (m) => num(m.sharpe)],
    ['sharpe 95%', (m) => `[${num(m.sharpe_ci[0])}, ${num(m.sharpe_ci[1])}]`],
    ['sortino', (m) => num(m.sortino)],
    ['max drawdown', (m) => pct(m.max_drawdown)],
    ['drawdown from', (m) => day(m.max_drawdown_from)],
    ['drawdown to', (m) => day(m.max_drawdown_to)],
    ['trades', (m) => String(m.trades)],
    ['win rate', (m) => pct(m.win_rate, 1)],
    ['avg trade', (m) => pct(m.avg_trade_return, 3)],
    ['exposure', (m) => pct(m.exposure, 1)],
    ['turnover', (m) => `${num(m.turnover, 1)}x`],
    ['fees paid', (m) => pct(m.fees_paid)],
    ['slippage paid', (m) => pct(m.slippage_paid)],
  ];
  return formatTable(['', ...runs.map(([name]) => name)], rows.map(([label, f]) => [label, ...runs.map(([, m]) => f(m))]));
}

/** `candlecast backtest`: trades a saved model's forecasts over bars it did not train on, against baselines. */
export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'trade a saved model\'s forecasts walk-forward (next-open fills, fees) against buy-and-hold and flat',
  usage: 'candlecast backtest --model NAME [--exchange E --symbol S --timeframe T | --csv FILE --symbol S] [--days N] [--from T0 --to T1] '
    + '[--horizon 1] [--rebalance-every 1] [--threshold-bps 5] [--fee-bps 10] [--slippage-bps 0] [--long-only] [--require-confidence] '
    + '[--json] [--trades-csv OUT]',
  options: {
    ...SERIES_OPTIONS, model: { type: 'string' }, csv: { type: 'string' }, days: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
    horizon: { type: 'string' }, 'rebalance-every': { type: 'string' }, 'threshold-bps': { type: 'string' }, 'fee-bps': { type: 'string' },
    'slippage-bps': { type: 'string' }, 'long-only': { type: 'boolean' }, 'require-confidence': { type: 'boolean' }, 'trades-csv': { type: 'string' },
  },
  async run(args, ctx) {
    const name = stringOpt(args, 'model', true);
    const config = modelConfigOrUsage(ctx, name);
    const csv = stringOpt(args, 'csv');
    const key = modelSeriesKey(args, config);
    const options: Partial<BacktestOptions> = {
      horizon: intOpt(args, 'horizon', 1, 1, config.n_steps_ahead),
      rebalanceEvery: intOpt(args, 'rebalance-every', 1, 1, 100_000),
      thresholdBps: numberOpt(args, 'threshold-bps', 5, 0, 10_000),
      feeBps: numberOpt(args, 'fee-bps', 10, 0, 1000),
      slippageBps: numberOpt(args, 'slippage-bps', 0, 0, 1000),
      allowShort: !args.values['long-only'],
      requireConfidence: Boolean(args.values['require-confidence']),
      from: timeOpt(args, 'from'),
      to: timeOpt(args, 'to'),
      symbol: key.symbol,
      exchange: key.exchange,
    };
    const days = stringOpt(args, 'days') === undefined ? undefined : intOpt(args, 'days', 30, 1, 3650);
    const { candles } = await seriesCandles(ctx, key, days, csv);
    const model = loadModel(ctx.home.modelsDir, name);
    let result: BacktestResult;
    try {
      result = backtest(candles, backtestModelOf(model), options);
    } catch (err) {
      throw err instanceof BacktestInputError ? new UsageError(err.message) : err;
    } finally {
      model.dispose();
    }
    const tradesFile = stringOpt(args, 'trades-csv');
    if (tradesFile) {
      writeFileSync(tradesFile, tradesCsv(result.trades));
      ctx.log(`wrote ${result.trades.length} trades to ${tradesFile}`);
    }
    if (ctx.json) {
      if (result.overlap.overlaps_training) ctx.log(result.overlap.message);
      ctx.out(JSON.stringify({ series: key, ...backtestJson(result) }, null, 2));
      return;
    }
    const o = result.options;
    ctx.out(`${name} on ${key.exchange} ${key.symbol} ${key.timeframe}: ${day(result.range.from)} .. ${day(result.range.to)}, `
      + `${result.range.bars} bars, ${result.range.decisions} decisions`);
    ctx.out(`h=${o.horizon} every ${o.rebalanceEvery} bar${o.rebalanceEvery === 1 ? '' : 's'}, threshold ${o.thresholdBps} bps, `
      + `fee ${o.feeBps} bps/side, slippage ${o.slippageBps} bps, ${o.allowShort ? 'long/short' : 'long only'}, `
      + `mean P(up) at h=${o.horizon}: ${pct(result.confidence, 1)}`);
    for (const note of result.range.notes) ctx.out(`note: ${note}`);
    ctx.out(result.overlap.message);
    ctx.out(metricsTable(result));
    ctx.out(`${result.versus_text} (the model's total return minus the baseline's, in percentage points; [low, high] = 95% block-bootstrap interval over the bars)`);
  },
};
