// Finite after warm-up (zero-volume and flat bars included), warm-up marked exactly, scale-free, bad bars refused.
import { describe, expect, it } from 'vitest';
import { allocColumns, type CandleColumns } from '../../core/data/candles';
import { FeatureEngine, type FeatureMatrix } from '../../core/features';
import { close, firstDifference } from '../support/featureAssertions';
import { loadRealCandles } from '../support/realCandles';
import { REAL_FILES } from '../support/sharedData';

const engine = new FeatureEngine();
const files = Object.keys(REAL_FILES) as (keyof typeof REAL_FILES)[];
const at = (m: FeatureMatrix, row: number, name: string): number => m.matrix[row * m.cols + m.names.indexOf(name)];

function scaled(c: CandleColumns, price: number, volume: number): CandleColumns {
  const out = allocColumns(c.length);
  out.time.set(c.time);
  for (const k of ['open', 'high', 'low', 'close'] as const) for (let i = 0; i < c.length; i++) out[k][i] = c[k][i] * price;
  for (let i = 0; i < c.length; i++) out.volume[i] = c.volume[i] * volume;
  return out;
}

describe.each(files)('real data %s', (which) => {
  const bars = loadRealCandles(which);
  const m = engine.batch(bars);

  it('has no NaN or infinity after firstValidRow, and each feature is NaN exactly before its own warm-up', () => {
    const cat = engine.catalogue();
    for (let j = 0; j < m.cols; j++) {
      const warm = cat[j].warmup;
      for (let i = 0; i < m.rows; i++) {
        const v = m.matrix[i * m.cols + j];
        if (i < warm ? !Number.isNaN(v) : !Number.isFinite(v)) expect.fail(`${which} row ${i} ${m.names[j]} = ${v} (warm-up ${warm})`);
      }
    }
    expect(m.firstValidRow).toBe(Math.max(...cat.map((f) => f.warmup)));
  });

  it('zero-volume bars and flat bars (high = low) after warm-up get their defined values', () => {
    let zeroVolume = 0;
    let flat = 0;
    for (let i = m.firstValidRow; i < m.rows; i++) {
      if (bars.volume[i] === 0) {
        zeroVolume++;
        expect(at(m, i, 'volume_zscore_20')).toBeLessThanOrEqual(0);
      }
      if (bars.high[i] === bars.low[i]) {
        flat++;
        expect([at(m, i, 'body_to_range'), at(m, i, 'upper_wick_ratio'), at(m, i, 'lower_wick_ratio'), at(m, i, 'close_location')]).toEqual([0, 0, 0, 0.5]);
        expect(at(m, i, 'doji')).toBe(1);
      }
    }
    // Counts after warm-up; the README lists the 18 and 4 zero-volume bars of the ETH 5m and BTC 1h files.
    expect({ zeroVolume, flat }).toEqual({ btc1m: { zeroVolume: 658, flat: 1613 }, eth5m: { zeroVolume: 18, flat: 18 }, btc1h: { zeroVolume: 4, flat: 4 } }[which]);
  });

  it('is scale-free: prices x 1024 and volumes / 64 give the identical matrix, x 1000 and x 0.001 agree within 1e-7', () => {
    // Powers of two scale exactly in binary floating point, so any raw level in a feature would show as a difference.
    const exact = engine.batch(scaled(bars, 1024, 1 / 64));
    expect(firstDifference(exact.matrix, m.matrix)).toBe(-1);
    const other = engine.batch(scaled(bars, 1000, 0.001));
    const flags = new Set(engine.catalogue().filter((f) => f.category === 'pattern' && !f.name.includes('dist') && !f.name.includes('zscore')).map((f) => f.name));
    let flips = 0;
    for (let i = m.firstValidRow; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) {
        const a = m.matrix[i * m.cols + j];
        const b = other.matrix[i * m.cols + j];
        if (flags.has(m.names[j])) flips += a === b ? 0 : 1;
        else if (!close(a, b, 1e-7, 1e-9)) expect.fail(`${which} row ${i} ${m.names[j]}: ${a} vs ${b} after rescaling`);
      }
    }
    // Rounding can move a value across a pattern's threshold on a handful of bars out of tens of thousands.
    expect(flips).toBeLessThan(m.rows / 1000);
  });
});

/** A series of `n` identical flat bars with zero volume, one minute apart. */
function flatSeries(n: number): CandleColumns {
  const c = allocColumns(n);
  for (let i = 0; i < n; i++) {
    c.time[i] = Date.UTC(2024, 0, 1) + i * 60_000;
    c.open[i] = c.high[i] = c.low[i] = c.close[i] = 100;
  }
  return c;
}

