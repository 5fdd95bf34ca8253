/**
 * Hands out slots of one Float64Array for all state of a feature stream.
 * Keeping every ring buffer, deque and running sum in a single array makes cloning a stream one memory copy.
 */
export class StateLayout {
  private size = 0;
  private readonly fills: { start: number; length: number; value: number }[] = [];
  private template: Float64Array | undefined;

  /** Reserves `length` slots starting with `initial`; returns the offset of the first. */
  alloc(length: number, initial = 0): number {
    if (this.template) throw new Error('StateLayout: cannot allocate after the state was created');
    const start = this.size;
    this.size += length;
    if (initial !== 0) this.fills.push({ start, length, value: initial });
    return start;
  }

  /** Number of slots reserved so far. */
  get length(): number {
    return this.size;
  }

  /** A fresh state with every slot at its initial value. */
  createState(): Float64Array {
    if (!this.template) {
      const t = new Float64Array(this.size);
      for (const f of this.fills) t.fill(f.value, f.start, f.start + f.length);
      this.template = t;
    }
    return this.template.slice();
  }
}
