import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventNames, operations, type ApiHandlers, type SubscribeFn } from '../api/contract';
import { dispatch } from '../api/dispatch';
import { ApiError, toApiError } from '../api/errors';
import { decodePathSegments, fromHttpRequest, matchRoute } from '../api/httpRoutes';
import { openApiDocument } from '../api/openapi';
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
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

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
  const headers: Record<string, string> = {};
  if (err.code === 'unauthorized') headers['www-authenticate'] = 'Bearer';
  res.setHeader('connection', err.code === 'payload_too_large' ? 'close' : 'keep-alive');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  sendJson(res, err.status, err.toBody());
}

/** Reads a JSON body up to `limit` bytes; an empty body is `undefined`. */
function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(new ApiError('payload_too_large', `body: larger than ${limit} bytes`, 'body'));
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError('payload_too_large', `body: larger than ${limit} bytes`, 'body'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size === 0) return resolve(undefined);
      // A JSON content type forces browsers to ask first (CORS preflight), which this server never grants.
      if (type !== 'application/json') {
        return reject(new ApiError('unsupported_media_type', 'body: send JSON with Content-Type: application/json', 'body'));
      }
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (e) {
        reject(new ApiError('invalid_request', `body: malformed JSON (${(e as Error).message})`, 'body'));
      }
    });
  });
}

/** Starts the REST API (and optionally the renderer) on one node:http server. */
export async function startServer(served: ServedApi, opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = tokenForHost(host, opts.token);
  const loopback = isLoopbackHost(host);
  const stream = createEventStream();
  const unsubscribers = eventNames.map((name) => served.subscribe(name, (payload) => stream.publish(name, payload)));
  let openApi: unknown;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
    const method = req.method ?? 'GET';
    const isApi = rawPath === '/api' || rawPath.startsWith('/api/');
    guardRequest(req, query, { token, loopback, isEventStream: rawPath === '/api/events' });
    const segments = decodePathSegments(rawPath === '/' ? '' : rawPath);

    if (!isApi) {
      if (opts.staticDir && (method === 'GET' || method === 'HEAD') && serveStatic(opts.staticDir, segments, res, method === 'HEAD')) return;
      throw new ApiError('not_found', `nothing at ${rawPath}${opts.staticDir ? '' : ' (the API lives under /api/)'}`);
    }
    if (rawPath === '/api/events' && method === 'GET') {
      const watch = await watchForStream(served.api, query, req);
      stream.attach(req, res, watch?.accept);
      return;
    }
    if (rawPath === '/api/openapi.json' && method === 'GET') {
      openApi ??= openApiDocument(opts.version ?? '0.0.0');
      sendJson(res, 200, openApi);
      return;
    }
    const match = matchRoute(method, segments);
    if (!match) throw new ApiError('not_found', `no endpoint ${method} ${rawPath} (see /api/openapi.json)`);
    const route = operations[match.name].http;
    const body = method === 'POST' ? await readJsonBody(req, route.bodyLimit ?? DEFAULT_BODY_LIMIT) : undefined;
    const request = fromHttpRequest(match.name, match.params, query, body);
    const result = await dispatch(served.api, match.name, request);
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
      const apiErr = toApiError(err);
      if (apiErr.code === 'internal') opts.onError?.(err);
      sendError(res, apiErr);
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 0;
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
