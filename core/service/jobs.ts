import { randomUUID } from 'node:crypto';
import type { EventPayload, OperationResponse } from '../api/contract';
import type { Timeframe } from '../data/candles';
import type { EventBus } from './eventBus';

/** A job as the API shows it. */
export type Job = OperationResponse<'getJob'>;

/** One progress report of a running job. */
export type JobProgressUpdate = Omit<EventPayload<'jobProgress'>, 'jobId' | 'kind' | 'name'>;

/** What a job's body can do: report progress and see whether it was cancelled. */
export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(update: JobProgressUpdate): void;
}

/** What a new job is about. */
export interface JobSpec {
  readonly kind: Job['kind'];
  readonly name: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Use this id (a prediction id) instead of a fresh UUID. */
  readonly id?: string;
  /** Jobs with the same key share one run while it is queued or running (e.g. `train:<model name>`). */
  readonly shareKey?: string;
  /** Shown while the job waits. */
  readonly message?: string;
}

interface Entry {
  job: Job;
  readonly controller: AbortController;
  readonly done: Promise<Job>;
  error?: unknown;
  holdsSlot?: boolean;
}

/** Options of the job manager. */
export interface JobManagerOptions {
  readonly bus: EventBus;
  /** How many `train` jobs run at once; the rest wait as `queued` (default 1: LightGBM already uses every core). */
  readonly maxConcurrentTrainings?: number;
  /** Finished jobs kept for `GET /api/jobs` (default 500). */
  readonly keepFinished?: number;
}

/** Runs jobs, tracks their state and announces every change on the event bus. */
export interface JobManager {
  /** Starts (or joins, by shareKey) a job; `joined` tells whether an existing run was reused. */
  start(spec: JobSpec, body: (ctx: JobContext) => Promise<unknown>): { job: Job; joined: boolean };
  get(id: string): Job | undefined;
  list(status?: Job['status']): Job[];
  /** Requests cancellation; the job becomes `cancelled` once its worker has stopped. */
  cancel(id: string): Job | undefined;
  /**
   * Deletes a job (`DELETE /api/jobs/{id}`): an unfinished one is cancelled (its worker stops; events still report
   * `cancelled`), and either way it is gone from get() and list() at once, so fetching it afterwards is a 404.
   * Returns it as it was.
   */
  remove(id: string): Job | undefined;
  /** Resolves once the job has finished, whatever its status. */
  wait(id: string): Promise<Job>;
  /** The error a failed job ended with (as thrown, for callers that rethrow it). */
  errorOf(id: string): unknown;
  counts(): { running: number; queued: number };
  /** Cancels everything and waits for the runs to stop. */
  shutdown(): Promise<void>;
}

const FINISHED = new Set<Job['status']>(['completed', 'failed', 'cancelled']);

/** Whether a job has finished. */
export function isFinished(job: Job): boolean {
  return FINISHED.has(job.status);
}

