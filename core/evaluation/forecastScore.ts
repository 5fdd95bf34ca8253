import type { CandleColumns } from '../data/candles';
import type { ForecastStep } from '../predictors/types';

/** How a saved forecast did against the candles that came; figures are null until at least one step has happened. */
export interface ForecastScore {
  readonly steps_total: number;
  /** Steps whose real bar is in the store. */
  readonly steps_scored: number;
  /** No step can still happen: the newest stored bar is at or after the last step's time. */
  readonly complete: boolean;
  /** RMSE of predicted close against the real close over the scored steps. */
  readonly rmse: number | null;
  /** RMSE of the naive forecast (the price when the forecast was made) over the same steps. */
  readonly rmse_naive: number | null;
  /** 1 - rmse / rmse_naive: above 0 beat the naive forecast. */
  readonly skill: number | null;
  readonly directional_hits: number;
  /** Scored steps where both the forecast and the real close moved away from the starting price. */
  readonly directional_count: number;
  readonly directional_accuracy: number | null;
  /** Share of scored steps whose real close fell inside [close_lower_80, close_upper_80]. */
  readonly coverage_80: number | null;
  readonly scored_at: string;
}

/** The part of a forecast scoring needs. */
export interface ScorableForecast {
  readonly current_price: number;
  readonly predictions: readonly Pick<ForecastStep, 'timestamp' | 'predicted_close' | 'close_lower_80' | 'close_upper_80'>[];
}

/** Index of `time` in an ascending time column, or -1 (the bar of a forecast step, found by its open time). */
export function findTime(times: Float64Array, time: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = times[mid];
    if (t === time) return mid;
    if (t < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Scores a forecast against real candles (any range that covers some of its steps; ascending times).
 * A step counts once its bar (open time = the step's timestamp) is present; steps in gaps are skipped.
 * `newestBarTime` is the newest bar stored for the series, which decides whether the score is final.
 */
export function scoreForecast(forecast: ScorableForecast, actual: CandleColumns, newestBarTime: number, scoredAt: string): ForecastScore {
  const p0 = forecast.current_price;
  let n = 0;
  let se = 0;
  let seNaive = 0;
  let hits = 0;
  let dirCount = 0;
  let covered = 0;
  let lastStepTime = -Infinity;
  for (const step of forecast.predictions) {
    const t = Date.parse(step.timestamp);
    if (t > lastStepTime) lastStepTime = t;
    const i = findTime(actual.time, t);
    if (i < 0) continue;
    const real = actual.close[i];
    n++;
    se += (step.predicted_close - real) ** 2;
    seNaive += (p0 - real) ** 2;
    const predictedMove = Math.sign(step.predicted_close - p0);
    const realMove = Math.sign(real - p0);
    if (predictedMove !== 0 && realMove !== 0) {
      dirCount++;
      if (predictedMove === realMove) hits++;
    }
    if (real >= step.close_lower_80 && real <= step.close_upper_80) covered++;
  }
  const rmse = n ? Math.sqrt(se / n) : null;
  const rmseNaive = n ? Math.sqrt(seNaive / n) : null;
  return {
    steps_total: forecast.predictions.length,
    steps_scored: n,
    complete: forecast.predictions.length > 0 && newestBarTime >= lastStepTime,
    rmse,
    rmse_naive: rmseNaive,
    skill: rmse !== null && rmseNaive !== null && rmseNaive > 0 ? 1 - rmse / rmseNaive : null,
    directional_hits: hits,
    directional_count: dirCount,
    directional_accuracy: dirCount ? hits / dirCount : null,
    coverage_80: n ? covered / n : null,
    scored_at: scoredAt,
  };
}
