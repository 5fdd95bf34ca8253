import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../api/errors';
import { CLIENT_HEADER } from '../api/httpRoutes';
import { excerpt } from '../data/csvFields';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether a host name or address only reaches this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Refuses to serve beyond this machine without a token: the API can train, delete and read files' worth of data.
 * Returns the token to require (undefined on loopback without one).
 */
export function tokenForHost(host: string, token: string | undefined): string | undefined {
  if (token !== undefined && token.length < 16) throw new Error('CANDLECAST_TOKEN must be at least 16 characters');
  if (!isLoopbackHost(host) && !token) {
    throw new Error(`refusing to listen on ${host} without CANDLECAST_TOKEN (set it, or bind 127.0.0.1)`);
  }
  return token || undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether an Origin header names this server: a loopback origin, or the same host (and port) as the request. */
export function isAllowedOrigin(origin: string, host: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return isLoopbackHost(url.hostname) || (host !== undefined && url.host === host.toLowerCase());
}

/**
 * Whether a request shows it comes from the app itself rather than from a page on another site: the app's client
 * header (a custom header, which no cross-site page can send), or the browser's own word (`Sec-Fetch-Site`).
 */
function provesSameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return req.headers[CLIENT_HEADER] !== undefined || site === 'same-origin' || site === 'none';
}

/** Options of guardRequest. */
export interface GuardOptions {
  readonly token?: string;
  readonly loopback: boolean;
  /** The path is under /api/. */
  readonly isApi: boolean;
  readonly isEventStream: boolean;
}

/**
 * Checks one request before routing: the bearer token when one is required (or `?token=` on the event stream,
 * which EventSource cannot send headers for); on loopback, that the Host header names this machine (DNS rebinding)
 * and that a browser did not send it from another site. Cross-site protection does not rest on Fetch Metadata
 * alone: an `Origin` header must name this server, and an API request from a browser (its User-Agent or Origin
 * says so) that carries no token must prove it comes from the app (CLIENT_HEADER or `Sec-Fetch-Site:
 * same-origin`), so that a page on another site cannot make even a "simple" GET train, save or fetch.
 * Non-browser clients on this machine (curl, scripts) need nothing. Throws ApiError 401/403.
 */
export function guardRequest(req: IncomingMessage, query: URLSearchParams, opts: GuardOptions): void {
  if (opts.token) {
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer (.+)$/i.exec(header)?.[1];
    const given = bearer ?? (opts.isEventStream ? query.get('token') ?? undefined : undefined);
    if (!given || !sameSecret(given, opts.token)) {
      throw new ApiError('unauthorized', 'missing or wrong bearer token (Authorization: Bearer <CANDLECAST_TOKEN>)');
    }
  }
  if (opts.loopback) {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (host && !isLoopbackHost(host)) throw new ApiError('forbidden', `host "${excerpt(host)}" is not this machine`);
  }
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new ApiError('forbidden', 'requests from other sites are refused');
  const origin = req.headers.origin;
  if (origin !== undefined && !isAllowedOrigin(origin, req.headers.host)) {
    throw new ApiError('forbidden', `requests from origin "${excerpt(origin)}" are refused (only this server's own pages may call it)`);
  }
  const browser = origin !== undefined || /^Mozilla\//.test(req.headers['user-agent'] ?? '');
  if (opts.isApi && !opts.isEventStream && !opts.token && browser && !provesSameOrigin(req)) {
    throw new ApiError('forbidden', `a browser request must come from the Candlecast app: send the ${CLIENT_HEADER} header `
      + '(any value), as the app does; a page on another site cannot');
  }
}
