/**
 * Online (adaptive conformal) calibration of the levels of the bands of steps 1 to ADAPTIVE_HORIZONS.
 *
 * The band quantiles are fitted on the calibration fold, which ends before the test fold and before the live edge. When
 * the market then drifts (volatility regimes that the scale does not catch), a fixed 80% band covers 76% for months.
 * Adaptive conformal inference (Gibbs & Candès, 2021) corrects that online: each band keeps a miss rate target `a`
 * (nominal 1 - level) and, once the outcome of a forecast made h bars earlier is known, moves it by
 * `gamma * (nominal - missed)`. A band that misses too often therefore reaches further into the calibration fold's
 * residual distribution (quantiles a/2 and 1 - a/2), one that covers too much narrows. Every band's level depends only
 * on outcomes known before its own origin, so the test fold is scored exactly as the procedure would have run live:
 * nothing is fitted on an outcome that is then scored.
 */

/**
 * Horizons 1..n whose band levels adapt: those the main fold scores from dense runs (1-10 from every bar, 11-60 from
 * thousands of origins). Further out the origins are sparse and the feedback arrives too late to help.
 */
export const ADAPTIVE_HORIZONS = 60;

/**
 * Step size of the miss-rate update per scored origin. Small: a run of 100 misses of the 80% band moves its level by
 * 0.08; a month of test origins can undo a regime's drift, while the noise of single misses stays below 0.01.
 */
export const ADAPT_GAMMA = 0.001;

/** Nominal miss rates of the 50%, 80% and 90% bands, in the order of their quantile pairs. */
export const BAND_MISS = [0.5, 0.2, 0.1] as const;

/** Lowest and highest miss-rate target a band may adapt to. */
const MISS_LIMITS = [0.01, 0.9] as const;

/**
 * Quantile levels at which the calibration fold's standardised residuals are kept for the adaptive horizons (they
 * include QUANTILE_LEVELS, so a band at its nominal level reads exactly the fixed quantiles).
 */
export const Z_GRID_LEVELS: readonly number[] = (() => {
  const lower = [0.004, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12, 0.135, 0.15, 0.175, 0.2, 0.225, 0.25, 0.275, 0.3, 0.35, 0.4, 0.45];
  return [...lower, 0.5, ...lower.map((l) => 1 - l).reverse()].map((l) => Math.round(l * 1e6) / 1e6);
})();

/**
 * An outcome already known but not yet folded in at the levels' last origin (its bar closed after that origin): it
 * is folded in at the first forecast from its bar on, as an uninterrupted run would have done.
 */
export interface PendingOutcome {
  /** Open time (ms) of the outcome bar. */
  readonly time: number;
  /** Horizon, 0-based. */
  readonly h: number;
  /** Misses of the model's 50/80/90% bands (bits 0..2) and of the naive band's (bits 3..5). */
  readonly bits: number;
}

/**
 * The miss-rate targets of the adaptive horizons' bands at one moment: `model[h * 3 + b]` for horizon h + 1 and band b
 * (50, 80, 90%), and the same for the naive benchmark band, which adapts the same way so that the comparison stays fair.
 */
export interface AdaptiveLevels {
  /** The horizons (0-based) these levels govern: [from, horizons). The arrays hold every horizon below `horizons`. */
  readonly from: number;
  readonly horizons: number;
  readonly model: readonly number[];
  readonly naive: readonly number[];
  /** Outcomes folded in so far. */
  readonly updates: number;
  /** Open time (ms) of the newest outcome bar the levels know (folded in or pending); null at the nominal start. */
  readonly asOf: number | null;
  /** Open time (ms) of the newest forecast origin whose outcomes were all registered; null at the nominal start. */
  readonly lastOrigin: number | null;
  /** Bars between the forecast origins of the run that produced the levels (a catch-up keeps the same pace). */
  readonly spacing: number;
  /** Outcomes due after `lastOrigin`, oldest first per horizon. */
  readonly pending: readonly PendingOutcome[];
}

/** Miss-rate targets of the adaptive horizons' bands (`[h * 3 + b]`), of the model's and of the naive band. */
export interface BandMiss {
  readonly model: ArrayLike<number>;
  readonly naive: ArrayLike<number>;
}

