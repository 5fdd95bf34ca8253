// Stream state: cloning, independence of branches, the reused row buffer, count and ready.
import { describe, expect, it } from 'vitest';
import { candleAt, type Candle } from '../../core/data/candles';
import { FeatureEngine } from '../../core/features';
import { firstDifference } from '../support/featureAssertions';
import { loadRealCandles } from '../support/realCandles';

const engine = new FeatureEngine();
const bars = loadRealCandles('btc1h');
const history = 2000;

/** A plausible next candle, moved by `drift` relative to the previous close. */
function nextCandle(prev: Candle, drift: number, step: number): Candle {
  const close = prev.close * (1 + drift);
  return { time: prev.time + 3_600_000 * step, open: prev.close, high: Math.max(prev.close, close) * 1.002, low: Math.min(prev.close, close) * 0.998, close, volume: 10 + step };
}

function branch(start: Candle, drift: number, steps: number): Candle[] {
  const out: Candle[] = [];
  let prev = start;
  for (let s = 1; s <= steps; s++) out.push((prev = nextCandle(prev, drift * (1 + 0.1 * Math.sin(s)), s)));
  return out;
}

describe('cloned streams', () => {
  it('evolve independently: each branch equals a fresh stream fed the same bars, the parent is untouched', () => {
    const parent = engine.streamAfter(bars, history);
    const last = candleAt(bars, history - 1);
    const up = branch(last, 0.01, 60);
    const down = branch(last, -0.015, 60);
    const a = parent.clone();
    const b = parent.clone();
    const rowsA: Float64Array[] = [];
    const rowsB: Float64Array[] = [];
    for (let s = 0; s < 60; s++) {
      rowsA.push(a.push(up[s]).slice());
      rowsB.push(b.push(down[s]).slice());
    }
    expect(parent.count).toBe(history);
    expect([a.count, b.count]).toEqual([history + 60, history + 60]);
    expect(firstDifference(rowsA[59], rowsB[59])).not.toBe(-1);
    for (const [path, rows] of [[up, rowsA], [down, rowsB]] as const) {
      const fresh = engine.streamAfter(bars, history);
      path.forEach((c, s) => expect(firstDifference(fresh.push(c), rows[s]), `step ${s}`).toBe(-1));
    }
    const real = candleAt(bars, history);
    const fromParent = parent.push(real).slice();
    expect(firstDifference(fromParent, engine.batch(bars).matrix.subarray(history * engine.featureCount, (history + 1) * engine.featureCount))).toBe(-1);
  });

  it('a clone of a clone branched mid-path equals the straight path', () => {
    const st = engine.streamAfter(bars, history);
    const path = branch(candleAt(bars, history - 1), 0.004, 40);
    for (let s = 0; s < 20; s++) st.push(path[s]);
    const mid = st.clone().clone();
    for (let s = 20; s < 40; s++) {
      const want = st.push(path[s]).slice();
      expect(firstDifference(mid.push(path[s]), want)).toBe(-1);
    }
  });

  it('copyFrom restarts a branch from the parent without a new stream, and refuses another engine\'s stream', () => {
    const parent = engine.streamAfter(bars, history);
    const path = branch(candleAt(bars, history - 1), -0.006, 30);
    const reused = engine.stream();
    const firstRun: Float64Array[] = [];
    for (let run = 0; run < 2; run++) {
      reused.copyFrom(parent);
      expect(reused.count).toBe(history);
      path.forEach((c, s) => {
        const row = reused.push(c);
        if (run === 0) firstRun.push(row.slice());
        else expect(firstDifference(row, firstRun[s]), `run 2 step ${s}`).toBe(-1);
      });
    }
    expect(parent.count).toBe(history);
    expect(() => reused.copyFrom(new FeatureEngine({ lookbackPeriods: [5, 10] }).stream())).toThrow(/same feature engine/);
  });

  it('push returns a reused buffer (callers copy), and clones do not share it', () => {
    const st = engine.streamAfter(bars, history);
    const c = st.clone();
    const r1 = st.push(candleAt(bars, history));
    const kept = r1.slice();
    const r2 = st.push(candleAt(bars, history + 1));
    expect(r2).toBe(r1);
    expect(firstDifference(kept, r2)).not.toBe(-1);
    expect(c.push(candleAt(bars, history))).not.toBe(r1);
    expect(st.cols).toBe(engine.featureCount);
  });

  it('ready turns true exactly when the last row is past warm-up', () => {
    const st = engine.stream();
    for (let i = 0; i < engine.warmup; i++) st.push(candleAt(bars, i));
    expect(st.ready).toBe(false);
    expect(st.count).toBe(engine.warmup);
    const row = st.push(candleAt(bars, engine.warmup));
    expect(st.ready).toBe(true);
    expect(row.every(Number.isFinite)).toBe(true);
  });

  it('pushColumns refuses a range outside the columns', () => {
    expect(() => engine.stream().pushColumns(bars, 10, bars.length + 1)).toThrow(/outside/);
  });
});
