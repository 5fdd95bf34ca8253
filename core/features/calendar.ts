// UTC calendar fields of an epoch day by integer arithmetic (no Date objects on the hot path),
// and sine/cosine tables for the cyclic encodings.

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function mod(a: number, m: number): number {
  const r = a % m;
  return r < 0 ? r + m : r;
}

/** Day of the week from an epoch day, Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday). */
export function dayOfWeek(day: number): number {
  return mod(day + 3, 7);
}

/**
 * Civil date of an epoch day packed as year * 10000 + month * 100 + day (proleptic Gregorian),
 * after H. Hinnant's days-to-civil algorithm; packing avoids allocating an object per bar.
 */
export function civilDate(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

/** Number of days of a month (1-12) in a year. */
export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}

function cycleTable(length: number, fn: (x: number) => number): Float64Array {
  const t = new Float64Array(length);
  for (let i = 0; i < length; i++) t[i] = fn((2 * Math.PI * i) / length);
  return t;
}

/** sin/cos of 2*pi*i/length for i in [0, length), per cycle length used by the time features. */
export const CYCLE = {
  minuteSin: cycleTable(60, Math.sin), minuteCos: cycleTable(60, Math.cos),
  hourSin: cycleTable(24, Math.sin), hourCos: cycleTable(24, Math.cos),
  weekSin: cycleTable(7, Math.sin), weekCos: cycleTable(7, Math.cos),
  yearSin: cycleTable(12, Math.sin), yearCos: cycleTable(12, Math.cos),
  /** Indexed by (days in month - 28) * 31 + (day - 1). */
  monthSin: monthTable(Math.sin), monthCos: monthTable(Math.cos),
} as const;

function monthTable(fn: (x: number) => number): Float64Array {
  const t = new Float64Array(4 * 31);
  for (let len = 28; len <= 31; len++) {
    for (let d = 0; d < len; d++) t[(len - 28) * 31 + d] = fn((2 * Math.PI * d) / len);
  }
  return t;
}
