import { allocColumns, barOpenTime, firstBarAtOrAfter, normalizeSymbol, timeframeMs, type CandleColumns, type Timeframe } from './candles';
import { hashWords, normalPair, uniformStream, type UniformStream } from './demoRandom';

/** The exchange id of the built-in offline market; `demo-<n>` names the same market with seed n. */
export const DEMO_EXCHANGE = 'demo';

/** The markets of the demo exchange. */
export const DEMO_SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] as const;

interface SymbolProfile {
  /** Level the price reverts to over about a year. */
  readonly price: number;
  /** Typical daily volatility of log returns. */
  readonly dailyVol: number;
  readonly decimals: number;
  /** Typical base-asset volume traded per minute. */
  readonly volumePerMinute: number;
}

const PROFILES: Record<(typeof DEMO_SYMBOLS)[number], SymbolProfile> = {
  'BTC/USDT': { price: 60_000, dailyVol: 0.03, decimals: 2, volumePerMinute: 15 },
  'ETH/USDT': { price: 3_000, dailyVol: 0.038, decimals: 2, volumePerMinute: 250 },
  'SOL/USDT': { price: 140, dailyVol: 0.05, decimals: 3, volumePerMinute: 4_000 },
};

const DAY_MS = 86_400_000;
/** Share of the daily variance carried by the slow daily path; the rest is bar-level noise around it. */
const MACRO_SHARE = 0.4;
const MACRO_HALF_LIFE_DAYS = 365;
/** Half-life of the bar-level deviation from the daily path. */
const DEVIATION_HALF_LIFE_MS = 2 * DAY_MS;
/** GARCH(1,1) weights: persistence 0.98 gives volatility clusters, and with t(7) shocks a finite, fat-tailed kurtosis. */
const GARCH_ALPHA = 0.08;
const GARCH_BETA = 0.9;
const T_DOF = 7;
const WICK_SCALE = 0.55;
const VOLUME_NOISE = 0.35;

function profileOf(symbol: string): SymbolProfile {
  const s = normalizeSymbol(symbol);
  const p = PROFILES[s as keyof typeof PROFILES];
  if (!p) throw new Error(`the demo market has no ${s}; it has ${DEMO_SYMBOLS.join(', ')}`);
  return p;
}

/** A t-distributed shock with T_DOF degrees of freedom scaled to unit variance, from five uniforms. */
function tShock(u: UniformStream): number {
  const [z, z2] = normalPair(u.next(), u.next());
  const chi2 = -2 * Math.log(u.next() * u.next() * u.next()) + z2 * z2;
  return (z / Math.sqrt(chi2 / T_DOF)) * Math.sqrt((T_DOF - 2) / T_DOF);
}

/**
 * Intraday and weekly volatility multiplier at time t (mean about 1 over a week): busiest in the
 * European/US overlap around 14-16 UTC, quietest around 03 UTC and at weekends.
 */
export function demoSeasonality(t: number): number {
  const hour = (t % DAY_MS) / 3_600_000;
  const daily = 1 + 0.32 * Math.cos((2 * Math.PI * (hour - 15)) / 24) + 0.1 * Math.cos((4 * Math.PI * (hour - 14)) / 24);
  const weekday = new Date(t).getUTCDay();
  return daily * (weekday === 0 || weekday === 6 ? 0.72 : 1.11);
}

/**
 * The slow daily log-price path from 1970-01-01 to the given day: a mean-reverting GARCH walk around the
 * symbol's level, generated from day 0 every time so each day's value depends only on (symbol, seed).
 */
function macroPath(profile: SymbolProfile, symbol: string, seed: number, lastDay: number): Float64Array {
  const sigma = profile.dailyVol * Math.sqrt(MACRO_SHARE);
  const omega = sigma * sigma * (1 - GARCH_ALPHA - GARCH_BETA);
  const revert = 1 - 2 ** (-1 / MACRO_HALF_LIFE_DAYS);
  const center = Math.log(profile.price);
  const u = uniformStream(hashWords(`macro|${symbol}`, seed));
  const m = new Float64Array(lastDay + 2);
  m[0] = center;
  let h = sigma * sigma;
  for (let d = 1; d < m.length; d++) {
    const e = Math.sqrt(h) * tShock(u);
    m[d] = m[d - 1] - revert * (m[d - 1] - center) + e;
    h = omega + GARCH_ALPHA * e * e + GARCH_BETA * h;
  }
  return m;
}

function macroAt(m: Float64Array, t: number): number {
  const day = Math.floor(t / DAY_MS);
  const frac = (t - day * DAY_MS) / DAY_MS;
  return m[day] + frac * (m[day + 1] - m[day]);
}

