import type { BacktestModel } from '../../core/backtest';
import { allocColumns, type CandleColumns } from '../../core/data/candles';
import { NO_FALLBACK, QUANTILE_LEVELS, type ForecastCalibration } from '../../core/evaluation/calibration';
import type { FeatureStream } from '../../core/features';
import type { StepModel } from '../../core/predictors/stepModels';

export const MINUTE = 60_000;
export const T0 = Date.UTC(2024, 0, 1);

/** Candles from (open, close) pairs, one minute apart from T0; high/low just outside the body, volume 1. */
export function candlesOf(bars: readonly (readonly [number, number])[]): CandleColumns {
  const c = allocColumns(bars.length);
  bars.forEach(([o, cl], i) => {
    c.time[i] = T0 + i * MINUTE;
    c.open[i] = o;
    c.close[i] = cl;
    c.high[i] = Math.max(o, cl) + 0.5;
    c.low[i] = Math.min(o, cl) - 0.5;
    c.volume[i] = 1;
  });
  return c;
}

/** A stand-in feature stream whose row is [bar time, close]: lets a scripted step model key on time. */
class TimeStream implements FeatureStream {
  readonly cols = 2;
  row = new Float64Array(2);
  pushed = 0;
  push(c: { time: number; close: number }): Float64Array {
    return this.pushBar(c.time, 0, 0, 0, c.close, 0);
  }
  pushBar(time: number, _o: number, _h: number, _l: number, close: number, _v = 0): Float64Array {
    this.row[0] = time;
    this.row[1] = close;
    this.pushed++;
    return this.row;
  }
  pushColumns(c: CandleColumns, start = 0, end = c.length): void {
    for (let i = start; i < end; i++) this.pushBar(c.time[i], 0, 0, 0, c.close[i]);
  }
  clone(): FeatureStream {
    const s = new TimeStream();
    s.copyFrom(this);
    return s;
  }
  copyFrom(from: FeatureStream): void {
    const f = from as TimeStream;
    this.row.set(f.row);
    this.pushed = f.pushed;
  }
  get count() {
    return this.pushed;
  }
  get ready() {
    return true;
  }
}

/** A calibration with the given shrinkage and P(up) per horizon (no drift signal, zero-width bands, naive ranges). */
export function calibrationOf(shrink: readonly number[], pUp: readonly number[] = shrink.map(() => 0.55)): ForecastCalibration {
  const zeros = () => QUANTILE_LEVELS.map(() => 0);
  return {
    shrink, zq: shrink.map(zeros), zqNaive: shrink.map(zeros), plattA: pUp.map((p) => Math.log(p / (1 - p))), plattB: shrink.map(() => 0),
    baseRate: [...pUp], fallback: NO_FALLBACK, rangeWeight: shrink.map(() => 0), rangeKind: 'rule', rangeRule: { knots: [1], weights: [[0, 0, 0, 0, 0, 1]] }, volWindow: 10, origins: 100,
  };
}

/**
 * A model whose one-step forecast at a bar is scripted by the bar's time: `simple[k]` is the simple return it
 * predicts from the close of bar k (0 when absent). No feature history needed.
 */
export function scriptedModel(simple: Readonly<Record<number, number>>, over: Partial<BacktestModel> = {}): BacktestModel {
  const step: StepModel = {
    type: 'autoregressive',
    next(row, _shape, out) {
      const k = Math.round((row[0] - T0) / MINUTE);
      out.openGap = 0;
      out.closeReturn = Math.log1p(simple[k] ?? 0);
      out.upperWick = 0;
      out.lowerWick = 0;
    },
  };
  return {
    name: 'scripted', exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m', nStepsAhead: 3,
    engine: { warmup: 0, stream: () => new TimeStream() }, step, calibration: calibrationOf([1, 1, 1]), historyBars: 0,
    ...over,
  };
}
