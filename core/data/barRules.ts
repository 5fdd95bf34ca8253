import { formatIsoTime } from './timestamps';
import { sliceColumns, allocColumns, type CandleColumns } from './candles';

/**
 * The rule a candle breaks, or undefined when it is a valid bar: every price finite and > 0, volume finite and >= 0,
 * high >= max(open, close), low <= min(open, close). The same rules CSV import applies row by row; candles from an
 * exchange and candles already stored go through them too, so one bad bar can never reach the feature engine.
 */
export function brokenCandleRule(open: number, high: number, low: number, close: number, volume: number): string | undefined {
  const prices: [string, number][] = [['open', open], ['high', high], ['low', low], ['close', close]];
  for (const [name, p] of prices) {
    if (!Number.isFinite(p)) return `${name} is not a finite number (${p})`;
    if (p <= 0) return `${name} must be a positive price, got ${p}`;
  }
  if (!Number.isFinite(volume)) return `volume is not a finite number (${volume})`;
  if (volume < 0) return `volume is negative: ${volume}`;
  if (high < Math.max(open, close)) return `high ${high} is below max(open, close) ${Math.max(open, close)}`;
  if (low > Math.min(open, close)) return `low ${low} is above min(open, close) ${Math.min(open, close)}`;
  return undefined;
}

/** One refused bar: its open time and the rule it breaks. */
export interface RefusedBar {
  readonly time: number;
  readonly reason: string;
}

/** A refused bar in one line of text that names its time, e.g. for a log or a warning. */
export function describeRefusedBar(b: RefusedBar, series: string): string {
  return `refused the ${series} bar at ${formatIsoTime(b.time)}: ${b.reason}`;
}

/**
 * Keeps the valid bars of a column set and lists the refused ones. Returns the input itself (no copy) when every
 * bar is valid, which is the common case.
 */
export function keepValidBars(c: CandleColumns): { candles: CandleColumns; refused: RefusedBar[] } {
  const refused: RefusedBar[] = [];
  let bad: Uint8Array | undefined;
  for (let i = 0; i < c.length; i++) {
    const reason = brokenCandleRule(c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]);
    if (reason === undefined) continue;
    (bad ??= new Uint8Array(c.length))[i] = 1;
    refused.push({ time: c.time[i], reason });
  }
  if (!bad) return { candles: c, refused };
  const out = allocColumns(c.length - refused.length);
  let n = 0;
  for (let i = 0; i < c.length; i++) {
    if (bad[i]) continue;
    out.time[n] = c.time[i]; out.open[n] = c.open[i]; out.high[n] = c.high[i];
    out.low[n] = c.low[i]; out.close[n] = c.close[i]; out.volume[n] = c.volume[i];
    n++;
  }
  return { candles: sliceColumns(out, 0, n), refused };
}
