import type { EvaluationReport, PerformanceMetrics, TrainingWarning } from '../predictors/types';

/** Test coverage of the nominal 80% band outside which the intervals are called miscalibrated. */
export const COVERAGE_RANGE: readonly [number, number] = [0.65, 0.95];

/** Inputs of the training diagnosis. */
export interface DiagnosisInput {
  readonly performance: PerformanceMetrics;
  readonly evaluation: EvaluationReport;
  readonly usableRows: number;
  readonly requiredRows: number;
}

/** Gap between train and validation R² of returns above which a model is called overfitted. */
export const OVERFIT_GAP = 0.15;
/** Skill below which a horizon counts as worse than the naive forecast. */
export const WORSE_THAN_NAIVE = -0.02;

/** Warnings a trader can act on, each with the remedy from the seed's troubleshooting notes. */
export function diagnose(d: DiagnosisInput): TrainingWarning[] {
  const out: TrainingWarning[] = [];
  const gap = d.performance.train_return_r2 - d.performance.return_r2;
  if (gap > OVERFIT_GAP) {
    out.push({
      kind: 'overfitting',
      message: `Train R² of returns ${d.performance.train_return_r2.toFixed(3)} is far above validation ${d.performance.return_r2.toFixed(3)}.`,
      remedy: 'Lower learning_rate, use fewer num_leaves or a smaller max_depth, raise min_data_in_leaf, add lambda_l1/lambda_l2, or train on more history.',
    });
  }
  const worse = d.evaluation.horizons.filter((h) => h.skill < WORSE_THAN_NAIVE).map((h) => h.h);
  if (worse.length) {
    out.push({
      kind: 'worse_than_naive',
      message: `Worse than the naive last-price forecast at ${describeHorizons(worse)} (skill < ${WORSE_THAN_NAIVE}).`,
      remedy: 'Trust the forecast only where skill is positive; try fewer steps ahead, a coarser timeframe, more history, or stronger regularisation.',
    });
  }
  const offBand = d.evaluation.horizons.filter((h) => h.coverage_80 < COVERAGE_RANGE[0] || h.coverage_80 > COVERAGE_RANGE[1]);
  if (offBand.length) {
    const worst = offBand.reduce((a, b) => (Math.abs(b.coverage_80 - 0.8) > Math.abs(a.coverage_80 - 0.8) ? b : a));
    out.push({
      kind: 'miscalibrated_intervals',
      message: `The 80% band covered ${(100 * worst.coverage_80).toFixed(0)}% of test outcomes at h = ${worst.h} (outside ${100 * COVERAGE_RANGE[0]}-${100 * COVERAGE_RANGE[1]}% at ${describeHorizons(offBand.map((h) => h.h))}).`,
      remedy: 'Read the band as a rough guide there: train on more history so validation and test hold more independent stretches, or forecast fewer steps ahead.',
    });
  }
  if (d.usableRows < 3 * d.requiredRows) {
    out.push({
      kind: 'little_data',
      message: `${d.usableRows.toLocaleString('en-US')} usable bars: enough to train (at least ${d.requiredRows.toLocaleString('en-US')}), but under the ${(3 * d.requiredRows).toLocaleString('en-US')} at which the held-out figures rest on many forecasts; read their intervals, not the point values.`,
      remedy: 'Fetch more days of history or use a shorter timeframe with more bars.',
    });
  }
  return out;
}

/** "h = 1-5, 60, 120-300" style list of horizons. */
export function describeHorizons(hs: readonly number[]): string {
  const parts: string[] = [];
  let start = hs[0];
  let prev = hs[0];
  for (const h of [...hs.slice(1), Infinity]) {
    if (h === prev + 1) {
      prev = h;
      continue;
    }
    parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = h;
    prev = h;
  }
  const text = parts.length > 6 ? `${parts.slice(0, 6).join(', ')}, …` : parts.join(', ');
  return `h = ${text}`;
}
