import type { FeatureMatrix } from '../../core/features';

/**
 * Whether a and b agree within `rel` relative to the larger magnitude, plus `abs` absolute
 * (for values near 0 that are differences of O(1) quantities); two NaNs agree.
 */
export function close(a: number, b: number, rel: number, abs = 0): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}

/** Describes the first disagreement between a row of a matrix and expected values by name, or undefined. */
export function firstMismatch(
  m: FeatureMatrix, row: number, expected: (name: string, col: number) => number, rel: number, abs = 0,
): string | undefined {
  for (let j = 0; j < m.cols; j++) {
    const got = m.matrix[row * m.cols + j];
    const want = expected(m.names[j], j);
    if (!close(got, want, rel, abs)) return `row ${row} ${m.names[j]}: got ${got}, expected ${want}`;
  }
  return undefined;
}

/** Index of the first element where two arrays differ (NaN equals NaN), or -1 when identical. */
export function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  }
  return -1;
}
