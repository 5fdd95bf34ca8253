// The time source of the live feed: the system clock in the app, a manual clock that tests (and the serve test seam)
// advance by hand, so no test waits on wall-clock time.

/** Reads the time and schedules a call at a time on the same clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once when the clock reaches `at` (ms); returns the cancel function. */
  at(at: number, fn: () => void): () => void;
}

/** The system clock: Date.now() and unref'd timers (a live feed never keeps a process alive on its own). */
export const systemClock: Clock = {
  now: () => Date.now(),
  at(at, fn) {
    const timer = setTimeout(fn, Math.max(0, at - Date.now()));
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  /** Moves the clock forward by `ms`, firing every timer that falls due, in time order. */
  advance(ms: number): void;
  /** Moves the clock to `t` (never backwards). */
  set(t: number): void;
  /** Timers still waiting. */
  pending(): number;
}

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** A manual clock starting at `start` ms. A timer set for a time already reached fires right away (on the next turn of the event loop). */
export function createManualClock(start: number): ManualClock {
  let t = start;
  let seq = 0;
  const timers: Timer[] = [];

  function moveTo(target: number): void {
    if (!(target >= t)) throw new Error(`the clock cannot go back (from ${t} to ${target})`);
    for (;;) {
      let next = -1;
      for (let i = 0; i < timers.length; i++) {
        const x = timers[i];
        if (x.at <= target && (next < 0 || x.at < timers[next].at || (x.at === timers[next].at && x.id < timers[next].id))) next = i;
      }
      if (next < 0) break;
      const [timer] = timers.splice(next, 1);
      t = Math.max(t, timer.at);
      timer.fn();
    }
    t = target;
  }

  return {
    now: () => t,
    at(at, fn) {
      if (at <= t) {
        let cancelled = false;
        setImmediate(() => {
          if (!cancelled) fn();
        });
        return () => void (cancelled = true);
      }
      const timer = { id: ++seq, at, fn };
      timers.push(timer);
      return () => {
        const i = timers.indexOf(timer);
        if (i >= 0) timers.splice(i, 1);
      };
    },
    advance: (ms) => moveTo(t + ms),
    set: (target) => moveTo(target),
    pending: () => timers.length,
  };
}
