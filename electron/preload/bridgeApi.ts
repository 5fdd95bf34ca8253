/**
 * Builds `window.candlecast` from the contract over an ipcRenderer: one named function per operation,
 * one `on<Event>` subscription per event that returns its unsubscribe, and the menu-command subscription.
 * No Electron import here, so tests build it over a stand-in.
 */
import { eventChannel, eventNames, operationChannel, operationNames } from '../../core/api/contract';
import { MENU_CHANNEL, subscriptionName, type CandlecastBridge, type MenuCommandMessage } from '../shared/bridge';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function subscribeTo(ipc: IpcRendererLike, channel: string) {
  return (cb: (payload: unknown) => void): (() => void) => {
    if (typeof cb !== 'function') throw new TypeError('expected a callback function');
    // Only the payload crosses: the IPC event (with its sender) stays in the preload.
    const listener = (_event: unknown, payload: unknown) => cb(payload);
    ipc.on(channel, listener);
    return () => {
      ipc.removeListener(channel, listener);
    };
  };
}

/** The bridge object to expose with contextBridge. */
export function buildBridgeApi(ipc: IpcRendererLike): CandlecastBridge {
  const api: Record<string, unknown> = {};
  for (const name of operationNames) {
    const channel = operationChannel(name);
    api[name] = (request: unknown) => ipc.invoke(channel, request ?? {});
  }
  for (const event of eventNames) api[subscriptionName(event)] = subscribeTo(ipc, eventChannel(event));
  api.onMenuCommand = subscribeTo(ipc, MENU_CHANNEL) as (cb: (m: MenuCommandMessage) => void) => () => void;
  return Object.freeze(api) as CandlecastBridge;
}
