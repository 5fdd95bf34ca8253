/** The product's seeded generator (mulberry32, floats in [0, 1)), reused for reproducible test sampling. */
export { seededRandom } from '../../core/runtime/seededRandom';

/** `count` distinct integers drawn uniformly from [from, to), sorted. */
export function sampleIndices(rand: () => number, count: number, from: number, to: number): number[] {
  const picked = new Set<number>();
  const n = Math.min(count, to - from);
  while (picked.size < n) picked.add(from + Math.floor(rand() * (to - from)));
  return [...picked].sort((x, y) => x - y);
}
