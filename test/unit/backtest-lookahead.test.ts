import { describe, expect, it } from 'vitest';
import { backtest, type BacktestModel } from '../../core/backtest';
import { demoCandles } from '../../core/data';
import { candleAt, type CandleColumns } from '../../core/data/candles';
import { FeatureEngine } from '../../core/features';
import { shapeForecast } from '../../core/predictors/forecastCandles';
import { recentShape, runForecastLoop } from '../../core/predictors/forecastLoop';
import type { StepModel } from '../../core/predictors/stepModels';
import { seededRandom } from '../support/seededRandom';
import { calibrationOf, MINUTE } from './backtest-fixtures';

const T0 = Date.UTC(2024, 2, 1);
const candles = demoCandles('BTC/USDT', '1m', T0, T0 + 2_999 * MINUTE, 7);
const engine = new FeatureEngine();
const names = engine.getFeatureNames();
const col = (name: string) => {
  const j = names.indexOf(name);
  if (j < 0) throw new Error(`no feature ${name}`);
  return j;
};
const r1 = col('return_1');
const r5 = col('return_5');

/** A stand-in one-step model over real features: a little mean reversion on 1 bar, momentum on 5. */
const step: StepModel = {
  type: 'multi_ohlc',
  next(row, _shape, out) {
    out.openGap = 0.1 * row[r1];
    out.closeReturn = -0.5 * row[r1] + 0.3 * row[r5];
    out.upperWick = 0.0005;
    out.lowerWick = 0.0005;
  },
};

const model: BacktestModel = {
  name: 'stand-in', exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m', nStepsAhead: 5, engine, step,
  calibration: calibrationOf([0.8, 0.7, 0.6, 0.5, 0.4]), historyBars: 500,
};

/** A copy of the candles with every bar after `t` scaled by its own random factor (bars stay valid). */
function perturbedAfter(c: CandleColumns, t: number, seed: number): CandleColumns {
  const rand = seededRandom(seed);
  const out = { ...c, time: c.time.slice(), open: c.open.slice(), high: c.high.slice(), low: c.low.slice(), close: c.close.slice(), volume: c.volume.slice() };
  for (let i = t + 1; i < c.length; i++) {
    const k = 0.95 + 0.1 * rand();
    out.open[i] *= k;
    out.high[i] *= k;
    out.low[i] *= k;
    out.close[i] *= k;
    out.volume[i] *= 2 * rand();
  }
  return out;
}

describe('backtest: no look-ahead', () => {
  for (const horizon of [1, 4]) {
    it(`h=${horizon}: changing bars after t changes no decision, position or equity at or before t`, () => {
      const opts = { horizon, thresholdBps: 1, feeBps: 10 };
      const base = backtest(candles, model, opts);
      const t = base.range.start + 1200;
      const other = backtest(perturbedAfter(candles, t, horizon), model, opts);
      const k = t - base.range.start;
      expect(base.range.start).toBe(other.range.start);
      expect([...other.forecast.subarray(0, k + 1)]).toEqual([...base.forecast.subarray(0, k + 1)]);
      // The decision at t sets the position held during bar t + 1.
      expect([...other.position.subarray(0, k + 2)]).toEqual([...base.position.subarray(0, k + 2)]);
      expect([...other.equity.subarray(0, k + 1)]).toEqual([...base.equity.subarray(0, k + 1)]);
      const closedBy = (r: typeof base) => r.trades.filter((tr) => tr.exit_time <= candles.time[t]);
      expect(closedBy(other)).toEqual(closedBy(base));
      // The perturbation is real: later forecasts do move.
      expect([...other.forecast.subarray(k + 2)]).not.toEqual([...base.forecast.subarray(k + 2)]);
      expect(base.trades.length).toBeGreaterThan(20);
    });
  }
});

describe('backtest: streaming and branching equal a fresh computation at each decision', () => {
  it('h=4: the forecast at a bar is the recursive loop from a fresh stream over the same history, shrunk at h', () => {
    const r = backtest(candles, model, { horizon: 4, feeBps: 0 });
    const historyStart = r.range.start - model.historyBars;
    for (const i of [r.range.start, r.range.start + 1, r.range.start + 777, r.range.end - 1]) {
      const fresh = engine.stream();
      fresh.pushColumns(candles, historyStart, i);
      const row = fresh.push(candleAt(candles, i));
      const raw = runForecastLoop(fresh, row, candleAt(candles, i), 4, step, recentShape(candles, i + 1), MINUTE);
      const shown = shapeForecast(raw, candles.close[i], model.calibration, 0);
      expect(r.forecast[i - r.range.start]).toBe(Math.expm1(shown.cumReturn[3]));
    }
  });

  it('h=1: the single fast prediction equals the one-step loop shaped with the calibration', () => {
    const r = backtest(candles, model, { horizon: 1, feeBps: 0 });
    const historyStart = r.range.start - model.historyBars;
    for (const i of [r.range.start, r.range.start + 500, r.range.end - 1]) {
      const fresh = engine.stream();
      fresh.pushColumns(candles, historyStart, i);
      const row = fresh.push(candleAt(candles, i));
      const raw = runForecastLoop(fresh, row, candleAt(candles, i), 1, step, recentShape(candles, i + 1), MINUTE);
      const shown = shapeForecast(raw, candles.close[i], model.calibration, 0);
      expect(r.forecast[i - r.range.start]).toBeCloseTo(Math.expm1(shown.cumReturn[0]), 15);
    }
  });
});
