import type { FastPredictor, LgbmBooster } from '../lightgbm';
import type { TargetName } from './dataset';
import { autoregressiveStep, multiOhlcStep, type StepModel } from './stepModels';
import type { PredictorType } from './types';

/** A step model over live boosters, with the fast predictors it opened. */
export interface OpenStepModel {
  readonly model: StepModel;
  dispose(): void;
}

/** Opens single-row fast predictors on a predictor's boosters and wraps them as its step model. */
export function stepModelFor(type: PredictorType, boosters: ReadonlyMap<TargetName, LgbmBooster>): OpenStepModel {
  const fast = new Map<TargetName, FastPredictor>();
  const open = (t: TargetName) => {
    const b = boosters.get(t);
    if (!b) throw new Error(`the ${type} predictor lacks its ${t} model`);
    const p = b.fastPredictor();
    fast.set(t, p);
    return p;
  };
  const model = type === 'autoregressive'
    ? autoregressiveStep(open('close'))
    : multiOhlcStep({ open: open('open'), high: open('high'), low: open('low'), close: open('close') });
  return { model, dispose: () => fast.forEach((p) => p.dispose()) };
}
