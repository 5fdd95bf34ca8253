// The clock of a bar series: its slots (bar of the day below 1h bars, hour of the week up to a day, day of the week
// beyond), their coarse and fine parts, and the reference window (about a day of bars).

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
export const HOUR_MS = 3_600_000;

/** Bars in one day for a bar length, clamped to [240, 1440]: the reference window of the context. */
export function referenceWindow(barMs: number): number {
  return Math.max(240, Math.min(1440, Math.round(DAY_MS / barMs)));
}

/** Clock slots: bar of the day below 1h bars, hour of the week for 1h..<1d bars, day of the week beyond. */
export function slotCount(barMs: number): number {
  if (barMs < HOUR_MS) return Math.max(1, Math.round(DAY_MS / barMs));
  if (barMs < DAY_MS) return Math.max(1, Math.round(WEEK_MS / barMs));
  return 7;
}

/** The clock slot of a bar that opens at `timeMs`. */
export function slotOf(timeMs: number, barMs: number): number {
  const slots = slotCount(barMs);
  if (barMs < HOUR_MS) return Math.floor((((timeMs % DAY_MS) + DAY_MS) % DAY_MS) / barMs) % slots;
  if (barMs < DAY_MS) return Math.floor((((timeMs % WEEK_MS) + WEEK_MS) % WEEK_MS) / barMs) % slots;
  return Math.floor(timeMs / DAY_MS + 3) % 7;
}

/** Coarse clock part of a slot: its quarter hour of the day (bars under 1h), else the slot itself. */
export function coarseOf(slot: number, barMs: number): number {
  return barMs < HOUR_MS ? Math.floor((slot * barMs) / (15 * 60_000)) : slot;
}

/** Fine clock part of a slot: its bar within the hour (bars under 15m), else 0. */
export function fineOf(slot: number, barMs: number): number {
  return barMs < 15 * 60_000 ? Math.floor(((slot * barMs) % HOUR_MS) / barMs) : 0;
}

