// One market's live feed: polls its source at the timeframe's cadence, emits each newly closed bar once and the
// forming bar while it changes, backs off on failures, and fills the gap when the source comes back.
import { barOpenTime, timeframeMs, type Candle, type SeriesKey } from '../data/candles';
import type { Clock } from './clock';

/** `live`: the last poll succeeded; `offline`: polls fail and are retried with back-off; `paused`: not polling. */
export type LiveState = 'live' | 'paused' | 'offline';

/** Where a market's feed stands. Times are ms on the feed's clock; null until known. */
export interface LiveStatus {
  readonly key: SeriesKey;
  readonly state: LiveState;
  /** When the last poll succeeded. */
  readonly lastUpdate: number | null;
  /** Open time of the newest closed bar the feed has seen. */
  readonly lastBar: number | null;
  /** Why the feed is offline or paused. */
  readonly error: string | null;
  /** When the next poll runs (null while paused). */
  readonly nextPollAt: number | null;
  /** Polls that failed in a row. */
  readonly failures: number;
}

/** What one poll of a source found. */
export interface LivePollResult {
  /** Closed bars stored with open times after the `after` asked for, oldest first. */
  readonly closed: readonly Candle[];
  /** The bar still in progress, or null when the source does not say. */
  readonly forming: Candle | null;
  /** Open time of the newest closed bar now stored. */
  readonly newest: number | null;
  /** The least time between two requests the source allows (ccxt's `rateLimit`; 0 for the demo market). */
  readonly minIntervalMs: number;
}

/** A market data source as the feed sees it. `poll` stores new closed bars first and rejects when unreachable. */
export interface LiveSource {
  poll(key: SeriesKey, now: number, after: number | null): Promise<LivePollResult>;
}

/** When the feed polls. */
export interface LiveTiming {
  /** Poll this long after a bar closes, so the source has finished it (default 0). */
  readonly closeGraceMs?: number;
  /** Refresh the forming bar at least this often (default: tf/12, from 5 s to one bar). */
  readonly formingEveryMs?: number;
  /** First wait after a failure; doubled per further failure (default 2 s, never under the source's minimum). */
  readonly backoffMs?: number;
  /** Longest wait between retries (default 5 min). */
  readonly maxBackoffMs?: number;
}

/** What a poller reports. */
export interface PollerHooks {
  /** A bar: `closed` false for the forming bar (replaced by later calls with the same time). */
  onBar(candle: Candle, closed: boolean): void;
  onStatus(status: LiveStatus): void;
}

/** A running market feed. */
export interface MarketPoller {
  readonly key: SeriesKey;
  status(): LiveStatus;
  /** Stops polling and reports `paused`. */
  pause(reason?: string): void;
  /** Polls now and resumes the schedule. */
  resume(): void;
  /** Polls now (e.g. after the machine woke up); returns once that poll is done. */
  pollNow(): Promise<void>;
  stop(): void;
}

/** The default forming-bar refresh of a timeframe: a twelfth of a bar, at least 5 s. */
export function defaultFormingEvery(tfMs: number): number {
  return Math.min(tfMs, Math.max(5_000, Math.round(tfMs / 12)));
}

/** When the poll after a successful one at `now` should run. */
export function nextPollTime(now: number, tfMs: number, key: SeriesKey, timing: LiveTiming, minIntervalMs: number): number {
  const nextClose = barOpenTime(now, key.timeframe) + tfMs + (timing.closeGraceMs ?? 0);
  const forming = now + (timing.formingEveryMs ?? defaultFormingEvery(tfMs));
  return Math.max(now + minIntervalMs, Math.min(nextClose, forming));
}

/** The wait before retry number `failures` (1-based): doubling from backoffMs, capped. */
export function backoffDelay(failures: number, timing: LiveTiming, minIntervalMs: number): number {
  const base = Math.max(timing.backoffMs ?? 2_000, minIntervalMs);
  const cap = Math.max(timing.maxBackoffMs ?? 300_000, base);
  return Math.min(cap, base * 2 ** Math.min(30, failures - 1));
}

function sameBar(a: Candle | null, b: Candle): boolean {
  return !!a && a.time === b.time && a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}

/**
 * Starts polling a market at once. The first poll only sets the baseline (bars already stored are history, not
 * news) unless `after` is given; from then on every closed bar after the baseline is emitted exactly once, in
 * order, including the bars of a gap the source fills after an outage.
 */
export function startMarketPoller(key: SeriesKey, source: LiveSource, clock: Clock, hooks: PollerHooks,
  opts: { timing?: LiveTiming; after?: number | null } = {}): MarketPoller {
  const tfMs = timeframeMs(key.timeframe);
  const timing = opts.timing ?? {};
  let after: number | null = opts.after ?? null;
  let baselineSet = opts.after !== undefined;
  let forming: Candle | null = null;
  let state: LiveState = 'live';
  let lastUpdate: number | null = null;
  let error: string | null = null;
  let failures = 0;
  let minInterval = 0;
  let nextPollAt: number | null = null;
  let cancelTimer: (() => void) | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const status = (): LiveStatus => ({ key, state, lastUpdate, lastBar: after, error, nextPollAt, failures });

  function schedule(at: number): void {
    cancelTimer?.();
    nextPollAt = at;
    cancelTimer = clock.at(at, () => {
      cancelTimer = null;
      void pollNow();
    });
  }

  async function pollOnce(): Promise<void> {
    const started = clock.now();
    let r: LivePollResult;
    try {
      r = await source.poll(key, started, after);
    } catch (err) {
      running = null;
      if (stopped || state === 'paused') return;
      failures++;
      state = 'offline';
      error = (err as Error).message ?? String(err);
      schedule(clock.now() + backoffDelay(failures, timing, minInterval));
      hooks.onStatus(status());
      return;
    }
    running = null;
    if (stopped || state === 'paused') return;
    minInterval = r.minIntervalMs;
    if (!baselineSet) {
      baselineSet = true;
      after = r.newest;
    } else {
      for (const c of r.closed) {
        if (after !== null && c.time <= after) continue;
        hooks.onBar(c, true);
        after = c.time;
        if (forming && forming.time <= c.time) forming = null;
      }
      if (r.newest !== null && (after === null || r.newest > after)) after = r.newest;
    }
    if (r.forming && (after === null || r.forming.time > after) && !sameBar(forming, r.forming)) {
      forming = r.forming;
      hooks.onBar(r.forming, false);
    }
    failures = 0;
    state = 'live';
    error = null;
    lastUpdate = clock.now();
    // A poll that outlasted a bar's close (or whose clock jumped past one) runs again at once for that bar.
    const crossed = barOpenTime(clock.now(), key.timeframe) > barOpenTime(started, key.timeframe);
    schedule(crossed ? Math.max(clock.now(), started + minInterval) : nextPollTime(clock.now(), tfMs, key, timing, minInterval));
    hooks.onStatus(status());
  }

  function pollNow(): Promise<void> {
    if (stopped) return Promise.resolve();
    // pollOnce clears `running` as soon as its one await is over, so a poll that a status hook triggers is a new one.
    running ??= pollOnce();
    return running;
  }

  void pollNow();
  return {
    key,
    status,
    pause(reason) {
      if (stopped) return;
      cancelTimer?.();
      cancelTimer = null;
      nextPollAt = null;
      state = 'paused';
      error = reason ?? null;
      hooks.onStatus(status());
    },
    resume() {
      if (stopped || state !== 'paused') return;
      state = 'live';
      error = null;
      void pollNow();
    },
    pollNow,
    stop() {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
    },
  };
}