describe('degenerate series', () => {
  it('a market that never moves and never trades has finite, defined features', () => {
    const m = engine.batch(flatSeries(engine.warmup + 50));
    const last = m.rows - 1;
    for (let i = m.firstValidRow; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) expect(Number.isFinite(m.matrix[i * m.cols + j]), m.names[j]).toBe(true);
    }
    const expected: Record<string, number> = {
      return_1: 0, momentum_5: 0, hl_range: 0, body_to_range: 0, close_location: 0.5, rsi_14: 50, stoch_k_14: 50, stoch_d_14: 50,
      macd_line: 0, bb_pct_b_20: 0.5, bb_bandwidth_20: 0, atr_pct_14: 0, volume_sma_ratio_20: 1, obv_slope_20: 0, zscore_20: 0,
      volatility_20: 0, skew_20: 0, efficiency_20: 0, up_fraction_20: 0, volume_zscore_20: 0, volume_spike_20: 0, doji: 1,
      hammer: 0, resistance_dist_200: 0,
      // The price has sat on its high and low since before the window: that touch did not start inside it.
      resistance_touches_50: 0, support_touches_200: 0,
    };
    for (const [name, v] of Object.entries(expected)) expect(at(m, last, name), name).toBe(v);
  });

  it('a window that becomes constant after moving reads exactly 0 variance, not rounding residue', () => {
    const c = flatSeries(engine.warmup + 200);
    for (let i = 0; i < engine.warmup + 100; i++) {
      c.close[i] = 100 + 37.3 * Math.sin(i) ** 2;
      c.high[i] = c.close[i] + 1.7;
      c.open[i] = c.low[i] = c.close[i] - 0.3;
      c.volume[i] = 1e6 * (1 + Math.cos(i));
    }
    const m = engine.batch(c);
    const row = engine.warmup + 180;
    for (const name of ['zscore_50', 'volatility_50', 'skew_50', 'bb_bandwidth_20', 'volume_zscore_20']) expect(at(m, row, name), name).toBe(0);
    expect(at(m, row, 'bb_pct_b_20')).toBe(0.5);
    expect(at(m, row, 'volume_sma_ratio_20')).toBe(1);
  });

  it('a series shorter than the warm-up has every row marked as warm-up', () => {
    const m = engine.batch(flatSeries(50));
    expect(m.rows).toBe(50);
    expect(m.firstValidRow).toBeGreaterThan(m.rows);
    expect(engine.batch(flatSeries(0)).matrix.length).toBe(0);
  });
});

describe('gaps and time', () => {
  it('time features come from each bar\'s own UTC timestamp, also after a gap', () => {
    const c = flatSeries(3);
    c.time[2] = Date.UTC(2024, 1, 29, 17, 45); // a leap day, far after bar 1
    const m = engine.batch(c);
    expect(['hour', 'minute', 'day_of_week', 'day_of_month', 'month', 'quarter'].map((n) => at(m, 2, n))).toEqual([17, 45, 3, 29, 2, 1]);
    expect(at(m, 2, 'day_of_month_sin')).toBeCloseTo(Math.sin((2 * Math.PI * 28) / 29), 15);
    expect(at(m, 0, 'hour_cos')).toBe(1);
  });

  it('windows count bars, not time: a gap changes nothing but the time features', () => {
    const bars = loadRealCandles('btc1m');
    const n = 3000;
    const gapped = allocColumns(n);
    for (const k of ['open', 'high', 'low', 'close', 'volume'] as const) gapped[k].set(bars[k].subarray(0, n));
    for (let i = 0; i < n; i++) gapped.time[i] = bars.time[i] + (i >= 1500 ? 7 * 3_600_000 : 0);
    const a = engine.batch({ ...gapped, time: bars.time.subarray(0, n) });
    const b = engine.batch(gapped);
    const column = (m: FeatureMatrix, j: number): Float64Array => Float64Array.from({ length: m.rows }, (_, i) => m.matrix[i * m.cols + j]);
    for (const f of engine.catalogue()) {
      const j = a.names.indexOf(f.name);
      const same = firstDifference(column(a, j), column(b, j)) === -1;
      if (f.category !== 'time') expect(same, f.name).toBe(true);
    }
    expect(at(b, 1600, 'hour')).toBe((at(a, 1600, 'hour') + 7) % 24);
  });
});

describe('invalid bars', () => {
  const good = { time: Date.UTC(2024, 0, 1), open: 10, high: 11, low: 9, close: 10.5, volume: 3 };
  it.each([
    ['a non-positive price', { low: 0 }, /prices must be > 0/],
    ['high below low', { high: 8.5 }, /high is below low/],
    ['close above high', { close: 12 }, /close is outside/],
    ['open below low', { open: 8 }, /open is outside/],
    ['a NaN price', { close: Number.NaN }, /not a finite number/],
    ['negative volume', { volume: -1 }, /volume/],
    ['an infinite volume', { volume: Infinity }, /volume/],
  ])('refuses %s, naming the rule, and leaves the state as it was', (_label, patch, message) => {
    const st = engine.stream();
    st.push(good);
    const clone = st.clone();
    expect(() => st.push({ ...good, ...patch, time: good.time + 60_000 })).toThrow(message);
    expect(st.count).toBe(1);
    const next = { ...good, time: good.time + 120_000 };
    expect(firstDifference(st.push(next), clone.push(next))).toBe(-1);
  });

  it('refuses a bar that is not after the previous one', () => {
    const st = engine.stream();
    st.push(good);
    expect(() => st.push(good)).toThrow(/bar 1 .*time is not after the previous bar/);
  });

  it('names the row of a bad bar in a batch', () => {
    const c = flatSeries(10);
    c.high[7] = 99;
    expect(() => engine.batch(c)).toThrow(/bar 7 .*high is below low/);
  });
});
