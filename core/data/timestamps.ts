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

/**
 * Parses an ISO 8601 date or date-time to ms since the epoch; UTC when no offset is given
 * (unlike Date.parse, which reads a date-time without offset as local time). NaN when unreadable or impossible.
 */
export function parseIsoTime(s: string): number {
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
