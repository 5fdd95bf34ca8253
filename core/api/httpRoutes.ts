import type { z } from 'zod';
import { operationNames, operations, type HttpRoute, type OperationName } from './contract';
import { ApiError, invalidField } from './errors';

// The REST form of the contract, both directions: a request object to method + URL + body (clients),
// and method + path + query + body back to a request object (the server). Pure functions.

/**
 * A header the app's HTTP client sends on every request. Browsers cannot add it to a cross-site request without a
 * CORS preflight (which the server never grants), so it proves a browser request comes from the app itself.
 */
export const CLIENT_HEADER = 'x-candlecast-client';

/** The `:name` parameters of a route path, in order. */
export function pathParamNames(route: HttpRoute): string[] {
  return route.path.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1));
}

/** A route path with `{name}` placeholders, as OpenAPI writes it. */
export function openApiPath(route: HttpRoute): string {
  return route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

/** An HTTP request ready to send. */
export interface HttpRequestParts {
  readonly method: HttpRoute['method'];
  /** Path plus query string. */
  readonly url: string;
  /** JSON text for POST. */
  readonly body?: string;
}

function queryValue(v: unknown): string {
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The method, URL and body of an operation call (path parameters encoded, other fields in the query or body). */
export function toHttpRequest(name: OperationName, request: Record<string, unknown>): HttpRequestParts {
  const route = operations[name].http;
  const rest: Record<string, unknown> = { ...request };
  let path = route.path as string;
  for (const p of pathParamNames(route)) {
    const v = rest[p];
    if (v === undefined || v === null || v === '') throw invalidField(p, 'required');
    path = path.replace(`:${p}`, encodeURIComponent(String(v)));
    delete rest[p];
  }
  if (route.method === 'POST') return { method: 'POST', url: path, body: JSON.stringify(rest) };
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) query.set(k, queryValue(v));
  const qs = query.toString();
  return { method: route.method, url: qs ? `${path}?${qs}` : path };
}

/** A route found for a method and path. */
export interface RouteMatch {
  readonly name: OperationName;
  readonly params: Record<string, string>;
}

interface CompiledRoute {
  readonly name: OperationName;
  readonly method: HttpRoute['method'];
  readonly segments: readonly string[];
}

const compiled: readonly CompiledRoute[] = operationNames
  .map((name) => ({ name, method: operations[name].http.method, segments: operations[name].http.path.split('/').slice(1) }))
  // Literal segments win over parameters (`/api/predictions/list` before `/api/predictions/:id`).
  .sort((a, b) => literalWeight(b.segments) - literalWeight(a.segments));

function literalWeight(segments: readonly string[]): number {
  return segments.reduce((w, s, i) => w + (s.startsWith(':') ? 0 : 2 ** (8 - i)), 0);
}

/**
 * Splits a raw request path into decoded segments, refusing anything that could walk out of a folder:
 * `.` or `..` segments (also when percent-encoded), NUL and control characters, backslashes, and slashes
 * smuggled in as `%2F`. Throws ApiError 400.
 */
export function decodePathSegments(rawPath: string): string[] {
  const parts = rawPath.split('/').slice(1);
  return parts.map((raw) => {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      throw new ApiError('invalid_request', `path: malformed percent-encoding in "${raw}"`, 'path');
    }
    // eslint-disable-next-line no-control-regex
    if (seg === '.' || seg === '..' || /[\u0000-\u001f\u007f\\/]/.test(seg) || seg.includes('..') || /%2e|%2f|%5c|%00/i.test(seg)) {
      throw new ApiError('invalid_request', `path: segment "${raw}" is not allowed`, 'path');
    }
    return seg;
  });
}

/**
 * The operation for a method and decoded path segments; `undefined` when no route has this path,
 * and ApiError 405 when the path exists with other methods.
 */
export function matchRoute(method: string, segments: readonly string[]): RouteMatch | undefined {
  // Routes come most literal first. A literal path wins over a parameter route the same URL also fits:
  // `GET /api/predictions/generate` is 405 (the path exists for POST), not a forecast with id "generate", and
  // `Allow` lists the methods of that literal path, as the OpenAPI document does.
  const allowed = new Set<string>();
  let allowedWeight = -1;
  for (const r of compiled) {
    if (r.segments.length !== segments.length) continue;
    if (allowedWeight >= 0 && literalWeight(r.segments) < allowedWeight) break;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < r.segments.length && ok; i++) {
      const s = r.segments[i];
      if (s.startsWith(':')) params[s.slice(1)] = segments[i];
      else ok = s === segments[i];
    }
    if (!ok) continue;
    if (r.method === method) return { name: r.name, params };
    const weight = literalWeight(r.segments);
    if (allowedWeight < 0) allowedWeight = weight;
    if (weight === allowedWeight) allowed.add(r.method);
  }
  if (allowed.size) throw methodNotAllowed(method, `/${segments.join('/')}`, [...allowed]);
  return undefined;
}

/** A 405 with the `Allow` header listing the methods the path has. */
export function methodNotAllowed(method: string, path: string, allowed: readonly string[]): ApiError {
  const allow = [...allowed].sort().join(', ');
  return new ApiError('method_not_allowed', `method ${method.slice(0, 20)} is not allowed on ${path} (allowed: ${allow})`, undefined, { allow });
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  return shape ?? {};
}

const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A query string value as the type its field wants. A field that accepts the string keeps it (a model named
 * `12345`); otherwise numeric text becomes a number, `true`/`false` (and `1`/`0` for boolean fields) a boolean,
 * and `{...}`/`[...]` parsed JSON, so the schema's message is about the value (`Too big`), not its type.
 */
function coerceQueryValue(field: z.ZodType | undefined, raw: string): unknown {
  if (!field || field.safeParse(raw).success) return raw;
  if (NUMERIC.test(raw)) {
    const asBool = raw === '1' || raw === '0' ? raw === '1' : undefined;
    if (asBool !== undefined && field.safeParse(asBool).success) return asBool;
    return Number(raw);
  }
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}

/**
 * The raw request object of an HTTP call: query parameters (typed by trial against their field), then the JSON
 * body's fields, then path parameters. A repeated query parameter or a body field that contradicts the path is a 400.
 */
export function fromHttpRequest(name: OperationName, params: Record<string, string>, query: URLSearchParams, body: unknown): Record<string, unknown> {
  const shape = objectShape(operations[name].request);
  const out: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    if (values.length > 1) throw invalidField(key, 'given more than once');
    out[key] = coerceQueryValue(shape[key], values[0]);
  }
  if (body !== undefined) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ApiError('invalid_request', 'body: expected a JSON object', 'body');
    }
    Object.assign(out, body);
  }
  for (const [k, v] of Object.entries(params)) {
    if (k in out && out[k] !== v) throw invalidField(k, 'differs between the path and the body');
    out[k] = v;
  }
  return out;
}
