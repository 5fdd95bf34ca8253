import { candleAt, type CandleColumns } from '../data/candles';
import { realizedVolatility } from '../evaluation/metrics';
import { pUpAt } from '../predictors/forecastCandles';
import { recentShape, runForecastLoop } from '../predictors/forecastLoop';
import type { CandleShape, StepOutput } from '../predictors/stepModels';
import type { BacktestModel } from './types';

/** Which bars get a forecast: decision bars start, start + every, ... up to end - 1 (a decision at end cannot trade). */
export interface DecisionPlan {
  readonly start: number;
  readonly end: number;
  readonly horizon: number;
  readonly every: number;
  readonly barMs: number;
}

// One step's close return depends only on the feature row (the shape dresses wicks), so h = 1 needs no shape.
const NO_SHAPE: CandleShape = { upperWick: 0, lowerWick: 0, volume: 0, body: 0 };

/**
 * The model's calibrated forecast of the simple return over `horizon` bars, made at the close of every decision bar
 * from bars up to and including it; NaN at other bars. Features are streamed once through the history; a multi-step
 * forecast runs the recursive loop on a branch of the stream (copied state), so nothing is recomputed and the main
 * stream never sees a forecast candle. h = 1 is the single fast prediction, shrunk as shapeForecast shrinks it.
 * Beside each forecast: its calibrated P(up) at the horizon, as the forecast itself computes it (Platt map of the raw
 * drift over the trailing realised volatility x sqrt(h)).
 */
export function modelForecasts(c: CandleColumns, model: BacktestModel, plan: DecisionPlan): { forecast: Float64Array; pUp: Float64Array } {
  const out = new Float64Array(c.length).fill(Number.NaN);
  const pUp = new Float64Array(c.length).fill(Number.NaN);
  const h = Math.min(plan.horizon, model.calibration.plattA.length) - 1;
  const H = plan.horizon;
  const shrink = model.calibration.shrink;
  const shrink1 = shrink.length ? shrink[0] : 0;
  const stream = model.engine.stream();
  const historyStart = Math.max(0, plan.start - model.historyBars);
  stream.pushColumns(c, historyStart, plan.start);
  const branch = H > 1 ? model.engine.stream() : undefined;
  const step: StepOutput = { openGap: 0, closeReturn: 0, upperWick: 0, lowerWick: 0 };
  for (let i = plan.start; i < plan.end; i++) {
    const row = stream.pushBar(c.time[i], c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]);
    if ((i - plan.start) % plan.every !== 0) continue;
    let cum: number;
    let rawCum: number;
    if (!branch) {
      model.step.next(row, NO_SHAPE, step);
      rawCum = step.closeReturn;
      cum = model.calibration.fallback.close ? 0 : shrink1 * rawCum;
    } else {
      branch.copyFrom(stream);
      const raw = runForecastLoop(branch, row, candleAt(c, i), H, model.step, recentShape(c, i + 1), plan.barMs);
      rawCum = raw.cumReturn[H - 1];
      cum = model.calibration.fallback.close ? 0 : (shrink[Math.min(H, shrink.length) - 1] ?? 0) * rawCum;
    }
    out[i] = Math.expm1(cum);
    const scale = realizedVolatility(c.close, i, model.calibration.volWindow) * Math.sqrt(H);
    pUp[i] = pUpAt(model.calibration, h, scale > 0 ? rawCum / scale : 0);
  }
  return { forecast: out, pUp };
}

/** The past `horizon`-bar simple return at every decision bar (NaN elsewhere): the momentum baseline's "forecast". */
export function momentumForecasts(c: CandleColumns, plan: DecisionPlan): Float64Array {
  const out = new Float64Array(c.length).fill(Number.NaN);
  for (let i = plan.start; i < plan.end; i += plan.every) {
    out[i] = i >= plan.horizon ? c.close[i] / c.close[i - plan.horizon] - 1 : 0;
  }
  return out;
}
