import { fittedUntil, type LoadedModel } from '../predictors';
import { warmupBars } from '../predictors/loadedModel';
import type { BacktestModel } from './types';

/**
 * The backtester's view of a loaded model: its engine, step model and calibration, the history forecast() replays,
 * and the dates its trees were fitted on (all bars when refit, else up to the end of validation, so the test
 * segment stays held out).
 */
export function backtestModelOf(model: LoadedModel): BacktestModel {
  const cfg = model.config;
  const test = cfg.segments.test.map((t) => Date.parse(t));
  return {
    name: cfg.name,
    exchange: cfg.exchange,
    symbol: cfg.symbol,
    timeframe: cfg.timeframe,
    nStepsAhead: cfg.n_steps_ahead,
    engine: model.engine,
    step: model.stepModel(),
    calibration: cfg.calibration,
    historyBars: warmupBars(model.engine),
    fittedUntil: fittedUntil(cfg),
    heldOutTest: !cfg.refit && test.every(Number.isFinite) ? [test[0], test[1]] : undefined,
  };
}
