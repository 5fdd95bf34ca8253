import type { IncomingMessage } from 'node:http';
import { ApiError } from '../api/errors';

/** A request whose client went away before its body arrived: not an error of ours, logged as one quiet line. */
export class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';
}

/** Limits of one body read. */
export interface BodyLimits {
  /** Largest body in bytes; more is 413 (declared by Content-Length or found while reading a chunked body). */
  readonly maxBytes: number;
  /** A body that sends nothing for this long is 408. */
  readonly idleMs: number;
}

/** Bodies above this size are read one at a time (the rest wait their turn), which bounds the server's memory. */
export const LARGE_BODY_BYTES = 1024 * 1024;

/** A one-slot queue: large bodies are read and handled one after another. */
export function createLargeBodyGate(): { run<T>(fn: () => Promise<T>): Promise<T> } {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(fn) {
      const result = tail.then(fn, fn);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

function tooLarge(limit: number): ApiError {
  return new ApiError('payload_too_large', `body: larger than ${limit} bytes`, 'body');
}

/**
 * Reads a JSON body within limits; an empty body is `undefined`. Past the size limit the rest of the body is read
 * and dropped (not kept) so the client receives its 413 rather than a reset connection; the server closes the
 * connection after answering.
 */
export function readJsonBody(req: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (declared > limits.maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(limits.maxBytes));
  }
  return new Promise((resolve, reject) => {
    // A large declared body (read one at a time, see LARGE_BODY_BYTES) goes straight into one buffer of its size;
    // smaller ones collect their chunks, so memory follows the bytes that actually arrived.
    const body = Number.isSafeInteger(declared) && declared > LARGE_BODY_BYTES ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      fn();
    };
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => settle(() => {
        reject(new ApiError('request_timeout', `body: nothing received for ${Math.round(limits.idleMs / 1000)} s`, 'body'));
        req.resume();
      }), limits.idleMs);
    };
    armIdle();
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      armIdle();
      const start = size;
      size += chunk.length;
      if (size > limits.maxBytes || (body && size > body.length)) {
        settle(() => reject(size > limits.maxBytes ? tooLarge(limits.maxBytes) : new ApiError('invalid_request', 'body: longer than its Content-Length', 'body')));
        return;
      }
      if (body) chunk.copy(body, start);
      else chunks.push(chunk);
    });
    req.on('aborted', () => settle(() => reject(new ClientGoneError('the client closed the connection while sending its body'))));
    req.on('error', () => settle(() => reject(new ClientGoneError('the connection broke while the body was being sent'))));
    req.on('end', () => settle(() => {
      if (size === 0) return resolve(undefined);
      // A JSON content type forces browsers to ask first (CORS preflight), which this server never grants.
      if (type !== 'application/json') {
        return reject(new ApiError('unsupported_media_type', 'body: send JSON with Content-Type: application/json', 'body'));
      }
      const bytes = body ? body.subarray(0, size) : Buffer.concat(chunks, size);
      chunks.length = 0;
      try {
        resolve(JSON.parse(bytes.toString('utf8')));
      } catch (e) {
        reject(new ApiError('invalid_request', `body: malformed JSON (${(e as Error).message.slice(0, 200)})`, 'body'));
      }
    }));
  });
}