/** The nominal levels of horizons [from, horizons) (where a test fold's scoring starts). */
export function nominalLevels(horizons = ADAPTIVE_HORIZONS, from = 0): AdaptiveLevels {
  const row = Array.from({ length: horizons }, () => [...BAND_MISS]).flat();
  return { from, horizons, model: row, naive: [...row], updates: 0, asOf: null, lastOrigin: null, spacing: 1, pending: [] };
}

/**
 * The miss rates a forecast from the bar opening at `time` uses: each set of levels with every pending outcome up to
 * then folded in, each horizon read from the set that governs it (nominal where none does).
 */
export function missAt(sets: readonly AdaptiveLevels[], time: number, gamma = ADAPT_GAMMA): BandMiss {
  return mergeMiss(sets.map((levels) => {
    const t = new AdaptiveLevelTracker(levels, (ms) => ms, gamma);
    t.advanceTo(time);
    return { levels, miss: t.miss };
  }));
}

/** One array pair over every horizon, each horizon's rows taken from the set that governs it. */
export function mergeMiss(parts: readonly { readonly levels: AdaptiveLevels; readonly miss: BandMiss }[]): BandMiss {
  const n = Math.max(0, ...parts.map((p) => p.levels.horizons));
  const model = nominalLevels(n).model.slice();
  const naive = model.slice();
  for (const { levels, miss } of parts) {
    for (let j = levels.from * 3; j < levels.horizons * 3; j++) {
      model[j] = miss.model[j];
      naive[j] = miss.naive[j];
    }
  }
  return { model, naive };
}

/**
 * Several sets of levels as one, from horizon 0 (for a run that scores every horizon from one start): each horizon's
 * rows and pending outcomes from the last set that governs it, the newest `asOf`, the summed updates.
 */
export function mergeLevels(sets: readonly AdaptiveLevels[]): AdaptiveLevels {
  if (sets.length === 1 && sets[0].from === 0) return sets[0];
  const { model, naive } = mergeMiss(sets.map((levels) => ({ levels, miss: levels })));
  const asOfs = sets.flatMap((s) => (s.asOf === null ? [] : [s.asOf]));
  return {
    from: 0, horizons: Math.max(0, ...sets.map((s) => s.horizons)), model: Array.from(model), naive: Array.from(naive),
    updates: sets.reduce((a, s) => a + s.updates, 0), asOf: asOfs.length ? Math.max(...asOfs) : null, lastOrigin: null, spacing: 1,
    pending: sets.flatMap((s) => s.pending.filter((p) => p.h >= s.from && p.h < s.horizons)),
  };
}

/** Linear interpolation of a grid of z values (at Z_GRID_LEVELS) at level p, held flat beyond its ends. */
export function zAtLevel(grid: readonly number[], p: number): number {
  const L = Z_GRID_LEVELS;
  if (p <= L[0]) return grid[0];
  if (p >= L[L.length - 1]) return grid[L.length - 1];
  let lo = 0;
  let hi = L.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (L[mid] <= p) lo = mid;
    else hi = mid;
  }
  return grid[lo] + ((grid[hi] - grid[lo]) * (p - L[lo])) / (L[hi] - L[lo]);
}

/**
 * The miss rates of horizon h's 50, 80 and 90% bands as drawn: nested, so the 90% band is never narrower than the 80%
 * nor the 80% than the 50%.
 */
export function nestedMiss(miss: ArrayLike<number>, h: number): [number, number, number] {
  const m80 = miss[h * 3 + 1];
  return [Math.max(miss[h * 3], m80), m80, Math.min(miss[h * 3 + 2], m80)];
}

/**
 * The seven standardised quantiles (QUANTILE_LEVELS order: 5, 10, 25, 50, 75, 90, 95%) of horizon h at the adapted
 * miss rates `miss` (50, 80, 90% bands, nestedMiss), read from its residual grid.
 */
export function adaptedQuantiles(grid: readonly number[], miss: ArrayLike<number>, h: number): number[] {
  const [m50, m80, m90] = nestedMiss(miss, h);
  const z = (p: number) => zAtLevel(grid, p);
  return [z(m90 / 2), z(m80 / 2), z(m50 / 2), 0, z(1 - m50 / 2), z(1 - m80 / 2), z(1 - m90 / 2)];
}

/**
 * Runs the levels forward in time. Forecasts are registered at their origin bar with which of their bands missed;
 * their feedback is folded in once the outcome bar has closed (`advanceTo`), so a band never learns from an outcome
 * that was not yet known when it was drawn. Bars are indices of the run's series (or times, with an identity `barOf`).
 */
