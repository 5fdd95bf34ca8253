import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCandles, lastClosedBarOpen, timeframeMs, type CandleColumns, type SeriesKey } from '../../core/data';
import { loadModel, trainModel, type PredictorType } from '../../core/predictors';
import { loadRealCandles } from '../support/realCandles';
import { median, peakRssMiB, type BenchRow, type BenchSuite } from './harness';

async function measure(label: string, candles: CandleColumns, key: SeriesKey, type: PredictorType, steps: number, budgets: { train: number; forecast: number }): Promise<BenchRow[]> {
  const home = mkdtempSync(join(tmpdir(), 'cc-bench-pred-'));
  try {
    const started = performance.now();
    const s = await trainModel({ candles, key, type, nStepsAhead: steps, modelsDir: home });
    const trainS = (performance.now() - started) / 1000;
    const model = loadModel(home, s.name);
    model.forecast(candles);
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      model.forecast(candles);
      times.push(performance.now() - t);
    }
    model.dispose();
    const at = (h: number) => s.evaluation.horizons[Math.min(h, steps) - 1];
    const skills = [1, 10, 60, 300].filter((h) => h <= steps).map((h) => `h${h} ${at(h).skill.toFixed(3)}`).join(', ');
    const cover = [1, 10, 60].map((h) => `h${h} ${(100 * at(h).coverage_80).toFixed(0)}%`).join(', ');
    const range = type === 'multi_ohlc' ? `, range skill h1 ${at(1).range_skill!.toFixed(3)}` : '';
    return [
      { metric: `${label} ${type}: train (eval + refit)`, value: trainS, unit: 's', budget: budgets.train, note: `skill ${skills}; coverage ${cover}${range}` },
      { metric: `${label} ${type}: ${steps}-step forecast (median of 50)`, value: median(times), unit: 'ms', budget: budgets.forecast },
      { metric: `${label} ${type}: model size`, value: s.model_size_kb, unit: 'KiB' },
    ];
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  name: 'predictors',
  async run() {
    const now = lastClosedBarOpen(Date.now(), '1m');
    const demo = demoCandles('BTC/USDT', '1m', now - 43_199 * timeframeMs('1m'), now);
    const rows: BenchRow[] = [];
    const demoKey: SeriesKey = { exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' };
    const files: [string, CandleColumns, SeriesKey][] = [
      ['demo 43,200 x 1m', demo, demoKey],
      ['BTC 1m (real)', loadRealCandles('btc1m'), { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m' }],
      ['ETH 5m (real)', loadRealCandles('eth5m'), { exchange: 'csv', symbol: 'ETH/USDT', timeframe: '5m' }],
      ['BTC 1h (real)', loadRealCandles('btc1h'), { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1h' }],
    ];
    for (const [label, candles, key] of files) {
      rows.push(...await measure(label, candles, key, 'autoregressive', 300, { train: 15, forecast: 10 }));
      rows.push(...await measure(label, candles, key, 'multi_ohlc', 300, { train: 45, forecast: 30 }));
    }
    rows.push({ metric: 'peak RSS', value: peakRssMiB(), unit: 'MiB' });
    return rows;
  },
};
export default suite;
