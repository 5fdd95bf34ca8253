/** Picks the api client at start-up: the preload bridge inside Electron, HTTP + server-sent events in a browser. */
import { createApiClient, type ApiClient } from '../../../core/api/client';
import { createHttpTransport } from '../../../core/api/httpTransport';
import type { CandlecastBridge } from '../../../electron/shared/bridge';
import { bridgeTransport } from './bridgeTransport';

/** Where the app runs. */
export type AppMode = 'electron' | 'browser';

/** The chosen client and the mode it was chosen for. */
export interface ChosenApi {
  readonly api: ApiClient;
  readonly mode: AppMode;
}

/** The client for this window: `window.candlecast` when the preload exposed it, else the same-origin REST API. */
export function chooseApi(w: Window & typeof globalThis & { candlecast?: CandlecastBridge }): ChosenApi {
  if (w.candlecast) return { api: createApiClient(bridgeTransport(w.candlecast)), mode: 'electron' };
  const transport = createHttpTransport({
    fetch: (url, init) => w.fetch(url, init),
    EventSource: w.EventSource,
  });
  return { api: createApiClient(transport), mode: 'browser' };
}
