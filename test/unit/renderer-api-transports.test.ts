// Both transports of the renderer's api client, against the contract: HTTP + server-sent events through the real
// REST server module, and the Electron IPC bridge through stand-ins of ipcMain / ipcRenderer.
import { get, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiClient, type ApiClient } from '../../core/api/client';
import { eventNames, operationNames, type ApiHandlers, type EventName, type EventPayload, type SubscribeFn } from '../../core/api/contract';
import { ApiError, notFound } from '../../core/api/errors';
import { createHttpTransport, type EventSourceLike } from '../../core/api/httpTransport';
import { startServer, type RunningServer } from '../../core/server';
import { forwardEvents, registerApiHandlers, type IpcMainLike, type IpcSenderEvent } from '../../electron/main/ipcHandlers';
import { buildBridgeApi } from '../../electron/preload/bridgeApi';
import { bridgeTransport } from '../../renderer/src/api/bridgeTransport';

/** A minimal EventSource for Node 20 (which has none): one GET, `event:`/`data:` lines, dispatch on a blank line. */
class NodeEventSource implements EventSourceLike {
  private readonly listeners = new Map<string, ((ev: { data: string }) => void)[]>();
  private res: IncomingMessage | null = null;
  private closed = false;
  constructor(url: string) {
    const req = get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
      if (this.closed) return res.destroy();
      this.res = res;
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (data.length) for (const l of this.listeners.get(event) ?? []) l({ data: data.join('\n') });
        }
      });
    });
    req.on('error', () => undefined);
  }
  addEventListener(type: string, listener: (ev: { data: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.res?.destroy();
  }
}

/** Stand-in service: a few canned operations, an event bus, and a record of the validated requests. */
function standInService() {
  const calls: [string, unknown][] = [];
  const models = [{ name: 'BTC_USDT_1m_300steps', type: 'autoregressive' }];
  const impl: Partial<Record<string, (req: unknown) => Promise<unknown>>> = {
    listModels: async () => models,
    trainModel: async () => ({ jobId: '6f1c2a3b-0000-4000-8000-000000000001', name: 'BTC_USDT_1m_300steps', status: 'queued', message: 'queued' }),
    deleteModel: async (req) => {
      throw notFound(`model ${(req as { name: string }).name} not found`);
    },
    predictionCsv: async () => ({ file_name: 'x_forecast.csv', csv: 'step,timestamp\n1,2024-01-01T00:01:00.000Z\n' }),
  };
  const api: Record<string, (req: unknown) => Promise<unknown>> = {};
  for (const name of operationNames) {
    api[name] = async (req) => {
      calls.push([name, req]);
      const f = impl[name];
      if (!f) throw new ApiError('unavailable', `${name} is not part of this stand-in`);
      return f(req);
    };
  }
  const subs = new Map<EventName, Set<(p: unknown) => void>>();
  const subscribe: SubscribeFn = (event, cb) => {
    const set = subs.get(event) ?? new Set();
    subs.set(event, set);
    set.add(cb as (p: unknown) => void);
    return () => set.delete(cb as (p: unknown) => void);
  };
  const publish = <K extends EventName>(event: K, payload: EventPayload<K>) => subs.get(event)?.forEach((cb) => cb(payload));
  return { api: api as unknown as ApiHandlers, subscribe, publish, calls };
}

type Service = ReturnType<typeof standInService>;

function progress(i: number): EventPayload<'jobProgress'> {
  return { jobId: 'job-1', kind: 'train', name: 'm', stage: 'model', value: i / 10, message: `round ${i}`, detail: { iteration: { iteration: i, train: 1 / i } } };
}

/** Publishes until the client's subscription receives events (the stream connects asynchronously), then a numbered run. */
async function deliveredInOrder(service: Service, client: ApiClient): Promise<number[]> {
  const got: number[] = [];
  const off = client.onJobProgress((p) => got.push(p.detail!.iteration!.iteration));
  const deadline = Date.now() + 5000;
  while (got.length === 0 && Date.now() < deadline) {
    service.publish('jobProgress', progress(1));
    await new Promise((r) => setTimeout(r, 25));
  }
  got.length = 0;
  for (let i = 2; i <= 6; i++) service.publish('jobProgress', progress(i));
  const until = Date.now() + 5000;
  while (got.length < 5 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  off();
  service.publish('jobProgress', progress(7));
  await new Promise((r) => setTimeout(r, 150));
  return got;
}

function contractSuite(label: string, setup: () => Promise<{ client: ApiClient; service: Service; close(): Promise<void> }>) {
  describe(`${label} transport`, () => {
    let ctx: Awaited<ReturnType<typeof setup>>;
    beforeAll(async () => {
      ctx = await setup();
    });
    afterAll(async () => ctx?.close());

    it('calls an operation and returns its response', async () => {
      expect(await ctx.client.listModels()).toEqual([{ name: 'BTC_USDT_1m_300steps', type: 'autoregressive' }]);
    });

    it('sends the validated request with the contract defaults', async () => {
      const r = await ctx.client.trainModel({ symbol: 'BTC/USDT', timeframe: '1m', n_steps_ahead: 300, days_history: 2, options: { numBoostRound: 40 } });
      expect(r.jobId).toMatch(/^6f1c2a3b/);
      const [, req] = ctx.service.calls.filter(([n]) => n === 'trainModel').at(-1)!;
      expect(req).toEqual({ symbol: 'BTC/USDT', timeframe: '1m', exchange: 'demo', type: 'autoregressive', n_steps_ahead: 300, days_history: 2, options: { numBoostRound: 40 }, wait: false });
    });

    it('rejects invalid input as an ApiError naming the field, before the service sees it', async () => {
      const before = ctx.service.calls.length;
      const err = await ctx.client.trainModel({ symbol: 'BTC/USDT', timeframe: '1m', n_steps_ahead: 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ code: 'invalid_request', field: 'n_steps_ahead' });
      const bad = await ctx.client.getPredictions({ symbol: 'BTC/USDT', timeframe: '7m' as never }).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'invalid_request', field: 'timeframe' });
      expect(ctx.service.calls.length).toBe(before);
    });

    it('carries the service error kind and message back', async () => {
      const err = await ctx.client.deleteModel({ name: 'nope' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ code: 'not_found', detail: 'model nope not found' });
    });

    it('returns CSV operations as file name and text', async () => {
      const r = await ctx.client.predictionCsv({ id: '6f1c2a3b-0000-4000-8000-000000000001' });
      expect(r.file_name).toBe('x_forecast.csv');
      expect(r.csv.split('\n')[0]).toBe('step,timestamp');
    });

    it('delivers job progress events in order and stops after unsubscribe', async () => {
      expect(await deliveredInOrder(ctx.service, ctx.client)).toEqual([2, 3, 4, 5, 6]);
    });
  });
}

