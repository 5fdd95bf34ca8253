import { describe, expect, it } from 'vitest';
import { backtest, backtestPlan, runMetrics, targetsFromForecasts, type SimulatedRun } from '../../core/backtest';
import { calibrationOf, candlesOf, MINUTE, scriptedModel, T0 } from './backtest-fixtures';

// Six one-minute bars (open, close). Decisions at the closes of bars 0..4 fill at the next bar's open.
const bars = [[100, 101], [101, 103], [104, 102], [102, 100], [99, 98], [100, 103]] as const;
const c = candlesOf(bars);
// Forecasts made at the close of each bar: long, long, short, flat, long.
const signals = { 0: 0.01, 1: 0.01, 2: -0.01, 3: 0, 4: 0.01 };

describe('backtest on a hand-made series (entry at the next open, costs on every change)', () => {
  it('reproduces the equity, fees and trades of a hand ledger with a 10 bps fee', () => {
    const f = 0.001;
    const r = backtest(c, scriptedModel(signals), { feeBps: 10, thresholdBps: 5 });
    // Bar 1: buy 1/101 units at 101, pay 0.1% of 1.
    const q1 = 1 / 101;
    let cash = 1 - q1 * 101 - q1 * 101 * f;
    const e1 = cash + q1 * 103;
    const e2 = cash + q1 * 102;
    // Bar 3: flip to short at 102, sized on the equity marked at that open; one fill sells 1/101 + M/102 units.
    const m3 = cash + q1 * 102;
    const q3 = -m3 / 102;
    cash -= (q3 - q1) * 102 + Math.abs(q3 - q1) * 102 * f;
    const e3 = cash + q3 * 100;
    // Bar 4: buy the short back at 99 and stay flat.
    const m4 = cash + q3 * 99;
    cash -= -q3 * 99 + -q3 * 99 * f;
    const e4 = cash;
    // Bar 5: long at 100 with all of it; still open at the end, so sold at the last close (103).
    const q5 = e4 / 100;
    cash -= q5 * 100 + q5 * 100 * f;
    const cashBeforeEnd = cash;
    cash += q5 * 103 - q5 * 103 * f;
    const e5 = cash;

    expect([...r.position]).toEqual([0, 1, 1, -1, 0, 1]);
    const expected = [1, e1, e2, e3, e4, e5];
    r.equity.forEach((e, k) => expect(e).toBeCloseTo(expected[k], 12));
    expect(r.trades.map((t) => [t.direction, t.entry_time, t.entry_price, t.exit_time, t.exit_price, t.bars, t.closed_at_end])).toEqual([
      ['long', T0 + MINUTE, 101, T0 + 3 * MINUTE, 102, 2, false],
      ['short', T0 + 3 * MINUTE, 102, T0 + 4 * MINUTE, 99, 1, false],
      ['long', T0 + 5 * MINUTE, 100, T0 + 6 * MINUTE, 103, 1, true],
    ]);
    expect(r.trades[0].return).toBeCloseTo(102 / 101 - 1 - f - (102 / 101) * f, 12);
    expect(r.trades[1].return).toBeCloseTo(3 / 102 - f - (99 / 102) * f, 12);
    expect(r.trades[2].return).toBeCloseTo(0.03 - f - 1.03 * f, 12);
    const fees = q1 * 101 * f + Math.abs(q3 - q1) * 102 * f + -q3 * 99 * f + q5 * 100 * f + q5 * 103 * f;
    expect(r.metrics.fees_paid).toBeCloseTo(fees, 12);
    expect(r.metrics.total_return).toBeCloseTo(e5 - 1, 12);
    expect(r.metrics.trades).toBe(3);
    expect(r.metrics.win_rate).toBe(1);
    expect(r.metrics.exposure).toBeCloseTo(4 / 5, 12);
    // Traded notional over the equity marked at each fill: in, out + in on the flip, out, in, out at the end.
    const turnover = 1 + (Math.abs(q3 - q1) * 102) / m3 + (-q3 * 99) / m4 + 1 + (q5 * 103) / (cashBeforeEnd + q5 * 103);
    expect(r.metrics.turnover).toBeCloseTo(turnover, 12);
    expect(r.range).toMatchObject({ start: 0, end: 5, bars: 6, decisions: 5 });
    expect([...r.forecast].slice(0, 5)).toEqual([0.01, 0.01, -0.01, 0, 0.01].map((x) => expect.closeTo(x, 12)));
    expect(r.forecast[5]).toBeNaN();
  });

  it('goes flat instead of short when shorts are not allowed, and needs the forecast strictly past the threshold', () => {
    const longOnly = backtest(c, scriptedModel(signals), { feeBps: 0, allowShort: false });
    expect([...longOnly.position]).toEqual([0, 1, 1, 0, 0, 1]);
    expect(longOnly.equity[5]).toBeCloseTo((102 / 101) * (103 / 100), 12);
    const nearThreshold = backtest(c, scriptedModel({ 0: 0.00049, 1: 0.00051, 2: -0.00049, 3: -0.00051 }), { feeBps: 0, thresholdBps: 5 });
    expect([...nearThreshold.position]).toEqual([0, 0, 1, 0, -1, 0]);
    const plan = { start: 0, end: 3, horizon: 1, every: 1, barMs: MINUTE };
    const rule = { thresholdBps: 5, allowShort: true, enabled: true };
    expect([...targetsFromForecasts(Float64Array.from([0.0005, -0.0005, 0.0006, 0]), plan, rule)]).toEqual([0, 0, 1, 0]);
    expect([...targetsFromForecasts(Float64Array.from([0.0006, -0.0006, 0.0006]), plan, { ...rule, enabled: false })]).toEqual([0, 0, 0]);
  });

  it('fills slippage worse than the open on both sides and reports it apart from fees', () => {
    const r = backtest(c, scriptedModel({ 1: -0.01 }), { feeBps: 10, slippageBps: 20, thresholdBps: 5 });
    const s = 0.002;
    const f = 0.001;
    // Short at bar 2's open (104) filled at 104 (1 - s); bought back at bar 3's open (102) filled at 102 (1 + s).
    const q = -1 / 104;
    const entry = 104 * (1 - s);
    const exit = 102 * (1 + s);
    const final = 1 + -q * (entry - exit) - -q * entry * f - -q * exit * f;
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ direction: 'short', entry_price: expect.closeTo(entry, 10), exit_price: expect.closeTo(exit, 10) });
    expect(r.trades[0].return).toBeCloseTo(final - 1, 12);
    expect(r.equity[5]).toBeCloseTo(final, 12);
    expect(r.metrics.slippage_paid).toBeCloseTo(-q * 104 * s + -q * 102 * s, 12);
    expect(r.metrics.fees_paid).toBeCloseTo(-q * entry * f + -q * exit * f, 12);
  });

  it('holds between rebalances: decisions only every k bars', () => {
    const r = backtest(c, scriptedModel({ 0: 0.01, 1: -0.01, 2: -0.01, 3: 0.01 }), { feeBps: 0, rebalanceEvery: 2 });
    // Decisions at bars 0, 2, 4 read +1, -1, 0: bar 1's and bar 3's forecasts are never asked for.
    expect([...r.position]).toEqual([0, 1, 1, -1, -1, 0]);
    expect(r.range.decisions).toBe(3);
    expect(Number.isNaN(r.forecast[1]) && Number.isNaN(r.forecast[3])).toBe(true);
  });

  it('forecasts h bars ahead from the recursive path, shrunk by the calibration at h', () => {
    const model = scriptedModel({ 0: 0.01, 1: -0.004, 2: 0.002, 3: -0.03 }, { calibration: calibrationOf([1, 0.5, 0.25]) });
    const r = backtest(c, model, { horizon: 2, feeBps: 0, thresholdBps: 0 });
    // At bar k the loop steps through the scripted returns of k and k + 1 (the forecast candle carries bar k+1's time).
    const expected = [0, 1, 2, 3, 4].map((k) => Math.expm1(0.5 * (Math.log1p((signals2[k] ?? 0)) + Math.log1p(signals2[k + 1] ?? 0))));
    expected.forEach((x, k) => expect(r.forecast[k]).toBeCloseTo(x, 12));
    expect([...r.position]).toEqual([0, 1, -1, -1, -1, 0]);
  });

  it('buy-and-hold is exact: long from the first possible open, out at the last close, same costs; flat stays at 1', () => {
    const r = backtest(c, scriptedModel({}), { feeBps: 10 });
    const f = 0.001;
    const bh = r.baselines.buy_and_hold;
    for (let k = 1; k < 5; k++) expect(bh.equity[k]).toBeCloseTo(-f + bars[k][1] / 101, 12);
    expect(bh.equity[5]).toBeCloseTo(-f + (103 / 101) * (1 - f), 12);
    expect(bh.metrics.trades).toBe(1);
    expect(bh.metrics.exposure).toBe(1);
    expect(bh.metrics.fees_paid).toBeCloseTo(f + (103 / 101) * f, 12);
    expect([...r.baselines.flat.equity]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(r.baselines.flat.metrics).toMatchObject({ total_return: 0, sharpe: 0, max_drawdown: 0, trades: 0, exposure: 0 });
    // No signal at all: the model stays flat too.
    expect(r.metrics.trades).toBe(0);
  });

  it('momentum baseline trades the same rule on the past h-bar return', () => {
    const r = backtest(c, scriptedModel({}), { feeBps: 0, thresholdBps: 0 });
    // Past 1-bar close returns at bars 0..4: none (0), +2/101, -1/103, -2/102, -2/100 -> flat, long, short, short, short.
    expect([...r.position]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(r.baselines.momentum.equity[2]).toBeCloseTo(102 / 104, 12);
    const m = r.baselines.momentum;
    expect(m.metrics.trades).toBe(2);
    expect(m.metrics.exposure).toBe(4 / 5);
    // Long during bar 2 (bought at 104, sold at 102 on the flip), then short 102 -> liquidated at 103.
    const afterLong = 102 / 104;
    expect(m.equity[5]).toBeCloseTo(afterLong * (1 + (102 - 103) / 102), 12);
  });
});

