/** Training runs of the current Train click: stage, progress, live loss curves, result or error per job. */
import type { StateCreator } from 'zustand/vanilla';
import type { PredictorType, TrainSummary } from '../../../core/predictors/types';
import type { AppState } from './appStore';
import type { JobProgressEvent, JobStatusEvent } from './apiTypes';

/** Train and validation RMSE by boosting round, for one model of a run. */
export interface LossCurve {
  readonly iterations: readonly number[];
  readonly train: readonly number[];
  /** NaN where a round had no validation figure. */
  readonly valid: readonly number[];
}

/** The states a training job can be in. */
export type RunStatus = JobStatusEvent['status'];

/** One training job as the panel shows it. */
export interface TrainingRun {
  readonly jobId: string;
  readonly name: string;
  readonly type: PredictorType;
  readonly status: RunStatus;
  readonly stage: JobProgressEvent['stage'];
  /** 0..1 over the whole job. */
  readonly value: number;
  readonly message: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly model: { readonly k: number; readonly n: number; readonly target: string } | null;
  /** Loss curves by model target (`close` for autoregressive; open/high/low/close for multi-OHLC). */
  readonly curves: Readonly<Record<string, LossCurve>>;
  readonly summary: TrainSummary | null;
  readonly error: string | null;
}

/** Training state and the reducers of job events. */
export interface TrainingSlice {
  runs: readonly TrainingRun[];
  beginTraining(jobs: readonly { jobId: string; name: string; type: PredictorType; status?: RunStatus }[], now: number): void;
  applyJobProgress(event: JobProgressEvent): void;
  applyJobStatus(event: JobStatusEvent, now: number): void;
  clearTraining(): void;
}

/** Whether a run has not ended yet. */
export function isRunActive(run: TrainingRun): boolean {
  return run.status === 'queued' || run.status === 'running';
}

/** Whether any run of the batch is still going. */
export function trainingActive(state: Pick<TrainingSlice, 'runs'>): boolean {
  return state.runs.some(isRunActive);
}

/** Overall progress of a batch: the mean of its runs' progress. */
export function batchProgress(runs: readonly TrainingRun[]): number {
  return runs.length ? runs.reduce((s, r) => s + r.value, 0) / runs.length : 0;
}

/**
 * Adds one boosting round to a target's loss curve. A round at or below the last one means a new model of that target
 * started (the walk-forward folds train one each, the main fold last): its curve replaces the old one, so the panel
 * ends on the main fold's model, the one saved, and never joins two models' rounds into one line.
 */
function appendCurve(curve: LossCurve | undefined, it: { iteration: number; train: number; valid?: number }): LossCurve {
  const last = curve?.iterations[curve.iterations.length - 1];
  const base = curve && last !== undefined && it.iteration > last ? curve : { iterations: [], train: [], valid: [] };
  return {
    iterations: [...base.iterations, it.iteration],
    train: [...base.train, it.train],
    valid: [...base.valid, it.valid ?? Number.NaN],
  };
}

function updateRun(runs: readonly TrainingRun[], jobId: string, f: (r: TrainingRun) => TrainingRun): readonly TrainingRun[] | null {
  const i = runs.findIndex((r) => r.jobId === jobId);
  if (i < 0) return null;
  const next = runs.slice();
  next[i] = f(runs[i]);
  return next;
}

function isTrainSummary(x: unknown): x is TrainSummary {
  return typeof x === 'object' && x !== null && 'performance' in x && 'evaluation' in x;
}

/** Creates the training slice. */
export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set, get) => ({
  runs: [],
  beginTraining: (jobs, now) =>
    set({
      runs: jobs.map((j) => ({
        jobId: j.jobId, name: j.name, type: j.type, status: j.status ?? 'queued', stage: 'queued', value: 0,
        message: 'Waiting to start', startedAt: now, finishedAt: null, model: null, curves: {}, summary: null, error: null,
      })),
    }),
  applyJobProgress: (event) => {
    const runs = updateRun(get().runs, event.jobId, (r) => {
      if (!isRunActive(r)) return r;
      const model = event.detail?.model ?? r.model;
      const target = model?.target ?? 'close';
      const curves = event.detail?.iteration ? { ...r.curves, [target]: appendCurve(r.curves[target], event.detail.iteration) } : r.curves;
      return { ...r, status: 'running', stage: event.stage, value: Math.max(r.value, event.value), message: event.message, model, curves };
    });
    if (runs) set({ runs });
  },
  applyJobStatus: (event, now) => {
    const runs = updateRun(get().runs, event.jobId, (r) => {
      const ended = event.status !== 'queued' && event.status !== 'running';
      return {
        ...r,
        status: event.status,
        value: event.status === 'completed' ? 1 : r.value,
        stage: event.status === 'completed' ? 'done' : r.stage,
        message: event.status === 'cancelled' ? 'Cancelled' : event.status === 'failed' ? 'Failed' : event.status === 'completed' ? 'Done' : r.message,
        finishedAt: ended ? now : null,
        summary: isTrainSummary(event.result) ? event.result : r.summary,
        error: event.error ?? r.error,
      };
    });
    if (runs) set({ runs });
  },
  clearTraining: () => set({ runs: [] }),
});
