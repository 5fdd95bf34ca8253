// Exponential smoothers over a StateLayout state, seeded the textbook way (SMA of the first `period` inputs),
// which is also how independent implementations such as `technicalindicators` seed them.
import type { StateLayout } from './stateLayout';

/**
 * Exponential moving average with a given alpha, NaN until `period` inputs, then seeded by their mean.
 * `Smoother.ema(p)` has alpha 2/(p+1); `Smoother.wilder(p)` has alpha 1/p (Wilder's RMA, used by RSI and ATR).
 */
export class Smoother {
  /** Slot layout: inputs seen, seed sum, value (NaN until seeded). */
  private readonly b: number;
  /** Slot of the current value. */
  readonly at: number;

  private constructor(layout: StateLayout, readonly period: number, private readonly alpha: number) {
    this.b = layout.alloc(2);
    this.at = layout.alloc(1, Number.NaN);
  }

  /** EMA with alpha 2 / (period + 1). */
  static ema(layout: StateLayout, period: number): Smoother {
    return new Smoother(layout, period, 2 / (period + 1));
  }

  /** Wilder's smoothing (RMA) with alpha 1 / period. */
  static wilder(layout: StateLayout, period: number): Smoother {
    return new Smoother(layout, period, 1 / period);
  }

  /** Feeds src[at] (passed by position so no double crosses the call, see rollingWindows.ts). */
  push(s: Float64Array, src: Float64Array, at: number): void {
    const x = src[at];
    const b = this.b;
    const n = s[b];
    if (n >= this.period) {
      const v = s[this.at];
      s[this.at] = (x - v) * this.alpha + v;
      return;
    }
    s[b + 1] += x;
    s[b] = n + 1;
    if (n + 1 === this.period) s[this.at] = s[b + 1] / this.period;
  }
}
