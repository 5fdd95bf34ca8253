const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EPOCH_NUMBER = /^\d+(?:\.\d+)?$/;

/** Below this an epoch number is read as seconds: 1e11 s is the year 5138, 1e11 ms is 1973. */
const SECONDS_BELOW = 1e11;
/** From this up it is microseconds (Binance's spot kline files since 2025), from 1e17 nanoseconds. */
const MICROS_FROM = 1e14;
const NANOS_FROM = 1e17;

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digits of s from a to b (exclusive) as a number, or -1 when one is not a digit. */
function digits(s: string, a: number, b: number): number {
  let v = 0;
  for (let i = a; i < b; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The common `YYYY-MM-DDTHH:MM:SS[Z]` form in s[a, e) read without a regex or a substring (imports read one per
 * row); undefined for any other form.
 */
export function fastIsoTimeAt(s: string, a: number, e: number): number | undefined {
  const n = e - a;
  if (!(n === 19 || (n === 20 && s.charCodeAt(a + 19) === 90))) return undefined;
  const sep = s.charCodeAt(a + 10);
  if (s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45 || (sep !== 84 && sep !== 32)
    || s.charCodeAt(a + 13) !== 58 || s.charCodeAt(a + 16) !== 58) return undefined;
  const y = digits(s, a, a + 4);
  const mo = digits(s, a + 5, a + 7);
  const d = digits(s, a + 8, a + 10);
  const h = digits(s, a + 11, a + 13);
  const mi = digits(s, a + 14, a + 16);
  const sec = digits(s, a + 17, a + 19);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  const leap = mo === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 1 : 0;
  if (d > DAYS_IN_MONTH[mo - 1] + leap) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, sec);
}

/**
 * Parses an ISO 8601 date or date-time to ms since the epoch; UTC when no offset is given
 * (unlike Date.parse, which reads a date-time without offset as local time). NaN when unreadable or impossible.
 */
export function parseIsoTime(s: string): number {
  const fast = fastIsoTimeAt(s, 0, s.length);
  if (fast !== undefined) return fast;
  const m = ISO.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms);
  const check = new Date(t);
  const valid = check.getUTCMonth() === Number(mo) - 1 && check.getUTCDate() === Number(d)
    && Number(h) < 24 && Number(mi) < 60 && Number(sec) < 60;
  return valid ? t - offsetMinutes(zone) * 60_000 : NaN;
}

/**
 * Parses a CSV timestamp to integer ms since the epoch: an epoch number in seconds, ms, µs or ns
 * (told apart by magnitude), or ISO 8601. NaN when unreadable.
 */
export function parseTimestamp(raw: string): number {
  const s = raw.trim();
  if (EPOCH_NUMBER.test(s)) {
    const v = Number(s);
    if (v < SECONDS_BELOW) return Math.round(v * 1000);
    if (v < MICROS_FROM) return Math.round(v);
    if (v < NANOS_FROM) return Math.round(v / 1000);
    return Math.round(v / 1e6);
  }
  return parseIsoTime(s);
}

/** ISO 8601 UTC text of a time in ms, without milliseconds when they are zero (`2023-03-01T00:00:00Z`). */
export function formatIsoTime(t: number): string {
  const s = new Date(t).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}
