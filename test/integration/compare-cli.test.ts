import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRealCandles } from '../support/realCandles';
import { hasSharedData, REAL_FILES } from '../support/sharedData';

const home = mkdtempSync(join(tmpdir(), 'cc-compare-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/candlecast', ...args, '--home', home], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SERIES = ['--exchange', 'csv', '--symbol', 'ETH/USDT', '--timeframe', '5m'];
const TRAIN = [...SERIES, '--steps', '12', '--days', '30', '--rounds', '40'];
const AR = 'csv_ETH_USDT_5m_12steps';
const MULTI = 'csv_ETH_USDT_5m_12steps_multi_ohlc';

describe.skipIf(!hasSharedData())('candlecast compare on real ETH 5m bars', () => {
  const trained: Record<string, { evaluation: { verdicts: Record<string, { skill: number }>; origin_losses: { origin_times_ms: number[] } } }> = {};

  beforeAll(() => {
    const imported = cli('data', 'import', REAL_FILES.eth5m, '--symbol', 'ETH/USDT', '--timeframe', '5m');
    expect(imported.code, imported.stderr).toBe(0);
    for (const type of ['autoregressive', 'multi_ohlc']) {
      const r = cli('train', ...TRAIN, '--type', type, '--json');
      expect(r.code, r.stderr).toBe(0);
      trained[type] = JSON.parse(r.stdout);
    }
  });

  it('pairs two models trained on the same bars, origin by origin, and says which is better only beyond the noise', () => {
    // Both were scored on the same test origins: the last days of the imported file, before its last 12 bars.
    const candles = loadRealCandles('eth5m');
    const last = candles.time[candles.length - 1];
    const times = trained.autoregressive.evaluation.origin_losses.origin_times_ms;
    expect(trained.multi_ohlc.evaluation.origin_losses.origin_times_ms).toEqual(times);
    expect(times.at(-1)).toBeLessThanOrEqual(last - 12 * 300_000);
    expect(times[0]).toBeGreaterThan(last - 30 * 86_400_000);

    const r = cli('compare', '--model', AR, '--with', MULTI, '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ model: AR, with: MULTI, series: 'csv ETH/USDT 5m' });
    expect(j.components.map((c: { key: string }) => c.key)).toEqual(['direction', 'range', 'band', 'close']);
    for (const c of j.components) {
      // On identical origins the paired difference is the difference of the two pooled skills.
      const a = trained.autoregressive.evaluation.verdicts[c.key].skill;
      const b = trained.multi_ohlc.evaluation.verdicts[c.key].skill;
      expect(c.a.skill).toBe(a);
      expect(c.paired.difference, c.key).toBeCloseTo(a - b, 5);
      const [lo, hi] = c.paired.difference_ci;
      expect(hi).toBeGreaterThanOrEqual(lo);
      if (lo > 0 || hi < 0) expect(c.verdict, c.key).toMatch(/ better by \+\d\.\d{3,4} \[\+/);
      else if (a !== b) expect(c.verdict, c.key).toMatch(/ ahead by \+\d\.\d{3,4} \[-?\d\.\d{3,4}, \+\d\.\d{3,4}\], inside the noise$|^level: the difference is under 0\.001$/);
      // A lead that rounds to 0.000 is written to 4 decimals.
      expect(c.verdict, c.key).not.toMatch(/by \+0\.000 /);
    }
    // The range model of multi-OHLC is a different forecaster from the autoregressive rule: their losses differ.
    expect(j.components.find((c: { key: string }) => c.key === 'range').paired.difference).not.toBe(0);

    const table = cli('compare', '--model', AR, '--with', MULTI);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`${AR} (autoregressive) against ${MULTI} (multi_ohlc) on csv ETH/USDT 5m`);
    expect(table.stdout).toMatch(/verdicts from a paired block bootstrap of the difference over \d+ time cells/);
  });

  it('refuses to compare a model with itself, models of different series or steps, and unknown models (exit 2)', () => {
    const demo = cli('train', '--symbol', 'ETH/USDT', '--timeframe', '5m', '--steps', '12', '--days', '10', '--rounds', '20', '--json');
    expect(demo.code, demo.stderr).toBe(0);
    const self = cli('compare', '--model', AR, '--with', AR);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/^error: a model cannot be compared with itself/);
    const other = cli('compare', '--model', AR, '--with', 'ETH_USDT_5m_12steps');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('forecasts csv ETH/USDT 5m and ETH_USDT_5m_12steps forecasts demo ETH/USDT 5m: compare models of one series');
    const longer = cli('train', ...SERIES, '--steps', '24', '--days', '10', '--rounds', '20', '--json');
    expect(longer.code, longer.stderr).toBe(0);
    const steps = cli('compare', '--model', AR, '--with', 'csv_ETH_USDT_5m_24steps');
    expect(steps.code).toBe(2);
    expect(steps.stderr).toContain('forecasts 12 steps and csv_ETH_USDT_5m_24steps 24: their skills pool different steps');
    const unknown = cli('compare', '--model', AR, '--with', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/model not found: nope/);
    expect(cli('compare', '--model', AR).stderr).toMatch(/missing --with/);
  });
});
