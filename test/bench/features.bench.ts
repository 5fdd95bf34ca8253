// Feature engine: batch over 43,200 bars, streaming push per bar, and recompute-each-step versus streaming
// for a 300-step forecast loop on 43,200 bars of history. Real BTC 1h bars (the first 43,200 of the file).
import { candleAt, sliceColumns, type Candle, type CandleColumns } from '../../core/data/candles';
import { FeatureEngine, type FeatureStream } from '../../core/features';
import { loadRealCandles } from '../support/realCandles';
import { seededRandom } from '../support/seededRandom';
import { median, type BenchSuite } from './harness';

const HISTORY = 43_200;
const STEPS = 300;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** A deterministic path of plausible candles after `last` (what a forecast loop would feed back). */
function predictedPath(last: Candle, steps: number): Candle[] {
  const rand = seededRandom(42);
  const out: Candle[] = [];
  let prev = last;
  for (let s = 1; s <= steps; s++) {
    const close = prev.close * (1 + (rand() - 0.5) * 0.01);
    const high = Math.max(prev.close, close) * (1 + rand() * 0.002);
    const low = Math.min(prev.close, close) * (1 - rand() * 0.002);
    out.push((prev = { time: prev.time + 3_600_000, open: prev.close, high, low, close, volume: 100 * rand() }));
  }
  return out;
}

/** History plus the first `n` predicted candles, as columns. */
function extended(history: CandleColumns, path: readonly Candle[], n: number): CandleColumns {
  const len = history.length + n;
  const cols = { length: len } as Record<string, unknown>;
  for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    const a = new Float64Array(len);
    a.set(history[k]);
    for (let i = 0; i < n; i++) a[history.length + i] = path[i][k];
    cols[k] = a;
  }
  return cols as unknown as CandleColumns;
}

function timeMs(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

const suite: BenchSuite = {
  name: 'features',
  async run() {
    const engine = new FeatureEngine();
    const history = sliceColumns(loadRealCandles('btc1h'), 0, HISTORY);
    for (let i = 0; i < 3; i++) engine.batch(history);

    const batchMs: number[] = [];
    for (let r = 0; r < 9; r++) {
      gc();
      batchMs.push(timeMs(() => engine.batch(history)));
    }

    const candles = Array.from({ length: HISTORY }, (_, i) => candleAt(history, i));
    const pushUs: number[] = [];
    for (let r = 0; r < 7; r++) {
      const st = engine.stream();
      gc();
      pushUs.push((timeMs(() => { for (const c of candles) st.push(c); }) * 1000) / HISTORY);
    }

    const path = predictedPath(candles[HISTORY - 1], STEPS);
    const { stream: primed } = engine.batchWithStream(history);
    const loopUs: number[] = [];
    const cloneUs: number[] = [];
    const copyUs: number[] = [];
    let branch: FeatureStream = primed;
    const reused = engine.stream();
    for (let r = 0; r < 200; r++) {
      cloneUs.push(timeMs(() => { branch = primed.clone(); }) * 1000);
      copyUs.push(timeMs(() => reused.copyFrom(primed)) * 1000);
      loopUs.push((timeMs(() => { for (const c of path) branch.push(c); }) * 1000) / STEPS);
    }

    // Recomputing means one batch over history + predicted bars per step; 10 evenly spaced steps are timed
    // (each costs about the same, the series grows by under 1 %) and scaled to the 300 steps.
    const recomputeSamples: number[] = [];
    for (let s = 0; s < STEPS; s += STEPS / 10) {
      const bars = extended(history, path, s + 1);
      gc();
      recomputeSamples.push(timeMs(() => engine.batch(bars)));
    }
    const recomputeMs = (recomputeSamples.reduce((a, b) => a + b, 0) / recomputeSamples.length) * STEPS;
    const primeSamples: number[] = [];
    for (let r = 0; r < 3; r++) {
      gc();
      primeSamples.push(timeMs(() => engine.streamAfter(history)));
    }
    const primeMs = median(primeSamples);
    const streamLoopMs = (median(loopUs) * STEPS) / 1000;
    const ratio = recomputeMs / (primeMs + streamLoopMs);

    return [
      { metric: `batch, ${HISTORY} bars x ${engine.featureCount} features`, value: median(batchMs), unit: 'ms', budget: 150 },
      { metric: 'streaming push per bar (whole history)', value: median(pushUs), unit: 'µs', budget: 5 },
      { metric: 'streaming push per predicted bar (forecast loop)', value: median(loopUs), unit: 'µs', budget: 5 },
      { metric: 'clone of a stream state', value: median(cloneUs), unit: 'µs', note: `${engine.stateBytes} bytes of state` },
      { metric: 'copyFrom into an existing stream', value: median(copyUs), unit: 'µs' },
      { metric: `recompute each step, ${STEPS} steps`, value: recomputeMs, unit: 'ms', note: '10 of 300 steps timed, scaled' },
      { metric: `streaming ${STEPS} steps incl. priming from history`, value: primeMs + streamLoopMs, unit: 'ms' },
      { metric: 'recompute / streaming (incl. priming)', value: ratio, unit: 'x', note: 'must be >= 100' },
      { metric: 'recompute / streaming (state already primed)', value: recomputeMs / streamLoopMs, unit: 'x' },
      { metric: 'streaming cost as % of recompute (incl. priming)', value: 100 / ratio, unit: '%', budget: 1 },
    ];
  },
};

export default suite;
