import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backtest, backtestModelOf } from '../../core/backtest';
import { demoCandles, lastClosedBarOpen, sliceColumns, timeframeMs, type SeriesKey } from '../../core/data';
import { loadModel, trainModel } from '../../core/predictors';
import { median, type BenchRow, type BenchSuite } from './harness';

const BARS = 43_200;
const TRAIN_BARS = 20_000;

/**
 * Backtest of a default-trained autoregressive model (10 steps) over 43,200 demo 1m bars after its training data:
 * h = 1 (one fast prediction per bar) and h = 10 (a 10-step recursive branch per bar), threshold 0 so it trades,
 * median of 3 runs each.
 */
const suite: BenchSuite = {
  name: 'backtest',
  async run() {
    const home = mkdtempSync(join(tmpdir(), 'cc-bench-bt-'));
    try {
      const barMs = timeframeMs('1m');
      const now = lastClosedBarOpen(Date.now(), '1m');
      const all = demoCandles('BTC/USDT', '1m', now - (TRAIN_BARS + BARS - 1) * barMs, now);
      const key: SeriesKey = { exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' };
      const s = await trainModel({ candles: sliceColumns(all, 0, TRAIN_BARS), key, type: 'autoregressive', nStepsAhead: 10, modelsDir: home, name: 'bench' });
      const model = loadModel(home, s.name);
      const rows: BenchRow[] = [];
      try {
        const bm = backtestModelOf(model);
        for (const horizon of [1, 10]) {
          const times: number[] = [];
          let last: ReturnType<typeof backtest> | undefined;
          for (let k = 0; k < 3; k++) {
            const t = performance.now();
            last = backtest(all, bm, { horizon, thresholdBps: 0 });
            times.push(performance.now() - t);
          }
          const r = last!;
          rows.push({
            metric: `backtest ${r.range.bars.toLocaleString('en-US')} x 1m, h=${horizon} (median of 3, threshold 0)`, value: median(times), unit: 'ms',
            note: `forecasts ${r.timings.forecast_ms.toFixed(0)} ms, simulation + baselines ${r.timings.simulate_ms.toFixed(0)} ms; `
              + `${r.metrics.trades} trades, return ${(100 * r.metrics.total_return).toFixed(2)}% vs buy & hold ${(100 * r.baselines.buy_and_hold.metrics.total_return).toFixed(2)}%`,
          });
        }
      } finally {
        model.dispose();
      }
      return rows;
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  },
};
export default suite;