/** A new job manager. */
export function createJobManager(opts: JobManagerOptions): JobManager {
  const { bus } = opts;
  const maxTrainings = Math.max(1, opts.maxConcurrentTrainings ?? 1);
  const keep = opts.keepFinished ?? 500;
  const entries = new Map<string, Entry>();
  /** Jobs a client deleted while they still ran: hidden at once, forgotten once stopped. */
  const deleted = new Set<string>();
  const shared = new Map<string, string>();
  const trainQueue: { id: string; resolve: (granted: boolean) => void }[] = [];
  let trainingsRunning = 0;

  const update = (entry: Entry, patch: Partial<Job>) => {
    entry.job = { ...entry.job, ...patch };
  };
  const announce = (entry: Entry) => {
    const { id, kind, name, status, result, error } = entry.job;
    bus.emit('jobStatus', { jobId: id, kind, name, status, ...(result ? { result } : {}), ...(error ? { error } : {}) });
  };
  const prune = () => {
    const finished = [...entries.values()].filter((e) => isFinished(e.job));
    for (const e of finished.slice(0, Math.max(0, finished.length - keep))) entries.delete(e.job.id);
  };

  /** Waits for a training slot; resolves false when the job was cancelled while it waited. */
  async function acquireSlot(entry: Entry): Promise<boolean> {
    if (entry.job.kind !== 'train') return true;
    if (trainingsRunning >= maxTrainings) {
      const granted = await new Promise<boolean>((resolve) => trainQueue.push({ id: entry.job.id, resolve }));
      if (!granted) return false;
    }
    trainingsRunning++;
    entry.holdsSlot = true;
    return true;
  }
  function releaseSlot(entry: Entry): void {
    if (!entry.holdsSlot) return;
    entry.holdsSlot = false;
    trainingsRunning--;
    trainQueue.shift()?.resolve(true);
  }

  function start(spec: JobSpec, body: (ctx: JobContext) => Promise<unknown>): { job: Job; joined: boolean } {
    if (spec.shareKey) {
      const existing = entries.get(shared.get(spec.shareKey) ?? '');
      if (existing && !isFinished(existing.job)) return { job: existing.job, joined: true };
    }
    const id = spec.id ?? randomUUID();
    const controller = new AbortController();
    let resolveDone!: (job: Job) => void;
    const entry: Entry = {
      job: {
        id, kind: spec.kind, name: spec.name, exchange: spec.exchange, symbol: spec.symbol, timeframe: spec.timeframe,
        status: 'queued', stage: 'queued', progress: 0, message: spec.message ?? 'waiting to start',
        created_at: new Date().toISOString(), started_at: null, finished_at: null,
        ...(spec.kind === 'predict' ? { prediction_id: id } : {}),
      },
      controller,
      done: new Promise<Job>((r) => (resolveDone = r)),
    };
    entries.set(id, entry);
    if (spec.shareKey) shared.set(spec.shareKey, id);
    announce(entry);

    const ctx: JobContext = {
      id,
      signal: controller.signal,
      progress(p) {
        if (isFinished(entry.job) || controller.signal.aborted) return;
        const value = Math.min(1, Math.max(entry.job.progress, p.value));
        update(entry, { stage: p.stage, progress: value, message: p.message });
        bus.emit('jobProgress', { jobId: id, kind: entry.job.kind, name: entry.job.name, ...p, value });
      },
    };

    const finish = (patch: Partial<Job>) => {
      releaseSlot(entry);
      update(entry, { ...patch, finished_at: new Date().toISOString() });
      if (spec.shareKey && shared.get(spec.shareKey) === id) shared.delete(spec.shareKey);
      announce(entry);
      resolveDone(entry.job);
      prune();
    };

    void (async () => {
      const granted = await acquireSlot(entry);
      if (!granted || controller.signal.aborted) {
        finish({ status: 'cancelled', message: 'cancelled before it started' });
        return;
      }
      update(entry, { status: 'running', started_at: new Date().toISOString(), message: 'started' });
      announce(entry);
      try {
        const result = (await body(ctx)) as Job['result'];
        if (controller.signal.aborted) throw Object.assign(new Error('the job was cancelled'), { name: 'AbortError' });
        finish({ status: 'completed', stage: 'done', progress: 1, message: 'done', ...(result ? { result } : {}) });
      } catch (err) {
        entry.error = err;
        if (controller.signal.aborted || (err as Error)?.name === 'AbortError') {
          finish({ status: 'cancelled', message: 'cancelled' });
        } else {
          const message = err instanceof Error ? err.message : String(err);
          finish({ status: 'failed', message, error: message });
        }
      }
    })();
    return { job: entry.job, joined: false };
  }

  const manager: JobManager = {
    start,
    get: (id) => (deleted.has(id) ? undefined : entries.get(id)?.job),
    list: (status) => [...entries.values()].map((e) => e.job).filter((j) => !deleted.has(j.id) && (!status || j.status === status)).reverse(),
    cancel(id) {
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (!isFinished(entry.job) && !entry.controller.signal.aborted) {
        entry.controller.abort();
        update(entry, { message: 'cancelling' });
        const waiting = trainQueue.findIndex((w) => w.id === id);
        if (waiting >= 0) trainQueue.splice(waiting, 1)[0].resolve(false);
      }
      return entry.job;
    },
    remove(id) {
      const entry = entries.get(id);
      if (!entry || deleted.has(id)) return undefined;
      if (isFinished(entry.job)) {
        entries.delete(id);
        return entry.job;
      }
      deleted.add(id);
      // A request for the same work from now on starts afresh rather than joining a job that is gone.
      for (const [key, sharedId] of shared) if (sharedId === id) shared.delete(key);
      void entry.done.then(() => {
        deleted.delete(id);
        entries.delete(id);
      });
      return manager.cancel(id);
    },
    wait(id) {
      const entry = entries.get(id);
      return entry ? entry.done : Promise.reject(new Error(`unknown job ${id}`));
    },
    errorOf: (id) => entries.get(id)?.error,
    counts() {
      let running = 0;
      let queued = 0;
      for (const e of entries.values()) {
        if (e.job.status === 'running') running++;
        else if (e.job.status === 'queued') queued++;
      }
      return { running, queued };
    },
    async shutdown() {
      const active = [...entries.values()].filter((e) => !isFinished(e.job));
      for (const e of active) e.controller.abort();
      await Promise.all(active.map((e) => e.done));
    },
  };
  return manager;
}
