import { createInterface } from 'node:readline';
import { createManualClock, type ManualClock } from '../live/clock';

/**
 * The test seam of long-running commands (serve, watch): with CANDLECAST_TEST_CLOCK set (ms since the epoch, an ISO
 * time, or `now`), the live feeds run on a manual clock that starts there and moves only when a line
 * `advance <ms>` or `set <ms>` arrives on stdin, so end-to-end tests drive time instead of sleeping.
 * Each processed line is acknowledged on stderr as `clock <ms>`. Undefined when the variable is not set.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): ManualClock | undefined {
  const raw = env.CANDLECAST_TEST_CLOCK;
  if (!raw) return undefined;
  const start = raw === 'now' ? Date.now() : /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(start)) throw new Error(`CANDLECAST_TEST_CLOCK must be ms since the epoch, an ISO time or "now", got "${raw}"`);
  const clock = createManualClock(start);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const m = /^(advance|set)\s+(\d+)$/.exec(line.trim());
    if (!m) return;
    if (m[1] === 'advance') clock.advance(Number(m[2]));
    else if (Number(m[2]) >= clock.now()) clock.set(Number(m[2]));
    log(`clock ${clock.now()}`);
  });
  // stdin must not keep a finished command alive.
  process.stdin.unref?.();
  return clock;
}
