/** Candlecast's LightGBM binding: datasets, boosters, training loops, worker training. */
export { LgbmBooster, LgbmDataset, type Matrix, type FastPredictor, type ImportanceKind } from './booster';
export { trainBooster, TrainingAborted, type TrainSpec, type TrainResult, type IterationProgress, type LabelledMatrix } from './train';
export { trainInWorker, type WorkerTrainResult } from './trainInWorker';
export { formatParams, knownParameterNames, type LgbmParams } from './params';
export { lightgbmVersion, addonPath } from './native';
