import { closeSync, openSync, writeSync } from 'node:fs';
import type { CandleColumns } from './candles';
import { formatIsoTime } from './timestamps';

/** The header of exported files; importCandleCsv reads them back unchanged. */
export const CSV_HEADER = 'timestamp,open,high,low,close,volume';

const ROWS_PER_WRITE = 20_000;

function csvRows(c: CandleColumns, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    s += `${formatIsoTime(c.time[i])},${c.open[i]},${c.high[i]},${c.low[i]},${c.close[i]},${c.volume[i]}\n`;
  }
  return s;
}

/** Candles as CSV text: header, then one row per bar with an ISO 8601 UTC open time. */
export function candlesToCsv(c: CandleColumns): string {
  return `${CSV_HEADER}\n${csvRows(c, 0, c.length)}`;
}

/** Writes candles as CSV to a file (or to a file descriptor such as 1 for stdout), a block of rows at a time. */
export function writeCandleCsv(target: string | number, c: CandleColumns): void {
  const fd = typeof target === 'number' ? target : openSync(target, 'w');
  try {
    writeSync(fd, `${CSV_HEADER}\n`);
    for (let i = 0; i < c.length; i += ROWS_PER_WRITE) writeSync(fd, csvRows(c, i, Math.min(c.length, i + ROWS_PER_WRITE)));
  } finally {
    if (typeof target !== 'number') closeSync(fd);
  }
}
