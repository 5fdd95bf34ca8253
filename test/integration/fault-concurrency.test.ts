// Fault suite, part 2: two processes writing one data home. CLI imports side by side, a CLI import while the server
// imports, REST imports at once: every one succeeds (writes take the lock up front and wait for it). A write that
// cannot get the lock within the busy timeout (held here by the test until the answer arrives, so no timing is
// involved) gets 503 with Retry-After over REST and exit 3 with a clear message from the CLI, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { REAL_FILES } from '../support/sharedData';
import { ensureBuilt, ROOT, startServe, type TestServer } from './server-harness';

interface Done {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(home: string, args: string[], env: Record<string, string> = {}): Promise<Done> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'out/core/cli.js'), ...args, '--home', home], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function integrity(home: string): string {
  const db = new Database(join(home, 'candlecast.db'), { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

interface Listed {
  readonly exchange: string;
  readonly symbol: string;
  readonly rows: number;
  readonly first: string;
  readonly last: string;
}

async function listed(home: string): Promise<Listed[]> {
  const r = await cli(home, ['data', 'list', '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Listed[];
}

const BTC_SPAN = { rows: 30_240, first: '2023-03-01T00:00:00Z', last: '2023-03-21T23:59:00Z' };
/** The first day of the BTC file (1,440 rows) as CSV text for REST imports. */
const btcDay = () => readFileSync(REAL_FILES.btc1m, 'utf8').split('\n').slice(0, 1441).join('\n');
const DAY_SPAN = { rows_stored: 1440, first: '2023-03-01T00:00:00Z', last: '2023-03-01T23:59:00Z' };

const dirs: string[] = [];
function newHome(): string {
  const d = mkdtempSync(join(tmpdir(), 'candlecast-fault-conc-'));
  dirs.push(d);
  return d;
}
beforeAll(() => ensureBuilt());
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('two writers on one data home', () => {
  it('two CLI imports at once succeed in every round, into different series and into the same one', async () => {
    const home = newHome();
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      const [a, b, c] = await Promise.all([
        cli(home, ['data', 'import', REAL_FILES.btc1m, '--symbol', 'AAA/USDT', '--json']),
        cli(home, ['data', 'import', REAL_FILES.btc1m, '--symbol', 'BBB/USDT', '--json']),
        cli(home, ['data', 'import', REAL_FILES.btc1m, '--symbol', 'AAA/USDT', '--json']),
      ]);
      for (const r of [a, b, c]) expect(r.status, `round ${round}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(a.stdout)).toMatchObject({ rows_stored: 30_240, first: BTC_SPAN.first, last: BTC_SPAN.last });
    }
    const series = await listed(home);
    expect(series.map((s) => [s.symbol, s.rows, s.first, s.last])).toEqual([
      ['AAA/USDT', BTC_SPAN.rows, BTC_SPAN.first, BTC_SPAN.last], ['BBB/USDT', BTC_SPAN.rows, BTC_SPAN.first, BTC_SPAN.last],
    ]);
    expect(integrity(home)).toBe('ok');
  });

  describe('with a server on the same home', () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startServe();
    });
    afterAll(async () => srv?.stop());

    it('CLI imports while the server imports over REST, and REST imports at once: all succeed', async () => {
      const csv = btcDay();
      const post = (symbol: string) => srv.post('/api/series/import', { csv, file_name: 'day.csv', symbol });
      const results: { status: number; body: any }[] = [];
      const cliRuns: Done[] = [];
      for (let round = 0; round < 3; round++) {
        const [r1, r2, c] = await Promise.all([
          post('RRA/USDT'), post('RRB/USDT'),
          cli(srv.home, ['data', 'import', REAL_FILES.btc1m, '--symbol', 'CCC/USDT', '--json']),
        ]);
        results.push(r1, r2);
        cliRuns.push(c);
      }
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      for (const r of results) expect(r.body).toMatchObject(DAY_SPAN);
      for (const c of cliRuns) expect(c.status, c.stderr).toBe(0);
      const series = await listed(srv.home);
      expect(series.find((s) => s.symbol === 'CCC/USDT')).toMatchObject(BTC_SPAN);
      expect(series.find((s) => s.symbol === 'RRA/USDT')).toMatchObject({ rows: 1440 });
      expect(integrity(srv.home)).toBe('ok');
    });
  });

  it('a write that cannot get the lock in time: REST 503 with Retry-After, CLI exit 3, nothing changed', async () => {
    const env = { CANDLECAST_BUSY_TIMEOUT_MS: '300' };
    const srv = await startServe({ env });
    try {
      const before = await listed(srv.home);
      // Another process's long write transaction: this test's own connection holds the write lock until the
      // answers below have arrived.
      const db = new Database(join(srv.home, 'candlecast.db'));
      db.exec('BEGIN IMMEDIATE');
      try {
        const rest = await srv.post('/api/series/import', { csv: btcDay(), file_name: 'day.csv', symbol: 'LCK/USDT' });
        expect(rest.status).toBe(503);
        expect(rest.headers.get('retry-after')).toBe('5');
        expect(rest.body.error).toBe('unavailable');
        expect(rest.body.detail).toMatch(/busy: another Candlecast process/);
        const c = await cli(srv.home, ['data', 'import', REAL_FILES.btc1m, '--symbol', 'LCK/USDT'], env);
        expect(c.status).toBe(3);
        expect(c.stderr).toMatch(/^error: the candle store .* is busy: another Candlecast process has been writing to it for over 0\.3 s; nothing was changed, try again in a moment\n$/);
      } finally {
        db.exec('ROLLBACK');
        db.close();
      }
      expect(await listed(srv.home)).toEqual(before);
      const retry = await srv.post('/api/series/import', { csv: btcDay(), file_name: 'day.csv', symbol: 'LCK/USDT' });
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject(DAY_SPAN);
    } finally {
      await srv.stop();
    }
  });
});
