// The REST server at its edges: 405 with Allow, 413 (also for a chunked body, answered rather than reset), 408 for
// a stalled body, one quiet line for a client that goes away, and cross-site requests that change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../core/server';
import { createService, type Service } from '../../core/service';
import { ensureBuilt } from './server-harness';

let home: string;
let service: Service;
let srv: RunningServer;
const notices: string[] = [];
const errors: unknown[] = [];
const noticeWaiters: (() => void)[] = [];

beforeAll(async () => {
  ensureBuilt();
  home = mkdtempSync(join(tmpdir(), 'candlecast-hardening-'));
  service = createService({ home });
  srv = await startServer(service, {
    port: 0,
    bodyIdleMs: 300,
    onError: (err) => errors.push(err),
    onNotice: (line) => {
      notices.push(line);
      for (const w of noticeWaiters.splice(0)) w();
    },
  });
});
afterAll(async () => {
  await srv?.close();
  await service?.close();
  rmSync(home, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One raw HTTP exchange; `send` writes the body (or part of it) and decides when to end it. */
function exchange(method: string, path: string, headers: Record<string, string>, send: (req: ReturnType<typeof httpRequest>) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${srv.url}${path}`, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    send(req);
  });
}

const json = { 'content-type': 'application/json' };

describe('methods and bodies', () => {
  it('405 names the allowed methods in Allow, for API routes and the fixed endpoints', async () => {
    const a = await exchange('DELETE', '/api/health', {}, (r) => r.end());
    expect(a.status).toBe(405);
    expect(a.headers.allow).toBe('GET');
    const b = await exchange('PUT', '/api/models/train', {}, (r) => r.end());
    expect([b.status, b.headers.allow]).toEqual([405, 'POST']);
    const c = await exchange('POST', '/api/openapi.json', {}, (r) => r.end());
    expect([c.status, c.headers.allow]).toEqual([405, 'GET']);
    const d = await exchange('GET', '/api/predictions/generate', {}, (r) => r.end());
    expect([d.status, d.headers.allow]).toEqual([405, 'POST']);
  });

  it('an oversized chunked body gets 413, not a reset connection, and starts nothing', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const a = await exchange('POST', '/api/models/train', { ...json, 'transfer-encoding': 'chunked' }, (req) => {
      req.on('error', () => undefined);
      let sent = 0;
      const more = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', more);
        }
        req.end();
      };
      more();
    });
    expect(a.status).toBe(413);
    expect(JSON.parse(a.body)).toMatchObject({ error: 'payload_too_large', field: 'body' });
    expect(a.headers.connection).toBe('close');
    expect(service.jobs.list()).toEqual([]);
  });

  it('a declared Content-Length over the limit is refused at once', async () => {
    const a = await exchange('POST', '/api/series/import', { ...json, 'content-length': String(200 * 1024 * 1024) }, (req) => {
      req.on('error', () => undefined);
      req.write('{"csv":"');
    });
    expect(a.status).toBe(413);
  });

  it('a body that stalls gets 408 once nothing arrives for the idle limit', async () => {
    const a = await exchange('POST', '/api/series/import', { ...json, 'content-length': '1000' }, (req) => {
      req.on('error', () => undefined);
      req.write('{"csv":"timestamp,open');
    });
    expect(a.status).toBe(408);
    expect(JSON.parse(a.body)).toMatchObject({ error: 'request_timeout' });
  });

  it('a client that hangs up mid-body is one quiet notice, not an internal error', async () => {
    const seen = new Promise<void>((r) => noticeWaiters.push(r));
    const req = httpRequest(`${srv.url}/api/series/import`, { method: 'POST', headers: { ...json, 'content-length': '100000' } });
    req.on('error', () => undefined);
    // Headers and part of the body reach the server's socket before the hang-up (TCP keeps the order).
    req.write('{"csv":"timestamp,open,high', () => req.destroy());
    await seen;
    expect(notices.at(-1)).toBe('POST /api/series/import: the client closed the connection while sending its body');
    expect(errors).toEqual([]);
  });
});

describe('requests from other sites change nothing', () => {
  const train = JSON.stringify({ symbol: 'BTC_USDT', timeframe: '1m', n_steps_ahead: 5, days_history: 1 });

  it('a POST with a foreign Origin is refused before anything starts', async () => {
    const a = await exchange('POST', '/api/models/train', { ...json, origin: 'http://evil.example' }, (r) => r.end(train));
    expect(a.status).toBe(403);
    expect(JSON.parse(a.body).detail).toMatch(/origin "http:\/\/evil\.example" are refused/);
    expect(service.jobs.list()).toEqual([]);
  });

  it('a "simple" GET from a browser without Fetch Metadata cannot train or save; the app (same origin or its header) can', async () => {
    const oldBrowser = { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15' };
    const path = '/api/predictions?symbol=BTC_USDT&timeframe=1m&force_retrain=true&save=true&steps=5&days_history=1';
    const a = await exchange('GET', path, oldBrowser, (r) => r.end());
    expect(a.status).toBe(403);
    expect(JSON.parse(a.body).detail).toMatch(/x-candlecast-client/);
    expect(service.jobs.list()).toEqual([]);
    expect(service.listModels()).toEqual([]);
    // Reading is refused too (nothing to gain for another site), and the app's own requests pass.
    expect((await exchange('GET', '/api/models', oldBrowser, (r) => r.end())).status).toBe(403);
    expect((await exchange('GET', '/api/models', { ...oldBrowser, 'x-candlecast-client': '1' }, (r) => r.end())).status).toBe(200);
    expect((await exchange('GET', '/api/models', { ...oldBrowser, 'sec-fetch-site': 'same-origin' }, (r) => r.end())).status).toBe(200);
    expect((await exchange('GET', '/api/models', { ...oldBrowser, origin: srv.url }, (r) => r.end())).status).toBe(403);
    expect((await exchange('GET', '/api/models', { ...oldBrowser, origin: srv.url, 'x-candlecast-client': '1' }, (r) => r.end())).status).toBe(200);
    // Tools that are not browsers (curl, scripts) need nothing.
    expect((await exchange('GET', '/api/models', { 'user-agent': 'curl/8.5.0' }, (r) => r.end())).status).toBe(200);
  });
});
