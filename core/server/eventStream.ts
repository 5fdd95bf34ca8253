import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventName, EventPayload } from '../api/contract';

/** Server-sent events to any number of clients, with a replay buffer for reconnects (`Last-Event-ID`). */
export interface EventStream {
  /** Takes over a `GET /api/events` response until the client goes away; `accept` picks the events it gets. */
  attach(req: IncomingMessage, res: ServerResponse, accept?: EventFilter): void;
  publish<K extends EventName>(event: K, payload: EventPayload<K>): void;
  clientCount(): number;
  close(): void;
}

/** Whether a client receives an event. */
export type EventFilter = (event: EventName, payload: unknown) => boolean;

interface Sent {
  readonly id: number;
  readonly text: string;
  readonly event: EventName;
  readonly payload: unknown;
}

/** A new event stream; `replay` events are kept for clients that reconnect. */
export function createEventStream(opts: { replay?: number; heartbeatMs?: number } = {}): EventStream {
  const clients = new Map<ServerResponse, EventFilter | undefined>();
  const buffer: Sent[] = [];
  const replay = opts.replay ?? 1000;
  let nextId = 1;
  const heartbeat = setInterval(() => {
    for (const res of clients.keys()) res.write(': keep-alive\n\n');
  }, opts.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    attach(req, res, accept) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      const last = Number(req.headers['last-event-id']);
      if (Number.isInteger(last) && last > 0) {
        for (const e of buffer) if (e.id > last && (!accept || accept(e.event, e.payload))) res.write(e.text);
      }
      clients.set(res, accept);
      const drop = () => clients.delete(res);
      req.on('close', drop);
      res.on('error', drop);
    },
    publish(event, payload) {
      const id = nextId++;
      const text = `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      buffer.push({ id, text, event, payload });
      if (buffer.length > replay) buffer.shift();
      for (const [res, accept] of clients) if (!accept || accept(event, payload)) res.write(text);
    },
    clientCount: () => clients.size,
    close() {
      clearInterval(heartbeat);
      for (const res of clients.keys()) res.end();
      clients.clear();
    },
  };
}
