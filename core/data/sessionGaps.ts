import { timeframeMs, type Timeframe } from './candles';

const WEEK_MS = 7 * 86_400_000;
/** Monday 1970-01-05 00:00 UTC: slots count from Monday midnight UTC. */
const MONDAY_MS = 4 * 86_400_000;
/** A slot of the week is "in session" when a bar is present in at least this share of the weeks the series spans. */
const IN_SESSION_SHARE = 0.5;
/** Below this many weeks of data the calendar cannot be learnt: every slot counts as in session. */
const MIN_WEEKS = 2;

/**
 * Which bar slots of the week (Monday 00:00 UTC onward, one slot per bar) a series trades in. A crypto series
 * trades in all of them; a stock series not at weekends (daily bars) or outside its session hours (intraday bars).
 * Learnt from the series itself: a slot is in session when bars are present in at least half the weeks spanned.
 */
export interface SessionCalendar {
  readonly barMs: number;
  readonly slots: number;
  /** 1 where the slot is in session. */
  readonly inSession: Uint8Array;
}

function slotOf(t: number, barMs: number, slots: number): number {
  const s = Math.floor((((t - MONDAY_MS) % WEEK_MS) + WEEK_MS) % WEEK_MS / barMs);
  return Math.min(slots - 1, s);
}

/** The session calendar of a series of bar open times (sorted). */
export function sessionCalendar(time: ArrayLike<number>, tf: Timeframe): SessionCalendar {
  const barMs = timeframeMs(tf);
  const slots = Math.max(1, Math.round(WEEK_MS / barMs));
  const inSession = new Uint8Array(slots).fill(1);
  const n = time.length;
  if (n < 2) return { barMs, slots, inSession };
  const weeks = (time[n - 1] - time[0] + barMs) / WEEK_MS;
  if (weeks < MIN_WEEKS) return { barMs, slots, inSession };
  const seen = new Uint32Array(slots);
  for (let i = 0; i < n; i++) seen[slotOf(time[i], barMs, slots)]++;
  for (let s = 0; s < slots; s++) inSession[s] = seen[s] >= IN_SESSION_SHARE * Math.floor(weeks) ? 1 : 0;
  return { barMs, slots, inSession };
}

/** Whether at least one in-session bar is missing strictly between bars opening at t0 and t1. */
export function missingInSession(cal: SessionCalendar, t0: number, t1: number): boolean {
  const missing = Math.round((t1 - t0) / cal.barMs) - 1;
  if (missing < 1) return false;
  // A hole longer than a week covers every slot; looking at one week of it decides.
  const look = Math.min(missing, cal.slots);
  for (let k = 1; k <= look; k++) {
    if (cal.inSession[slotOf(t0 + k * cal.barMs, cal.barMs, cal.slots)]) return true;
  }
  return false;
}

/**
 * Gap breaks as a running count: `breaks[i]` is how many gaps lie between bar 0 and bar i. Bars i and j > i are
 * joined by an unbroken run (every in-session bar between them present) exactly when breaks[i] === breaks[j]. The
 * market's own closures (weekends of a stock series, nights of an intraday one) are not gaps.
 */
export function gapBreaks(time: ArrayLike<number>, tf: Timeframe): Int32Array {
  const cal = sessionCalendar(time, tf);
  const breaks = new Int32Array(time.length);
  for (let i = 1; i < time.length; i++) {
    breaks[i] = breaks[i - 1] + (missingInSession(cal, time[i - 1], time[i]) ? 1 : 0);
  }
  return breaks;
}

/** Whether the window of bars [i, i + h] spans a gap (its targets would be multi-bar returns). */
export function spansGap(breaks: Int32Array, i: number, h: number): boolean {
  return breaks[i + h] !== breaks[i];
}
