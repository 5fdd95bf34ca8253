import type { SourceInfo } from './apiTypes';

/**
 * Why a CSV may not be imported into `source`, or undefined when it may: imports go to store-only sources (`csv`, or
 * a name of the user's own); the demo market and exchanges generate or fetch their own candles, which would mix with
 * the file's. The server checks the same rule; this gives the message inline before anything is sent.
 */
export function importSourceProblem(source: string, sources: readonly SourceInfo[]): string | undefined {
  const id = source.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9_.-]{0,31}$/.test(id)) return 'Use letters, digits, _ . - (e.g. csv or mydata).';
  if (id === 'demo' || /^demo-\d+$/.test(id)) return 'The demo market makes its own candles: import into csv or a name of your own.';
  const known = sources.find((s) => s.id === id);
  if (known?.kind === 'ccxt') return `${known.name} is an exchange Candlecast fetches from: import into csv or a name of your own (e.g. ${id}-file).`;
  return undefined;
}
