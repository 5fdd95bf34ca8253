// Exponential smoothers over a StateLayout state, seeded the textbook way (SMA of the first `period` inputs),
// which is also how independent implementations such as `technicalindicators` seed them.
import type { StateLayout } from './stateLayout';

/**
 * Exponential moving average with alpha = `alpha`, NaN until `period` inputs, then seeded by their mean.
 * Use `Smoother.ema(p)` (alpha 2/(p+1)) or `Smoother.wilder(p)` (alpha 1/p, Wilder's RMA used by RSI and ATR).
 */
export class Smoother {
  /** Slot layout: inputs seen, seed sum, value (NaN until seeded). */
  private readonly b: number;

  private constructor(layout: StateLayout, readonly period: number, private readonly alpha: number) {
    this.b = layout.alloc(2);
    layout.alloc(1, Number.NaN);
  }

  /** EMA with alpha 2 / (period + 1). */
  static ema(layout: StateLayout, period: number): Smoother {
    return new Smoother(layout, period, 2 / (period + 1));
  }

  /** Wilder's smoothing (RMA) with alpha 1 / period. */
  static wilder(layout: StateLayout, period: number): Smoother {
    return new Smoother(layout, period, 1 / period);
  }

  /** Feeds x and returns the smoothed value (NaN while seeding). */
  push(s: Float64Array, x: number): number {
    const b = this.b;
    const n = s[b];
    if (n >= this.period) {
      const v = s[b + 2];
      return (s[b + 2] = (x - v) * this.alpha + v);
    }
    s[b + 1] += x;
    s[b] = n + 1;
    if (n + 1 === this.period) s[b + 2] = s[b + 1] / this.period;
    return s[b + 2];
  }

  /** The current value (NaN while seeding). */
  value(s: Float64Array): number {
    return s[this.b + 2];
  }
}
