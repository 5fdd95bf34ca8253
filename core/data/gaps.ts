/** A run of missing bars: open times of the first and the last missing bar, and how many are missing. */
export interface GapSpan {
  readonly from: number;
  readonly to: number;
  readonly bars: number;
}

/** Where a series has holes: how many, how many bars in all, and the largest one (null without gaps). */
export interface GapReport {
  readonly count: number;
  readonly missingBars: number;
  readonly largest: GapSpan | null;
}

/** The gap report of no gaps. */
export const NO_GAPS: GapReport = { count: 0, missingBars: 0, largest: null };

/**
 * Finds the gaps in sorted bar open times spaced tfMs apart.
 * A gap is two neighbouring bars more than one bar apart; it is reported, never filled.
 */
export function findGaps(time: ArrayLike<number>, tfMs: number): GapReport {
  let count = 0;
  let missingBars = 0;
  let largest: GapSpan | null = null;
  for (let i = 1; i < time.length; i++) {
    const missing = Math.round((time[i] - time[i - 1]) / tfMs) - 1;
    if (missing < 1) continue;
    count++;
    missingBars += missing;
    if (!largest || missing > largest.bars) {
      largest = { from: time[i - 1] + tfMs, to: time[i] - tfMs, bars: missing };
    }
  }
  return { count, missingBars, largest };
}
