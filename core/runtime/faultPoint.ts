/**
 * Environment variable naming a fault point at which the process kills itself with SIGKILL (the fault suite's
 * test hook): `CANDLECAST_FAULT_AT=model:old-moved` kills at the first pass, `model:old-moved#2` at the second.
 * Unset in normal use, where faultPoint() is one string comparison.
 */
export const FAULT_ENV = 'CANDLECAST_FAULT_AT';

const passes = new Map<string, number>();

/**
 * Marks a point where a crash must leave stored data whole. When CANDLECAST_FAULT_AT names this point (and pass),
 * the process dies here at once, as `kill -9` would: no handler, no flush, no cleanup.
 */
export function faultPoint(name: string): void {
  const wanted = process.env[FAULT_ENV];
  if (!wanted || !wanted.startsWith(name)) return;
  const [point, nth] = wanted.split('#');
  if (point !== name) return;
  const pass = (passes.get(name) ?? 0) + 1;
  passes.set(name, pass);
  if (pass === Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
}
