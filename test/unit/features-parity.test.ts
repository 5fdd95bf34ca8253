// Streaming equals batch: the forecast loop's features must be the ones the model was trained on.
import { describe, expect, it } from 'vitest';
import { candleAt, sliceColumns } from '../../core/data/candles';
import { FeatureCache, FeatureEngine } from '../../core/features';
import { close, firstDifference } from '../support/featureAssertions';
import { loadRealCandles } from '../support/realCandles';
import { REAL_FILES } from '../support/sharedData';

const engine = new FeatureEngine();
const files = Object.keys(REAL_FILES) as (keyof typeof REAL_FILES)[];

describe.each(files)('stream versus batch on %s', (which) => {
  it('every row after warm-up agrees within 1e-9 relative, and warm-up NaNs sit in the same cells', () => {
    const bars = loadRealCandles(which);
    const m = engine.batch(bars);
    const st = engine.stream();
    let compared = 0;
    for (let i = 0; i < bars.length; i++) {
      const row = st.push(candleAt(bars, i));
      for (let j = 0; j < m.cols; j++) {
        const want = m.matrix[i * m.cols + j];
        if (i >= m.firstValidRow) {
          if (!close(row[j], want, 1e-9)) expect.fail(`${which} row ${i} ${m.names[j]}: stream ${row[j]}, batch ${want}`);
          compared++;
        } else if (Number.isNaN(row[j]) !== Number.isNaN(want)) {
          expect.fail(`${which} warm-up row ${i} ${m.names[j]}: stream ${row[j]}, batch ${want}`);
        }
      }
      expect(st.ready).toBe(i >= m.firstValidRow);
    }
    expect(st.count).toBe(bars.length);
    expect(compared).toBe((bars.length - m.firstValidRow) * m.cols);
  });
});

describe('streams continued from history', () => {
  const bars = loadRealCandles('eth5m');
  const m = engine.batch(bars);
  const split = 20_000;
  const rowOf = (i: number): Float64Array => m.matrix.subarray(i * m.cols, (i + 1) * m.cols);

  it('streamAfter, pushColumns and batchWithStream all continue exactly where the batch is', () => {
    const { time, open, high, low, close: cl, volume } = bars;
    const viaAfter = engine.streamAfter(bars, split);
    const viaColumns = engine.stream();
    viaColumns.pushColumns(bars, 0, split);
    const { features, stream: viaBatch } = engine.batchWithStream(sliceColumns(bars, 0, split));
    expect(firstDifference(features.matrix, m.matrix.subarray(0, split * m.cols))).toBe(-1);
    for (let i = split; i < split + 500; i++) {
      const want = rowOf(i);
      expect(firstDifference(viaAfter.pushBar(time[i], open[i], high[i], low[i], cl[i], volume[i]), want)).toBe(-1);
      expect(firstDifference(viaColumns.push(candleAt(bars, i)), want)).toBe(-1);
      expect(firstDifference(viaBatch.push(candleAt(bars, i)), want)).toBe(-1);
    }
  });

  it('the cache returns the same matrix for the same bars, and extends a grown series to the full batch', () => {
    const cache = new FeatureCache();
    const key = { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '5m' } as const;
    const first = cache.matrix(key, engine, sliceColumns(bars, 0, split));
    expect(cache.matrix(key, engine, sliceColumns(bars, 0, split))).toBe(first);
    const grown = cache.matrix(key, engine, bars);
    expect(cache.stats).toEqual({ hits: 1, extensions: 1, misses: 1 });
    expect(grown.rows).toBe(bars.length);
    expect(firstDifference(grown.matrix, m.matrix)).toBe(-1);
    const st = cache.streamAfter(key, engine, bars);
    expect(st.count).toBe(bars.length);
    expect(cache.stats.hits).toBe(2);
  });

  it('the cache recomputes when a cached bar changed, and keys by config as well as series', () => {
    const cache = new FeatureCache();
    const head = sliceColumns(bars, 0, 3000);
    const a = cache.matrix('s', engine, head);
    const edited = { ...head, close: head.close.slice() };
    edited.close[1500] = edited.close[1500] * 1.001;
    const b = cache.matrix('s', engine, edited);
    expect(b).not.toBe(a);
    expect(firstDifference(b.matrix, engine.batch(edited).matrix)).toBe(-1);
    const other = new FeatureEngine({ lookbackPeriods: [7, 30] });
    const c = cache.matrix('s', other, edited);
    expect(c.cols).toBe(other.featureCount);
    expect(cache.stats).toEqual({ hits: 0, extensions: 0, misses: 3 });
    expect(cache.size).toBe(2);
  });
});
