// Bad input against the real server: every case is a 4xx with {error, detail}, never a 5xx, and nothing escapes the data home.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServe, type TestServer } from './server-harness';

let srv: TestServer;

beforeAll(async () => {
  srv = await startServe();
});

afterAll(async () => {
  await srv?.stop();
});

/** A request with the path sent exactly as written (fetch would resolve `..` and `%2e%2e` before sending). */
function raw(url: string, method: string, path: string, opts: { body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: opts.headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const UUID = '123e4567-e89b-12d3-a456-426614174000';
const train = (extra: Record<string, unknown>) => JSON.stringify({ symbol: 'BTC_USDT', timeframe: '1m', n_steps_ahead: 20, days_history: 3, ...extra });
const pred = '/api/predictions?symbol=BTC_USDT&timeframe=1m&auto_train=false';

type Case = [name: string, method: string, path: string, body: string | undefined, status: number, mentions?: string];

const CASES: Case[] = [
  ['malformed JSON', 'POST', '/api/models/train', '{"symbol": "BTC_USDT", ', 400, 'body'],
  ['JSON array body', 'POST', '/api/models/train', '[1,2]', 400, 'body'],
  ['symbol of the wrong type', 'POST', '/api/models/train', train({ symbol: 42 }), 400, 'symbol'],
  ['steps as a string in JSON', 'POST', '/api/models/train', train({ n_steps_ahead: '20' }), 400, 'n_steps_ahead'],
  ['missing symbol and timeframe', 'POST', '/api/models/train', '{}', 400, 'symbol'],
  ['negative steps', 'POST', '/api/models/train', train({ n_steps_ahead: -5 }), 400, 'n_steps_ahead'],
  ['zero steps', 'POST', '/api/models/train', train({ n_steps_ahead: 0 }), 400, 'n_steps_ahead'],
  ['5,001 steps', 'POST', '/api/models/train', train({ n_steps_ahead: 5001 }), 400, 'n_steps_ahead'],
  ['a billion steps', 'POST', '/api/models/train', train({ n_steps_ahead: 1e9 }), 400, 'n_steps_ahead'],
  ['fractional steps', 'POST', '/api/models/train', train({ n_steps_ahead: 2.5 }), 400, 'n_steps_ahead'],
  ['zero days', 'POST', '/api/models/train', train({ days_history: 0 }), 400, 'days_history'],
  ['366 days of 1m bars', 'POST', '/api/models/train', train({ days_history: 366 }), 400, 'days_history'],
  ['unknown timeframe', 'POST', '/api/models/train', train({ timeframe: '7m' }), 400, 'timeframe'],
  ['unknown predictor type', 'POST', '/api/models/train', train({ type: 'lstm' }), 400, 'type'],
  ['an unknown field', 'POST', '/api/models/train', train({ evil: 1 }), 400, 'evil'],
  ['name with ../', 'POST', '/api/models/train', train({ name: '../evil' }), 400, 'name'],
  ['absolute name', 'POST', '/api/models/train', train({ name: '/tmp/evil' }), 400, 'name'],
  ['name with NUL', 'POST', '/api/models/train', train({ name: 'a\u0000b' }), 400, 'name'],
  ['name of 200 characters', 'POST', '/api/models/train', train({ name: 'a'.repeat(200) }), 400, 'name'],
  ['LightGBM parameter naming a file', 'POST', '/api/models/train', train({ options: { modelParams: { output_model: 'x.txt' } } }), 400, 'output_model'],
  ['LightGBM value with a path', 'POST', '/api/models/train', train({ options: { modelParams: { objective: '/etc/passwd' } } }), 400, 'objective'],
  ['out-of-range learning option', 'POST', '/api/models/train', train({ options: { testSize: 0.9 } }), 400, 'testSize'],
  ['repeated lookback periods (found by the API fuzz: was a 500)', 'POST', '/api/models/train', train({ options: { lookbackPeriods: [2, 2] } }), 400, 'lookbackPeriods'],
  ['symbol with ../', 'POST', '/api/models/train', train({ symbol: '../../etc_passwd' }), 400, 'symbol'],
  ['exchange with a slash', 'POST', '/api/models/train', train({ exchange: 'demo/../x' }), 400, 'exchange'],
  ['generate with zero steps', 'POST', '/api/predictions/generate', JSON.stringify({ symbol: 'BTC_USDT', timeframe: '1m', steps: 0 }), 400, 'steps'],
  ['generate with a string auto_train', 'POST', '/api/predictions/generate', JSON.stringify({ symbol: 'BTC_USDT', timeframe: '1m', auto_train: 'yes' }), 400, 'auto_train'],
  ['forecast: unknown timeframe', 'GET', '/api/predictions?symbol=BTC_USDT&timeframe=7m', undefined, 400, 'timeframe'],
  ['forecast: missing symbol', 'GET', '/api/predictions?timeframe=1m', undefined, 400, 'symbol'],
  ['forecast: negative steps', 'GET', `${pred}&steps=-1`, undefined, 400, 'steps'],
  ['forecast: huge steps', 'GET', `${pred}&steps=99999`, undefined, 400, 'steps'],
  ['forecast: steps not a number', 'GET', `${pred}&steps=abc`, undefined, 400, 'steps'],
  ['forecast: auto_train not a boolean', 'GET', '/api/predictions?symbol=BTC_USDT&timeframe=1m&auto_train=maybe', undefined, 400, 'auto_train'],
  ['forecast: repeated parameter', 'GET', `${pred}&steps=5&steps=6`, undefined, 400, 'steps'],
  ['forecast: unknown parameter', 'GET', `${pred}&foo=1`, undefined, 400, 'foo'],
  ['forecast: traversal symbol', 'GET', '/api/predictions?symbol=..%2F..%2Fetc&timeframe=1m', undefined, 400, 'symbol'],
  ['forecast: NUL in symbol', 'GET', '/api/predictions?symbol=BTC_USDT%00&timeframe=1m', undefined, 400, 'symbol'],
  ['forecast: traversal model', 'GET', `${pred}&model=..%2Fmodels`, undefined, 400, 'model'],
  ['candles: bad from', 'GET', '/api/candles?symbol=BTC_USDT&timeframe=1m&from=yesterday', undefined, 400, 'from'],
  ['candles: limit 0', 'GET', '/api/candles?symbol=BTC_USDT&timeframe=1m&limit=0', undefined, 400, 'limit'],
  ['importance: unknown kind', 'GET', '/api/models/BTC_USDT_1m_20steps/importance?kind=cover', undefined, 400, 'kind'],
  ['model path ..', 'DELETE', '/api/models/..', undefined, 400, 'path'],
  ['model path %2e%2e', 'DELETE', '/api/models/%2e%2e', undefined, 400, 'path'],
  ['model path %2E%2e%2Fcandlecast.db', 'GET', '/api/models/%2E%2e%2Fcandlecast.db/importance', undefined, 400, 'path'],
  ['model path ..%2F..%2Fetc', 'DELETE', '/api/models/..%2F..%2Fetc', undefined, 400, 'path'],
  ['double-encoded dots', 'DELETE', '/api/models/%252e%252e', undefined, 400, 'path'],
  ['backslashes', 'DELETE', '/api/models/..%5C..%5Cx', undefined, 400, 'path'],
  ['NUL in a model name', 'DELETE', '/api/models/a%00b', undefined, 400, 'path'],
  ['dot-led model name', 'DELETE', '/api/models/.tmp-x', undefined, 400, 'name'],
  ['raw ../ in the path', 'GET', '/api/models/../candlecast.db', undefined, 400, 'path'],
  ['broken percent-encoding', 'DELETE', '/api/models/%E0%A4%A', undefined, 400, 'path'],
  ['job id not a UUID', 'GET', '/api/jobs/../../etc', undefined, 400, 'path'],
  ['job id not a UUID (plain)', 'GET', '/api/jobs/12345', undefined, 400, 'id'],
  ['prediction id not a UUID', 'GET', '/api/predictions/abc/csv', undefined, 400, 'id'],
  ['a symbol the demo market lacks', 'GET', '/api/predictions?symbol=FOO_BAR&timeframe=1m&days_history=2', undefined, 422, 'FOO/BAR'],
  ['candles of a symbol the demo market lacks', 'GET', '/api/candles?symbol=FOO_BAR&timeframe=1m&refresh=true', undefined, 422, 'FOO/BAR'],
  ['too little history to train', 'GET', '/api/predictions?symbol=BTC_USDT&timeframe=1d&days_history=10', undefined, 422, 'Insufficient data'],
  ['unknown job', 'GET', `/api/jobs/${UUID}`, undefined, 404],
  ['cancel unknown job', 'DELETE', `/api/jobs/${UUID}`, undefined, 404],
  ['unknown prediction', 'GET', `/api/predictions/${UUID}`, undefined, 404],
  ['csv of unknown prediction', 'GET', `/api/predictions/${UUID}/csv`, undefined, 404],
  ['delete unknown model', 'DELETE', '/api/models/NO_SUCH_MODEL', undefined, 404],
  ['importance of unknown model', 'GET', '/api/models/NO_SUCH_MODEL/importance', undefined, 404],
  ['unknown endpoint', 'GET', '/api/nothing', undefined, 404],
  ['wrong method', 'PUT', '/api/models', undefined, 405],
  ['CSV that is not candles', 'POST', '/api/series/import', JSON.stringify({ csv: 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,abc,3\n', file_name: 'x.csv', symbol: 'BTC_USDT' }), 400, 'x.csv:2'],
  ['CSV with high below close', 'POST', '/api/series/import', JSON.stringify({ csv: 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,1.5,0.5,2,3\n', file_name: 'y.csv', symbol: 'BTC_USDT' }), 400, 'y.csv:2'],
  ['save a forecast that is not one', 'POST', '/api/predictions', JSON.stringify({ symbol: 'BTC_USDT', timeframe: '1m', result: { predictions: 'x' } }), 400, 'result'],
];

describe('bad input', () => {
  it.each(CASES)('%s → %i', async (_name, method, path, body, status, mentions) => {
    const r = await raw(srv.url, method, path, { body, headers: body === undefined ? {} : JSON_HEADERS });
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ error: expect.any(String), detail: expect.any(String) });
    if (mentions) expect(`${r.body.detail} ${r.body.field ?? ''}`).toContain(mentions);
  });

  it('a body over the limit is a 413, a non-JSON content type a 415', async () => {
    const big = await raw(srv.url, 'POST', '/api/models/train', { body: `{"symbol":"${'x'.repeat(1_100_000)}"}`, headers: JSON_HEADERS });
    expect(big.status).toBe(413);
    const text = await raw(srv.url, 'POST', '/api/models/train', { body: train({}), headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
  });

  it('left nothing behind: no model, nothing outside the home, and the server still answers', async () => {
    const models = join(srv.home, 'models');
    expect(existsSync(models) ? readdirSync(models) : []).toEqual([]);
    expect(readdirSync(srv.home).sort()).toEqual(expect.arrayContaining(['models']));
    expect(existsSync(join(ROOT, 'evil'))).toBe(false);
    expect((await srv.get('/api/health')).status).toBe(200);
  });
});

describe('who may call', () => {
  it('refuses requests naming another host, and requests a browser sent from another site', async () => {
    expect((await raw(srv.url, 'GET', '/api/health', { headers: { host: 'attacker.example:8000' } })).status).toBe(403);
    expect((await raw(srv.url, 'GET', '/api/health', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await raw(srv.url, 'GET', '/api/health', { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
  });

  it('will not listen beyond 127.0.0.1 without CANDLECAST_TOKEN', () => {
    const env = { ...process.env, CANDLECAST_TOKEN: '' };
    const r = spawnSync(process.execPath, [join(ROOT, 'out/core/cli.js'), 'serve', '--host', '0.0.0.0', '--port', '0', '--home', srv.home], { env, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('refusing to listen on 0.0.0.0 without CANDLECAST_TOKEN');
  });

  it('with CANDLECAST_TOKEN on 0.0.0.0, every request needs the bearer token', async () => {
    const token = 'test-token-0123456789abcdef';
    const open = await startServe({ args: ['--host', '0.0.0.0'], env: { CANDLECAST_TOKEN: token } });
    try {
      const local = open.url.replace('0.0.0.0', '127.0.0.1');
      expect((await raw(local, 'GET', '/api/health')).status).toBe(401);
      expect((await raw(local, 'GET', '/api/health', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      expect((await raw(local, 'GET', '/api/models', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await raw(local, 'GET', '/api/openapi.json')).status).toBe(401);
      const events = await fetch(`${local}/api/events?token=${token}`);
      expect(events.status).toBe(200);
      await events.body?.cancel();
    } finally {
      await open.stop();
    }
  });
});
