import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'cc-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/candlecast', ...args, '--home', home], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('candlecast CLI', () => {
  it('doctor reports ok with the compiled LightGBM version', () => {
    const r = cli('doctor', '--json');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.ok).toBe(true);
    expect(d.lightgbm).toMatch(/^4\.\d+\.\d+/);
    expect(d.ms).toBeGreaterThan(0);
  });

  it('trains on the demo market and prints the documented JSON (progress on stderr only)', () => {
    const r = cli('train', '--symbol', 'BTC/USDT', '--timeframe', '5m', '--days', '10', '--steps', '24', '--rounds', '40', '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ name: 'BTC_USDT_5m_24steps', type: 'autoregressive', symbol: 'BTC/USDT', timeframe: '5m', exchange: 'demo', n_steps_ahead: 24 });
    expect(Object.keys(s.performance).sort()).toEqual(expect.arrayContaining(['train_r2', 'val_r2', 'train_rmse', 'val_rmse', 'return_r2']));
    expect(s.evaluation.origins).toBeGreaterThanOrEqual(50);
    expect(s.evaluation.horizons).toHaveLength(24);
    expect(Object.keys(s.evaluation.horizons[0])).toEqual(expect.arrayContaining(['h', 'rmse', 'rmse_naive', 'skill', 'mase', 'directional_accuracy', 'coverage_80', 'ece', 'ece_ci', 'ece_noise', 'ece_noise_median']));
    expect(s.evaluation.ece_ci).toHaveLength(2);
    // The level chance alone reaches grows with the step: later steps' outcomes share more bars between origins.
    expect(s.evaluation.horizons[23].ece_noise).toBeGreaterThan(s.evaluation.horizons[0].ece_noise);
    expect(s.evaluation.ece_noise).toBeGreaterThan(0);
    // What calibrated odds typically show lies below what they exceed one time in 20, and also grows with the step.
    for (const h of s.evaluation.horizons) expect(h.ece_noise_median).toBeLessThan(h.ece_noise);
    expect(s.evaluation.horizons[23].ece_noise_median).toBeGreaterThan(s.evaluation.horizons[0].ece_noise_median);
    expect(s.evaluation.ece_noise_median).toBeLessThan(s.evaluation.ece_noise);
    expect(s.evaluation.ece_ci[1]).toBeGreaterThan(s.evaluation.ece_ci[0]);
    // Each test origin's summed losses: as many as the report's origins, inside the data the model was trained on,
    // and summing to the verdicts' pooled skills (1 - sqrt(model / naive) for close and range, 1 - model / naive else).
    const losses = s.evaluation.origin_losses;
    expect(losses.origin_times_ms).toHaveLength(s.evaluation.origins);
    expect(losses.origin_times_ms[0]).toBeGreaterThanOrEqual(Date.parse(s.data_range.from));
    expect(losses.origin_times_ms.at(-1)).toBeLessThan(Date.parse(s.data_range.to));
    for (let i = 1; i < losses.origin_times_ms.length; i++) expect(losses.origin_times_ms[i]).toBeGreaterThan(losses.origin_times_ms[i - 1]);
    const total = (x: number[]) => x.reduce((a, b) => a + b, 0);
    for (const key of ['close', 'range', 'band', 'direction']) {
      const ratio = total(losses[key].model) / total(losses[key].naive);
      const skill = key === 'close' || key === 'range' ? 1 - Math.sqrt(ratio) : 1 - ratio;
      expect(skill, key).toBeCloseTo(s.evaluation.verdicts[key].skill, 5);
    }
    expect(Object.keys(s.timings)).toEqual(['features_ms', 'train_ms', 'eval_ms', 'total_ms']);
    expect(r.stderr).toMatch(/model 1 of 1/);
  });

  it('predicts with the saved model: the seed JSON and a CSV of one row per step', () => {
    const out = join(home, 'forecast.csv');
    const r = cli('predict', '--model', 'BTC_USDT_5m_24steps', '--json', '--csv', out);
    expect(r.code, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f.model_info).toMatchObject({ name: 'BTC_USDT_5m_24steps', type: 'autoregressive', n_steps_ahead: 24 });
    expect(f.predictions).toHaveLength(24);
    expect(f.predictions[0].minutes_ahead).toBe(5);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('step,timestamp,predicted_open,predicted_high,predicted_low,predicted_close,predicted_return,close_lower_80,close_upper_80,confidence,close_lower_50,close_upper_50,close_lower_90,close_upper_90,p_up,predicted_range');
    expect(lines).toHaveLength(25);
    // The bands of steps 1-23 adapt (the dense runs cover steps 1-10 and 11-23 of 24): their levels have folded in
    // every outcome up to the bar the forecast starts from.
    expect(f.band_levels.as_of).toBe(f.last_bar_time);
    expect(f.band_levels.steps).toHaveLength(23);
    const plain = cli('predict', '--model', 'BTC_USDT_5m_24steps');
    expect(plain.code, plain.stderr).toBe(0);
    const lastBar = plain.stdout.match(/candles after (\S+), current price/)![1];
    expect(plain.stdout).toMatch(new RegExp(`bands of steps 1-23 adapt to recent misses \\(\\d+ outcomes up to ${lastBar.replace(/\./g, '\\.')}\\): the 80% band at step 1 spans the [\\d.]+%-[\\d.]+% quantiles`));
  });

  it('predicts with an hourly model from the warm-up and a year of stored history, not only the last week', () => {
    const t = cli('train', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--days', '40', '--steps', '12', '--rounds', '20', '--json');
    expect(t.code, t.stderr).toBe(0);
    const r = cli('predict', '--model', 'BTC_USDT_1h_12steps', '--json');
    expect(r.code, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f.predictions).toHaveLength(12);
    const [stored] = JSON.parse(cli('data', 'list', '--json').stdout).filter((d: { timeframe: string }) => d.timeframe === '1h');
    // The features replay 1,000 bars (42 days of 1h); the store then holds more than the 40 trained days, and the
    // forecast read all of it for its clock profiles, ending at the bar it forecasts from.
    expect(stored.rows).toBeGreaterThanOrEqual(1000);
    const used = r.stderr.match(/history: (\d+) bars, (\S+) to (\S+)/);
    expect(used, r.stderr).not.toBeNull();
    expect(Number(used![1])).toBe(stored.rows);
    expect(used![2]).toBe(stored.first);
    expect(used![3]).toBe(stored.last);
    expect(Date.parse(f.last_bar_time)).toBe(Date.parse(stored.last));
    // A model calibrated on a few weeks has noisy per-horizon quantiles; its fan still never narrows.
    for (const b of ['50', '80', '90']) {
      const width = f.predictions.map((p: Record<string, number>) => p[`close_upper_${b}`] - p[`close_lower_${b}`]);
      width.slice(1).forEach((w: number, i: number) => expect(w, `${b}% band, step ${i + 2}`).toBeGreaterThanOrEqual(width[i] * (1 - 1e-12)));
    }
  });

  it('lists models, and names bad input with exit code 2', () => {
    const list = JSON.parse(cli('models', '--json').stdout);
    expect(list.models.map((m: { name: string }) => m.name)).toContain('BTC_USDT_5m_24steps');
    const badTf = cli('train', '--symbol', 'BTC/USDT', '--timeframe', '7m');
    expect(badTf.code).toBe(2);
    expect(badTf.stderr.trim()).toMatch(/^error: unknown timeframe "7m"/);
    const missing = cli('predict', '--model', 'nope');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/model not found: nope/);
    const traversal = cli('predict', '--model', '../etc');
    expect(traversal.code).toBe(2);
    expect(traversal.stderr).toMatch(/invalid model name/);
    const tooShort = cli('train', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--days', '3');
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toMatch(/Insufficient data for training \(got \d+ rows, need \d+\)/);
  });
});
