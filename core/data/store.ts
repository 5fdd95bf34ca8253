import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { allocColumns, isTimeframe, sliceColumns, timeframeMs, type CandleColumns, type SeriesKey } from './candles';
import { findGaps } from './gaps';
import { faultPoint } from '../runtime/faultPoint';
import { openSqlite } from '../runtime/sqlite';

/** One stored series as listed by `series()`: its key, size, time span (bar open times, ms) and gap count. */
export interface SeriesInfo extends SeriesKey {
  readonly rows: number;
  readonly first: number;
  readonly last: number;
  readonly gaps: number;
  readonly missingBars: number;
}

/** A time range of bar open times in ms, both ends included; a missing end is open. */
export interface TimeRange {
  readonly from?: number;
  readonly to?: number;
}

/** What one write did: bars that were new and bars that replaced a stored bar with the same time. */
export interface WriteResult {
  readonly inserted: number;
  readonly updated: number;
}

/** The SQLite candle store of a data home. */
export interface CandleStore {
  /** Path of the database file. */
  readonly path: string;
  /** Upserts sorted, valid candles into one series in a single transaction: all of them are stored, or none. */
  write(key: SeriesKey, candles: CandleColumns): WriteResult;
  /** The candles of a series within a range, oldest first, as columns (empty when nothing is stored). */
  read(key: SeriesKey, range?: TimeRange): CandleColumns;
  /** Size, span and gaps of one series, or undefined when it has no candles. */
  info(key: SeriesKey): SeriesInfo | undefined;
  /** Every stored series, sorted by exchange, symbol and timeframe. */
  series(): SeriesInfo[];
  /**
   * Runs fn in one write transaction that takes the write lock up front: writes inside it commit together or not
   * at all. Throws StoreBusyError when another connection keeps the lock past the busy timeout.
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** Version 1 (one development day) keyed candles by the series' strings; version 2 by a series id. */
const SCHEMA_VERSION = 2;
const ROWS_PER_INSERT = 64;
const PAGE_SIZE = 8192;
const MMAP_BYTES = 1 << 30;
const CACHE_KIB = 32 * 1024;
const FAR_PAST = -8.64e15;
const FAR_FUTURE = 8.64e15;
/** How long a write waits for another process's write transaction to end before giving up. */
export const STORE_BUSY_TIMEOUT_MS = 15_000;

/** The busy timeout in force: STORE_BUSY_TIMEOUT_MS, or CANDLECAST_BUSY_TIMEOUT_MS (the fault suite's hook). */
function busyTimeoutMs(): number {
  const v = Number(process.env.CANDLECAST_BUSY_TIMEOUT_MS);
  return Number.isInteger(v) && v > 0 ? v : STORE_BUSY_TIMEOUT_MS;
}

/**
 * A write that could not get the database's write lock within STORE_BUSY_TIMEOUT_MS: another process (the app, a
 * server, a CLI import) is writing. Nothing was changed; trying again later succeeds. `code` makes the API answer
 * 503 with Retry-After and the CLI exit with 3.
 */
export class StoreBusyError extends Error {
  override readonly name = 'StoreBusyError';
  readonly code = 'unavailable';
  constructor(path: string) {
    super(`the candle store ${path} is busy: another Candlecast process has been writing to it for over `
      + `${busyTimeoutMs() / 1000} s; nothing was changed, try again in a moment`);
  }
}

/** Whether an error is SQLite's "database is locked" (SQLITE_BUSY and its extended codes). */
export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Runs fn, turning SQLite's lock timeout into a StoreBusyError. */
function busyAware<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw isSqliteBusy(err) ? new StoreBusyError(path) : err;
  }
}

