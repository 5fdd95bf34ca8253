import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCandles, lastClosedBarOpen, sliceColumns, timeframeMs } from '../../core/data';
import { profileHistoryBars } from '../../core/predictors/clockProfiles';
import { warmupBars } from '../../core/predictors/loadedModel';
import { readModelConfig } from '../../core/predictors/modelStore';
import { FeatureEngine } from '../../core/features';
import { AutoregressivePricePredictor, loadModel, trainModel, MultiOHLCPredictor } from '../../core/predictors';

const home = mkdtempSync(join(tmpdir(), 'cc-load-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const end = lastClosedBarOpen(Date.parse('2026-01-10T00:00:00Z'), '5m');
const candles = demoCandles('ETH/USDT', '5m', end - 5999 * timeframeMs('5m'), end);
const key = { exchange: 'demo', symbol: 'ETH/USDT', timeframe: '5m' } as const;

describe('loading a saved model checks everything', () => {
  beforeAll(async () => {
    await trainModel({ candles, key, type: 'autoregressive', nStepsAhead: 12, modelsDir: home, name: 'good', options: { numBoostRound: 30 } });
  });

  const copy = async (name: string) => {
    await trainModel({ candles, key, type: 'autoregressive', nStepsAhead: 12, modelsDir: home, name, options: { numBoostRound: 30, refit: false } });
    return join(home, name);
  };

  it('names a missing model file', async () => {
    const dir = await copy('no_file');
    unlinkSync(join(dir, 'autoregressive_model.txt'));
    expect(() => loadModel(home, 'no_file')).toThrow(/model no_file: cannot load autoregressive_model.txt/);
  });

  it('refuses feature names that do not match the engine', async () => {
    const dir = await copy('renamed');
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    config.feature_names[3] = 'not_a_feature';
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    expect(() => loadModel(home, 'renamed')).toThrow(/feature names do not match/);
  });

  it('refuses a model file that is damaged', async () => {
    const dir = await copy('damaged');
    const file = join(dir, 'autoregressive_model.txt');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 2000));
    expect(() => loadModel(home, 'damaged')).toThrow(/cannot load autoregressive_model.txt: LightGBM: model format error/);
  });

  it('asks for a year or so of history before its first forecast, then only what its features need, forecasting the same', () => {
    const m = loadModel(home, 'good');
    const last = candles.time[candles.length - 1];
    expect(m.historyBars(last)).toBe(profileHistoryBars(timeframeMs('5m')));
    const full = m.forecast(candles);
    const short = m.historyBars(last);
    expect(short).toBe(warmupBars(m.engine) + 1);
    expect(short).toBeLessThan(candles.length);
    const shortHistory = sliceColumns(candles, candles.length - short);
    expect(shortHistory.time[shortHistory.length - 1]).toBe(last);
    expect(m.forecast(shortHistory).predictions).toEqual(full.predictions);
    m.dispose();
    // Without the kept profiles, the short history alone fits them on a few days: other candle sizes.
    const fresh = loadModel(home, 'good');
    const ranges = (f: ReturnType<typeof fresh.forecast>) => f.predictions.map((p) => p.predicted_range);
    expect(ranges(fresh.forecast(shortHistory))).not.toEqual(ranges(full));
    fresh.dispose();
  });

  it('evaluate() on the training test fold scores what training scored there (ranges blended once)', async () => {
    await trainModel({ candles, key, type: 'multi_ohlc', nStepsAhead: 12, modelsDir: home, name: 'good_multi', options: { numBoostRound: 30 } });
    // The main fold's test block: the last 20% of the rows after the features' warm-up (folds.ts).
    const first = new FeatureEngine().batch(candles).firstValidRow;
    const testStart = candles.length - 1 - Math.floor((candles.length - 1 - first) * 0.2);
    for (const name of ['good', 'good_multi']) {
      const m = loadModel(home, name);
      const report = m.evaluate(candles, { originStart: testStart, steps: 12 });
      const trained = readModelConfig(home, name).training_metrics.evaluation;
      expect(report.origins).toBe(trained.origins);
      expect(m.config.calibration.rangeWeight[11] + (m.config.calibration.ruleWeight?.[11] ?? 0), name).toBeGreaterThan(0);
      // The horizon past the dense runs (steps 1..11 of 12) comes from the same origins in both.
      for (const h of [11]) {
        const [got, want] = [report.horizons[h], trained.horizons[h]];
        expect(got.range_skill, `${name} h=${h + 1}`).toBeCloseTo(want.range_skill ?? Number.NaN, 12);
        expect(got.coverage_80, `${name} h=${h + 1}`).toBeCloseTo(want.coverage_80 ?? Number.NaN, 12);
        expect(got.interval_skill, `${name} h=${h + 1}`).toBeCloseTo(want.interval_skill ?? Number.NaN, 12);
      }
      m.dispose();
    }
  });

  it('refuses too short a history to forecast from, and bad step counts', () => {
    const m = loadModel(home, 'good');
    expect(() => m.forecast({ ...candles, length: 10 })).toThrow(/need at least \d+ bars of history/);
    expect(() => m.forecast(candles, { steps: 0 })).toThrow(/steps must be an integer between 1 and 5000/);
    m.dispose();
  });
});

describe('the seed-shaped predictor classes', () => {
  it('prepareData splits in time order; train, predict, save and load round-trip', async () => {
    const p = new AutoregressivePricePredictor({ nStepsAhead: 12, modelParams: { num_leaves: 15 }, key });
    const data = p.prepareData(candles, { testSize: 0.2 });
    expect(data.train.length + data.test.length).toBe(candles.length);
    expect(data.train.time[data.train.length - 1]).toBeLessThan(data.test.time[0]);
    const metrics = await p.train(data, { numBoostRound: 30 });
    expect(metrics.evaluation.horizons).toHaveLength(12);
    const steps = p.predict(candles);
    expect(steps).toHaveLength(12);
    const dir = join(home, 'saved_ar');
    p.save(dir);
    const loaded = AutoregressivePricePredictor.load(dir);
    expect(loaded.predict(candles)).toEqual(steps.map((s) => expect.objectContaining({ step: s.step, predicted_close: s.predicted_close })));
    expect(() => MultiOHLCPredictor.load(dir)).toThrow(/holds a model of type autoregressive/);
  });
});
