import { Worker, type Transferable } from 'node:worker_threads';
import { workerScript } from '../runtime/packageRoot';

/** What a pooled worker answers to a request `{seq, ...}`. */
export type PoolReply =
  | { readonly seq: number; readonly ok: true; readonly value: unknown }
  | { readonly seq: number; readonly ok: false; readonly name: string; readonly message: string; readonly code?: string };

/** An error thrown inside a pooled worker, with its name and code kept. */
export class WorkerCallError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface Slot {
  worker: Worker;
  readonly pending: Map<number, { resolve(v: unknown): void; reject(e: Error): void }>;
}

/** Long-lived worker threads answering sequence-numbered requests; the least busy one takes each call. */
export interface WorkerPool<Req> {
  call<T>(request: Req, transfer?: readonly Transferable[]): Promise<T>;
  /** Sends a request to every worker (e.g. to drop a cached model) and waits for all of them. */
  broadcast(request: Req): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts `size` workers of the bundled script `name` with the same workerData. A worker that dies is replaced,
 * and the calls it held fail with the reason.
 */
export function createWorkerPool<Req extends object>(name: string, workerData: unknown, size: number): WorkerPool<Req> {
  const script = workerScript(name);
  let seq = 0;
  let next = -1;
  let closed = false;
  const slots: Slot[] = [];

  // A worker that keeps dying right after it starts (a broken build, a missing addon) is not restarted forever.
  let quickDeaths = 0;
  let broken: Error | undefined;

  function spawn(slot?: Slot): Slot {
    const startedAt = Date.now();
    const worker = new Worker(script, { workerData });
    const s: Slot = slot ?? { worker, pending: new Map() };
    s.worker = worker;
    worker.on('message', (reply: PoolReply) => {
      const p = s.pending.get(reply.seq);
      if (!p) return;
      s.pending.delete(reply.seq);
      if (s.pending.size === 0) worker.unref();
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new WorkerCallError(reply.name, reply.message, reply.code));
    });
    const fail = (err: Error) => {
      for (const p of s.pending.values()) p.reject(err);
      s.pending.clear();
    };
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => {
      const err = new Error(`${name} worker exited with code ${code}`);
      fail(err);
      if (closed) return;
      quickDeaths = Date.now() - startedAt < 2000 ? quickDeaths + 1 : 0;
      if (quickDeaths >= 3) broken = err;
      else spawn(s);
    });
    worker.unref();
    return s;
  }

  for (let i = 0; i < Math.max(1, size); i++) slots.push(spawn());

  function send<T>(slot: Slot, request: Req, transfer?: readonly Transferable[]): Promise<T> {
    if (closed) return Promise.reject(new Error('the service is closed'));
    if (broken) return Promise.reject(broken);
    const id = ++seq;
    return new Promise<T>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      // Held calls keep the process alive; an idle pool does not.
      slot.worker.ref();
      slot.worker.postMessage({ ...request, seq: id }, transfer as Transferable[] | undefined);
    });
  }

  return {
    call(request, transfer) {
      // Least busy first; ties rotate, so every worker warms its model cache and none sits cold.
      next = (next + 1) % slots.length;
      let slot = slots[next];
      for (let i = 1; i < slots.length; i++) {
        const s = slots[(next + i) % slots.length];
        if (s.pending.size < slot.pending.size) slot = s;
      }
      return send(slot, request, transfer);
    },
    async broadcast(request) {
      await Promise.all(slots.map((s) => send(s, request)));
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
