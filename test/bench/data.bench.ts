// Market data layer: storing 1,000,000 bars, reading them back as columns, importing the real 30,240-row CSV.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCandles, importCandleCsv, lastClosedBarOpen, openCandleStore, timeframeMs } from '../../core/data';
import { REAL_FILES } from '../support/sharedData';
import { median, type BenchRow, type BenchSuite } from './harness';

const BARS = 1_000_000;
const RUNS = 3;
const KEY = { exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' as const };

function seconds(run: () => void): number {
  const t = performance.now();
  run();
  return (performance.now() - t) / 1000;
}

const suite: BenchSuite = {
  name: 'data',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'candlecast-bench-data-'));
    try {
      const to = lastClosedBarOpen(Date.UTC(2026, 0, 1), '1m');
      const bars = demoCandles(KEY.symbol, KEY.timeframe, to - (BARS - 1) * timeframeMs(KEY.timeframe), to);
      const insert: number[] = [];
      const read: number[] = [];
      let dbBytes = 0;
      for (let run = 0; run < RUNS; run++) {
        const store = openCandleStore(join(dir, `insert-${run}`, 'candlecast.db'));
        insert.push(seconds(() => store.write(KEY, bars)));
        for (let r = 0; r < 2; r++) {
          let rows = 0;
          read.push(seconds(() => { rows = store.read(KEY).length; }));
          if (rows !== BARS) throw new Error(`read ${rows} rows, expected ${BARS}`);
        }
        store.close();
        dbBytes = statSync(store.path).size;
      }
      const csv: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const store = openCandleStore(join(dir, `csv-${run}`, 'candlecast.db'));
        let stored = 0;
        csv.push(seconds(() => { stored = importCandleCsv(store, REAL_FILES.btc1m, { symbol: 'BTC/USDT' }).rowsStored; }));
        store.close();
        if (stored !== 30_240) throw new Error(`imported ${stored} rows, expected 30240`);
      }
      const runs = (xs: number[]) => `runs ${xs.map((x) => x.toFixed(3)).join(', ')}`;
      return [
        { metric: 'insert 1,000,000 bars', value: median(insert), unit: 's', budget: 3, note: runs(insert) },
        { metric: 'read 1,000,000 bars as columns', value: median(read), unit: 's', budget: 0.5, note: runs(read) },
        { metric: 'import 30,240-row CSV', value: median(csv), unit: 's', budget: 0.1, note: runs(csv) },
        { metric: 'database size, 1,000,000 bars', value: dbBytes / 2 ** 20, unit: 'MiB' },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
