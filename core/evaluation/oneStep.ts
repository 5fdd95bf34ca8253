import type { PerformanceMetrics } from '../predictors/types';
import { mae, r2, rmse } from './metrics';

/** One-step close predictions and outcomes for a row range: predicted return ŷ, actual return y, closes. */
export interface OneStepRows {
  readonly predictedReturn: ArrayLike<number>;
  readonly actualReturn: ArrayLike<number>;
  /** Close of each row's bar (the origin of its one-step forecast). */
  readonly close: ArrayLike<number>;
}

function priceArrays(rows: OneStepRows): { actual: Float64Array; predicted: Float64Array } {
  const n = rows.actualReturn.length;
  const actual = new Float64Array(n);
  const predicted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    actual[i] = rows.close[i] * Math.exp(rows.actualReturn[i]);
    predicted[i] = rows.close[i] * Math.exp(rows.predictedReturn[i]);
  }
  return { actual, predicted };
}

/**
 * The seed's one-step metrics (R², RMSE, MAE of the predicted next close in price units, which are near-perfect for
 * any model because the price level carries them) plus R² of returns on validation and train, the honest figures.
 */
export function oneStepMetrics(train: OneStepRows, valid: OneStepRows): PerformanceMetrics {
  const t = priceArrays(train);
  const v = priceArrays(valid);
  return {
    train_r2: r2(t.actual, t.predicted),
    val_r2: r2(v.actual, v.predicted),
    train_rmse: rmse(t.actual, t.predicted),
    val_rmse: rmse(v.actual, v.predicted),
    train_mae: mae(t.actual, t.predicted),
    val_mae: mae(v.actual, v.predicted),
    return_r2: r2(valid.actualReturn, valid.predictedReturn),
    train_return_r2: r2(train.actualReturn, train.predictedReturn),
  };
}
