import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { faultPoint } from '../runtime/faultPoint';
import { normalizeExchange, normalizeSymbol, type Timeframe } from './candles';
import { CsvError, createCandleCsvReader, type ParsedCandleCsv } from './csvParse';
import type { GapReport } from './gaps';
import type { CandleStore } from './store';

/** Where imported candles go: the symbol, and optionally the exchange id (default `csv`) and timeframe. */
export interface CsvImportOptions {
  readonly symbol: string;
  readonly exchange?: string;
  /** Inferred from the median spacing when missing. */
  readonly timeframe?: Timeframe;
  /** Largest input read, in bytes (default DEFAULT_IMPORT_MAX_BYTES). */
  readonly maxBytes?: number;
}

/** What an import did; times are bar open times in ms. */
export interface CsvImportReport {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly rowsRead: number;
  readonly rowsStored: number;
  readonly duplicatesDropped: number;
  /** Bars that were new to the store, and bars that replaced stored ones. */
  readonly inserted: number;
  readonly updated: number;
  readonly gaps: GapReport;
  readonly first: number;
  readonly last: number;
  /** What was read in a way the user should know about (ParsedCandleCsv.notes). */
  readonly notes: readonly string[];
}

/** Default largest candle file an import reads: 512 MiB (about 8 million rows). */
export const DEFAULT_IMPORT_MAX_BYTES = 512 * 1024 * 1024;
const CHUNK_BYTES = 1 << 20;
/** Regular files up to this size are read whole; larger ones, FIFOs and stdin in CHUNK_BYTES pieces. */
const WHOLE_FILE_BYTES = 64 << 20;

/** The text encoding of a file, from its first bytes: a UTF-16 byte-order mark, or UTF-16's zero high bytes. */
export function detectEncoding(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // Without a mark: ASCII text in UTF-16 has a zero in every other byte.
  if (head.length >= 4 && head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return 'utf-16le';
  if (head.length >= 4 && head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return 'utf-16be';
  return 'utf-8';
}

/** Swaps the bytes of each 16-bit unit (Node's TextDecoder has no UTF-16BE without full ICU). */
function swap16(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) { out[i] = bytes[i + 1]; out[i + 1] = bytes[i]; }
  return out;
}

/**
 * Byte chunks to text in the file's encoding (UTF-8 or UTF-16 with or without a byte-order mark), a chunk at a
 * time, so that characters split across chunks come out whole.
 */
export function createTextDecoder(): { decode(chunk: Uint8Array): string; end(): string } {
  let decoder: StringDecoder | undefined;
  let bigEndian = false;
  let carry: Uint8Array | undefined;
  return {
    decode(chunk) {
      if (!decoder) {
        const encoding = detectEncoding(chunk);
        bigEndian = encoding === 'utf-16be';
        decoder = new StringDecoder(encoding === 'utf-8' ? 'utf8' : 'utf16le');
      }
      if (!bigEndian) return decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      const all = carry ? Buffer.concat([carry, chunk]) : chunk;
      const even = all.length & ~1;
      carry = even < all.length ? all.slice(even) : undefined;
      return decoder.write(Buffer.from(swap16(all.subarray(0, even))));
    },
    end() {
      return decoder ? decoder.end() : '';
    },
  };
}

function readError(file: string, err: unknown): CsvError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (err as Error).message;
  return new CsvError(file, 0, `cannot read: ${why}`);
}

function tooLarge(file: string, maxBytes: number): CsvError {
  return new CsvError(file, 0, `is larger than the import limit of ${Math.round(maxBytes / 2 ** 20)} MiB; split it (by date) and import the parts`);
}

function readChunk(fd: number, buf: Buffer, file: string): number {
  for (;;) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (err) {
      // A non-blocking pipe (stdin in some shells) with nothing to read yet.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw readError(file, err);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/**
 * Reads and parses a candle file as a stream: a file, a FIFO, or `-` for standard input. Memory stays proportional
 * to the candles, not the text; past `maxBytes` of input the read stops with a CsvError.
 */
export function parseCandleFile(file: string, options: { timeframe?: Timeframe; maxBytes?: number } = {}): ParsedCandleCsv {
  const maxBytes = options.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES;
  const name = file === '-' ? 'stdin' : file;
  let fd: number;
  try {
    fd = file === '-' ? 0 : openSync(file, 'r');
  } catch (err) {
    throw readError(file, err);
  }
  try {
    const stat = file === '-' ? undefined : fstatSync(fd);
    if (stat?.isDirectory()) throw readError(file, Object.assign(new Error(), { code: 'EISDIR' }));
    const reader = createCandleCsvReader({ file: name, timeframe: options.timeframe });
    const decoder = createTextDecoder();
    // A regular file of moderate size is read in one piece (one decode, one pass); anything else as a stream.
    const whole = stat?.isFile() && stat.size <= WHOLE_FILE_BYTES && stat.size <= maxBytes ? stat.size + 1 : 0;
    const buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, whole));
    let total = 0;
    for (let got = readChunk(fd, buf, name); got > 0; got = readChunk(fd, buf, name)) {
      total += got;
      if (total > maxBytes) throw tooLarge(name, maxBytes);
      reader.push(decoder.decode(buf.subarray(0, got)));
    }
    reader.push(decoder.end());
    return reader.finish();
  } finally {
    if (file !== '-') closeSync(fd);
  }
}

/**
 * Imports a candle CSV (a file, a FIFO or `-` for stdin) into the store. The whole file is validated before
 * anything is written, and it is written in one transaction, so a bad file (CsvError with its line) leaves the
 * store as it was.
 */
export function importCandleCsv(store: CandleStore, file: string, options: CsvImportOptions): CsvImportReport {
  const symbol = normalizeSymbol(options.symbol);
  const exchange = normalizeExchange(options.exchange ?? 'csv');
  const parsed = parseCandleFile(file, { timeframe: options.timeframe, maxBytes: options.maxBytes });
  faultPoint('import:parsed');
  const { candles, timeframe } = parsed;
  const written = store.write({ exchange, symbol, timeframe }, candles);
  faultPoint('import:written');
  return {
    exchange,
    symbol,
    timeframe,
    rowsRead: parsed.rowsRead,
    rowsStored: candles.length,
    duplicatesDropped: parsed.duplicatesDropped,
    inserted: written.inserted,
    updated: written.updated,
    gaps: parsed.gaps,
    first: candles.time[0],
    last: candles.time[candles.length - 1],
    notes: parsed.notes,
  };
}
