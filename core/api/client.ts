import {
  operationNames, type EventName, type EventPayload, type OperationInput, type OperationName, type OperationResponse,
} from './contract';

/** What carries operations and events: HTTP + server-sent events in a browser, IPC in Electron, direct calls in tests. */
export interface ApiTransport {
  invoke<K extends OperationName>(op: K, request: OperationInput<K>): Promise<OperationResponse<K>>;
  subscribe<K extends EventName>(event: K, cb: (payload: EventPayload<K>) => void): () => void;
}

type ClientMethod<K extends OperationName> = {} extends OperationInput<K>
  ? (request?: OperationInput<K>) => Promise<OperationResponse<K>>
  : (request: OperationInput<K>) => Promise<OperationResponse<K>>;

/** One named method per operation, plus event subscriptions that return their unsubscribe function. */
export type ApiClient = { readonly [K in OperationName]: ClientMethod<K> } & {
  on<K extends EventName>(event: K, cb: (payload: EventPayload<K>) => void): () => void;
  onJobProgress(cb: (payload: EventPayload<'jobProgress'>) => void): () => void;
  onJobStatus(cb: (payload: EventPayload<'jobStatus'>) => void): () => void;
};

/** The typed client over any transport: `client.trainModel({...})`, `client.onJobProgress(cb)`. */
export function createApiClient(transport: ApiTransport): ApiClient {
  const methods: Record<string, unknown> = {};
  for (const name of operationNames) {
    methods[name] = (request?: unknown) => transport.invoke(name, (request ?? {}) as OperationInput<typeof name>);
  }
  return {
    ...(methods as { [K in OperationName]: ClientMethod<K> }),
    on: (event, cb) => transport.subscribe(event, cb),
    onJobProgress: (cb) => transport.subscribe('jobProgress', cb),
    onJobStatus: (cb) => transport.subscribe('jobStatus', cb),
  };
}