function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** Bars per chunk: long enough (40 half-lives) that a chunk's one-chunk warm-up forgets its starting state. */
function chunkBars(halfLifeBars: number): number {
  let c = 1024;
  while (c < 40 * halfLifeBars) c *= 2;
  return c;
}

/** The seed of a demo exchange id: `demo` is seed 0, `demo-7` seed 7; undefined for other exchanges. */
export function demoSeed(exchange: string): number | undefined {
  if (exchange === DEMO_EXCHANGE) return 0;
  const m = /^demo-(\d{1,9})$/.exec(exchange);
  return m ? Number(m[1]) : undefined;
}

/** Whether an exchange id names the built-in demo market. */
export function isDemoExchange(exchange: string): boolean {
  return demoSeed(exchange) !== undefined;
}

/**
 * Candles of the offline demo market with open times in [from, to] (ms, both included).
 *
 * Each bar depends only on (symbol, timeframe, seed, its open time): bars are generated in fixed chunks of the
 * timeframe's grid, each chunk from a reset state warmed up over the chunk before it, so any two requests
 * agree on the bars they share and an update appends bars consistent with the stored history.
 * Log returns follow a GARCH(1,1) process with t(7) shocks (volatility clusters, fat tails) scaled by an
 * intraday/weekly seasonality, around a slow daily path that keeps prices at plausible levels; wicks and
 * volume grow with the bar's volatility, volume also with the time of day.
 */
export function demoCandles(symbol: string, timeframe: Timeframe, from: number, to: number, seed = 0): CandleColumns {
  const sym = normalizeSymbol(symbol);
  const profile = profileOf(sym);
  const tfMs = timeframeMs(timeframe);
  const first = firstBarAtOrAfter(from, timeframe);
  const last = barOpenTime(to, timeframe);
  if (first < 0) throw new Error('the demo market starts on 1970-01-01');
  if (last < first) return allocColumns(0);
  const origin = barOpenTime(tfMs - 1, timeframe);
  const halfLifeBars = Math.max(2, DEVIATION_HALF_LIFE_MS / tfMs);
  const chunk = chunkBars(halfLifeBars);
  const n0 = Math.round((first - origin) / tfMs);
  const n1 = Math.round((last - origin) / tfMs);
  const macro = macroPath(profile, sym, seed, Math.floor((last + tfMs) / DAY_MS) + 1);

  const sigma = profile.dailyVol * Math.sqrt(1 - MACRO_SHARE) * Math.sqrt(tfMs / DAY_MS);
  const omega = sigma * sigma * (1 - GARCH_ALPHA - GARCH_BETA);
  const phi = 2 ** (-1 / halfLifeBars);
  const seasonal = tfMs < DAY_MS;
  const baseVolume = profile.volumePerMinute * (tfMs / 60_000);
  const out = allocColumns(n1 - n0 + 1);

  for (let k = Math.floor(n0 / chunk); k <= Math.floor(n1 / chunk); k++) {
    let x = 0;
    let h = sigma * sigma;
    let prevClose = NaN;
    for (let part = k - 1; part <= k; part++) {
      const u = uniformStream(hashWords(`bars|${sym}|${timeframe}`, seed, part));
      const start = part * chunk;
      const end = part === k ? Math.min(start + chunk - 1, n1) : start + chunk - 1;
      for (let n = start; n <= end; n++) {
        const open = origin + n * tfMs;
        const s = seasonal ? demoSeasonality(open + tfMs / 2) : 1;
        const shock = tShock(u);
        const e = Math.sqrt(h) * shock;
        x = phi * x + s * e;
        const vol = s * Math.sqrt(h);
        h = omega + GARCH_ALPHA * e * e + GARCH_BETA * h;
        const up = -Math.log(u.next()) * WICK_SCALE * vol;
        const down = -Math.log(u.next()) * WICK_SCALE * vol;
        const [zv] = normalPair(u.next(), u.next());
        const close = Math.exp(macroAt(macro, open + tfMs) + x);
        if (part === k && n >= n0) {
          const i = n - n0;
          const o = roundTo(Number.isNaN(prevClose) ? close : prevClose, profile.decimals);
          const c = roundTo(close, profile.decimals);
          out.time[i] = open;
          out.open[i] = o;
          out.close[i] = c;
          out.high[i] = Math.max(roundTo(Math.max(o, c) * Math.exp(up), profile.decimals), o, c);
          out.low[i] = Math.min(roundTo(Math.min(o, c) * Math.exp(-down), profile.decimals), o, c);
          const activity = (vol / sigma) * (0.55 + 0.45 * Math.abs(shock)) * s ** 0.5;
          out.volume[i] = roundTo(baseVolume * activity * Math.exp(VOLUME_NOISE * zv - VOLUME_NOISE ** 2 / 2), 4);
        }
        prevClose = close;
      }
    }
  }
  return out;
}
