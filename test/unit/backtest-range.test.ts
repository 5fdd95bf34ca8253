import { describe, expect, it } from 'vitest';
import { backtest, BacktestInputError, backtestJson, tradesCsv } from '../../core/backtest';
import { calibrationOf, candlesOf, MINUTE, scriptedModel, T0 } from './backtest-fixtures';

// Twenty bars drifting up; the stand-in model says "up" at every bar.
const c = candlesOf(Array.from({ length: 20 }, (_, i) => [100 + i, 100.5 + i] as const));
const up = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i, 0.01]));
const at = (k: number) => T0 + k * MINUTE;

describe('backtest range and training overlap', () => {
  it('by default trades only the bars after the model\'s fitted data, and says so', () => {
    const r = backtest(c, scriptedModel(up, { fittedUntil: at(11) }));
    expect(r.range).toMatchObject({ start: 12, end: 19, from: at(12), to: at(19), bars: 8 });
    expect(r.overlap).toMatchObject({ same_series: true, fitted_until: at(11), overlaps_training: false, overlapping_bars: 0 });
    expect(r.overlap.message).toMatch(/^out of sample/);
    expect(r.range.notes.join(' ')).toMatch(/after the model's training data/);
    expect(r.trades[0].entry_time).toBe(at(13));
  });

  it('flags a user range that reaches into the training data, counting the bars', () => {
    const r = backtest(c, scriptedModel(up, { fittedUntil: at(11) }), { from: at(5), to: at(15) });
    expect(r.range).toMatchObject({ start: 5, end: 15 });
    expect(r.overlap).toMatchObject({ overlaps_training: true, overlapping_bars: 7 });
    expect(r.overlap.message).toMatch(/^WARNING: 7 of 11 bars were in the model's training data/);
  });

  it('counts bars of a held-out test segment (model not refit) without calling them overlapping', () => {
    const r = backtest(c, scriptedModel(up, { fittedUntil: at(9), heldOutTest: [at(10), at(14)] }));
    expect(r.overlap).toMatchObject({ overlaps_training: false, held_out_test_bars: 5 });
    expect(r.overlap.message).toMatch(/5 bars lie in its held-out test segment/);
  });

  it('another symbol cannot overlap by date: the whole series is traded', () => {
    const r = backtest(c, scriptedModel(up, { fittedUntil: at(11) }), { symbol: 'ETH/USDT' });
    expect(r.range.start).toBe(0);
    expect(r.overlap).toMatchObject({ same_series: false, overlaps_training: false, fitted_until: null });
  });

  it('waits for the feature history before the first decision', () => {
    const r = backtest(c, scriptedModel(up, { historyBars: 6 }), { from: at(2) });
    expect(r.range.start).toBe(6);
    expect(r.range.notes.join(' ')).toMatch(/moved from bar 2 to bar 6/);
  });

  it('names the problem when there is nothing to trade or an option is out of range', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(BacktestInputError);
        return (e as Error).message;
      }
      throw new Error('expected a BacktestInputError');
    };
    expect(err(() => backtest(c, scriptedModel(up, { fittedUntil: at(19) })))).toMatch(/no bars after the model's training data/);
    expect(err(() => backtest(c, scriptedModel(up), { from: at(10), to: at(3) }))).toMatch(/is after to/);
    expect(err(() => backtest(c, scriptedModel(up), { from: at(19) }))).toMatch(/leaves 1 bars to trade/);
    expect(err(() => backtest(c, scriptedModel(up), { horizon: 4 }))).toMatch(/horizon must be an integer between 1 and the model's 3 steps, got 4/);
    expect(err(() => backtest(c, scriptedModel(up), { feeBps: -1 }))).toMatch(/feeBps/);
    const bad = candlesOf([[100, 101], [101, 0], [102, 103]]);
    expect(err(() => backtest(bad, scriptedModel(up)))).toMatch(/bar 1 .* non-positive/);
  });

  it('the confidence gate keeps a long flat unless its calibrated P(up) at h is above 0.5', () => {
    const weak = scriptedModel(up, { calibration: calibrationOf([1, 1, 1], [0.56, 0.5, 0.49]) });
    expect(backtest(c, weak, { requireConfidence: true }).metrics.trades).toBe(1);
    const gated = backtest(c, weak, { requireConfidence: true, horizon: 2 });
    expect(gated.confidence).toBe(0.5);
    expect(gated.metrics.trades).toBe(0);
    expect(gated.range.notes.join(' ')).toMatch(/calibrated P\(up\) at h=2 did not agree/);
    expect(backtest(c, weak, { horizon: 2 }).metrics.trades).toBe(1);
  });

  it('JSON and CSV forms carry ISO times, null for undefined ratios, and one row per trade', () => {
    const r = backtest(c, scriptedModel(up, { fittedUntil: at(11) }));
    const j = backtestJson(r, 3);
    expect(j.range.from).toBe(new Date(at(12)).toISOString());
    expect(j.overlap.fitted_until).toBe(new Date(at(11)).toISOString());
    expect(j.baselines.flat.win_rate).toBeNull();
    expect(j.trades[0]).toMatchObject({ direction: 'long', entry_time: new Date(at(13)).toISOString(), closed_at_end: true });
    expect(j.equity_curve.time).toHaveLength(4);
    expect(j.equity_curve.equity[3]).toBe(r.equity[7]);
    const lines = tradesCsv(r.trades).trim().split('\n');
    expect(lines[0]).toBe('direction,entry_time,entry_price,exit_time,exit_price,bars,return,closed_at_end');
    expect(lines).toHaveLength(1 + r.trades.length);
    expect(JSON.parse(JSON.stringify(j)).metrics.total_return).toBe(r.metrics.total_return);
  });
});
