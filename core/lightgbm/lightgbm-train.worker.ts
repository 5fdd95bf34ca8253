// Worker entry: trains one LightGBM model off the main thread (see trainInWorker).
import { serveWorkerJob } from '../runtime/workerJob';
import { trainBooster, type IterationProgress, type TrainSpec } from './train';
import type { WorkerTrainResult } from './trainInWorker';

serveWorkerJob<TrainSpec, WorkerTrainResult, IterationProgress>((spec, ctx) => {
  const r = trainBooster(spec, { onIteration: (p) => ctx.progress(p), shouldStop: () => ctx.cancelled() });
  try {
    return {
      modelString: r.booster.saveModelString(),
      bestIteration: r.bestIteration,
      bestScore: r.bestScore,
      metric: r.metric,
      history: r.history,
      stoppedEarly: r.stoppedEarly,
    };
  } finally {
    r.booster.dispose();
  }
});