contractSuite('HTTP + SSE', async () => {
  const service = standInService();
  const server: RunningServer = await startServer({ api: service.api, subscribe: service.subscribe }, { port: 0 });
  const transport = createHttpTransport({ baseUrl: server.url, fetch: (url, init) => fetch(url, init), EventSource: NodeEventSource });
  return { client: createApiClient(transport), service, close: () => server.close() };
});

contractSuite('Electron IPC', async () => {
  const service = standInService();
  const handlers = new Map<string, (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
  const rendererListeners = new Map<string, Set<(e: unknown, ...a: unknown[]) => void>>();
  // Structured clone stands for Electron's serialisation across processes.
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      const h = handlers.get(channel);
      if (!h) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await h({ senderFrame: { url: 'file:///app/index.html' } }, ...structuredClone(args)));
    },
    on: (c: string, l: (e: unknown, ...a: unknown[]) => void) => rendererListeners.set(c, (rendererListeners.get(c) ?? new Set()).add(l)),
    removeListener: (c: string, l: (e: unknown, ...a: unknown[]) => void) => rendererListeners.get(c)?.delete(l),
  };
  const unregister = registerApiHandlers(ipcMain, service.api);
  const unforward = forwardEvents(service.subscribe, (channel, payload) => {
    rendererListeners.get(channel)?.forEach((l) => l({}, structuredClone(payload)));
  });
  const client = createApiClient(bridgeTransport(buildBridgeApi(ipcRenderer)));
  return {
    client, service,
    close: async () => {
      unforward();
      unregister();
    },
  };
});

describe('api client', () => {
  it('has one method per operation and a subscription per event', () => {
    const client = createApiClient({ invoke: vi.fn(), subscribe: vi.fn() } as never);
    for (const name of operationNames) expect(typeof client[name], name).toBe('function');
    expect(eventNames).toEqual(['jobProgress', 'jobStatus', 'candle', 'liveStatus', 'forecast']);
  });
});
