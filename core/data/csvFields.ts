// The field level of candle CSV files: delimiters, quoting, numbers with either decimal mark, and short, safe
// excerpts of user input for error messages. Pure functions.

/** A field that opens a quote and never closes it. */
export class UnclosedQuoteError extends Error {
  override readonly name = 'UnclosedQuoteError';
}

/** Counts a character in a line, outside double-quoted parts. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * The delimiter of a file, from its first line: `;` when the line has one outside quotes (European spreadsheets
 * also write decimal commas there), else a tab when it has one, else `,`.
 */
export function detectDelimiter(line: string): string {
  if (countOutsideQuotes(line, ';') > 0) return ';';
  if (countOutsideQuotes(line, '\t') > 0) return '\t';
  return ',';
}

function splitQuoted(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let i = 0;
  while (i <= line.length) {
    // Leading blanks before an opening quote do not count.
    let j = i;
    while (j < line.length && (line[j] === ' ' || line[j] === '\t') && line[j] !== delimiter) j++;
    if (line[j] === '"') {
      field = '';
      j++;
      for (;;) {
        if (j >= line.length) throw new UnclosedQuoteError('a quoted field is not closed');
        if (line[j] === '"') {
          if (line[j + 1] === '"') { field += '"'; j += 2; continue; }
          j++;
          break;
        }
        field += line[j++];
      }
      // Anything after the closing quote up to the delimiter is kept (trimmed), as spreadsheets do.
      const end = line.indexOf(delimiter, j);
      const rest = (end < 0 ? line.slice(j) : line.slice(j, end)).trim();
      out.push((field + rest).trim());
      i = end < 0 ? line.length + 1 : end + 1;
    } else {
      const end = line.indexOf(delimiter, i);
      out.push((end < 0 ? line.slice(i) : line.slice(i, end)).trim());
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

/**
 * Splits one line into trimmed fields. Double-quoted fields may hold the delimiter and `""` for a quote;
 * a line without quotes takes the fast path. Throws UnclosedQuoteError.
 */
export function splitFields(line: string, delimiter: string): string[] {
  if (line.indexOf('"') < 0) {
    const parts = line.split(delimiter);
    for (let i = 0; i < parts.length; i++) parts[i] = parts[i].trim();
    return parts;
  }
  return splitQuoted(line, delimiter);
}

const DECIMAL_COMMA = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$/;
const COMMA_GROUPS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * A number field, or NaN. The point is the decimal mark. Where fields are separated by `;` or a tab
 * (`commaDecimal`), a comma is the decimal mark instead (`23140,48`, and `23.140,48` with points grouping
 * thousands). Elsewhere commas may only group thousands (`"23,140.48"`, quoted in a comma-separated file).
 */
export function readNumber(raw: string, commaDecimal: boolean): number {
  if (raw === '') return NaN;
  const v = Number(raw);
  if (Number.isFinite(v) || raw.indexOf(',') < 0) return v;
  if (commaDecimal && DECIMAL_COMMA.test(raw)) return Number(raw.replace(/\./g, '').replace(',', '.'));
  if (COMMA_GROUPS.test(raw)) return Number(raw.replace(/,/g, ''));
  return NaN;
}

/** Longest excerpt of user input an error message quotes. */
export const EXCERPT_CHARS = 60;

/**
 * User input as a short, printable excerpt for an error message: control characters (ANSI escapes, NUL) written
 * as `\u001b`, and anything past `max` characters cut with a note of how much was left out.
 */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  // eslint-disable-next-line no-control-regex
  const safe = cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > max ? `${safe}... (${text.length} characters)` : safe;
}
