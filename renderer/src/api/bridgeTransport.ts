/** The Electron transport of the api client: calls `window.candlecast` and unwraps its settled results. */
import type { ApiTransport } from '../../../core/api/client';
import type { EventName, EventPayload, OperationInput, OperationName, OperationResponse } from '../../../core/api/contract';
import { unwrapResult, type ApiResult } from '../../../core/api/dispatch';
import { subscriptionName, type CandlecastBridge } from '../../../electron/shared/bridge';

/** A transport over the preload bridge. */
export function bridgeTransport(bridge: CandlecastBridge): ApiTransport {
  return {
    async invoke<K extends OperationName>(op: K, request: OperationInput<K>): Promise<OperationResponse<K>> {
      const call = bridge[op] as (req: OperationInput<K>) => Promise<ApiResult<OperationResponse<K>>>;
      return unwrapResult(await call(request));
    },
    subscribe<K extends EventName>(event: K, cb: (payload: EventPayload<K>) => void): () => void {
      const on = bridge[subscriptionName(event)] as unknown as (cb: (p: EventPayload<K>) => void) => () => void;
      return on(cb);
    },
  };
}
