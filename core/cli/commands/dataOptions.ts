import {
  describeRefusedBar, formatIsoTime, normalizeExchange, type RefusedBar, normalizeSymbol, openCandleStore, parseTimeframe, parseTimestamp,
  type CandleStore, type GapReport, type SeriesKey, type Timeframe,
} from '../../data';
import { stringOpt, UsageError, type CliContext, type CommandArgs } from '../command';

/** Options naming a series, shared by the data commands. */
export const SERIES_OPTIONS = {
  exchange: { type: 'string' },
  symbol: { type: 'string' },
  timeframe: { type: 'string' },
} as const;

/** Runs a parser of user input, turning its error into a UsageError (exit 2). */
export function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The --timeframe option, parsed; undefined when absent and not required. */
export function timeframeOpt(args: CommandArgs, required: boolean): Timeframe | undefined {
  const raw = required ? stringOpt(args, 'timeframe', true) : stringOpt(args, 'timeframe');
  return raw === undefined ? undefined : asUsage(() => parseTimeframe(raw));
}

/** The series named by --exchange (default given), --symbol and --timeframe. */
export function seriesKeyOpts(args: CommandArgs, defaultExchange: string): SeriesKey {
  const exchange = asUsage(() => normalizeExchange(stringOpt(args, 'exchange') ?? defaultExchange));
  const symbol = asUsage(() => normalizeSymbol(stringOpt(args, 'symbol', true)));
  return { exchange, symbol, timeframe: timeframeOpt(args, true) as Timeframe };
}

/** A time option given as ISO 8601 or epoch s/ms, or undefined when absent. */
export function timeOpt(args: CommandArgs, name: string): number | undefined {
  const raw = stringOpt(args, name);
  if (raw === undefined) return undefined;
  const t = parseTimestamp(raw);
  if (Number.isNaN(t)) throw new UsageError(`--${name} must be an ISO 8601 time or epoch seconds/ms, got "${raw}"`);
  return t;
}

/** Opens the data home's candle store, runs fn and closes the store. */
export async function withStore<T>(ctx: CliContext, fn: (store: CandleStore) => T | Promise<T>): Promise<T> {
  const store = openCandleStore(ctx.home.dbPath);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** A gap report in the CLI's JSON shape (snake_case, ISO 8601 times). */
export function gapsJson(g: GapReport): { count: number; missing_bars: number; largest: { from: string; to: string; bars: number } | null } {
  return {
    count: g.count,
    missing_bars: g.missingBars,
    largest: g.largest ? { from: formatIsoTime(g.largest.from), to: formatIsoTime(g.largest.to), bars: g.largest.bars } : null,
  };
}

/** A gap report in one line of text. */
export function gapsText(g: GapReport): string {
  if (g.count === 0) return 'no gaps';
  const l = g.largest;
  const largest = l ? `; largest ${l.bars} bars from ${formatIsoTime(l.from)} to ${formatIsoTime(l.to)}` : '';
  return `${g.count} gap${g.count === 1 ? '' : 's'}, ${g.missingBars} bars missing${largest}`;
}

/** The most refused bars named one by one in the log; the rest are counted. */
const REFUSED_SHOWN = 5;

/** Warns on stderr about bars left out because they broke a candle rule, naming the first few by time. */
export function logRefusedBars(ctx: CliContext, refused: readonly RefusedBar[], key: SeriesKey): void {
  const series = `${key.exchange} ${key.symbol} ${key.timeframe}`;
  for (const bar of refused.slice(0, REFUSED_SHOWN)) ctx.log(`warning: ${describeRefusedBar(bar, series)}`);
  if (refused.length > REFUSED_SHOWN) ctx.log(`warning: ${refused.length - REFUSED_SHOWN} more bars of ${series} refused`);
}

/** A count with thousands separators. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
