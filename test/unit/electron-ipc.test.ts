import { describe, expect, it, vi } from 'vitest';
import {
  eventChannel, eventNames, operationChannel, operationNames, type ApiHandlers, type EventName, type EventPayload,
  type SubscribeFn,
} from '../../core/api/contract';
import { ApiError } from '../../core/api/errors';
import { forwardEvents, registerApiHandlers, type IpcMainLike, type IpcSenderEvent } from '../../electron/main/ipcHandlers';
import { buildBridgeApi } from '../../electron/preload/bridgeApi';
import { bridgeFunctionNames, MENU_CHANNEL } from '../../electron/shared/bridge';

type Listener = (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>;

function standInIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

type Spies = Record<string, ReturnType<typeof vi.fn>>;

function spyHandlers(): Spies {
  const out: Spies = {};
  for (const name of operationNames) out[name] = vi.fn(async () => ({ called: name }));
  return out;
}

const asHandlers = (spies: Spies) => spies as unknown as ApiHandlers;

const fromApp: IpcSenderEvent = { senderFrame: { url: 'file:///opt/candlecast/out/renderer/index.html' } };

describe('IPC handler table', () => {
  it('registers exactly one handler per contract operation on its channel', () => {
    const { ipcMain, handlers } = standInIpcMain();
    registerApiHandlers(ipcMain, asHandlers(spyHandlers()));
    expect([...handlers.keys()].sort()).toEqual(operationNames.map(operationChannel).sort());
    expect(handlers.size).toBe(operationNames.length);
  });

  it('rejects invalid input for every operation without calling the service', async () => {
    const { ipcMain, handlers } = standInIpcMain();
    const api = spyHandlers();
    registerApiHandlers(ipcMain, asHandlers(api));
    for (const name of operationNames) {
      const result = await handlers.get(operationChannel(name))!(fromApp, { not_a_field: 1 });
      expect(result, name).toMatchObject({ ok: false, error: { error: 'invalid_request' } });
      expect(api[name], name).not.toHaveBeenCalled();
    }
    const bad = await handlers.get(operationChannel('trainModel'))!(fromApp, { symbol: 'BTC/USDT', timeframe: '1m', n_steps_ahead: 9999 });
    expect(bad).toMatchObject({ ok: false, error: { error: 'invalid_request', field: 'n_steps_ahead' } });
    const traversal = await handlers.get(operationChannel('deleteModel'))!(fromApp, { name: '../../etc' });
    expect(traversal).toMatchObject({ ok: false, error: { error: 'invalid_request', field: 'name' } });
    expect(api.deleteModel).not.toHaveBeenCalled();
  });

  it('passes valid input with the contract defaults filled in, and settles errors into their kinds', async () => {
    const { ipcMain, handlers } = standInIpcMain();
    const api = spyHandlers();
    registerApiHandlers(ipcMain, asHandlers(api));
    const ok = await handlers.get(operationChannel('trainModel'))!(fromApp, { symbol: 'BTC/USDT', timeframe: '1m' });
    expect(ok).toEqual({ ok: true, value: { called: 'trainModel' } });
    expect(api.trainModel).toHaveBeenCalledWith({ symbol: 'BTC/USDT', timeframe: '1m', exchange: 'demo', type: 'autoregressive', n_steps_ahead: 300, wait: false });
    api.deleteModel.mockRejectedValueOnce(new ApiError('not_found', 'model X not found'));
    expect(await handlers.get(operationChannel('deleteModel'))!(fromApp, { name: 'X' }))
      .toEqual({ ok: false, error: { error: 'not_found', detail: 'model X not found' } });
    api.listModels.mockRejectedValueOnce(new Error('disk gone'));
    expect(await handlers.get(operationChannel('listModels'))!(fromApp, undefined))
      .toMatchObject({ ok: false, error: { error: 'internal', detail: 'disk gone' } });
  });

  it('refuses calls from untrusted frames and removes every handler on dispose', async () => {
    const { ipcMain, handlers } = standInIpcMain();
    const api = spyHandlers();
    const dispose = registerApiHandlers(ipcMain, asHandlers(api), { isTrustedSender: (e) => e.senderFrame?.url.startsWith('file://') ?? false });
    const r = await handlers.get(operationChannel('listModels'))!({ senderFrame: { url: 'https://evil.example/' } }, {});
    expect(r).toMatchObject({ ok: false, error: { error: 'unauthorized' } });
    expect(api.listModels).not.toHaveBeenCalled();
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('forwards every contract event to the window on its channel until unsubscribed', () => {
    const subs = new Map<EventName, Set<(p: unknown) => void>>();
    const subscribe: SubscribeFn = (event, cb) => {
      const set = subs.get(event) ?? new Set();
      subs.set(event, set);
      set.add(cb as (p: unknown) => void);
      return () => set.delete(cb as (p: unknown) => void);
    };
    const sent: [string, unknown][] = [];
    const off = forwardEvents(subscribe, (channel, payload) => sent.push([channel, payload]));
    const progress: EventPayload<'jobProgress'> = { jobId: 'j', kind: 'train', name: 'n', stage: 'model', value: 0.5, message: 'm' };
    for (const name of eventNames) subs.get(name)!.forEach((cb) => cb(progress));
    expect(sent.map(([c]) => c)).toEqual(eventNames.map(eventChannel));
    off();
    expect([...subs.values()].every((s) => s.size === 0)).toBe(true);
  });
});

describe('preload bridge', () => {
  it('exposes one function per operation, one subscription per event and the menu, nothing else', () => {
    const ipc = { invoke: vi.fn(async () => ({ ok: true, value: 1 })), on: vi.fn(), removeListener: vi.fn() };
    const bridge = buildBridgeApi(ipc);
    expect(Object.keys(bridge).sort()).toEqual([...bridgeFunctionNames].sort());
    expect(Object.values(bridge).every((f) => typeof f === 'function')).toBe(true);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(bridgeFunctionNames).toContain('onJobProgress');
    expect(bridgeFunctionNames).toContain('onJobStatus');
  });

  it('invokes the operation channel and hands subscribers only the payload, with a working unsubscribe', async () => {
    const listeners = new Map<string, Set<(e: unknown, ...a: unknown[]) => void>>();
    const ipc = {
      invoke: vi.fn(async () => ({ ok: true, value: [] })),
      on: (c: string, l: (e: unknown, ...a: unknown[]) => void) => listeners.set(c, (listeners.get(c) ?? new Set()).add(l)),
      removeListener: (c: string, l: (e: unknown, ...a: unknown[]) => void) => listeners.get(c)?.delete(l),
    };
    const bridge = buildBridgeApi(ipc);
    await bridge.listModels({});
    expect(ipc.invoke).toHaveBeenCalledWith(operationChannel('listModels'), {});
    const got: unknown[] = [];
    const off = bridge.onJobStatus((p) => got.push(p));
    const menu: unknown[] = [];
    bridge.onMenuCommand((m) => menu.push(m));
    const secretEvent = { sender: 'webContents' };
    listeners.get(eventChannel('jobStatus'))!.forEach((l) => l(secretEvent, { jobId: 'x' }));
    listeners.get(MENU_CHANNEL)!.forEach((l) => l(secretEvent, { command: 'export-csv' }));
    expect(got).toEqual([{ jobId: 'x' }]);
    expect(menu).toEqual([{ command: 'export-csv' }]);
    off();
    expect(listeners.get(eventChannel('jobStatus'))!.size).toBe(0);
    expect(() => bridge.onJobProgress('nope' as never)).toThrow(/callback/);
  });
});
