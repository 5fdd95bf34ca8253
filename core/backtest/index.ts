/** Candlecast's ML strategy backtester: walk-forward trading of a model's calibrated forecasts, with baselines. */
export * from './types';
export { backtest, resolveBacktestOptions, DEFAULT_BACKTEST_OPTIONS } from './backtest';
export { backtestModelOf } from './model';
export { modelForecasts, momentumForecasts, type DecisionPlan } from './forecasts';
export { simulate, targetsFromForecasts, type SignalRule, type Costs } from './simulate';
export { runMetrics, barsPerYear } from './metrics';
export { backtestPlan, barReturns, sharpeInterval, versus, describeVersus, type Versus } from './uncertainty';
export { resolveRange, trainingOverlap, type ResolvedRange } from './range';
export { backtestJson, metricsJson, tradeJson, tradesCsv } from './report';
