import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../api/errors';

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

/**
 * Checks one request before routing: the bearer token when one is required (or `?token=` on the event stream,
 * which EventSource cannot send headers for); on loopback, that the Host header names this machine (DNS rebinding)
 * and that a browser did not send it from another site. Throws ApiError 401/403.
 */
export function guardRequest(req: IncomingMessage, query: URLSearchParams, opts: { token?: string; loopback: boolean; isEventStream: boolean }): void {
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
    if (host && !isLoopbackHost(host)) throw new ApiError('forbidden', `host "${host}" is not this machine`);
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') throw new ApiError('forbidden', 'requests from other sites are refused');
  }
}
