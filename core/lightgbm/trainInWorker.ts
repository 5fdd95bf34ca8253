import { runWorker } from '../runtime/workerJob';
import type { IterationProgress, TrainSpec } from './train';
import { LgbmBooster } from './booster';

/** The outcome of a worker training: the model as LightGBM text plus its history. */
export interface WorkerTrainResult {
  readonly modelString: string;
  readonly bestIteration: number;
  readonly bestScore?: number;
  readonly metric: string;
  readonly history: readonly IterationProgress[];
  readonly stoppedEarly: boolean;
}

/**
 * Trains in a worker thread, streaming `{iteration, train, valid}` progress; cancellable with an AbortSignal.
 * The main thread stays free; the model comes back as LightGBM text (load it with `booster()`).
 */
export async function trainInWorker(
  spec: TrainSpec,
  opts: { signal?: AbortSignal; onProgress?: (p: IterationProgress) => void } = {},
): Promise<WorkerTrainResult & { booster(): LgbmBooster }> {
  const result = await runWorker<TrainSpec, WorkerTrainResult, IterationProgress>('lightgbm-train', spec, opts);
  return { ...result, booster: () => LgbmBooster.fromString(result.modelString) };
}
