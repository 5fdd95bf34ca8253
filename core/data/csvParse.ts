import { allocColumns, type CandleColumns, type Timeframe } from './candles';
import { CsvError } from './csvError';
import { detectDelimiter, excerpt, readNumber, splitFields, UnclosedQuoteError } from './csvFields';
import { readFastRow } from './csvFastRow';
import { checkGrid, dropDuplicates, resolveTimeframe, sortRows } from './csvRows';
import { findGaps, type GapReport } from './gaps';
import { formatIsoTime, parseTimestamp } from './timestamps';
import { timeframeMs } from './candles';
import { brokenCandleRule } from './barRules';

export { CsvError } from './csvError';
export { medianSpacing } from './csvRows';

/** The layouts a candle file can have. */
export type CsvLayout = 'header' | 'binance-klines' | 'plain';

/** A validated candle file: sorted, without duplicates, with its timeframe and gaps. */
export interface ParsedCandleCsv {
  readonly candles: CandleColumns;
  readonly timeframe: Timeframe;
  readonly layout: CsvLayout;
  /** Candle rows in the file (blank lines and headers not counted). */
  readonly rowsRead: number;
  /** Rows dropped because an earlier row had the same time and the same values. */
  readonly duplicatesDropped: number;
  readonly gaps: GapReport;
  /** What was read in a way the user should know about (no volume column, a repeated header, decimal commas). */
  readonly notes: readonly string[];
}

/** Options of parseCandleCsv. */
export interface ParseCandleCsvOptions {
  /** Name of the file in error messages. */
  readonly file: string;
  /** The bars' timeframe; inferred from the median spacing when missing. */
  readonly timeframe?: Timeframe;
  /** The clock for the "not in the future" check (ms); default Date.now(). */
  readonly now?: number;
}

/** A candle file read piece by piece: text goes in as it arrives, the validated candles come out at the end. */
export interface CandleCsvReader {
  /** Reads the next piece of text (any split, even inside a line). Throws CsvError at the first bad line. */
  push(text: string): void;
  /** Reads what is left and validates the whole file. */
  finish(): ParsedCandleCsv;
}

const TIME_NAMES = ['timestamp', 'open_time', 'datetime', 'date', 'time'];
const VALUE_NAMES = ['open', 'high', 'low', 'close', 'volume'] as const;
const BINANCE_KLINE_FIELDS = 12;
/** No candle line is near this long; a longer one means a binary file or a stream without line breaks. */
export const MAX_LINE_CHARS = 64 * 1024;
/** Most candle rows one file may hold (about 9.5 years of 1m bars): bounds an import's memory at ~400 MB. */
export const MAX_ROWS = 5_000_000;
/** Earliest bar accepted: 1900-01-01 (older "candles" are a unit mistake). */
const EARLIEST = Date.UTC(1900, 0, 1);
/** Bars may start at most this far after now (clock skew, a bar that just opened). */
const FUTURE_SLACK_MS = 86_400_000;

interface Layout {
  readonly kind: CsvLayout;
  readonly fields: number;
  /** Field index of time, open, high, low, close, volume (-1: no volume column, volume is 0). */
  readonly index: readonly number[];
}

function headerNames(fields: readonly string[]): string[] {
  return fields.map((f) => f.toLowerCase().replace(/[\s-]+/g, '_'));
}

/** The index of a named column; a name given twice is an error (which of the two would be right?). */
function columnOf(names: readonly string[], name: string, fields: readonly string[], file: string, line: number): number {
  const i = names.indexOf(name);
  const j = names.lastIndexOf(name);
  if (i !== j) {
    throw new CsvError(file, line, `header has ${excerpt(fields[i])} twice (columns ${i + 1} and ${j + 1}); keep one of them`);
  }
  return i;
}

function detectLayout(fields: readonly string[], file: string, line: number): Layout {
  if (!Number.isNaN(parseTimestamp(fields[0]))) {
    if (fields.length === BINANCE_KLINE_FIELDS) return { kind: 'binance-klines', fields: fields.length, index: [0, 1, 2, 3, 4, 5] };
    if (fields.length === 6) return { kind: 'plain', fields: 6, index: [0, 1, 2, 3, 4, 5] };
    if (fields.length === 5) return { kind: 'plain', fields: 5, index: [0, 1, 2, 3, 4, -1] };
    throw new CsvError(file, line, `no header, and ${fields.length} fields where a header-less file has 6 `
      + '(time, open, high, low, close, volume), 5 (without volume) or 12 (Binance klines)');
  }
  if (fields.length >= 5 && fields.slice(1).every((f) => f !== '' && Number.isFinite(readNumber(f, true)))) {
    throw new CsvError(file, line, `timestamp is not readable: "${excerpt(fields[0])}"`);
  }
  const names = headerNames(fields);
  const found = excerpt(fields.join(', '), 160);
  const timeName = TIME_NAMES.find((n) => names.includes(n));
  if (timeName === undefined) {
    throw new CsvError(file, line, `header has no time column (one of ${TIME_NAMES.join(', ')}); found ${found}`);
  }
  const index = [columnOf(names, timeName, fields, file, line)];
  for (const v of VALUE_NAMES) {
    const i = columnOf(names, v, fields, file, line);
    if (i < 0 && v !== 'volume') throw new CsvError(file, line, `header has no ${v} column; found ${found}`);
    index.push(i);
  }
  return { kind: 'header', fields: fields.length, index };
}