// Candles are keyed by (series, time), the series id standing for its (exchange, symbol, timeframe): rows without
// the three strings make writes about a third faster and the file a fifth smaller. The series row carries the listing's
// figures, updated in the same transaction as the candles.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS series (
  id INTEGER PRIMARY KEY,
  exchange TEXT NOT NULL, symbol TEXT NOT NULL, timeframe TEXT NOT NULL,
  row_count INTEGER NOT NULL DEFAULT 0, first_time INTEGER, last_time INTEGER,
  gaps INTEGER NOT NULL DEFAULT 0, missing_bars INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL,
  UNIQUE (exchange, symbol, timeframe)
);
CREATE TABLE IF NOT EXISTS candles (
  series_id INTEGER NOT NULL REFERENCES series (id),
  time INTEGER NOT NULL,
  open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,
  PRIMARY KEY (series_id, time)
) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS series_view AS
  SELECT exchange, symbol, timeframe, row_count AS "rows", first_time AS "first", last_time AS "last", gaps, missing_bars
  FROM series WHERE row_count > 0;
`;

interface SeriesRow {
  exchange: string;
  symbol: string;
  timeframe: string;
  rows: number;
  first: number;
  last: number;
  gaps: number;
  missing_bars: number;
}

function toInfo(r: SeriesRow): SeriesInfo {
  if (!isTimeframe(r.timeframe)) throw new Error(`candle store holds an unknown timeframe "${r.timeframe}"`);
  return {
    exchange: r.exchange, symbol: r.symbol, timeframe: r.timeframe, rows: r.rows,
    first: r.first, last: r.last, gaps: r.gaps, missingBars: r.missing_bars,
  };
}

function label(key: SeriesKey): string {
  return `${key.exchange} ${key.symbol} ${key.timeframe}`;
}

/** Refuses columns a series must never hold: unsorted or fractional times, non-finite values. */
function assertStorable(key: SeriesKey, c: CandleColumns): void {
  for (let i = 0; i < c.length; i++) {
    const t = c.time[i];
    if (!Number.isSafeInteger(t)) throw new Error(`cannot store ${label(key)}: bar ${i} has time ${t}, not an integer ms`);
    if (i > 0 && t <= c.time[i - 1]) throw new Error(`cannot store ${label(key)}: times not strictly increasing at bar ${i}`);
    const ok = Number.isFinite(c.open[i]) && Number.isFinite(c.high[i]) && Number.isFinite(c.low[i])
      && Number.isFinite(c.close[i]) && Number.isFinite(c.volume[i]);
    if (!ok) throw new Error(`cannot store ${label(key)}: bar ${i} has a non-finite value`);
  }
}

/** Sorted union of two sorted, duplicate-free time lists. */
function mergeTimes(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) out[n++] = a[i++];
    else if (a[i] > b[j]) out[n++] = b[j++];
    else { out[n++] = a[i++]; j++; }
  }
  while (i < a.length) out[n++] = a[i++];
  while (j < b.length) out[n++] = b[j++];
  return out.subarray(0, n);
}

/** Puts rows in time order when the scan did not return them so (it does on SQLite's primary-key order). */
function sortedByTime(c: CandleColumns): CandleColumns {
  for (let i = 1; i < c.length; i++) {
    if (c.time[i] < c.time[i - 1]) {
      const order = Array.from({ length: c.length }, (_, k) => k).sort((x, y) => c.time[x] - c.time[y]);
      const s = allocColumns(c.length);
      order.forEach((from, to) => {
        s.time[to] = c.time[from]; s.open[to] = c.open[from]; s.high[to] = c.high[from];
        s.low[to] = c.low[from]; s.close[to] = c.close[from]; s.volume[to] = c.volume[from];
      });
      return s;
    }
  }
  return c;
}

/**
 * Opens (creating when missing) the candle store at path: WAL mode, candles keyed by (series, time) with upsert,
 * and per series its row count, span and gaps, kept in step with the candles by every write.
 */
export function openCandleStore(path: string): CandleStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = openSqlite(path);
  // The busy timeout comes first, so that even switching a new file to WAL waits for a second process opening it.
  db.pragma(`busy_timeout = ${busyTimeoutMs()}`);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== 0 && version !== SCHEMA_VERSION) {
    db.close();
    throw new Error(version > SCHEMA_VERSION
      ? `${path} was written by a newer Candlecast (schema ${version}, this one knows ${SCHEMA_VERSION})`
      : `${path} has the development schema ${version}; move it away and fetch or import the candles again`);
  }
  busyAware(path, () => {
    // Page size only takes effect on a new file; larger pages and memory-mapped reads cut the time of reading a
    // long series back, which is dominated by walking its pages.
    if (version === 0) db.pragma(`page_size = ${PAGE_SIZE}`);
    // WAL: readers never wait for a writer, and a writer waits only for another writer.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    db.pragma(`cache_size = -${CACHE_KIB}`);
    // Schema setup is itself a write: it takes the lock up front like every other write, and only when needed, so
    // that opening a store does not wait for another process's long import.
    const present = db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('series', 'candles', 'series_view')").pluck().get();
    if (version === SCHEMA_VERSION && present === 3) return;
    db.transaction(() => {
      db.exec(SCHEMA);
      if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  });

  const keyWhere = 'exchange = ? AND symbol = ? AND timeframe = ?';
  const rowValues = '(?, ?, ?, ?, ?, ?, ?)';
  const upsertTail = ` ON CONFLICT (series_id, time) DO UPDATE SET
    open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume`;
  const insertHead = 'INSERT INTO candles (series_id, time, open, high, low, close, volume) VALUES ';
  const insertOne = db.prepare(insertHead + rowValues + upsertTail);
  const insertMany = db.prepare(insertHead + Array(ROWS_PER_INSERT).fill(rowValues).join(', ') + upsertTail);
  const seriesId = db.prepare(`SELECT id FROM series WHERE ${keyWhere}`).pluck();
  const seriesCreate = db.prepare('INSERT INTO series (exchange, symbol, timeframe, updated_at) VALUES (?, ?, ?, ?)');
  const seriesOne = db.prepare(`SELECT * FROM series_view WHERE ${keyWhere}`);
  const seriesAll = db.prepare('SELECT * FROM series_view ORDER BY exchange, symbol, timeframe');
  const seriesUpdate = db.prepare(`UPDATE series SET row_count = ?, first_time = ?, last_time = ?, gaps = ?, missing_bars = ?,
    updated_at = ? WHERE id = ?`);
  const prevTime = db.prepare('SELECT max(time) FROM candles WHERE series_id = ? AND time < ?').pluck();
  const nextTime = db.prepare('SELECT min(time) FROM candles WHERE series_id = ? AND time > ?').pluck();
  const timesBetween = db.prepare('SELECT time FROM candles WHERE series_id = ? AND time BETWEEN ? AND ? ORDER BY time').pluck();

  // Rows cross from SQLite into typed arrays through this function, which avoids a JS array per row.
  let sink = allocColumns(0);
  let filled = 0;
  db.function('candlecast_sink', { deterministic: false, directOnly: true }, (t, o, h, l, c, v) => {
    if (filled === sink.length) {
      const bigger = allocColumns(Math.max(1024, sink.length * 2));
      for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) bigger[f].set(sink[f]);
      sink = bigger;
    }
    sink.time[filled] = t as number; sink.open[filled] = o as number; sink.high[filled] = h as number;
    sink.low[filled] = l as number; sink.close[filled] = c as number; sink.volume[filled] = v as number;
    filled++;
    return null;
  });
  const readRange = db.prepare(`SELECT count(candlecast_sink(time, open, high, low, close, volume))
    FROM candles WHERE series_id = ? AND time BETWEEN ? AND ?`);

  function insertRows(id: number, c: CandleColumns): void {
    const params: number[] = new Array(7 * ROWS_PER_INSERT);
    let i = 0;
    for (; i + ROWS_PER_INSERT <= c.length; i += ROWS_PER_INSERT) {
      for (let r = 0, p = 0; r < ROWS_PER_INSERT; r++) {
        const k = i + r;
        params[p++] = id; params[p++] = c.time[k]; params[p++] = c.open[k]; params[p++] = c.high[k];
        params[p++] = c.low[k]; params[p++] = c.close[k]; params[p++] = c.volume[k];
      }
      insertMany.run(params);
    }
    for (; i < c.length; i++) insertOne.run(id, c.time[i], c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]);
  }

  function info(key: SeriesKey): SeriesInfo | undefined {
    const row = seriesOne.get(key.exchange, key.symbol, key.timeframe) as SeriesRow | undefined;
    return row ? toInfo(row) : undefined;
  }

  const write = db.transaction((key: SeriesKey, c: CandleColumns): WriteResult => {
    const k = [key.exchange, key.symbol, key.timeframe] as const;
    const id = (seriesId.get(...k) as number | undefined) ?? Number(seriesCreate.run(...k, Date.now()).lastInsertRowid);
    const first = c.time[0];
    const last = c.time[c.length - 1];
    const lo = (prevTime.get(id, first) as number | null) ?? first;
    const hi = (nextTime.get(id, last) as number | null) ?? last;
    const before = timesBetween.all(id, lo, hi) as number[];
    insertRows(id, c);
    faultPoint('store:rows-written');
    const after = mergeTimes(before, c.time);
    const tfMs = timeframeMs(key.timeframe);
    const gapsBefore = findGaps(before, tfMs);
    const gapsAfter = findGaps(after, tfMs);
    const inserted = after.length - before.length;
    const old = info(key);
    seriesUpdate.run(
      (old?.rows ?? 0) + inserted,
      Math.min(old?.first ?? first, first),
      Math.max(old?.last ?? last, last),
      (old?.gaps ?? 0) + gapsAfter.count - gapsBefore.count,
      (old?.missingBars ?? 0) + gapsAfter.missingBars - gapsBefore.missingBars,
      Date.now(),
      id,
    );
    return { inserted, updated: c.length - inserted };
  });

  return {
    path,
    write(key, candles) {
      const c = sliceColumns(candles, 0, candles.length);
      assertStorable(key, c);
      if (c.length === 0) return { inserted: 0, updated: 0 };
      // BEGIN IMMEDIATE: a deferred transaction that reads first would fail at once (not wait) when another
      // connection commits between its read and its first write.
      return busyAware(path, () => write.immediate(key, c));
    },
    read(key, range = {}) {
      const stored = info(key);
      if (!stored) return allocColumns(0);
      const id = seriesId.get(key.exchange, key.symbol, key.timeframe) as number;
      const from = range.from ?? FAR_PAST;
      const to = range.to ?? FAR_FUTURE;
      if (to < from) return allocColumns(0);
      const span = Math.floor((Math.min(to, stored.last) - Math.max(from, stored.first)) / timeframeMs(key.timeframe)) + 1;
      sink = allocColumns(Math.max(0, Math.min(stored.rows, span)));
      filled = 0;
      try {
        readRange.get(id, from, to);
        const got = sink;
        const n = filled;
        return sortedByTime(n * 2 < got.length ? sliceCopy(got, n) : sliceColumns(got, 0, n));
      } finally {
        sink = allocColumns(0);
        filled = 0;
      }
    },
    info,
    series() {
      return (seriesAll.all() as SeriesRow[]).map(toInfo);
    },
    transaction(fn) {
      return busyAware(path, () => db.transaction(fn).immediate());
    },
    close() {
      db.close();
    },
  };
}

/** The first n rows in arrays of their own, so a small result does not keep a large buffer alive. */
function sliceCopy(c: CandleColumns, n: number): CandleColumns {
  const s = sliceColumns(c, 0, n);
  return {
    length: n, time: s.time.slice(), open: s.open.slice(), high: s.high.slice(),
    low: s.low.slice(), close: s.close.slice(), volume: s.volume.slice(),
  };
}
