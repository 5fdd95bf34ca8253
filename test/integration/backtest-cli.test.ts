import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtest, backtestModelOf, metricsJson } from '../../core/backtest';
import { sliceColumns, type SeriesKey } from '../../core/data/candles';
import { loadModel, trainModel } from '../../core/predictors';
import { loadRealCandles } from '../support/realCandles';
import { hasSharedData, REAL_FILES } from '../support/sharedData';

const home = mkdtempSync(join(tmpdir(), 'cc-backtest-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const key: SeriesKey = { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m' };
const TRAIN_BARS = 8000;
const NAME = 'btc_backtest';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/candlecast', ...args, '--home', home], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!hasSharedData())('candlecast backtest on real BTC 1m bars', () => {
  const candles = hasSharedData() ? loadRealCandles('btc1m') : undefined!;
  beforeAll(async () => {
    // A small model on the first 8,000 bars; the other 22,240 bars are out of sample.
    await trainModel({
      candles: sliceColumns(candles, 0, TRAIN_BARS), key, type: 'autoregressive', nStepsAhead: 5, name: NAME,
      modelsDir: join(home, 'models'), options: { numBoostRound: 30, earlyStoppingRounds: 0 },
    });
    const imported = cli('data', 'import', REAL_FILES.btc1m, '--symbol', 'BTC/USDT', '--timeframe', '1m');
    expect(imported.code, imported.stderr).toBe(0);
  });

  it('by default trades only the bars after the training data: JSON shape, exact buy-and-hold, same figures as in-process', () => {
    const r = cli('backtest', '--model', NAME, '--threshold-bps', '0', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['series', 'model', 'options', 'range', 'overlap', 'confidence', 'metrics', 'baselines', 'versus', 'versus_text', 'trades', 'equity_curve', 'timings']);
    expect(j.options).toEqual({ horizon: 1, rebalance_every: 1, threshold_bps: 0, allow_short: true, require_confidence: false, fee_bps: 10, slippage_bps: 0 });
    expect(j.range).toMatchObject({ from: new Date(candles.time[TRAIN_BARS]).toISOString(), bars: candles.length - TRAIN_BARS });
    expect(j.overlap).toMatchObject({ same_series: true, overlaps_training: false, overlapping_bars: 0, fitted_until: new Date(candles.time[TRAIN_BARS - 1]).toISOString() });
    expect(Object.keys(j.metrics)).toEqual([
      'final_equity', 'total_return', 'annual_return', 'annual_volatility', 'sharpe', 'sharpe_ci', 'sortino', 'max_drawdown', 'max_drawdown_from',
      'max_drawdown_to', 'trades', 'win_rate', 'avg_trade_return', 'exposure', 'turnover', 'fees_paid', 'slippage_paid',
    ]);
    expect(Object.keys(j.baselines)).toEqual(['buy_and_hold', 'flat', 'momentum']);
    // The model has no edge in the close on its test fold, so its median is the last price and it never trades:
    // the honest outcome, the same in-process (below).
    const config = JSON.parse(readFileSync(join(home, 'models', NAME, 'config.json'), 'utf8'));
    expect(config.training_metrics.evaluation.verdicts.close.verdict).not.toBe('edge');
    expect(j.metrics.trades).toBe(0);
    expect(j.trades).toHaveLength(0);
    const last = candles.length - 1;
    const growth = candles.close[last] / candles.open[TRAIN_BARS + 1];
    expect(j.baselines.buy_and_hold.total_return).toBeCloseTo(growth * (1 - 0.001) - 0.001 - 1, 10);
    expect(j.baselines.flat.total_return).toBe(0);
    // Never trading is exactly staying flat, and its Sharpe ratio is 0 with no uncertainty.
    expect(j.metrics.sharpe_ci).toEqual([0, 0]);
    expect(j.versus.flat).toEqual({ excess_return: 0, excess_return_ci: [0, 0], verdict: 'no_difference' });
    const bh = j.versus.buy_and_hold;
    expect(bh.excess_return_ci[0]).toBeLessThanOrEqual(bh.excess_return);
    expect(bh.excess_return_ci[1]).toBeGreaterThanOrEqual(bh.excess_return);
    expect(j.baselines.buy_and_hold.sharpe_ci[0]).toBeLessThan(j.baselines.buy_and_hold.sharpe_ci[1]);
    expect(j.versus_text).toMatch(/^Against buy & hold: [+-][\d.]+ points of total return \[[+-][\d.]+, [+-][\d.]+\], (ahead|behind|no difference beyond the noise)\. Against momentum: .* Against staying flat: the same returns, bar for bar\.$/);

    const model = loadModel(join(home, 'models'), NAME);
    try {
      const inProcess = backtest(candles, backtestModelOf(model), { thresholdBps: 0 });
      expect(JSON.parse(JSON.stringify(metricsJson(inProcess.metrics)))).toEqual(j.metrics);
      // The model never trades, so its excess over buy & hold is minus buy & hold's total return.
      expect(bh.excess_return).toBeCloseTo(-inProcess.baselines.buy_and_hold.metrics.total_return, 12);
    } finally {
      model.dispose();
    }
  });

  it('flags a range that overlaps the training data (JSON field and a warning on stderr); long-only, h=3, trades CSV', () => {
    const out = join(home, 'trades.csv');
    const r = cli('backtest', '--model', NAME, '--from', '2023-03-03T00:00:00Z', '--to', '2023-03-08T00:00:00Z', '--horizon', '3',
      '--threshold-bps', '0', '--long-only', '--trades-csv', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const from = Date.parse('2023-03-03T00:00:00Z');
    let overlapping = 0;
    for (let i = 0; i < TRAIN_BARS; i++) if (candles.time[i] >= from) overlapping++;
    expect(j.overlap).toMatchObject({ overlaps_training: true, overlapping_bars: overlapping });
    expect(j.overlap.message).toMatch(/^WARNING/);
    expect(r.stderr).toMatch(/WARNING: \d+ of \d+ bars were in the model's training data/);
    expect(j.range).toMatchObject({ from: '2023-03-03T00:00:00.000Z', to: '2023-03-08T00:00:00.000Z' });
    expect(j.options.horizon).toBe(3);
    expect(j.trades.every((t: { direction: string }) => t.direction === 'long')).toBe(true);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1 + j.trades.length);
  });

  it('prints a table of the model against its baselines, and names bad input with exit 2', () => {
    const text = cli('backtest', '--model', NAME, '--fee-bps', '5', '--slippage-bps', '1');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^btc_backtest on csv BTC\/USDT 1m: /);
    expect(text.stdout).toMatch(/out of sample/);
    expect(text.stdout).toMatch(/\s+model\s+buy & hold\s+momentum\s+flat\n/);
    expect(text.stdout).toMatch(/Against buy & hold: .* points of total return \[.*\], .*\(the model's total return minus the baseline's/);
    for (const row of ['total return', 'sharpe', 'sharpe 95%', 'sortino', 'max drawdown', 'win rate', 'exposure', 'turnover', 'fees paid']) expect(text.stdout).toContain(row);

    const bad: [string[], RegExp][] = [
      [['--horizon', '9'], /^error: --horizon must be an integer between 1 and 5, got "9"/],
      [['--from', '2023-03-10', '--to', '2023-03-09'], /^error: from \(2023-03-10T00:00:00.000Z\) is after to/],
      [['--fee-bps', 'ten'], /^error: --fee-bps must be a number between 0 and 1000/],
      [['--from', 'yesterday'], /^error: --from must be an ISO 8601 time/],
      [['--from', '2023-03-21T23:59:00Z'], /^error: the range .* leaves 1 bars to trade/],
      [['--timeframe', '5m', '--symbol', 'BTC/USDT', '--exchange', 'csv'], /^error: model btc_backtest is for 1m bars, the series is 5m/],
    ];
    for (const [args, message] of bad) {
      const r = cli('backtest', '--model', NAME, ...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(message);
    }
    const missing = cli('backtest', '--model', 'nope');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/model not found: nope/);
  });
});
