// `candlecast watch` through the real CLI on a manual clock (CANDLECAST_TEST_CLOCK, advanced over stdin): one JSON
// object per closed bar, in order, with the demo market's values, and a usage error for a bad model.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCandles } from '../../core/data';
import { ensureBuilt, ROOT } from './server-harness';

const MIN = 60_000;
const C0 = Math.floor(Date.now() / MIN) * MIN + 10 * MIN + 20_000;
const BAR0 = C0 - 20_000;
const home = mkdtempSync(join(tmpdir(), 'candlecast-watch-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function run(args: string[], onLine: (line: string, send: (s: string) => void) => void): Promise<{ code: number | null; out: string[]; err: string }> {
  ensureBuilt();
  const child = spawn(process.execPath, [join(ROOT, 'out/core/cli.js'), ...args, '--home', home], {
    cwd: ROOT, env: { ...process.env, CANDLECAST_TEST_CLOCK: String(C0) }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let err = '';
  let buf = '';
  const send = (s: string) => void child.stdin.write(`${s}\n`);
  child.stdout.on('data', (d) => {
    buf += d;
    let cut;
    while ((cut = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, cut);
      buf = buf.slice(cut + 1);
      out.push(line);
      onLine(line, send);
    }
  });
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('candlecast watch', () => {
  it('prints each closed bar as one JSON line and stops after --max-bars', async () => {
    const r = await run(['watch', '--exchange', 'demo', '--symbol', 'BTC/USDT', '--timeframe', '1m', '--max-bars', '3', '--json'], (line, send) => {
      const o = JSON.parse(line) as { event: string; state?: string };
      if (o.event === 'liveStatus' && o.state === 'live') send(`advance ${3 * MIN}`);
    });
    expect(r.code).toBe(0);
    const rows = r.out.map((l) => JSON.parse(l));
    expect(rows[0]).toMatchObject({ event: 'liveStatus', state: 'live', exchange: 'demo', symbol: 'BTC/USDT', last_bar: new Date(BAR0 - MIN).toISOString() });
    const bars = rows.filter((o) => o.event === 'candle');
    expect(bars.map((o) => o.candle.time)).toEqual([BAR0, BAR0 + MIN, BAR0 + 2 * MIN]);
    expect(bars.every((o) => o.closed === true)).toBe(true);
    const real = demoCandles('BTC/USDT', '1m', BAR0, BAR0 + 2 * MIN);
    expect(bars.map((o) => o.candle.close)).toEqual(Array.from(real.close));
  });

  it('refuses a rolling model that does not exist, exit code 2', async () => {
    const r = await run(['watch', '--symbol', 'BTC/USDT', '--timeframe', '1m', '--model', 'NOPE_1m_5steps'], () => undefined);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: .*NOPE_1m_5steps not found/m);
  });
});
