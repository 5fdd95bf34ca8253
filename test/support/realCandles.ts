import { readFileSync } from 'node:fs';
import { allocColumns, type CandleColumns } from '../../core/data/candles';
import { REAL_FILES } from './sharedData';

const cache = new Map<string, CandleColumns>();

/** Reads one of the real CSV files of ../shared/data (header timestamp,open,high,low,close,volume; ISO times). */
export function loadRealCandles(which: keyof typeof REAL_FILES): CandleColumns {
  const hit = cache.get(which);
  if (hit) return hit;
  const lines = readFileSync(REAL_FILES[which], 'utf8').trim().split('\n').slice(1);
  const c = allocColumns(lines.length);
  lines.forEach((line, i) => {
    const [ts, o, h, l, cl, v] = line.split(',');
    c.time[i] = Date.parse(ts.endsWith('Z') || ts.includes('+') ? ts : `${ts}Z`);
    c.open[i] = Number(o);
    c.high[i] = Number(h);
    c.low[i] = Number(l);
    c.close[i] = Number(cl);
    c.volume[i] = Number(v);
  });
  cache.set(which, c);
  return c;
}
