// The fast path of candle rows: the common line (no quotes, plain decimals, ISO or epoch times) is read straight
// from its characters, without splitting it into substrings. Anything else returns false, and the general reader
// (csvParse.ts) reads the line again, so messages and results are the same either way.
import { fastIsoTimeAt } from './timestamps';

/** Exact powers of ten: an integer mantissa below 2^53 divided by one of these is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_MANTISSA = 2 ** 53;

/**
 * A plain decimal (`-12.5`, `23140`, `0.000123`) in line[s, e), or NaN when it is anything else (exponent, comma,
 * sign only, too many digits). Equals Number() of the same text: the mantissa and the power of ten are exact, so
 * one division rounds correctly.
 */
export function plainDecimalAt(line: string, s: number, e: number): number {
  let i = s;
  let negative = false;
  const first = line.charCodeAt(i);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  let m = 0;
  let digits = 0;
  let scale = -1;
  for (; i < e; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0) {
      scale = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || m >= MAX_MANTISSA || scale > 22) return NaN;
  const v = scale > 0 ? m / POW10[scale] : m;
  return negative ? -v : v;
}

/** Time of a field in line[s, e): ISO `YYYY-MM-DDTHH:MM:SS[Z]` or an epoch integer in s/ms/µs/ns; NaN otherwise. */
function timeAt(line: string, s: number, e: number): number {
  const n = e - s;
  if (n === 19 || n === 20) {
    const t = fastIsoTimeAt(line, s, e);
    if (t !== undefined) return t;
  }
  const c = line.charCodeAt(s);
  if (c < 48 || c > 57) return NaN;
  const v = plainDecimalAt(line, s, e);
  // Integers only here (epoch magnitudes as in parseTimestamp); fractions take the general path.
  if (!Number.isInteger(v)) return NaN;
  if (v < 1e11) return v * 1000;
  if (v < 1e14) return v;
  if (v < 1e17) return Math.round(v / 1000);
  return NaN;
}

/** Where the fast path puts one row's values: time, open, high, low, close, volume. */
export type RowValues = Float64Array;

/**
 * Reads one unquoted line with `fields` fields separated by `delimiter` into out (time, open, high, low, close,
 * volume at the layout's indexes; volume 0 when `index[5]` is -1). Returns false when the line needs the general
 * reader: a quote, another field count, blanks, or a value that is not a plain number or common time.
 */
export function readFastRow(line: string, delimiter: number, fields: number, index: readonly number[], out: RowValues): boolean {
  if (fields > FIELD_START.length) return false;
  const starts = FIELD_START;
  const ends = FIELD_END;
  let f = 0;
  let s = 0;
  for (let i = 0; i <= line.length; i++) {
    const c = i < line.length ? line.charCodeAt(i) : delimiter;
    if (c === delimiter) {
      if (f >= fields) return false;
      let e = i;
      if (e > s && line.charCodeAt(e - 1) === 13) e--;
      starts[f] = s;
      ends[f] = e;
      f++;
      s = i + 1;
    } else if (c === 34 || c === 32 || c === 9) {
      return false;
    }
  }
  if (f !== fields) return false;
  for (let k = 0; k < 6; k++) {
    const at = index[k];
    if (at < 0) {
      out[k] = 0;
      continue;
    }
    const a = starts[at];
    const b = ends[at];
    if (a === b) return false;
    const v = k === 0 ? timeAt(line, a, b) : plainDecimalAt(line, a, b);
    if (!Number.isFinite(v)) return false;
    out[k] = v;
  }
  return true;
}

const FIELD_START = new Int32Array(64);
const FIELD_END = new Int32Array(64);
