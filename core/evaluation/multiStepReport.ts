import { shapeForecast } from '../predictors/forecastCandles';
import type { EvaluationReport, HorizonMetrics } from '../predictors/types';
import type { HorizonCalibration } from './calibration';
import type { MultiStepRun } from './multiStep';

/** Options of the per-horizon report. */
export interface ReportOptions {
  /** Mean |1-bar log return| on the training segment: the MASE denominator (naive in-sample error). */
  readonly maseScale: number;
  /** Report the high-low range skill (multi-OHLC). */
  readonly withRange: boolean;
}

/**
 * Scores calibrated multi-step forecasts on held-out origins, per horizon: close RMSE (price units) against the naive
 * last-close forecast, skill, MASE (in log-return units), directional accuracy of the raw model, 80% band coverage,
 * and for multi-OHLC the range skill against the mean of the last 20 ranges.
 */
export function multiStepReport(run: MultiStepRun, calib: HorizonCalibration, opts: ReportOptions): EvaluationReport {
  const H = run.horizons;
  const O = run.origins;
  const sq = new Float64Array(H);
  const sqNaive = new Float64Array(H);
  const absLog = new Float64Array(H);
  const hits = new Float64Array(H);
  const calls = new Float64Array(H);
  const covered = new Float64Array(H);
  const rangeSq = new Float64Array(H);
  const rangeNaiveSq = new Float64Array(H);
  for (let o = 0; o < O; o++) {
    const base = o * H;
    const originClose = run.originClose[o];
    const raw = {
      steps: H,
      open: run.rawOpen.subarray(base, base + H),
      high: run.rawHigh.subarray(base, base + H),
      low: run.rawLow.subarray(base, base + H),
      close: run.rawClose.subarray(base, base + H),
      cumReturn: run.predicted.subarray(base, base + H),
    };
    const shown = shapeForecast(raw, originClose, calib, run.sigma[o]);
    for (let h = 0; h < H; h++) {
      const actualLog = run.actual[base + h];
      const actualClose = originClose * Math.exp(actualLog);
      sq[h] += (shown.close[h] - actualClose) ** 2;
      sqNaive[h] += (originClose - actualClose) ** 2;
      absLog[h] += Math.abs(shown.cumReturn[h] - actualLog);
      const x = raw.cumReturn[h];
      if (x !== 0 && actualLog !== 0) {
        calls[h]++;
        if (Math.sign(x) === Math.sign(actualLog)) hits[h]++;
      }
      if (actualClose >= shown.lower80[h] && actualClose <= shown.upper80[h]) covered[h]++;
      if (opts.withRange) {
        const predictedRange = Math.log(shown.high[h] / shown.low[h]);
        rangeSq[h] += (predictedRange - run.actualRange[base + h]) ** 2;
        rangeNaiveSq[h] += (run.naiveRange[o] - run.actualRange[base + h]) ** 2;
      }
    }
  }
  const horizons: HorizonMetrics[] = [];
  for (let h = 0; h < H; h++) {
    const rmse = Math.sqrt(sq[h] / O);
    const rmseNaive = Math.sqrt(sqNaive[h] / O);
    const m: HorizonMetrics = {
      h: h + 1,
      rmse,
      rmse_naive: rmseNaive,
      skill: rmseNaive > 0 ? 1 - rmse / rmseNaive : 0,
      mase: opts.maseScale > 0 ? absLog[h] / O / opts.maseScale : NaN,
      directional_accuracy: calls[h] ? hits[h] / calls[h] : 0,
      directional_count: calls[h],
      coverage_80: covered[h] / O,
      ...(opts.withRange ? { range_skill: rangeNaiveSq[h] > 0 ? 1 - Math.sqrt(rangeSq[h] / rangeNaiveSq[h]) : 0 } : {}),
    };
    horizons.push(m);
  }
  return { origins: O, origins_dropped_for_gaps: run.originsDroppedForGaps, horizons };
}
