import { allocColumns, timeframeMs, TIMEFRAMES, type CandleColumns, type Timeframe } from './candles';
import { findGaps, type GapReport } from './gaps';
import { formatIsoTime, parseTimestamp } from './timestamps';

/** A problem in a candle file, located by file and line: its message is `<file>:<line>: <what>`. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    readonly file: string,
    /** 1-based line number; 0 when the problem belongs to the whole file. */
    readonly line: number,
    readonly problem: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
  }
}

/** The layouts a candle file can have. */
export type CsvLayout = 'header' | 'binance-klines' | 'plain';

/** A validated candle file: sorted, without duplicates, with its timeframe and gaps. */
export interface ParsedCandleCsv {
  readonly candles: CandleColumns;
  readonly timeframe: Timeframe;
  readonly layout: CsvLayout;
  /** Candle rows in the file (blank lines and the header not counted). */
  readonly rowsRead: number;
  /** Rows dropped because an earlier row had the same time and the same values. */
  readonly duplicatesDropped: number;
  readonly gaps: GapReport;
}

/** Options of parseCandleCsv. */
export interface ParseCandleCsvOptions {
  /** Name of the file in error messages. */
  readonly file: string;
  /** The bars' timeframe; inferred from the median spacing when missing. */
  readonly timeframe?: Timeframe;
}

const TIME_NAMES = ['timestamp', 'open_time', 'datetime', 'date', 'time'];
const VALUE_NAMES = ['open', 'high', 'low', 'close', 'volume'] as const;
const BINANCE_KLINE_FIELDS = 12;

interface Layout {
  readonly kind: CsvLayout;
  readonly fields: number;
  /** Field index of time, open, high, low, close, volume. */
  readonly index: readonly number[];
}

function splitFields(line: string, delimiter: string): string[] {
  const parts = line.split(delimiter);
  for (let i = 0; i < parts.length; i++) {
    let p = parts[i].trim();
    if (p.length >= 2 && p[0] === '"' && p[p.length - 1] === '"') p = p.slice(1, -1).trim();
    parts[i] = p;
  }
  return parts;
}

function detectDelimiter(line: string): string {
  if (line.includes(',')) return ',';
  if (line.includes(';')) return ';';
  if (line.includes('\t')) return '\t';
  return ',';
}

function detectLayout(fields: readonly string[], file: string, line: number): Layout {
  if (!Number.isNaN(parseTimestamp(fields[0]))) {
    if (fields.length === BINANCE_KLINE_FIELDS) return { kind: 'binance-klines', fields: fields.length, index: [0, 1, 2, 3, 4, 5] };
    if (fields.length === 6) return { kind: 'plain', fields: 6, index: [0, 1, 2, 3, 4, 5] };
    throw new CsvError(file, line, `no header, and ${fields.length} fields where a header-less file has 6 `
      + '(time, open, high, low, close, volume) or 12 (Binance klines)');
  }
  if (fields.length >= 6 && fields.slice(1).every((f) => f !== '' && Number.isFinite(Number(f)))) {
    throw new CsvError(file, line, `timestamp is not readable: "${fields[0]}"`);
  }
  const names = fields.map((f) => f.toLowerCase().replace(/[\s-]+/g, '_'));
  const timeIdx = TIME_NAMES.map((n) => names.indexOf(n)).find((i) => i >= 0);
  if (timeIdx === undefined) {
    throw new CsvError(file, line, `header has no time column (one of ${TIME_NAMES.join(', ')}); found ${fields.join(', ')}`);
  }
  const index = [timeIdx];
  for (const v of VALUE_NAMES) {
    const i = names.indexOf(v);
    if (i < 0) throw new CsvError(file, line, `header has no ${v} column; found ${fields.join(', ')}`);
    index.push(i);
  }
  return { kind: 'header', fields: fields.length, index };
}

function numberField(raw: string, name: string, file: string, line: number): number {
  const v = raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new CsvError(file, line, `${name} is not a number: "${raw}"`);
  return v;
}

/** Checks one candle's prices and volume; throws a CsvError naming the rule it breaks. */
function checkCandle(o: number, h: number, l: number, c: number, v: number, file: string, line: number): void {
  const prices: [string, number][] = [['open', o], ['high', h], ['low', l], ['close', c]];
  for (const [name, p] of prices) {
    if (p <= 0) throw new CsvError(file, line, `${name} must be a positive price, got ${p}`);
  }
  if (v < 0) throw new CsvError(file, line, `volume is negative: ${v}`);
  if (h < Math.max(o, c)) throw new CsvError(file, line, `high ${h} is below max(open, close) ${Math.max(o, c)}`);
  if (l > Math.min(o, c)) throw new CsvError(file, line, `low ${l} is above min(open, close) ${Math.min(o, c)}`);
}

