import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventNames, operations, type ApiHandlers, type SubscribeFn } from '../api/contract';
import { dispatch } from '../api/dispatch';
import { ApiError, RETRY_AFTER_S, toApiError } from '../api/errors';
import { decodePathSegments, fromHttpRequest, matchRoute, methodNotAllowed } from '../api/httpRoutes';
import { openApiDocument } from '../api/openapi';
import { ClientGoneError, createLargeBodyGate, LARGE_BODY_BYTES, readJsonBody } from './body';
import { createEventStream } from './eventStream';
import { watchForStream } from './marketEvents';
import { guardRequest, isLoopbackHost, tokenForHost } from './requestGuard';
import { serveStatic } from './staticFiles';

/** What the server serves: the contract's handlers and its events. */
export interface ServedApi {
  readonly api: ApiHandlers;
  readonly subscribe: SubscribeFn;
}

/** Options of the REST server. */
export interface ServerOptions {
  /** Default 127.0.0.1. Any other host needs `token`. */
  readonly host?: string;
  /** Default 8000; 0 picks a free port. */
  readonly port?: number;
  /** Required on a non-loopback host; then every request needs `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** A folder served at `/` (the built renderer) for browser mode. */
  readonly staticDir?: string;
  /** Reported in the OpenAPI document. */
  readonly version?: string;
  /** Called with each unexpected (500) error, for logging. */
  readonly onError?: (err: unknown) => void;
  /** Called with one line for things worth a log line that are not errors of ours (a client that went away). */
  readonly onNotice?: (line: string) => void;
  /** A request body that sends nothing for this long is answered 408 (default 30 s). */
  readonly bodyIdleMs?: number;
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const DEFAULT_BODY_IDLE_MS = 30_000;
/** Longest error detail sent: messages quote input only in short excerpts, and this caps anything else. */
const MAX_DETAIL_CHARS = 2000;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...err.headers };
  if (err.code === 'unauthorized') headers['www-authenticate'] = 'Bearer';
  if (err.code === 'unavailable') headers['retry-after'] = String(RETRY_AFTER_S);
  // After a refused or unfinished body the connection cannot be reused: the rest of the body may still be coming.
  const close = err.code === 'payload_too_large' || err.code === 'request_timeout';
  res.setHeader('connection', close ? 'close' : 'keep-alive');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  const body = err.toBody();
  const detail = body.detail.length > MAX_DETAIL_CHARS ? `${body.detail.slice(0, MAX_DETAIL_CHARS)}... (cut)` : body.detail;
  sendJson(res, err.status, { ...body, detail });
  if (close) res.on('finish', () => res.socket?.destroySoon());
}

/** Starts the REST API (and optionally the renderer) on one node:http server. */
export async function startServer(served: ServedApi, opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = tokenForHost(host, opts.token);
  const loopback = isLoopbackHost(host);
  const stream = createEventStream();
  const unsubscribers = eventNames.map((name) => served.subscribe(name, (payload) => stream.publish(name, payload)));
  let openApi: unknown;
  const largeBodies = createLargeBodyGate();
  const bodyIdleMs = opts.bodyIdleMs ?? DEFAULT_BODY_IDLE_MS;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
    const method = req.method ?? 'GET';
    const isApi = rawPath === '/api' || rawPath.startsWith('/api/');
    guardRequest(req, query, { token, loopback, isApi, isEventStream: rawPath === '/api/events' });
    const segments = decodePathSegments(rawPath === '/' ? '' : rawPath);

    if (!isApi) {
      if (opts.staticDir && (method === 'GET' || method === 'HEAD') && serveStatic(opts.staticDir, segments, res, method === 'HEAD')) return;
      throw new ApiError('not_found', `nothing at ${rawPath}${opts.staticDir ? '' : ' (the API lives under /api/)'}`);
    }
    if (rawPath === '/api/events' || rawPath === '/api/openapi.json') {
      if (method !== 'GET') throw methodNotAllowed(method, rawPath, ['GET']);
      if (rawPath === '/api/events') {
        const watch = await watchForStream(served.api, query, req);
        stream.attach(req, res, watch?.accept);
      } else {
        sendJson(res, 200, (openApi ??= openApiDocument(opts.version ?? '0.0.0')));
      }
      return;
    }
    const match = matchRoute(method, segments);
    if (!match) throw new ApiError('not_found', `no endpoint ${method} ${rawPath} (see /api/openapi.json)`);
    const route = operations[match.name].http;
    const maxBytes = route.bodyLimit ?? DEFAULT_BODY_LIMIT;
    const run = async () => {
      const body = method === 'POST' ? await readJsonBody(req, { maxBytes, idleMs: bodyIdleMs }) : undefined;
      return dispatch(served.api, match.name, fromHttpRequest(match.name, match.params, query, body));
    };
    // Large bodies (CSV imports) are read and handled one at a time, so memory stays bounded under load.
    const small = Number(req.headers['content-length']) <= LARGE_BODY_BYTES;
    const result = method === 'POST' && maxBytes > LARGE_BODY_BYTES && !small ? await largeBodies.run(run) : await run();
    if (route.csv) {
      const { file_name, csv } = result as { file_name: string; csv: string };
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file_name.replace(/[^A-Za-z0-9_.-]/g, '_')}"`,
        'content-length': Buffer.byteLength(csv),
        'cache-control': 'no-store',
      });
      res.end(csv);
      return;
    }
    sendJson(res, 200, result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof ClientGoneError || res.destroyed) {
        const why = err instanceof ClientGoneError ? err.message : 'the client went away before the answer';
        opts.onNotice?.(`${req.method} ${(req.url ?? '').slice(0, 200)}: ${why}`);
        if (!res.destroyed) res.destroy();
        return;
      }
      const apiErr = toApiError(err);
      if (apiErr.code === 'internal') opts.onError?.(err);
      sendError(res, apiErr);
    });
  });
  server.headersTimeout = 30_000;
  // A whole request (headers and body) must arrive within 10 minutes; a stalled body is cut sooner (bodyIdleMs).
  server.requestTimeout = 600_000;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const off of unsubscribers) off();
        stream.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
