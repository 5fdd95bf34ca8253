import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventName, EventPayload } from '../api/contract';

/** Server-sent events to any number of clients, with a replay buffer for reconnects (`Last-Event-ID`). */
export interface EventStream {
  /** Takes over a `GET /api/events` response until the client goes away. */
  attach(req: IncomingMessage, res: ServerResponse): void;
  publish<K extends EventName>(event: K, payload: EventPayload<K>): void;
  clientCount(): number;
  close(): void;
}

interface Sent {
  readonly id: number;
  readonly text: string;
}

/** A new event stream; `replay` events are kept for clients that reconnect. */
export function createEventStream(opts: { replay?: number; heartbeatMs?: number } = {}): EventStream {
  const clients = new Set<ServerResponse>();
  const buffer: Sent[] = [];
  const replay = opts.replay ?? 1000;
  let nextId = 1;
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n');
  }, opts.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    attach(req, res) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      const last = Number(req.headers['last-event-id']);
      if (Number.isInteger(last) && last > 0) {
        for (const e of buffer) if (e.id > last) res.write(e.text);
      }
      clients.add(res);
      const drop = () => clients.delete(res);
      req.on('close', drop);
      res.on('error', drop);
    },
    publish(event, payload) {
      const id = nextId++;
      const text = `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      buffer.push({ id, text });
      if (buffer.length > replay) buffer.shift();
      for (const res of clients) res.write(text);
    },
    clientCount: () => clients.size,
    close() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
