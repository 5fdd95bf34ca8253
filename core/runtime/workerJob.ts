import { Worker, parentPort, workerData, type Transferable } from 'node:worker_threads';
import { workerScript } from './packageRoot';

/** Messages a job worker posts to its parent. */
type WorkerMessage<TOut, TProgress> =
  | { readonly type: 'progress'; readonly progress: TProgress }
  | { readonly type: 'done'; readonly result: TOut }
  | { readonly type: 'error'; readonly name: string; readonly message: string };

/** What a job running inside a worker can do: report progress, see whether it was cancelled. */
export interface WorkerJobContext<TProgress> {
  progress(p: TProgress): void;
  cancelled(): boolean;
}

/** Options of one job run in a worker thread. */
export interface RunWorkerOptions<TProgress> {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: TProgress) => void;
  readonly transfer?: readonly Transferable[];
  /** How long to wait for a cooperative stop after cancelling before terminating the thread. */
  readonly killAfterMs?: number;
}

/** An `AbortError` like the one `fetch` throws, so callers can tell a cancel from a failure. */
export function abortError(message = 'the job was cancelled'): Error {
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}

/**
 * Runs one job in a fresh worker thread (`out/core/workers/<name>.js`) and resolves with its result.
 * Cancelling sets a shared flag the job polls between units of work, and terminates the thread if it does not stop.
 */
export function runWorker<TIn, TOut, TProgress>(name: string, input: TIn, opts: RunWorkerOptions<TProgress> = {}): Promise<TOut> {
  if (opts.signal?.aborted) return Promise.reject(abortError());
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerScript(name), {
    workerData: { input, cancelFlag },
    transferList: opts.transfer as Transferable[] | undefined,
  });
  return new Promise<TOut>((resolve, reject) => {
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      Atomics.store(cancelFlag, 0, 1);
      killTimer = setTimeout(() => {
        void worker.terminate();
        finish(() => reject(abortError()));
      }, opts.killAfterMs ?? 5000);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: WorkerMessage<TOut, TProgress>) => {
      if (msg.type === 'progress') {
        if (!settled) opts.onProgress?.(msg.progress);
      } else if (msg.type === 'done') {
        finish(() => resolve(msg.result));
      } else {
        const err = msg.name === 'AbortError' ? abortError(msg.message) : new Error(msg.message);
        finish(() => reject(err));
      }
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => {
      finish(() => reject(opts.signal?.aborted ? abortError() : new Error(`worker ${name} exited with code ${code}`)));
    });
  });
}

/**
 * The worker side of runWorker: runs `handler` on the posted input and posts its result or error.
 * Call once at the top level of a `*.worker.ts` entry file.
 */
export function serveWorkerJob<TIn, TOut, TProgress>(
  handler: (input: TIn, ctx: WorkerJobContext<TProgress>) => Promise<TOut> | TOut,
  transferOf: (out: TOut) => Transferable[] = () => [],
): void {
  if (!parentPort) throw new Error('serveWorkerJob must run inside a worker thread');
  const port = parentPort;
  const { input, cancelFlag } = workerData as { input: TIn; cancelFlag: Int32Array };
  const ctx: WorkerJobContext<TProgress> = {
    progress: (progress) => port.postMessage({ type: 'progress', progress }),
    cancelled: () => Atomics.load(cancelFlag, 0) === 1,
  };
  Promise.resolve()
    .then(() => handler(input, ctx))
    .then(
      (result) => port.postMessage({ type: 'done', result }, transferOf(result)),
      (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        port.postMessage({ type: 'error', name: ctx.cancelled() ? 'AbortError' : e.name, message: e.message });
      },
    );
}
