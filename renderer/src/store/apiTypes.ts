/** Shapes of the contract's responses and events that the renderer keeps in its store. */
import type { EventPayload, OperationResponse } from '../../../core/api/contract';

/** A trained model as listed by `listModels`. */
export type ModelInfo = OperationResponse<'listModels'>[number];
/** A market data source. */
export type SourceInfo = OperationResponse<'listSources'>[number];
/** A stored candle series. */
export type SeriesInfo = OperationResponse<'listSeries'>[number];
/** A saved forecast in the history, with its score. */
export type PredictionSummary = OperationResponse<'listPredictions'>[number];
/** One feature's importance. */
export type ImportanceItem = OperationResponse<'featureImportance'>['features'][number];
/** A forecast as `getPredictions` returns it. */
export type ForecastResult = OperationResponse<'getPredictions'>;
/** A model's backtest as `backtestModel` returns it. */
export type BacktestSummary = OperationResponse<'backtestModel'>;
/** One run's backtest figures (the model's or a baseline's). */
export type BacktestMetrics = BacktestSummary['metrics'];
/** A job progress event. */
export type JobProgressEvent = EventPayload<'jobProgress'>;
/** A job status event. */
export type JobStatusEvent = EventPayload<'jobStatus'>;