function numberField(raw: string, name: string, commaDecimal: boolean, file: string, line: number): number {
  const v = readNumber(raw, commaDecimal);
  if (!Number.isFinite(v)) throw new CsvError(file, line, `${name} is not a number: "${excerpt(raw)}"`);
  return v;
}

/** Checks one candle with the rules every source shares (barRules); throws a CsvError naming the rule it breaks. */
function checkCandle(o: number, h: number, l: number, c: number, v: number, file: string, line: number): void {
  if (o > 0 && h > 0 && l > 0 && c > 0 && v >= 0 && h >= o && h >= c && l <= o && l <= c) return;
  const broken = brokenCandleRule(o, h, l, c, v);
  if (broken) throw new CsvError(file, line, broken);
}

function checkTime(t: number, raw: string, now: number, file: string, line: number): void {
  if (t >= EARLIEST && t <= now + FUTURE_SLACK_MS) return;
  const iso = Math.abs(t) < 8.64e15 ? formatIsoTime(t) : 'beyond any calendar';
  const read = iso === raw ? '' : ` (read as ${iso})`;
  throw new CsvError(file, line, `timestamp "${excerpt(raw)}"${read} is ${t < EARLIEST ? 'before 1900' : 'in the future'}: `
    + 'is the unit right? (epoch numbers are read as s, ms, µs or ns by their size)');
}

