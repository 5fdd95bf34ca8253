/** A seeded stream of uniform numbers in (0, 1]; the same seed words give the same stream on every machine. */
export interface UniformStream {
  next(): number;
}

/** Mixes a 32-bit value into a well-spread 32-bit value (an avalanche step: every input bit moves every output bit). */
function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit hash of a string and some integers, used to derive the seed words of one stream. */
export function hashWords(text: string, ...ints: number[]): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  for (const n of ints) {
    h = mix32(h ^ (n >>> 0));
    h = mix32(h ^ Math.floor(n / 0x1_0000_0000));
  }
  return mix32(h);
}

/**
 * A small-state counter-based generator (four 32-bit words, add-rotate-xor with a counter), seeded from a hash;
 * fast enough to draw several numbers per bar for millions of bars.
 */
export function uniformStream(seed: number): UniformStream {
  let a = mix32(seed ^ 0x9e3779b9);
  let b = mix32(seed ^ 0x243f6a88);
  let c = mix32(seed ^ 0xb7e15162);
  let counter = 1;
  const step = (): number => {
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) step();
  return { next: () => (step() + 1) / 4294967296 };
}

/** Two independent standard normal numbers from two uniforms (Box-Muller). */
export function normalPair(u1: number, u2: number): [number, number] {
  const r = Math.sqrt(-2 * Math.log(u1));
  return [r * Math.cos(2 * Math.PI * u2), r * Math.sin(2 * Math.PI * u2)];
}
