/**
 * The IPC side of the API contract, generated from its table: one `ipcMain.handle` per operation, each
 * request validated by the contract's schema before the service sees it, and every contract event forwarded
 * to the window. Takes the ipcMain to use, so tests register it against a stand-in without Electron.
 */
import {
  eventChannel, eventNames, operationChannel, operationNames, type ApiHandlers, type SubscribeFn,
} from '../../core/api/contract';
import { dispatchSettled, type ApiResult } from '../../core/api/dispatch';
import { ApiError } from '../../core/api/errors';

/** The part of Electron's ipcMain this module uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of an IPC event this module reads: where the call came from. */
export interface IpcSenderEvent {
  readonly senderFrame?: { readonly url: string } | null;
}

/** Options of the handler table. */
export interface HandlerOptions {
  /** Accepts a call only from trusted frames (our own renderer); others get `unauthorized`. */
  isTrustedSender?(event: IpcSenderEvent): boolean;
}

/** Registers a handler for every operation; returns a function that removes them all. */
export function registerApiHandlers(ipcMain: IpcMainLike, handlers: ApiHandlers, options: HandlerOptions = {}): () => void {
  const channels: string[] = [];
  for (const name of operationNames) {
    const channel = operationChannel(name);
    ipcMain.handle(channel, async (event, request): Promise<ApiResult<unknown>> => {
      if (options.isTrustedSender && !options.isTrustedSender(event)) {
        return { ok: false, error: new ApiError('unauthorized', `call to ${name} from an untrusted frame`).toBody() };
      }
      return dispatchSettled(handlers, name, request);
    });
    channels.push(channel);
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}

/** Sends every contract event to `send` on its channel; returns the unsubscribe function. */
export function forwardEvents(subscribe: SubscribeFn, send: (channel: string, payload: unknown) => void): () => void {
  const offs = eventNames.map((name) => subscribe(name, (payload) => send(eventChannel(name), payload)));
  return () => offs.forEach((off) => off());
}
