// `candlecast features`: the documented JSON on stdout, a readable table without --json, exit 2 on bad input.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CliContext } from '../../core/cli/command';
import { featuresCommand } from '../../core/cli/commands/features';
import { main } from '../../core/cli/main';
import { resolveHome } from '../../core/runtime/home';
import { FeatureEngine } from '../../core/features';

const home = mkdtempSync(join(tmpdir(), 'cc-features-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function run(values: Record<string, string>, json: boolean): Promise<{ out: string[]; log: string[] }> {
  const out: string[] = [];
  const log: string[] = [];
  const ctx: CliContext = { home: resolveHome(home), json, out: (t) => out.push(t), log: (t) => log.push(t), stderrIsTTY: false };
  await featuresCommand.run({ values, positionals: [] }, ctx);
  return { out, log };
}

describe('candlecast features', () => {
  it('prints {count, names, categories, rows, ms} for a demo series, logs only on stderr', async () => {
    const { out, log } = await run({ symbol: 'BTC/USDT', timeframe: '1h', days: '40' }, true);
    expect(out).toHaveLength(1);
    const r = JSON.parse(out[0]);
    const engine = new FeatureEngine();
    expect(r.count).toBe(engine.featureCount);
    expect(r.names).toEqual(engine.getFeatureNames());
    expect(r.categories).toEqual({ price: 19, technical: 16, rolling: 32, pattern: 19, time: 16 });
    expect(r.rows).toBe(40 * 24);
    expect(r.first_valid_row).toBe(engine.warmup);
    expect(r.valid_rows).toBe(40 * 24 - engine.warmup);
    expect(r.ms).toBeGreaterThan(0);
    expect(log.join('\n')).toMatch(/data: /);
  });

  it('prints a table per category without --json', async () => {
    const { out } = await run({ symbol: 'ETH/USDT', timeframe: '4h', days: '100' }, false);
    expect(out[0]).toMatch(/^102 features x 600 rows of demo ETH\/USDT 4h in [\d.]+ ms/);
    expect(out.join('\n')).toMatch(/rolling\s+32\s+sma_dist_5 volatility_5/);
  });

  it('exits 2 with one error line on a bad timeframe or a missing symbol', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['features', '--symbol', 'BTC/USDT', '--timeframe', '7m', '--home', home])).toBe(2);
      expect(await main(['features', '--timeframe', '1m', '--home', home])).toBe(2);
      expect(err.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^error: unknown timeframe "7m"/), 'error: missing --symbol\n']);
    } finally {
      err.mockRestore();
    }
  });
});
