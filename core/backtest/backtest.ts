import { timeframeMs, type CandleColumns } from '../data/candles';
import { modelForecasts, momentumForecasts, type DecisionPlan } from './forecasts';
import { runMetrics } from './metrics';
import { resolveRange } from './range';
import { simulate, targetsFromForecasts, type Costs } from './simulate';
import { backtestPlan, barReturns, describeVersus, versus } from './uncertainty';
import { BacktestInputError, type BacktestModel, type BacktestOptions, type BacktestResult, type BaselineResult, type SimulatedRun } from './types';

/** Defaults: one-bar horizon, decide every bar, 5 bps threshold, shorts allowed, 10 bps fee, no slippage. */
export const DEFAULT_BACKTEST_OPTIONS: BacktestOptions = {
  horizon: 1,
  rebalanceEvery: 1,
  thresholdBps: 5,
  allowShort: true,
  requireConfidence: false,
  feeBps: 10,
  slippageBps: 0,
};

/** Merges options over the defaults and checks them against the model, naming the bad one. */
export function resolveBacktestOptions(model: BacktestModel, o: Partial<BacktestOptions> = {}): BacktestOptions {
  const r: BacktestOptions = { ...DEFAULT_BACKTEST_OPTIONS, ...o };
  const bad = (what: string): never => {
    throw new BacktestInputError(what);
  };
  if (!Number.isInteger(r.horizon) || r.horizon < 1 || r.horizon > model.nStepsAhead) {
    bad(`horizon must be an integer between 1 and the model's ${model.nStepsAhead} steps, got ${r.horizon}`);
  }
  if (!Number.isInteger(r.rebalanceEvery) || r.rebalanceEvery < 1 || r.rebalanceEvery > 100_000) bad(`rebalanceEvery must be an integer between 1 and 100000, got ${r.rebalanceEvery}`);
  if (!(Number.isFinite(r.thresholdBps) && r.thresholdBps >= 0 && r.thresholdBps <= 10_000)) bad(`thresholdBps must be between 0 and 10000, got ${r.thresholdBps}`);
  if (!(Number.isFinite(r.feeBps) && r.feeBps >= 0 && r.feeBps <= 1000)) bad(`feeBps must be between 0 and 1000, got ${r.feeBps}`);
  if (!(Number.isFinite(r.slippageBps) && r.slippageBps >= 0 && r.slippageBps <= 1000)) bad(`slippageBps must be between 0 and 1000, got ${r.slippageBps}`);
  for (const k of ['from', 'to'] as const) if (r[k] !== undefined && !Number.isFinite(r[k])) bad(`${k} must be a time in ms, got ${r[k]}`);
  return r;
}

/** Checks the columns a backtest reads: sorted times and positive finite prices. */
function checkCandles(c: CandleColumns): void {
  for (let i = 0; i < c.length; i++) {
    if (!(c.open[i] > 0 && c.close[i] > 0 && Number.isFinite(c.open[i]) && Number.isFinite(c.close[i]))) {
      throw new BacktestInputError(`bar ${i} (${new Date(c.time[i]).toISOString()}) has a non-positive or missing open/close`);
    }
    if (i > 0 && !(c.time[i] > c.time[i - 1])) throw new BacktestInputError(`bar times must increase: bar ${i} is not after bar ${i - 1}`);
  }
}

/**
 * Walks forward over `candles` trading the model's calibrated forecasts (see docs/backtest.md): decide at a bar's
 * close, fill at the next open, mark at closes, pay fees and slippage on every change. Pure: no I/O, and a decision
 * at bar t reads only bars up to t. Buy-and-hold, always-flat and momentum baselines run over the same bars and costs.
 */
export function backtest(candles: CandleColumns, model: BacktestModel, options: Partial<BacktestOptions> = {}): BacktestResult {
  const opts = resolveBacktestOptions(model, options);
  checkCandles(candles);
  const range = resolveRange(candles, model, opts);
  const barMs = timeframeMs(model.timeframe);
  const plan: DecisionPlan = { start: range.start, end: range.end, horizon: opts.horizon, every: opts.rebalanceEvery, barMs };
  const costs: Costs = { feeBps: opts.feeBps, slippageBps: opts.slippageBps };
  const notes = [...range.notes];
  const t0 = performance.now();
  const { forecast, pUp } = modelForecasts(candles, model, plan);
  const t1 = performance.now();
  const confidence = meanFinite(pUp);
  const targets = targetsFromForecasts(forecast, plan, { thresholdBps: opts.thresholdBps, allowShort: opts.allowShort, enabled: true });
  if (opts.requireConfidence) {
    let gated = 0;
    for (let i = 0; i < targets.length; i++) {
      if ((targets[i] > 0 && !(pUp[i] > 0.5)) || (targets[i] < 0 && !(pUp[i] < 0.5))) {
        targets[i] = 0;
        gated++;
      }
    }
    if (gated) notes.push(`${gated} signal(s) kept flat: the forecast's calibrated P(up) at h=${opts.horizon} did not agree with its direction`);
  }
  const run = simulate(candles, plan, targets, costs);
  const time = candles.time.slice(range.start, range.end + 1);
  // One resampling of the traded bars for every curve, so their intervals and the differences between them agree.
  const bootstrap = backtestPlan(run.equity.length - 1, Math.max(opts.horizon, opts.rebalanceEvery));
  const baseline = (r: SimulatedRun): BaselineResult => ({ equity: r.equity, metrics: runMetrics(r, time, barMs, bootstrap) });
  const always = new Int8Array(candles.length).fill(1);
  const momentum = targetsFromForecasts(momentumForecasts(candles, plan), plan, { thresholdBps: opts.thresholdBps, allowShort: opts.allowShort, enabled: true });
  const baselines = {
    buy_and_hold: baseline(simulate(candles, plan, always, costs)),
    flat: baseline(simulate(candles, plan, new Int8Array(candles.length), costs)),
    momentum: baseline(simulate(candles, plan, momentum, costs)),
  };
  const ours = barReturns(run.equity);
  const against = (b: BaselineResult) => versus(ours, barReturns(b.equity), bootstrap);
  const vs = { buy_and_hold: against(baselines.buy_and_hold), momentum: against(baselines.momentum), flat: against(baselines.flat) };
  const result: BacktestResult = {
    model: model.name,
    options: opts,
    range: {
      start: range.start, end: range.end, from: candles.time[range.start], to: candles.time[range.end],
      bars: range.end - range.start + 1, decisions: Math.ceil((range.end - range.start) / opts.rebalanceEvery), notes,
    },
    overlap: range.overlap,
    confidence,
    time,
    equity: run.equity,
    position: run.position,
    forecast: forecast.slice(range.start, range.end + 1),
    trades: run.trades,
    metrics: runMetrics(run, time, barMs, bootstrap),
    baselines,
    versus: vs,
    versus_text: describeVersus(vs),
    timings: { forecast_ms: t1 - t0, simulate_ms: performance.now() - t1 },
  };
  return result;
}

function meanFinite(xs: Float64Array): number {
  let s = 0;
  let n = 0;
  for (const x of xs) {
    if (!Number.isFinite(x)) continue;
    s += x;
    n++;
  }
  return n ? s / n : 0.5;
}
