/** Candlecast's predictors: training, evaluation, persistence and forecasting of both predictor types. */
export * from './types';
export { trainModel, dataFingerprint, type TrainContext } from './trainPipeline';
export { loadModel, type LoadedModel } from './loadedModel';
export { listModels, deleteModel, defaultModelName, validateModelName, readModelConfig, ModelNotFoundError, recoverModelStore, summarize } from './modelStore';
export {
  assertNameFreeFor, isModelOfSeries, modelConfigIfAny, ModelSeriesConflictError, resolveSeriesModel, seriesLabel, storedModelIdentity,
  type StoredModelIdentity,
} from './modelIdentity';
export { compareModels, ComparisonInputError, type ComparableModel, type ComparedComponent, type ModelComparison } from './modelComparison';
export { evaluationWindow, fittedUntil, type EvaluationWindow } from './evaluationWindow';
export { DEFAULT_MODEL_PARAMS, DEFAULT_TRAIN_OPTIONS, resolveTrainOptions } from './defaults';
export type { ModelConfig } from './modelConfig';
export { currentFeatureConfigHash } from './featureHash';
export { AutoregressivePricePredictor, MultiOHLCPredictor, type PredictorOptions, type PreparedData } from './predictorClasses';
