import { trainBooster } from '../../core/lightgbm';
import { nonlinearProblem } from '../support/synthetic';
import { median, peakRssMiB, type BenchSuite } from './harness';

function fastPredictMicros(booster: ReturnType<typeof trainBooster>['booster'], data: Float64Array, cols: number, numIteration: number): number {
  const fast = booster.fastPredictor({ numIteration });
  const row = new Float64Array(cols);
  const samples: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < 2000; i++) {
      row.set(data.subarray((i % 1000) * cols, (i % 1000 + 1) * cols));
      fast.predict(row);
    }
    samples.push(Number(process.hrtime.bigint() - started) / 1000 / 2000);
  }
  fast.dispose();
  return median(samples);
}

const suite: BenchSuite = {
  name: 'lightgbm',
  async run() {
    const rows = 43_200;
    const cols = 120;
    const p = nonlinearProblem(rows, cols, 1, 0.3);
    const started = performance.now();
    const r = trainBooster({
      train: p,
      params: { objective: 'regression', metric: 'rmse', num_leaves: 31, learning_rate: 0.05, feature_fraction: 0.8, bagging_fraction: 0.8, bagging_freq: 1, seed: 1 },
      numBoostRound: 500,
    });
    const trainS = (performance.now() - started) / 1000;
    return [
      { metric: 'train 43,200 x 120, 500 rounds', value: trainS, unit: 's' },
      { metric: 'single-row predict, 100 trees', value: fastPredictMicros(r.booster, p.data, cols, 100), unit: 'µs' },
      { metric: 'single-row predict, 500 trees', value: fastPredictMicros(r.booster, p.data, cols, 500), unit: 'µs' },
      { metric: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
    ];
  },
};
export default suite;
