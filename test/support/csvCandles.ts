import { readFileSync } from 'node:fs';
import { allocColumns, type CandleColumns } from '../../core/data/candles';

/**
 * Reads a test CSV of the shared data folder (header timestamp,open,high,low,close,volume; ISO UTC timestamps)
 * into columns. Test-only: strict about the header and every field, so a malformed fixture fails loudly.
 */
export function readCandleCsv(path: string): CandleColumns {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  if (lines[0] !== 'timestamp,open,high,low,close,volume') throw new Error(`${path}: unexpected header "${lines[0]}"`);
  const c = allocColumns(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(',');
    const time = Date.parse(f[0]);
    const nums = f.slice(1).map(Number);
    if (f.length !== 6 || !Number.isFinite(time) || !nums.every(Number.isFinite)) throw new Error(`${path}:${i + 1}: bad row "${lines[i]}"`);
    const r = i - 1;
    c.time[r] = time;
    [c.open[r], c.high[r], c.low[r], c.close[r], c.volume[r]] = nums;
  }
  return c;
}
