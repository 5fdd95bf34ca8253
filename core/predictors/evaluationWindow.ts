import type { CandleColumns, SeriesKey } from '../data/candles';
import type { ModelConfig } from './modelConfig';
import { isModelOfSeries } from './modelIdentity';

/** Where an evaluation of a saved model may start and how much of it overlaps the model's training data. */
export interface EvaluationWindow {
  /** First bar index that may be a forecast origin (earlier bars only feed the features). */
  readonly originStart: number;
  /** The candles are the model's own series (same source, symbol, timeframe): dates can be compared. */
  readonly sameSeries: boolean;
  /** Open time (ms) of the last bar the model's trees were fitted on; undefined when unknown or another series. */
  readonly fittedUntil?: number;
  /** Bars from originStart on that the trees were fitted on: figures over them are in-sample. */
  readonly overlapBars: number;
}

/** Open time of the last bar the model's trees were fitted on: all its bars when refit, else up to validation's end. */
export function fittedUntil(config: ModelConfig): number | undefined {
  const t = Date.parse(config.refit ? config.data_range.to : config.segments.valid[1]);
  return Number.isFinite(t) ? t : undefined;
}

/**
 * Chooses where to score a saved model: on its own series, by default only origins after the bars its trees were
 * fitted on (held-out figures); with `includeTraining`, every origin, counting the bars that overlap training.
 * Another series has no overlap by date.
 */
export function evaluationWindow(c: CandleColumns, config: ModelConfig, key: SeriesKey, includeTraining: boolean): EvaluationWindow {
  const sameSeries = isModelOfSeries(config, key);
  const fitted = sameSeries ? fittedUntil(config) : undefined;
  if (fitted === undefined) return { originStart: 0, sameSeries, overlapBars: 0 };
  let after = 0;
  while (after < c.length && c.time[after] <= fitted) after++;
  const originStart = includeTraining ? 0 : after;
  return { originStart, sameSeries, fittedUntil: fitted, overlapBars: Math.max(0, after - originStart) };
}
