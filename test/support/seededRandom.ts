/** A seeded pseudo-random generator (mulberry32) returning floats in [0, 1), for reproducible test sampling. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct integers drawn uniformly from [from, to), sorted. */
export function sampleIndices(rand: () => number, count: number, from: number, to: number): number[] {
  const picked = new Set<number>();
  const n = Math.min(count, to - from);
  while (picked.size < n) picked.add(from + Math.floor(rand() * (to - from)));
  return [...picked].sort((x, y) => x - y);
}
