// Browser mode: the server also serves a built renderer folder at `/`, and nothing outside it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../core/api';
import { startServer, type RunningServer } from '../../core/server';
import { createEventBus } from '../../core/service';

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'candlecast-static-'));
  mkdirSync(join(dir, 'web', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'web', 'index.html'), '<!doctype html><title>Candlecast</title>');
  writeFileSync(join(dir, 'web', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the web folder');
  const api = { health: async () => ({ status: 'ok', version: 't', home: dir, jobs_running: 0, jobs_queued: 0, uptime_s: 0 }) } as unknown as ApiHandlers;
  server = await startServer({ api, subscribe: createEventBus().subscribe }, { port: 0, staticDir: join(dir, 'web') });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    httpRequest({ host: hostname, port, path }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    }).on('error', reject).end();
  });
}

describe('static renderer', () => {
  it('serves index.html at / and for client-side routes, assets with their type, and the API beside them', async () => {
    expect(await get('/')).toMatchObject({ status: 200, type: expect.stringContaining('text/html'), body: expect.stringContaining('Candlecast') });
    expect(await get('/models/BTC_USDT_1m_300steps')).toMatchObject({ status: 200, body: expect.stringContaining('Candlecast') });
    expect(await get('/assets/app.js')).toMatchObject({ status: 200, type: expect.stringContaining('javascript'), body: 'console.log(1)' });
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect(JSON.parse((await get('/api/health')).body)).toMatchObject({ status: 'ok' });
  });

  it('never serves a file outside its folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%252e%252e/secret.txt']) {
      const r = await get(p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.body, p).not.toContain('outside the web folder');
    }
  });
});
