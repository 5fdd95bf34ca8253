import type { SeriesKey } from '../data/candles';
import type { CcxtConnection } from '../data/ccxtSource';
import type { PredictorType, TrainOptions, TrainProgress, TrainSummary } from '../predictors/types';
import { runWorker } from '../runtime/workerJob';
import type { JobManager, JobProgressUpdate } from './jobs';

/** What the training worker needs: where the store and models are, and what to train. */
export interface TrainJobInput {
  readonly dbPath: string;
  readonly modelsDir: string;
  readonly key: SeriesKey;
  readonly type: PredictorType;
  readonly nStepsAhead: number;
  readonly days: number;
  readonly name: string;
  readonly options?: Partial<TrainOptions>;
  /** How to reach the series' exchange when it is a ccxt one. */
  readonly ccxt?: CcxtConnection;
}

/** What the training worker returns. */
export interface TrainJobOutput {
  readonly summary: TrainSummary;
  readonly stale: boolean;
}

/** Progress the training worker posts. */
export type TrainJobProgress = TrainProgress;

/** A TrainProgress as a job progress update (model k of n and the latest round go to `detail`). */
export function trainProgressUpdate(p: TrainProgress): JobProgressUpdate {
  const detail = p.model || p.iteration ? { ...(p.model ? { model: { ...p.model } } : {}), ...(p.iteration ? { iteration: { ...p.iteration } } : {}) } : undefined;
  return { stage: p.stage, value: p.value, message: p.message, ...(detail ? { detail } : {}) };
}

/**
 * Two training requests share one run only when they would train the same thing: the same model name, series,
 * predictor, horizon, history and options. Anything else gets a run of its own.
 */
export function trainShareKey(input: TrainJobInput): string {
  const { key, type, nStepsAhead, days, name, options } = input;
  return `train:${JSON.stringify([name, key.exchange, key.symbol, key.timeframe, type, nStepsAhead, days, options ?? null])}`;
}

/** Called after a model was saved, so forecast workers drop their cached copy. */
export type OnModelSaved = (name: string) => Promise<void>;

/**
 * Starts a training job in a worker thread, or joins the running one with the same trainShareKey.
 * The job's result is the TrainSummary; cancelling stops the worker and saves nothing.
 */
export function startTrainJob(jobs: JobManager, input: TrainJobInput, onSaved: OnModelSaved): { jobId: string; joined: boolean } {
  const { job, joined } = jobs.start(
    {
      kind: 'train', name: input.name, exchange: input.key.exchange, symbol: input.key.symbol, timeframe: input.key.timeframe,
      shareKey: trainShareKey(input), message: `training ${input.name} is queued`,
    },
    async (ctx) => {
      const out = await runWorker<TrainJobInput, TrainJobOutput, TrainJobProgress>('service-train', input, {
        signal: ctx.signal,
        onProgress: (p) => ctx.progress(trainProgressUpdate(p)),
      });
      await onSaved(input.name);
      return out.summary;
    },
  );
  return { jobId: job.id, joined };
}
