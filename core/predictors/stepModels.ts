import type { FastPredictor } from '../lightgbm/booster';
import type { PredictorType } from './types';

/** Largest one-bar log move a forecast step may take; keeps a runaway feedback loop finite. */
export const MAX_STEP_LOG_RETURN = 0.25;

/** Recent shape of real candles, used to dress an autoregressive close into a full candle. */
export interface CandleShape {
  /** Median ln(high / max(open, close)) over recent bars. */
  readonly upperWick: number;
  /** Median ln(min(open, close) / low) over recent bars. */
  readonly lowerWick: number;
  /** Median volume over recent bars. */
  readonly volume: number;
  /** Mean |ln(close / open)| over recent bars: the typical body a near-zero close forecast cannot place. */
  readonly body: number;
}

/** A forecast candle relative to the previous close, as log ratios; every field finite. */
export interface StepOutput {
  /** ln(open / previous close). */
  openGap: number;
  /** ln(close / previous close). */
  closeReturn: number;
  /** ln(high / max(open, close)) >= 0. */
  upperWick: number;
  /** ln(min(open, close) / low) >= 0. */
  lowerWick: number;
}

/** One step of a predictor: from a feature row to the next candle's shape. */
export interface StepModel {
  readonly type: PredictorType;
  next(row: Float64Array, shape: CandleShape, out: StepOutput): void;
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : Number.isFinite(x) ? x : 0);

/**
 * Autoregressive step: one model predicts ln(C[t+1] / C[t]); the fed-back candle opens at the previous close and
 * takes the recent median wicks, so the features of the next step see a typical candle around the predicted close.
 */
export function autoregressiveStep(close: FastPredictor): StepModel {
  return {
    type: 'autoregressive',
    next(row, shape, out) {
      out.openGap = 0;
      out.closeReturn = clamp(close.predict(row), -MAX_STEP_LOG_RETURN, MAX_STEP_LOG_RETURN);
      out.upperWick = shape.upperWick;
      out.lowerWick = shape.lowerWick;
    },
  };
}

/** Multi-OHLC step: four models predict the open gap, close return and both wicks; wicks are clamped to >= 0. */
export function multiOhlcStep(models: { open: FastPredictor; high: FastPredictor; low: FastPredictor; close: FastPredictor }): StepModel {
  return {
    type: 'multi_ohlc',
    next(row, _shape, out) {
      out.openGap = clamp(models.open.predict(row), -MAX_STEP_LOG_RETURN, MAX_STEP_LOG_RETURN);
      out.closeReturn = clamp(models.close.predict(row), -MAX_STEP_LOG_RETURN, MAX_STEP_LOG_RETURN);
      out.upperWick = clamp(models.high.predict(row), 0, MAX_STEP_LOG_RETURN);
      out.lowerWick = clamp(models.low.predict(row), 0, MAX_STEP_LOG_RETURN);
    },
  };
}