const signals2: Record<number, number> = { 0: 0.01, 1: -0.004, 2: 0.002, 3: -0.03 };

describe('runMetrics', () => {
  it('computes returns, Sharpe, Sortino and drawdown dates from the curve', () => {
    const equity = Float64Array.from([1, 1.1, 0.99, 1.089, 1.2]);
    const run: SimulatedRun = { equity, position: Int8Array.from([0, 1, 1, 0, 1]), trades: [], fees: 0, slippage: 0, turnover: 0 };
    const time = [0, 1, 2, 3, 4].map((k) => T0 + k * 86_400_000);
    const m = runMetrics(run, time, 86_400_000, backtestPlan(4, 1));
    const rets = [0.1, -0.1, 0.1, 1.2 / 1.089 - 1];
    const mean = rets.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(rets.reduce((a, r) => a + (r - mean) ** 2, 0) / 3);
    expect(m.total_return).toBeCloseTo(0.2, 12);
    expect(m.annual_return).toBeCloseTo(1.2 ** (365 / 4) - 1, 6);
    expect(m.annual_volatility).toBeCloseTo(sd * Math.sqrt(365), 12);
    expect(m.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(365), 12);
    expect(m.sortino).toBeCloseTo((mean / Math.sqrt(0.01 / 4)) * Math.sqrt(365), 12);
    expect(m.max_drawdown).toBeCloseTo(0.1, 12);
    expect([m.max_drawdown_from, m.max_drawdown_to]).toEqual([time[1], time[2]]);
    expect(m.exposure).toBe(0.75);
    expect(m.win_rate).toBeNaN();
  });
});
