import { keepValidBars } from '../data/barRules';
import type { OperationResponse } from '../api/contract';
import { backtest, backtestJson, backtestModelOf, BacktestInputError, type BacktestOptions } from '../backtest';
import { timeframeMs, type SeriesKey } from '../data/candles';
import type { CandleStore } from '../data/store';
import type { LoadedModel } from '../predictors';

/** The backtest options a worker receives (times already parsed to ms). */
export type BacktestWorkerOptions = Omit<BacktestOptions, 'symbol' | 'rebalanceEvery'>;

/** The summary without `series` and `data_stale`, which the service adds. */
export type BacktestWorkerAnswer = Omit<OperationResponse<'backtestModel'>, 'series' | 'data_stale'>;

/** [time ms, value] pairs of a sampled curve whose times backtestJson wrote as ISO strings. */
function pairs(times: readonly (string | null)[], values: readonly number[]): [number, number][] {
  return times.map((t, i) => [t === null ? Number.NaN : Date.parse(t), values[i]]);
}

/**
 * Runs a backtest of a loaded model over its stored series in a worker: reads the bars of the range plus the feature
 * history before it, then summarises backtestJson's form. A request the data cannot answer (an empty range, no bars
 * after the training data) throws with code `unprocessable`.
 */
export function backtestStored(store: CandleStore, key: SeriesKey, loaded: LoadedModel, options: BacktestWorkerOptions): BacktestWorkerAnswer {
  const model = backtestModelOf(loaded);
  const first = options.from ?? (model.fittedUntil === undefined ? undefined : model.fittedUntil + 1);
  const readFrom = first === undefined ? undefined : first - (model.historyBars + 1) * timeframeMs(key.timeframe);
  const candles = keepValidBars(store.read(key, { from: readFrom, to: options.to })).candles;
  let json: ReturnType<typeof backtestJson>;
  try {
    json = backtestJson(backtest(candles, model, { ...options, rebalanceEvery: 1 }), 500);
  } catch (err) {
    if (err instanceof BacktestInputError) throw Object.assign(new Error(err.message), { code: 'unprocessable' });
    throw err;
  }
  const { trades, equity_curve: curve, ...rest } = json;
  return {
    ...rest,
    range: { ...rest.range, notes: [...rest.range.notes] },
    trades: trades.length,
    equity_curve: { model: pairs(curve.time, curve.equity), buy_and_hold: pairs(curve.time, curve.buy_and_hold) },
  };
}
