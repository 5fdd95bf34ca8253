import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceColumns, type SeriesKey } from '../../core/data/candles';
import { loadModel, trainModel, type ForecastStep, type TrainSummary } from '../../core/predictors';
import { loadRealCandles } from '../support/realCandles';

const key: SeriesKey = { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m' };
const home = mkdtempSync(join(tmpdir(), 'cc-pred-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function expectValidCandles(steps: readonly ForecastStep[]): void {
  for (const s of steps) {
    expect(s.predicted_high).toBeGreaterThanOrEqual(Math.max(s.predicted_open, s.predicted_close));
    expect(Math.min(s.predicted_open, s.predicted_close)).toBeGreaterThanOrEqual(s.predicted_low);
    expect(s.predicted_low).toBeGreaterThan(0);
    expect(s.close_upper_80).toBeGreaterThanOrEqual(s.close_lower_80);
  }
}

const at = (s: TrainSummary, h: number) => s.evaluation.horizons[h - 1];

describe('autoregressive predictor on the real BTC 1m file', () => {
  let summary: TrainSummary;
  beforeAll(async () => {
    summary = await trainModel({ candles: loadRealCandles('btc1m'), key, type: 'autoregressive', nStepsAhead: 300, modelsDir: home });
  });

  it('is never meaningfully worse than the naive forecast at h = 1, 10, 60, 300', () => {
    expect(summary.evaluation.origins).toBeGreaterThanOrEqual(50);
    for (const h of [1, 10, 60, 300]) expect(at(summary, h).skill).toBeGreaterThanOrEqual(-0.02);
  });

  it('has calibrated 80% intervals on test (coverage within [0.70, 0.90] at h = 1, 10, 60)', () => {
    for (const h of [1, 10, 60]) {
      expect(at(summary, h).coverage_80).toBeGreaterThanOrEqual(0.7);
      expect(at(summary, h).coverage_80).toBeLessThanOrEqual(0.9);
    }
  });

  it('saves the seed layout in LightGBM text format with a complete config', () => {
    const dir = join(home, 'csv_BTC_USDT_1m_300steps');
    expect(readdirSync(dir).sort()).toEqual(['autoregressive_model.txt', 'config.json']);
    expect(readFileSync(join(dir, 'autoregressive_model.txt'), 'utf8').startsWith('tree\nversion=v4')).toBe(true);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config.predictor_type).toBe('autoregressive');
    expect(config.feature_names.length).toBeGreaterThanOrEqual(100);
    expect(config.calibration.q10).toHaveLength(300);
    expect(config.data_fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(home).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('forecasts 300 valid candles after the last real bar, with measured confidence', () => {
    const candles = loadRealCandles('btc1m');
    const model = loadModel(home, summary.name);
    const f = model.forecast(candles);
    expect(f.predictions).toHaveLength(300);
    expectValidCandles(f.predictions);
    const lastTime = candles.time[candles.length - 1];
    expect(Date.parse(f.predictions[0].timestamp)).toBe(lastTime + 60_000);
    expect(f.predictions[299].minutes_ahead).toBe(300);
    expect(f.predictions.map((p) => p.confidence)).toEqual(model.config.calibration.hitRate);
    expect(new Set(f.predictions.map((p) => p.confidence)).size).toBeGreaterThan(10);
    model.dispose();
  });
});

describe('multi-OHLC predictor on the real BTC 1m file', () => {
  let summary: TrainSummary;
  beforeAll(async () => {
    summary = await trainModel({ candles: loadRealCandles('btc1m'), key, type: 'multi_ohlc', nStepsAhead: 60, modelsDir: home, options: { refit: false } });
  });

  it('forecasts the high-low range better than the naive range at h = 1', () => {
    expect(at(summary, 1).range_skill).toBeGreaterThanOrEqual(0.05);
  });

  it('writes one folder per target plus a top-level config, and forecasts valid candles', () => {
    const dir = join(home, 'csv_BTC_USDT_1m_60steps_multi_ohlc');
    for (const t of ['open', 'high', 'low', 'close']) {
      expect(existsSync(join(dir, t, 'autoregressive_model.txt'))).toBe(true);
      expect(JSON.parse(readFileSync(join(dir, t, 'config.json'), 'utf8')).target).toBe(t);
    }
    const model = loadModel(home, summary.name);
    const f = model.forecast(loadRealCandles('btc1m'));
    expect(f.predictions).toHaveLength(60);
    expectValidCandles(f.predictions);
    expect(model.featureImportance('gain', 'high').length).toBe(model.config.feature_names.length);
    model.dispose();
  });
});

describe('training rules', () => {
  it('refuses too little data with the seed message', async () => {
    const short = sliceColumns(loadRealCandles('btc1m'), 0, 900);
    await expect(trainModel({ candles: short, key, type: 'autoregressive', nStepsAhead: 10, modelsDir: home })).rejects.toThrow(/Insufficient data for training \(got \d+ rows, need \d+\)/);
  });

  it('is deterministic: same data and seed give the same model file', async () => {
    const part = sliceColumns(loadRealCandles('btc1m'), 0, 5000);
    const opts = { numBoostRound: 60, refit: false };
    await trainModel({ candles: part, key, type: 'autoregressive', nStepsAhead: 20, modelsDir: home, name: 'det_a', options: opts });
    await trainModel({ candles: part, key, type: 'autoregressive', nStepsAhead: 20, modelsDir: home, name: 'det_b', options: opts });
    const read = (n: string) => readFileSync(join(home, n, 'autoregressive_model.txt'), 'utf8');
    expect(read('det_a')).toBe(read('det_b'));
  });

  it('cancelling leaves no model and no temporary folder', async () => {
    const part = sliceColumns(loadRealCandles('btc1m'), 0, 5000);
    let calls = 0;
    await expect(trainModel({ candles: part, key, type: 'autoregressive', nStepsAhead: 20, modelsDir: home, name: 'cancelled', options: { refit: false } }, { cancelled: () => ++calls > 30 })).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(home).filter((n) => n === 'cancelled' || n.startsWith('.'))).toEqual([]);
  });
});
