import type { CandleColumns } from '../../core/data/candles';
import { seededRandom } from './seededRandom';

/** Standard normal draw (Box-Muller) from a uniform generator. */
export function gaussian(rand: () => number): number {
  const u = Math.max(1e-12, rand());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** How a synthetic market draws the log return of bar t (given the previous return) and its volatility. */
export interface MarketSpec {
  readonly bars: number;
  readonly seed: number;
  /** Per-bar volatility of bar t (opening at `time`). */
  readonly vol: (time: number) => number;
  /** AR(1) coefficient of returns (0 = no signal). */
  readonly phi?: number;
}

/**
 * 1m candles from a return process: r_t = phi r_{t-1} + vol(t) e_t. Each bar opens at the previous close; its
 * wicks are half-normal with the bar's volatility, so the size of candles follows vol(t) too.
 */
export function syntheticMarket(spec: MarketSpec, start = Date.UTC(2024, 0, 1)): CandleColumns {
  const n = spec.bars;
  const rand = seededRandom(spec.seed);
  const f = () => new Float64Array(n);
  const c = { length: n, time: f(), open: f(), high: f(), low: f(), close: f(), volume: f() };
  let prev = 100;
  let r = 0;
  for (let i = 0; i < n; i++) {
    const t = start + i * 60_000;
    const s = spec.vol(t);
    r = (spec.phi ?? 0) * r + s * gaussian(rand);
    const o = prev;
    const cl = o * Math.exp(r);
    c.time[i] = t;
    c.open[i] = o;
    c.close[i] = cl;
    c.high[i] = Math.max(o, cl) * Math.exp(Math.abs(gaussian(rand)) * s * 0.5);
    c.low[i] = Math.min(o, cl) * Math.exp(-Math.abs(gaussian(rand)) * s * 0.5);
    c.volume[i] = 10 + 5 * rand();
    prev = cl;
  }
  return c;
}

/** A copy of `c` with every bar from index `from` on scaled by its own random factor (bars stay valid). */
export function perturbedFrom(c: CandleColumns, from: number, seed: number): CandleColumns {
  const rand = seededRandom(seed);
  const out = { ...c, open: c.open.slice(), high: c.high.slice(), low: c.low.slice(), close: c.close.slice(), volume: c.volume.slice() };
  for (let i = from; i < c.length; i++) {
    const k = 0.97 + 0.06 * rand();
    out.open[i] *= k;
    out.high[i] *= k * (1 + 0.002 * rand());
    out.low[i] *= k;
    out.close[i] *= k;
    out.volume[i] *= 2 * rand();
  }
  return out;
}
