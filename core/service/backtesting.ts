import type { OperationRequest, OperationResponse } from '../api/contract';
import { defaultDaysFor } from '../api/fields';
import { invalidField } from '../api/errors';
import type { SeriesKey } from '../data/candles';
import { readModelConfig, validateModelName } from '../predictors';
import type { BacktestWorkerAnswer, BacktestWorkerOptions } from './backtestInWorker';
import type { ServiceDeps } from './serviceDeps';
import { classifyError } from './serviceErrors';

/** Sends a backtest to a forecast worker (errors already given their API kind). */
export type BacktestCall = (req: { type: 'backtest'; name: string; trainedAt: string; key: SeriesKey; options: BacktestWorkerOptions }) => Promise<BacktestWorkerAnswer>;

function timeBound(v: number | string | undefined): number | undefined {
  return v === undefined ? undefined : typeof v === 'number' ? v : Date.parse(v);
}

/**
 * `backtestModel`: checks the request against the model (unknown model 404, horizon beyond its steps or `to`
 * before `from` 400), brings the model's own series up to date like a forecast does, and runs the backtest in a
 * forecast worker, off the event loop.
 */
export async function backtestModel(deps: ServiceDeps, call: BacktestCall, req: OperationRequest<'backtestModel'>): Promise<OperationResponse<'backtestModel'>> {
  let config;
  try {
    config = readModelConfig(deps.home.modelsDir, validateModelName(req.name));
  } catch (err) {
    throw classifyError(err);
  }
  if (req.horizon > config.n_steps_ahead) {
    throw invalidField('horizon', `must be between 1 and the model's ${config.n_steps_ahead} steps, got ${req.horizon}`);
  }
  const from = timeBound(req.from);
  const to = timeBound(req.to);
  if (from !== undefined && to !== undefined && to < from) throw invalidField('to', 'is before from');
  const key: SeriesKey = { exchange: config.exchange, symbol: config.symbol, timeframe: config.timeframe };
  const fresh = await deps.refresh(key, defaultDaysFor(key.timeframe));
  const options: BacktestWorkerOptions = {
    horizon: req.horizon, thresholdBps: req.threshold_bps, feeBps: req.fee_bps, slippageBps: req.slippage_bps,
    allowShort: !req.long_only, requireConfidence: req.require_confidence, from, to,
  };
  const answer = await call({ type: 'backtest', name: config.name, trainedAt: config.trained_at, key, options });
  return { series: key, data_stale: fresh.stale, ...answer };
}
