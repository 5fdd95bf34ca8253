import type { Interval } from '../evaluation/bootstrap';
import { calibrationErrorText } from '../evaluation/eceNoise';
import { fixedDigits } from '../evaluation/numberText';
import type { EvaluationReport, HorizonMetrics } from '../predictors/types';
import { formatTable } from './table';

const ci = (x: number, c: Interval | undefined, digits = 3) => {
  const f = (v: number) => fixedDigits(v, digits);
  return c ? `${f(x)} [${f(c[0])}, ${f(c[1])}]` : f(x);
};
const pct = (x: number, c?: Interval) => (c ? `${(100 * x).toFixed(1)}% [${(100 * c[0]).toFixed(0)}, ${(100 * c[1]).toFixed(0)}]` : `${(100 * x).toFixed(1)}%`);

/** One horizon's ECE and, when known, the chance levels beside it: "0.048 (0.029 / 0.082)". */
function eceWithChance(m: HorizonMetrics): string {
  if (m.ece_noise === undefined) return m.ece.toFixed(3);
  const median = m.ece_noise_median === undefined ? '' : `${m.ece_noise_median.toFixed(3)} / `;
  return `${m.ece.toFixed(3)} (${median}${m.ece_noise.toFixed(3)})`;
}

/**
 * Prints a multi-step report: per horizon the median's skill, band coverage (50/80/90%), the 80% band's interval
 * score against the naive band, the candle-range skill and the Brier skill of P(up), each with its 95% interval;
 * then the verdicts in plain words, the direction's calibration error and the walk-forward folds.
 */
export function printEvaluationReport(report: EvaluationReport, horizons: readonly number[], out: (line: string) => void): void {
  out(formatTable(
    ['h', 'skill', 'cover50', 'cover80', 'cover90', 'band vs naive', 'range skill', 'P(up) Brier skill', 'P(up) ECE (chance)', 'hit rate'],
    horizons.map((h) => {
      const m = report.horizons[h - 1];
      return [String(h), ci(m.skill, m.skill_ci), pct(m.coverage_50), pct(m.coverage_80, m.coverage_80_ci), pct(m.coverage_90),
        ci(m.interval_skill, m.interval_skill_ci), m.range_skill === undefined ? '-' : ci(m.range_skill, m.range_skill_ci),
        ci(m.brier_skill, m.brier_skill_ci, 4), eceWithChance(m),
        `${(100 * m.directional_accuracy).toFixed(1)}%`];
    }),
  ));
  if (report.origins_short) {
    const medium = report.origins_medium ? `h <= ${report.medium_horizons}: ${report.origins_medium} origins; ` : '';
    out(`h <= ${report.short_horizons}: ${report.origins_short} origins; ${medium}longer horizons: ${report.origins} origins`);
  }
  out('skill figures: above 0 beats the naive benchmark (last price, trailing-volatility band, mean of the last 20 ranges, base rate); [low, high] = 95% block-bootstrap interval over forecast origins');
  out('ECE (chance): the calibration error of P(up), and in brackets what a perfectly calibrated forecast typically shows / exceeds one time in 20 on the same origins');
  if (report.verdict_text) out(report.verdict_text);
  if (report.ece !== undefined) out(`direction odds over ${report.origins} origins x ${report.horizons.length} horizons: ${calibrationErrorText(report.ece, report.ece_ci, report.ece_noise, report.ece_noise_median)}`);
  for (const w of report.walk_forward ?? []) {
    out(`walk-forward fold ${w.fold} (test ${w.test[0].slice(0, 16)} to ${w.test[1].slice(0, 16)}, ${w.origins} origins): `
      + `range skill ${ci(w.range_skill, w.range_skill_ci)}, band ${ci(w.interval_skill, w.interval_skill_ci)}, cover80 ${pct(w.coverage_80, w.coverage_80_ci)}, `
      + `Brier skill ${ci(w.brier_skill, w.brier_skill_ci, 4)}`);
  }
}
