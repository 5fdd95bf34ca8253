import type { ApiTransport } from './client';
import type { ApiHandlers, SubscribeFn } from './contract';
import { dispatch } from './dispatch';

/**
 * A transport that calls the handlers in the same process (with the same validation as every other transport):
 * for Node scripts, the CLI and tests.
 */
export function createLocalTransport(handlers: ApiHandlers, subscribe: SubscribeFn): ApiTransport {
  return {
    invoke: (name, request) => dispatch(handlers, name, request),
    subscribe,
  };
}
