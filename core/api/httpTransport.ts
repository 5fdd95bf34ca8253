import type { ApiTransport } from './client';
import { events, operations, type EventName, type EventPayload, type OperationName, type OperationResponse } from './contract';
import { ApiError, apiErrorFromBody, isApiErrorBody } from './errors';
import { CLIENT_HEADER, toHttpRequest } from './httpRoutes';

// The browser's transport: operations over fetch, events over one EventSource on /api/events.
// Typed with minimal structural interfaces so core/ needs no DOM types; pass the real fetch/EventSource.

/** The part of a fetch Response this transport reads. */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A fetch function (the browser's, Node's, or a test double). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<FetchResponseLike>;

/** The part of an EventSource this transport uses. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (ev: { data: string }) => void): void;
  close(): void;
}

/** An EventSource constructor (the browser's, or a stand-in in Node). */
export type EventSourceCtor = new (url: string) => EventSourceLike;

/** Options of the HTTP transport. */
export interface HttpTransportOptions {
  /** Origin of the server, e.g. `http://127.0.0.1:8000`; empty for same-origin (browser mode). */
  readonly baseUrl?: string;
  readonly fetch: FetchLike;
  /** Needed only for subscriptions. */
  readonly EventSource?: EventSourceCtor;
  /** Sent as `Authorization: Bearer <token>` (and as `?token=` on /api/events, which cannot send headers). */
  readonly token?: string;
}

function fileNameFrom(disposition: string | null, fallback: string): string {
  const m = disposition ? /filename="?([^";]+)"?/.exec(disposition) : null;
  return m ? m[1] : fallback;
}

/** The HTTP + server-sent events transport for createApiClient. */
export function createHttpTransport(opts: HttpTransportOptions): ApiTransport {
  const base = (opts.baseUrl ?? '').replace(/\/$/, '');
  const headers: Record<string, string> = { accept: 'application/json', [CLIENT_HEADER]: '1' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;

  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let source: EventSourceLike | undefined;

  function openSource(): void {
    if (source || !opts.EventSource) return;
    const url = `${base}/api/events${opts.token ? `?token=${encodeURIComponent(opts.token)}` : ''}`;
    source = new opts.EventSource(url);
    for (const name of Object.keys(events) as EventName[]) {
      source.addEventListener(name, (ev) => {
        let payload: unknown;
        try {
          payload = JSON.parse(ev.data);
        } catch {
          return;
        }
        for (const cb of listeners.get(name) ?? []) cb(payload);
      });
    }
  }

  function closeSourceIfIdle(): void {
    if ([...listeners.values()].every((s) => s.size === 0)) {
      source?.close();
      source = undefined;
    }
  }

  return {
    async invoke<K extends OperationName>(name: K, request: unknown): Promise<OperationResponse<K>> {
      const parts = toHttpRequest(name, (request ?? {}) as Record<string, unknown>);
      const init = parts.body === undefined
        ? { method: parts.method, headers }
        : { method: parts.method, headers: { ...headers, 'content-type': 'application/json' }, body: parts.body };
      const res = await opts.fetch(`${base}${parts.url}`, init);
      const text = await res.text();
      if (!res.ok) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        if (isApiErrorBody(body)) throw apiErrorFromBody(body);
        throw new ApiError(res.status === 404 ? 'not_found' : 'internal', `HTTP ${res.status}: ${text.slice(0, 200)}`);
      }
      if (operations[name].http.csv) {
        const fileName = fileNameFrom(res.headers.get('content-disposition'), 'forecast.csv');
        return { file_name: fileName, csv: text } as OperationResponse<K>;
      }
      return JSON.parse(text) as OperationResponse<K>;
    },
    subscribe<K extends EventName>(event: K, cb: (payload: EventPayload<K>) => void): () => void {
      if (!opts.EventSource) throw new Error('this HTTP transport has no EventSource: subscriptions need one');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const listener = cb as (p: unknown) => void;
      set.add(listener);
      openSource();
      return () => {
        set.delete(listener);
        closeSourceIfIdle();
      };
    },
  };
}