interface RawRows {
  readonly layout: CsvLayout;
  readonly cols: CandleColumns;
  readonly lines: Int32Array;
}

function readRows(text: string, file: string): RawRows {
  let cols = allocColumns(Math.max(16, text.length >> 6));
  let lines = new Int32Array(cols.length);
  let layout: Layout | undefined;
  let delimiter = ',';
  let n = 0;
  let lineNo = 0;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    if (line.trim() === '') continue;
    if (!layout) {
      delimiter = detectDelimiter(line);
      layout = detectLayout(splitFields(line, delimiter), file, lineNo);
      if (layout.kind === 'header') continue;
    }
    const f = splitFields(line, delimiter);
    if (f.length !== layout.fields) throw new CsvError(file, lineNo, `expected ${layout.fields} fields, found ${f.length}`);
    const [ti, oi, hi, li, ci, vi] = layout.index;
    const t = parseTimestamp(f[ti]);
    if (Number.isNaN(t)) throw new CsvError(file, lineNo, `timestamp is not readable: "${f[ti]}"`);
    const o = numberField(f[oi], 'open', file, lineNo);
    const h = numberField(f[hi], 'high', file, lineNo);
    const l = numberField(f[li], 'low', file, lineNo);
    const c = numberField(f[ci], 'close', file, lineNo);
    const v = numberField(f[vi], 'volume', file, lineNo);
    checkCandle(o, h, l, c, v, file, lineNo);
    if (n === cols.length) {
      const bigger = allocColumns(cols.length * 2);
      for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) bigger[k].set(cols[k]);
      const biggerLines = new Int32Array(bigger.length);
      biggerLines.set(lines);
      cols = bigger;
      lines = biggerLines;
    }
    cols.time[n] = t; cols.open[n] = o; cols.high[n] = h; cols.low[n] = l; cols.close[n] = c; cols.volume[n] = v;
    lines[n] = lineNo;
    n++;
  }
  if (!layout || n === 0) throw new CsvError(file, 0, 'no candle rows');
  return {
    layout: layout.kind,
    cols: { length: n, time: cols.time.subarray(0, n), open: cols.open.subarray(0, n), high: cols.high.subarray(0, n),
      low: cols.low.subarray(0, n), close: cols.close.subarray(0, n), volume: cols.volume.subarray(0, n) },
    lines: lines.subarray(0, n),
  };
}

/** Rows ordered by time (stable: equal times keep their file order). */
function sortRows(rows: RawRows): RawRows {
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
  return { layout: rows.layout, cols: out, lines: outLines };
}

/** Drops rows repeating the previous row exactly; a repeated time with other values is an error. */
function dropDuplicates(rows: RawRows, file: string): { rows: RawRows; dropped: number } {
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
    layout: rows.layout,
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

function resolveTimeframe(time: ArrayLike<number>, given: Timeframe | undefined, file: string): Timeframe {
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

/**
 * Parses and validates a candle CSV: header or header-less (6 columns, or Binance's 12-column klines),
 * timestamps in s/ms/µs or ISO 8601. Every bad row throws a CsvError with its line number; unsorted rows are
 * sorted, identical duplicates dropped and counted, bars off the timeframe's grid refused, gaps reported.
 */
export function parseCandleCsv(text: string, options: ParseCandleCsvOptions): ParsedCandleCsv {
  const { file } = options;
  const raw = readRows(text, file);
  const { rows, dropped } = dropDuplicates(sortRows(raw), file);
  const { cols, lines } = rows;
  const timeframe = resolveTimeframe(cols.time, options.timeframe, file);
  const tfMs = timeframeMs(timeframe);
  for (let i = 1; i < cols.length; i++) {
    if ((cols.time[i] - cols.time[0]) % tfMs !== 0) {
      throw new CsvError(file, lines[i], `timestamp ${formatIsoTime(cols.time[i])} is off the ${timeframe} grid `
        + `that starts at ${formatIsoTime(cols.time[0])}`);
    }
  }
  return {
    candles: cols,
    timeframe,
    layout: raw.layout,
    rowsRead: raw.cols.length,
    duplicatesDropped: dropped,
    gaps: findGaps(cols.time, tfMs),
  };
}