export class AdaptiveLevelTracker {
  private readonly model: Float64Array;
  private readonly naive: Float64Array;
  /** Per horizon, a FIFO of pending feedback: due (outcome) bar, model misses (bits 0..2), naive misses (bits 3..5). */
  private readonly queues: { due: number; bits: number }[][];
  private readonly heads: number[];
  private updates: number;
  private readonly start: AdaptiveLevels;
  /** Newest outcome bar registered by this tracker, or -1. */
  private newestDue = -1;
  /** Newest origin registered by this tracker, or -1. */
  private newestOrigin = -1;

  /** Starts from `start`, whose pending outcomes are placed at bar `barOf(time)` of this run's series. */
  constructor(start: AdaptiveLevels, barOf: (time: number) => number, private readonly gamma = ADAPT_GAMMA) {
    this.model = Float64Array.from(start.model);
    this.naive = Float64Array.from(start.naive);
    this.queues = Array.from({ length: start.horizons }, () => []);
    this.heads = this.queues.map(() => 0);
    this.updates = start.updates;
    this.start = start;
    for (const p of start.pending) this.queues[p.h]?.push({ due: barOf(p.time), bits: p.bits });
  }

  /** Horizons below this adapt. */
  get horizons(): number {
    return this.queues.length;
  }

  /** The first horizon (0-based) these levels govern. */
  get from(): number {
    return this.start.from;
  }

  /** The current miss-rate targets of the model's and the naive band (a live view: it changes with the next update). */
  get miss(): BandMiss {
    return { model: this.model, naive: this.naive };
  }

  /**
   * Registers the forecast of horizon h (0-based) made at bar `origin`: which of its 50/80/90% bands missed the
   * outcome of bar `origin + h + 1`, for the model's band and for the naive band.
   */
  record(origin: number, h: number, modelMissed: readonly boolean[], naiveMissed: readonly boolean[]): void {
    let bits = 0;
    for (let b = 0; b < 3; b++) {
      if (modelMissed[b]) bits |= 1 << b;
      if (naiveMissed[b]) bits |= 1 << (b + 3);
    }
    const due = origin + h + 1;
    this.queues[h].push({ due, bits });
    if (origin > this.newestOrigin) this.newestOrigin = origin;
    if (due > this.newestDue) this.newestDue = due;
  }

  /** Folds in every pending outcome whose bar is at or before `bar` (the origin now being forecast from). */
  advanceTo(bar: number): void {
    for (let h = 0; h < this.queues.length; h++) {
      const q = this.queues[h];
      let k = this.heads[h];
      while (k < q.length && q[k].due <= bar) {
        this.apply(h, q[k].bits);
        k++;
      }
      if (k > 4096 && k * 2 > q.length) {
        q.splice(0, k);
        k = 0;
      }
      this.heads[h] = k;
    }
  }

  private apply(h: number, bits: number): void {
    for (let b = 0; b < 3; b++) {
      const j = h * 3 + b;
      this.model[j] = clampMiss(this.model[j] + this.gamma * (BAND_MISS[b] - ((bits >> b) & 1)));
      this.naive[j] = clampMiss(this.naive[j] + this.gamma * (BAND_MISS[b] - ((bits >> (b + 3)) & 1)));
    }
    this.updates++;
  }

  /**
   * The levels at the newest registered origin: outcomes up to it folded in, later ones kept pending (so carrying the
   * levels on from here gives exactly what one uninterrupted run would). `timeOf` gives a bar's open time; `spacing`
   * is the run's bars between origins. Without a registered origin, the start levels (with this run's updates).
   */
  snapshot(timeOf: (bar: number) => number, spacing: number): AdaptiveLevels {
    if (this.newestOrigin < 0) return this.start;
    this.advanceTo(this.newestOrigin);
    const pending: PendingOutcome[] = [];
    this.queues.forEach((q, h) => {
      for (let k = this.heads[h]; k < q.length; k++) pending.push({ time: timeOf(q[k].due), h, bits: q[k].bits });
    });
    return {
      from: this.start.from, horizons: this.queues.length, model: Array.from(this.model), naive: Array.from(this.naive), updates: this.updates,
      asOf: timeOf(this.newestDue), lastOrigin: timeOf(this.newestOrigin), spacing, pending,
    };
  }
}

function clampMiss(a: number): number {
  return Math.min(MISS_LIMITS[1], Math.max(MISS_LIMITS[0], a));
}