/** A CandleCsvReader (see parseCandleCsv for what it accepts). */
export function createCandleCsvReader(options: ParseCandleCsvOptions): CandleCsvReader {
  const { file } = options;
  const now = options.now ?? Date.now();
  let cols = allocColumns(4096);
  let lines = new Int32Array(cols.length);
  let n = 0;
  let layout: Layout | undefined;
  let header: string | undefined;
  let delimiter = ',';
  let commaDecimal = false;
  let usedDecimalComma = false;
  let repeatedHeaders = 0;
  let lineNo = 0;
  let pending = '';
  let started = false;
  let lineBreak: '\n' | '\r' | undefined;
  let delimiterCode = 44;
  let fastOk = false;
  const row = new Float64Array(6);

  function grow(): void {
    const bigger = allocColumns(Math.min(cols.length * 2, MAX_ROWS));
    for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) bigger[k].set(cols[k]);
    const biggerLines = new Int32Array(bigger.length);
    biggerLines.set(lines);
    cols = bigger;
    lines = biggerLines;
  }

  function split(line: string): string[] {
    try {
      return splitFields(line, delimiter);
    } catch (err) {
      if (err instanceof UnclosedQuoteError) throw new CsvError(file, lineNo, `a quoted field is not closed: ${excerpt(line)}`);
      throw err;
    }
  }

  function readLine(line: string): void {
    lineNo++;
    if (line.trim() === '') return;
    if (!layout) {
      delimiter = detectDelimiter(line);
      commaDecimal = delimiter !== ',';
      const f = split(line);
      while (f.length > 1 && f[f.length - 1] === '') f.pop();
      layout = detectLayout(f, file, lineNo);
      delimiterCode = delimiter.charCodeAt(0);
      fastOk = true;
      if (layout.kind === 'header') {
        header = headerNames(f).join('\u0000');
        return;
      }
    }
    // The common line, read from its characters; anything unusual (and any time out of range, for its message)
    // goes through the general reader below.
    if (fastOk && readFastRow(line, delimiterCode, layout.fields, layout.index, row) && row[0] >= EARLIEST && row[0] <= now + FUTURE_SLACK_MS) {
      store(row[0], row[1], row[2], row[3], row[4], row[5]);
      return;
    }
    const f = split(line);
    while (f.length > layout.fields && f[f.length - 1] === '') f.pop();
    const [ti, oi, hi, li, ci, vi] = layout.index;
    const t = f.length === layout.fields ? parseTimestamp(f[ti]) : NaN;
    if (Number.isNaN(t)) {
      // A header again in the middle: files joined with `cat`.
      if (header !== undefined && headerNames(f).join('\u0000') === header) {
        repeatedHeaders++;
        return;
      }
      if (f.length !== layout.fields) throw new CsvError(file, lineNo, `expected ${layout.fields} fields, found ${f.length}`);
      throw new CsvError(file, lineNo, `timestamp is not readable: "${excerpt(f[ti])}"`);
    }
    checkTime(t, f[ti], now, file, lineNo);
    const o = numberField(f[oi], 'open', commaDecimal, file, lineNo);
    const h = numberField(f[hi], 'high', commaDecimal, file, lineNo);
    const l = numberField(f[li], 'low', commaDecimal, file, lineNo);
    const c = numberField(f[ci], 'close', commaDecimal, file, lineNo);
    const v = vi < 0 ? 0 : numberField(f[vi], 'volume', commaDecimal, file, lineNo);
    if (commaDecimal && !usedDecimalComma) usedDecimalComma = f[oi].includes(',') || f[ci].includes(',');
    store(t, o, h, l, c, v);
  }

  /** Checks one candle and appends it. */
  function store(t: number, o: number, h: number, l: number, c: number, v: number): void {
    checkCandle(o, h, l, c, v, file, lineNo);
    if (n === cols.length) {
      if (n >= MAX_ROWS) throw new CsvError(file, lineNo, `more than ${MAX_ROWS.toLocaleString('en-US')} candle rows: split the file (by date) and import the parts`);
      grow();
    }
    cols.time[n] = t; cols.open[n] = o; cols.high[n] = h; cols.low[n] = l; cols.close[n] = c; cols.volume[n] = v;
    lines[n] = lineNo;
    n++;
  }

  function push(chunk: string): void {
    let text = pending ? pending + chunk : chunk;
    if (!started && text.length > 0) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      throw new CsvError(file, lineNo + 1, 'holds NUL characters: not a text file (or UTF-16 text read as UTF-8)');
    }
    if (lineBreak === undefined) {
      const lf = text.indexOf('\n');
      const cr = text.indexOf('\r');
      // CR alone ends lines in files from old Mac spreadsheets; decided by the first line break seen.
      if (cr >= 0 && (lf < 0 || cr < lf) && cr + 1 < text.length) lineBreak = text[cr + 1] === '\n' ? '\n' : '\r';
      else if (lf >= 0) lineBreak = '\n';
    }
    let pos = 0;
    if (lineBreak !== undefined) {
      for (let end = text.indexOf(lineBreak, pos); end >= 0; end = text.indexOf(lineBreak, pos)) {
        readLine(text.slice(pos, end));
        pos = end + 1;
      }
    }
    pending = pos === 0 ? text : text.slice(pos);
    if (pending.length > MAX_LINE_CHARS) {
      throw new CsvError(file, lineNo + 1, `line is longer than ${MAX_LINE_CHARS} characters (${excerpt(pending, 40)}): not a candle file`);
    }
  }

  function finish(): ParsedCandleCsv {
    if (pending !== '') {
      const last = pending;
      pending = '';
      readLine(last);
    }
    if (!layout || n === 0) throw new CsvError(file, 0, 'no candle rows');
    const raw = {
      cols: { length: n, time: cols.time.subarray(0, n), open: cols.open.subarray(0, n), high: cols.high.subarray(0, n),
        low: cols.low.subarray(0, n), close: cols.close.subarray(0, n), volume: cols.volume.subarray(0, n) },
      lines: lines.subarray(0, n),
    };
    const { rows, dropped } = dropDuplicates(sortRows(raw), file);
    const timeframe = resolveTimeframe(rows.cols.time, options.timeframe, file);
    checkGrid(rows, timeframe, file);
    const notes: string[] = [];
    if (layout.index[5] < 0) notes.push('the file has no volume column: volume is stored as 0');
    if (repeatedHeaders > 0) notes.push(`the header is repeated ${repeatedHeaders} time${repeatedHeaders === 1 ? '' : 's'} mid-file (joined files): skipped`);
    if (usedDecimalComma) notes.push('numbers are read with a decimal comma (the file is separated by semicolons or tabs)');
    return {
      candles: rows.cols, timeframe, layout: layout.kind, rowsRead: n, duplicatesDropped: dropped,
      gaps: findGaps(rows.cols.time, timeframeMs(timeframe)), notes,
    };
  }

  return { push, finish };
}

/**
 * Parses and validates a candle CSV: header or header-less (6 columns, 5 without volume, or Binance's 12-column
 * klines), timestamps in s/ms/µs/ns or ISO 8601 between 1900 and now, `,` `;` or tab separated, quoted fields,
 * LF, CRLF or CR line ends, a header repeated mid-file skipped, a trailing delimiter ignored. The decimal mark is
 * the point, or the comma in a `;`- or tab-separated file (see readNumber). Every bad row throws a CsvError with
 * its line number; unsorted rows are sorted, identical duplicates dropped and counted, bars off the timeframe's
 * grid refused, gaps reported.
 */
export function parseCandleCsv(text: string, options: ParseCandleCsvOptions): ParsedCandleCsv {
  const reader = createCandleCsvReader(options);
  reader.push(text);
  return reader.finish();
}
