// The row level of candle CSV files, once every row is read: time order, duplicates and the timeframe.
import { allocColumns, timeframeMs, TIMEFRAMES, type CandleColumns, type Timeframe } from './candles';
import { CsvError } from './csvError';
import { formatIsoTime } from './timestamps';

/** Candle rows with the file line of each. */
export interface RawRows {
  readonly cols: CandleColumns;
  readonly lines: Int32Array;
}

/** Rows ordered by time (stable: equal times keep their file order). */
export function sortRows(rows: RawRows): RawRows {
  const { cols, lines } = rows;
  let sorted = true;
  for (let i = 1; i < cols.length && sorted; i++) sorted = cols.time[i] > cols.time[i - 1];
  if (sorted) return rows;
  const order = Array.from({ length: cols.length }, (_, i) => i).sort((a, b) => cols.time[a] - cols.time[b] || a - b);
  const out = allocColumns(cols.length);
  const outLines = new Int32Array(cols.length);
  order.forEach((from, to) => {
    out.time[to] = cols.time[from]; out.open[to] = cols.open[from]; out.high[to] = cols.high[from];
    out.low[to] = cols.low[from]; out.close[to] = cols.close[from]; out.volume[to] = cols.volume[from];
    outLines[to] = lines[from];
  });
  return { cols: out, lines: outLines };
}

/** Drops rows repeating the previous row exactly; a repeated time with other values is an error. */
export function dropDuplicates(rows: RawRows, file: string): { rows: RawRows; dropped: number } {
  const { cols, lines } = rows;
  let n = 0;
  for (let i = 0; i < cols.length; i++) {
    if (n > 0 && cols.time[i] === cols.time[n - 1]) {
      const same = cols.open[i] === cols.open[n - 1] && cols.high[i] === cols.high[n - 1] && cols.low[i] === cols.low[n - 1]
        && cols.close[i] === cols.close[n - 1] && cols.volume[i] === cols.volume[n - 1];
      if (!same) {
        const [first, second] = [lines[n - 1], lines[i]].sort((a, b) => a - b);
        throw new CsvError(file, second, `timestamp ${formatIsoTime(cols.time[i])} repeats line ${first} with different values`);
      }
      continue;
    }
    if (n !== i) {
      cols.time[n] = cols.time[i]; cols.open[n] = cols.open[i]; cols.high[n] = cols.high[i];
      cols.low[n] = cols.low[i]; cols.close[n] = cols.close[i]; cols.volume[n] = cols.volume[i];
      lines[n] = lines[i];
    }
    n++;
  }
  const kept: RawRows = {
    cols: { length: n, time: cols.time.subarray(0, n), open: cols.open.subarray(0, n), high: cols.high.subarray(0, n),
      low: cols.low.subarray(0, n), close: cols.close.subarray(0, n), volume: cols.volume.subarray(0, n) },
    lines: lines.subarray(0, n),
  };
  return { rows: kept, dropped: cols.length - n };
}

/** The median spacing of sorted, distinct times in ms (0 for fewer than two). */
export function medianSpacing(time: ArrayLike<number>): number {
  if (time.length < 2) return 0;
  const d = new Float64Array(time.length - 1);
  for (let i = 1; i < time.length; i++) d[i - 1] = time[i] - time[i - 1];
  d.sort();
  const m = d.length >> 1;
  return d.length % 2 ? d[m] : (d[m - 1] + d[m]) / 2;
}

function describeMs(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}

/** The timeframe of sorted times: the given one (checked against the median spacing), else the one it matches. */
export function resolveTimeframe(time: ArrayLike<number>, given: Timeframe | undefined, file: string): Timeframe {
  const spacing = medianSpacing(time);
  const matching = TIMEFRAMES.find((tf) => timeframeMs(tf) === spacing);
  if (given) {
    if (time.length > 1 && matching !== given) {
      throw new CsvError(file, 0, `timeframe ${given} does not match the file: its bars are ${describeMs(spacing)} apart (median spacing)`);
    }
    return given;
  }
  if (time.length < 2) throw new CsvError(file, 0, 'cannot infer the timeframe from a single bar; give it explicitly');
  if (!matching) {
    throw new CsvError(file, 0, `cannot infer the timeframe: the median spacing ${describeMs(spacing)} is none of ${TIMEFRAMES.join(', ')}`);
  }
  return matching;
}


/** Refuses the first bar that is off the timeframe's grid (which starts at the first bar). */
export function checkGrid(rows: RawRows, timeframe: Timeframe, file: string): void {
  const { cols, lines } = rows;
  const tfMs = timeframeMs(timeframe);
  for (let i = 1; i < cols.length; i++) {
    if ((cols.time[i] - cols.time[0]) % tfMs !== 0) {
      throw new CsvError(file, lines[i], `timestamp ${formatIsoTime(cols.time[i])} is off the ${timeframe} grid `
        + `that starts at ${formatIsoTime(cols.time[0])}`);
    }
  }
}
