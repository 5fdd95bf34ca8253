/**
 * The shape of `window.candlecast`, shared by the preload (which builds it) and the renderer (which uses it).
 * Derived from the API contract: one function per operation, one `on<Event>` subscription per event,
 * plus the shell's menu commands. No Electron import here, so tests and the renderer can use it.
 */
import {
  eventNames, operationNames, type EventName, type EventPayload, type OperationInput, type OperationName,
  type OperationResponse,
} from '../../core/api/contract';
import type { ApiResult } from '../../core/api/dispatch';

/** Menu commands the main process hands to the renderer (the window owns the forecast and the file picker). */
export const MENU_COMMANDS = ['import-csv', 'export-csv', 'train', 'show-view'] as const;

/** One menu command. */
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** A menu command with its argument (the view to show, for `show-view`). */
export interface MenuCommandMessage {
  readonly command: MenuCommand;
  readonly arg?: string;
}

/** The IPC channel of menu commands. Kept beside the contract's channels, never hand-written elsewhere. */
export const MENU_CHANNEL = 'candlecast:shell:menu';

/** The subscription name of an event: `jobProgress` -> `onJobProgress`. */
export type SubscriptionName<K extends EventName> = `on${Capitalize<K>}`;

/** The subscription function's name for an event. */
export function subscriptionName<K extends EventName>(event: K): SubscriptionName<K> {
  return `on${event[0].toUpperCase()}${event.slice(1)}` as SubscriptionName<K>;
}

/** Every subscription name, in the contract's event order. */
export const subscriptionNames = eventNames.map(subscriptionName);

/** Every function name the bridge exposes (operations, subscriptions, menu). */
export const bridgeFunctionNames: readonly string[] = [...operationNames, ...subscriptionNames, 'onMenuCommand'];

/** `window.candlecast`: results come back settled (`{ok, value}` or `{ok: false, error}`) so error kinds survive IPC. */
export type CandlecastBridge = {
  readonly [K in OperationName]: (request: OperationInput<K>) => Promise<ApiResult<OperationResponse<K>>>;
} & {
  readonly [K in EventName as SubscriptionName<K>]: (cb: (payload: EventPayload<K>) => void) => () => void;
} & {
  readonly onMenuCommand: (cb: (message: MenuCommandMessage) => void) => () => void;
};
