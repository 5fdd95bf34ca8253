import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CandleColumns, SeriesKey } from '../../core/data/candles';
import { loadModel, trainModel, type TrainSummary } from '../../core/predictors';
import { planFolds } from '../../core/predictors/folds';
import { perturbedFrom, syntheticMarket } from '../support/syntheticMarkets';

const key: SeriesKey = { exchange: 'csv', symbol: 'SYN/USD', timeframe: '1m' };
const home = mkdtempSync(join(tmpdir(), 'cc-protocol-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const options = { numBoostRound: 150, earlyStoppingRounds: 20 };
async function train(name: string, candles: CandleColumns, steps: number, type: 'autoregressive' | 'multi_ohlc' = 'autoregressive'): Promise<TrainSummary> {
  return trainModel({ candles, key, type, nStepsAhead: steps, name, modelsDir: home, options });
}

describe('fold plan', () => {
  it('orders train | early stop | calibration | test with embargoes, and walk-forward folds expand over consecutive test blocks', () => {
    const split = { testSize: 0.2, validationSplit: 0.2, embargo: 50, horizon: 10, minOrigins: 50 };
    const folds = planFolds(20_000, 100, '1m', split, 3);
    expect(folds).toHaveLength(3);
    for (const f of folds) {
      expect(f.train[0]).toBe(100);
      expect(f.earlyStop[0] - f.train[1]).toBe(50);
      expect(f.calibration[0] - f.earlyStop[1]).toBe(50);
      expect(f.test[0] - f.calibration[1]).toBe(50);
      expect(f.calibration[1] - f.calibration[0]).toBeGreaterThan(0);
    }
    expect(folds[2].test[1]).toBe(19_999);
    expect(folds[0].test[1]).toBe(folds[1].test[0]);
    expect(folds[1].test[1]).toBe(folds[2].test[0]);
    expect(folds[0].train[1]).toBeLessThan(folds[1].train[1]);
    expect(folds[1].train[1]).toBeLessThan(folds[2].train[1]);
  });
});

describe('a market with no signal (i.i.d. returns, constant volatility)', () => {
  const candles = syntheticMarket({ bars: 9000, seed: 11, vol: () => 0.001 });
  let s: TrainSummary;

  it('gets no edge in direction or price, and the forecast median is the last price', async () => {
    s = await train('noise', candles, 10);
    const v = s.evaluation.verdicts!;
    expect(v.close.verdict).not.toBe('edge');
    expect(v.direction.verdict).not.toBe('edge');
    expect(s.evaluation.verdict_text).toMatch(/^No edge in direction: the line is the last price\./);
    const m = loadModel(home, 'noise');
    const f = m.forecast(candles);
    m.dispose();
    const last = candles.close[candles.length - 1];
    for (const p of f.predictions) {
      expect(p.predicted_close).toBe(last);
      expect(p.p_up).toBeCloseTo(0.5, 1);
    }
    for (const h of s.evaluation.horizons) {
      expect(h.skill).toBe(0);
      expect(h.skill_ci).toEqual([0, 0]);
      expect(h.coverage_80_ci[0]).toBeLessThanOrEqual(h.coverage_80);
      expect(h.coverage_80_ci[1]).toBeGreaterThanOrEqual(h.coverage_80);
      expect(h.ece_ci[0]).toBeGreaterThanOrEqual(0);
      expect(h.ece_ci[1]).toBeGreaterThan(h.ece_ci[0]);
    }
    expect(s.evaluation.ece_ci![1]).toBeGreaterThan(s.evaluation.ece_ci![0]);
    expect(s.evaluation.ece_ci![1]).toBeGreaterThanOrEqual(s.evaluation.ece!);
  });

  it('odds that are calibrated by construction show a calibration error within what chance alone gives', () => {
    // i.i.d. returns: the odds are the base rate and every outcome is a fair coin, so each horizon's ECE is a draw of
    // exactly the distribution ece_noise takes the 95th percentile of. Overlap makes the steps' draws move together,
    // so allow a few of the ten beyond it, never most; a level of 0 or one below the 1-step binomial floor is a bug.
    const hs = s.evaluation.horizons;
    const n1 = s.evaluation.origins_short!;
    for (const h of hs) expect(h.ece_noise!).toBeGreaterThan(0.5 * 1.96 * Math.sqrt(0.25 / n1));
    expect(hs.filter((h) => h.ece > h.ece_noise!).length).toBeLessThanOrEqual(3);
    // Later steps share more bars between origins: chance alone reaches further at step 10 than at step 1.
    expect(hs[9].ece_noise!).toBeGreaterThan(hs[0].ece_noise!);
    expect(s.evaluation.ece_noise!).toBeGreaterThan(0);
  });

  it('walk-forward reports its earlier folds, each with intervals', () => {
    expect(s.evaluation.walk_forward!.length).toBe(2);
    for (const w of s.evaluation.walk_forward!) expect(w.coverage_80_ci[1]).toBeGreaterThanOrEqual(w.coverage_80_ci[0]);
  });
});

describe('a market with real signal', () => {
  it('AR(1) returns (phi = -0.3): edge in direction and in the median close', async () => {
    const s = await train('ar1', syntheticMarket({ bars: 9000, seed: 5, vol: () => 0.001, phi: -0.3 }), 3);
    const v = s.evaluation.verdicts!;
    expect(v.direction.verdict).toBe('edge');
    expect(v.close.verdict).toBe('edge');
    expect(s.evaluation.horizons[0].skill_ci[0]).toBeGreaterThan(0);
    expect(s.evaluation.horizons[0].brier_skill_ci[0]).toBeGreaterThan(0);
  });

  it('volatility that follows the clock (first 10 minutes of each hour 4x): edge in candle ranges and the band', async () => {
    const loud = (t: number) => (Math.floor(t / 60_000) % 60 < 10 ? 0.002 : 0.0005);
    const s = await train('clock', syntheticMarket({ bars: 12_000, seed: 9, vol: loud }), 20);
    const v = s.evaluation.verdicts!;
    expect(v.range.verdict).toBe('edge');
    expect(v.band.verdict).toBe('edge');
    expect(v.direction.verdict).not.toBe('edge');
  });
});

describe('multi-OHLC candle ranges', () => {
  it('its range model learns volatility that follows the clock, ships it in range/, and the forecast candles follow it', async () => {
    const loud = (t: number) => (Math.floor(t / 60_000) % 60 < 10 ? 0.002 : 0.0005);
    const candles = syntheticMarket({ bars: 12_000, seed: 13, vol: loud });
    const s = await train('clock_multi', candles, 20, 'multi_ohlc');
    expect(s.evaluation.verdicts!.range.verdict).toBe('edge');
    expect(readFileSync(join(home, 'clock_multi', 'range', 'range_model.txt'), 'utf8').startsWith('tree')).toBe(true);
    const m = loadModel(home, 'clock_multi');
    const f = m.forecast(candles);
    m.dispose();
    // Candles forecast inside the loud first 10 minutes of an hour are bigger than those of the quiet rest.
    const minute = (p: { timestamp: string }) => new Date(p.timestamp).getUTCMinutes();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const loudRanges = f.predictions.filter((p) => minute(p) < 10).map((p) => p.predicted_range);
    const quietRanges = f.predictions.filter((p) => minute(p) >= 10).map((p) => p.predicted_range);
    expect(loudRanges.length).toBeGreaterThan(0);
    expect(mean(loudRanges)).toBeGreaterThan(1.5 * mean(quietRanges));
  });
});

describe('no statistic is fitted on test', () => {
  it('changing every bar of the test fold changes neither the trees nor the calibration', async () => {
    const loud = (t: number) => (Math.floor(t / 60_000) % 60 < 10 ? 0.002 : 0.0005);
    const base = syntheticMarket({ bars: 9000, seed: 21, vol: loud });
    const a = await train('fit_a', base, 10);
    const config = JSON.parse(readFileSync(join(home, 'fit_a', 'config.json'), 'utf8'));
    const testStart = Date.parse(config.segments.test[0]);
    const from = base.time.findIndex((t) => t >= testStart);
    const b = await train('fit_b', perturbedFrom(base, from, 3), 10);
    const read = (n: string, f: string) => readFileSync(join(home, n, f), 'utf8');
    expect(read('fit_b', 'autoregressive_model.txt')).toBe(read('fit_a', 'autoregressive_model.txt'));
    // Everything fitted is equal; only the fallback switches (decided by the test verdicts) may differ, and they only
    // ever select a naive benchmark.
    const calib = (n: string) => ({ ...JSON.parse(read(n, 'config.json')).calibration, fallback: undefined });
    expect(calib('fit_b')).toEqual(calib('fit_a'));
    // The test figures do move: they are measured on the changed bars.
    expect(b.evaluation.horizons[0].interval_score_80).not.toBe(a.evaluation.horizons[0].interval_score_80);
    // So do the online band levels the live forecasts start from (not a calibration: they follow the outcomes up to
    // the last bar), and they folded in outcomes from the test fold only, up to its last bar.
    const levels = (n: string) => JSON.parse(read(n, 'config.json')).band_levels[0];
    expect(levels('fit_b').model).not.toEqual(levels('fit_a').model);
    expect(levels('fit_a').updates).toBeGreaterThan(1000);
    expect(levels('fit_a').asOf).toBeGreaterThan(testStart);
    expect(levels('fit_a').asOf).toBeLessThanOrEqual(base.time[base.length - 1]);
  });
});

describe('live forecasts start from the stored online band levels', () => {
  it('a band that missed often in the latest outcomes is drawn wider; without stored levels it is the fixed band', async () => {
    const loud = (t: number) => (Math.floor(t / 60_000) % 60 < 10 ? 0.002 : 0.0005);
    const candles = syntheticMarket({ bars: 9000, seed: 23, vol: loud });
    await train('levels_a', candles, 12);
    const path = join(home, 'levels_a', 'config.json');
    const config = JSON.parse(readFileSync(path, 'utf8'));
    const forecastWith = (bandLevels: unknown) => {
      writeFileSync(path, JSON.stringify({ ...config, band_levels: bandLevels }));
      const m = loadModel(home, 'levels_a');
      try {
        return m.forecast(candles).predictions;
      } finally {
        m.dispose();
      }
    };
    const nominal = { from: 0, horizons: 10, model: Array(10).fill([0.5, 0.2, 0.1]).flat(), naive: Array(10).fill([0.5, 0.2, 0.1]).flat(), updates: 0, asOf: null, lastOrigin: null, spacing: 1, pending: [] };
    const fixed = forecastWith(undefined);
    expect(forecastWith([nominal])).toEqual(fixed);
    // The 80% band at step 1 missing 3 times in 20 lately instead of 4: it reaches the 7.5% and 92.5% quantiles.
    const wider = forecastWith([{ ...nominal, model: [0.5, 0.15, 0.1, ...nominal.model.slice(3)] }]);
    expect(wider[0].close_upper_80).toBeGreaterThan(fixed[0].close_upper_80);
    expect(wider[0].close_lower_80).toBeLessThan(fixed[0].close_lower_80);
    expect(wider[0].close_upper_80).toBeLessThanOrEqual(fixed[0].close_upper_90);
    expect(wider[0].close_upper_50).toBe(fixed[0].close_upper_50);
    expect(wider[0].predicted_close).toBe(fixed[0].predicted_close);
    // Step 12 is beyond the horizons these levels govern: unchanged.
    expect(wider[11].close_upper_90).toBe(fixed[11].close_upper_90);
  });
});
