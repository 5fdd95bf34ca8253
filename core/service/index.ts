// The ML service: every contract operation, background jobs in worker threads, prediction history with scoring.
export { createService, seriesKeyOf, type Service, type ServiceOptions, type TrainModelRequest, type SavePredictionRequest } from './service';
export { createEventBus, type EventBus } from './eventBus';
export { isFinished, type Job, type JobManager } from './jobs';
export { modelFreshness, allowedLagMs, type Freshness } from './modelFreshness';
