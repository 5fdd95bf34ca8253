import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceColumns, type CandleColumns, type SeriesKey } from '../../core/data/candles';
import { loadModel, trainModel, type Forecast } from '../../core/predictors';
import { syntheticMarket } from '../support/syntheticMarkets';

const key: SeriesKey = { exchange: 'csv', symbol: 'SYN/USD', timeframe: '1m' };
const home = mkdtempSync(join(tmpdir(), 'cc-levels-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const TRAINED = 8000;
const ALL = 10_000;
const T0 = Date.UTC(2024, 0, 1);
// Calm for the bars the model trains on; afterwards volatility grows steadily (x e every 700 bars), faster than the
// band's trailing scale follows, so the bands miss more often than nominal.
const vol = (t: number) => {
  const i = (t - T0) / 60_000;
  return i < TRAINED ? 0.001 : 0.001 * Math.exp((i - TRAINED) / 700);
};
const candles: CandleColumns = syntheticMarket({ bars: ALL, seed: 31, vol }, T0);
const upTo = (n: number) => sliceColumns(candles, 0, n);
const iso = (i: number) => new Date(candles.time[i]).toISOString();
/** A forecast without its wall-clock timestamp. */
const shown = (f: Forecast) => ({ predictions: f.predictions, band_levels: f.band_levels });

describe('live forecasts carry the online band levels on over the bars after training', () => {
  type Stored = { from: number; horizons: number; asOf: number; updates: number; pending: unknown[]; lastOrigin: number; spacing: number };
  let stored: Stored[];
  beforeAll(async () => {
    await trainModel({ candles: upTo(TRAINED), key, type: 'autoregressive', nStepsAhead: 12, name: 'levels', modelsDir: home, options: { numBoostRound: 80, earlyStoppingRounds: 10 } });
    stored = JSON.parse(readFileSync(join(home, 'levels', 'config.json'), 'utf8')).band_levels;
  });

  it('at the training data\'s last bar: the stored levels, with every outcome up to that bar', () => {
    // The test fold's dense runs, one origin per bar: steps 1-10, then step 11 (the medium run of a 12-step model).
    // Each run's last origin is as many bars before the end as its longest step: its outcome is the last bar.
    expect(stored.map((s) => [s.from, s.horizons, s.spacing])).toEqual([[0, 10, 1], [10, 11, 1]]);
    expect(stored.map((s) => new Date(s.lastOrigin).toISOString())).toEqual([iso(TRAINED - 11), iso(TRAINED - 12)]);
    expect(stored.map((s) => new Date(s.asOf).toISOString())).toEqual([iso(TRAINED - 1), iso(TRAINED - 1)]);
    const m = loadModel(home, 'levels');
    const f = m.forecast(upTo(TRAINED));
    m.dispose();
    expect(f.band_levels!.as_of).toBe(iso(TRAINED - 1));
    expect(f.band_levels!.outcomes).toBe(stored.reduce((a, s) => a + s.updates + s.pending.length, 0));
    expect(f.band_levels!.steps).toHaveLength(11);
  });

  it('2,000 bars later: 2,000 more origins of 11 outcomes folded in, up to the newest bar, and the bands widened', () => {
    const m = loadModel(home, 'levels');
    expect(m.historyBars(candles.time[ALL - 1])).toBeGreaterThan(2000);
    const before = m.forecast(upTo(TRAINED)).band_levels!;
    const after = m.forecast(candles).band_levels!;
    m.dispose();
    expect(after.as_of).toBe(iso(ALL - 1));
    // 2,000 origins of steps 1-10 (bars 7990 to 9989) and 2,000 of step 11 (bars 7989 to 9988).
    expect(after.outcomes - before.outcomes).toBe(2000 * 10 + 2000);
    // The growth outruns the trailing scale: the 80% band at step 1 now reaches further into the calibration residuals.
    expect(after.steps[0].band_80[0]).toBeLessThan(before.steps[0].band_80[0] - 0.02);
    expect(after.steps[0].band_80[1]).toBeGreaterThan(before.steps[0].band_80[1] + 0.02);
  });

  it('evaluate() after the training data goes on from the stored levels; from an earlier bar it starts at nominal', () => {
    const m = loadModel(home, 'levels');
    const after = { originStart: TRAINED, steps: 12, maxOrigins: 500 };
    const goesOn = m.evaluate(candles, { ...after, continueBandLevels: true });
    const nominal = m.evaluate(candles, after);
    expect(goesOn.origins).toBe(nominal.origins);
    expect(goesOn.horizons[0].interval_score_80).not.toBe(nominal.horizons[0].interval_score_80);
    // Other figures do not depend on the bands.
    expect(goesOn.horizons[0].range_skill).toBe(nominal.horizons[0].range_skill);
    // The stored levels know outcomes up to bar TRAINED - 1: an evaluation from bar 6000 may not use them.
    const earlier = { originStart: 6000, steps: 12, maxOrigins: 500 };
    expect(m.evaluate(candles, { ...earlier, continueBandLevels: true })).toEqual(m.evaluate(candles, earlier));
    m.dispose();
  });

  it('catching up in pieces gives exactly what one catch-up gives, and an earlier bar never sees a later outcome', () => {
    const pieces = loadModel(home, 'levels');
    const mid = pieces.forecast(upTo(9000));
    const end = pieces.forecast(candles);
    // Back to bar 9000 after having seen bar 9999: the same forecast as before.
    expect(shown(pieces.forecast(upTo(9000)))).toEqual(shown(mid));
    pieces.dispose();
    const once = loadModel(home, 'levels');
    expect(shown(once.forecast(candles))).toEqual(shown(end));
    once.dispose();
    expect(mid.band_levels!.as_of).toBe(iso(8999));
  });
});
