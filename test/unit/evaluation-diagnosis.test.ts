import { describe, expect, it } from 'vitest';
import { describeHorizons, diagnose } from '../../core/evaluation/diagnosis';
import type { HorizonMetrics, PerformanceMetrics } from '../../core/predictors/types';

const perf = (train: number, valid: number): PerformanceMetrics => ({
  train_r2: 0.99, val_r2: 0.99, train_rmse: 1, val_rmse: 1, train_mae: 1, val_mae: 1, train_return_r2: train, return_r2: valid,
});
const horizon = (h: number, skill: number, coverage = 0.8): HorizonMetrics => ({
  h, rmse: 1, rmse_naive: 1, skill, skill_ci: [skill, skill], mase: 1, directional_accuracy: 0.5, directional_count: 60,
  coverage_50: 0.5, coverage_50_ci: [0.5, 0.5], coverage_80: coverage, coverage_80_ci: [coverage, coverage], coverage_90: 0.9, coverage_90_ci: [0.9, 0.9],
  interval_score_80: 1, interval_score_80_naive: 1, interval_skill: 0, interval_skill_ci: [0, 0], brier: 0.25, brier_base: 0.25, brier_skill: 0, brier_skill_ci: [0, 0], ece: 0, ece_ci: [0, 0],
});

describe('training diagnosis', () => {
  it('gives no warning to a sound model', () => {
    expect(diagnose({ performance: perf(0.02, 0.01), evaluation: { origins: 200, horizons: [horizon(1, 0.01), horizon(2, 0)] }, usableRows: 40000, requiredRows: 1000 })).toEqual([]);
  });

  it('names overfitting, the horizons worse than naive, off-band coverage and little data, each with a remedy', () => {
    const w = diagnose({
      performance: perf(0.6, 0.05),
      evaluation: { origins: 60, horizons: [horizon(1, 0.01), horizon(2, -0.05), horizon(3, -0.1, 0.4), horizon(4, 0.0), horizon(5, -0.03, 0.99)] },
      usableRows: 1500,
      requiredRows: 1000,
    });
    expect(w.map((x) => x.kind)).toEqual(['overfitting', 'worse_than_naive', 'miscalibrated_intervals', 'little_data']);
    expect(w[1].message).toContain('h = 2-3, 5');
    expect(w[2].message).toContain('covered 40% of test outcomes at h = 3');
    expect(w[3].message).toBe('1,500 usable bars: enough to train (at least 1,000), but under the 3,000 at which the held-out figures rest on many forecasts; read their intervals, not the point values.');
    expect(w.every((x) => x.remedy.length > 20)).toBe(true);
  });

  it('writes horizon lists compactly', () => {
    expect(describeHorizons([1, 2, 3, 7, 9, 10])).toBe('h = 1-3, 7, 9-10');
  });
});
