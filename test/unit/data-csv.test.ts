import { describe, expect, it } from 'vitest';
import {
  candlesToCsv, CsvError, formatIsoTime, parseCandleCsv, parseIsoTime, parseTimestamp, type ParsedCandleCsv,
} from '../../core/data';

const MIN = 60_000;
const T0 = Date.UTC(2023, 2, 1);

const parse = (text: string, timeframe?: '1m' | '5m' | '1h'): ParsedCandleCsv => parseCandleCsv(text, { file: 'f.csv', timeframe });

/** The CsvError a text raises (fails the test when it raises none). */
function csvError(text: string, timeframe?: '1m' | '5m' | '1h'): CsvError {
  try {
    parse(text, timeframe);
  } catch (err) {
    expect(err).toBeInstanceOf(CsvError);
    return err as CsvError;
  }
  throw new Error('expected a CsvError');
}

const GOOD = [
  'timestamp,open,high,low,close,volume',
  '2023-03-01T00:00:00Z,10,12,9,11,5',
  '2023-03-01T00:01:00Z,11,13,10,12,6',
  '2023-03-01T00:02:00Z,12,14,11,13,7',
];

describe('timestamps', () => {
  it('reads epoch seconds, ms and µs by magnitude, and ISO 8601 as UTC unless an offset is given', () => {
    expect(parseTimestamp('1677628800')).toBe(T0);
    expect(parseTimestamp('1677628800000')).toBe(T0);
    expect(parseTimestamp('1677628800000000')).toBe(T0);
    expect(parseTimestamp('1677628800.5')).toBe(T0 + 500);
    expect(parseTimestamp('2023-03-01T00:00:00Z')).toBe(T0);
    expect(parseTimestamp('2023-03-01 00:00:00')).toBe(T0);
    expect(parseTimestamp('2023-03-01')).toBe(T0);
    expect(parseTimestamp('2023-03-01T01:30:00+01:30')).toBe(T0);
    expect(parseTimestamp('2023-02-28T19:00:00.000-0500')).toBe(T0);
    expect(parseIsoTime('2023-02-29T00:00:00Z')).toBeNaN();
    expect(parseIsoTime('2023-03-01T24:00:00Z')).toBeNaN();
    expect(parseTimestamp('yesterday')).toBeNaN();
    expect(parseTimestamp('')).toBeNaN();
    expect(formatIsoTime(T0)).toBe('2023-03-01T00:00:00Z');
    expect(formatIsoTime(T0 + 5)).toBe('2023-03-01T00:00:00.005Z');
  });
});

describe('CSV layouts', () => {
  it('reads a header with any column order and case, and other time column names', () => {
    const text = ['Volume,CLOSE,Low,High,Open,open_time', `5,11,9,12,10,${T0}`, `6,12,10,13,11,${T0 + MIN}`].join('\n');
    const p = parse(text);
    expect(p.layout).toBe('header');
    expect(Array.from(p.candles.time)).toEqual([T0, T0 + MIN]);
    expect([p.candles.open[1], p.candles.high[1], p.candles.low[1], p.candles.close[1], p.candles.volume[1]]).toEqual([11, 13, 10, 12, 6]);
    for (const name of ['date', 'datetime', 'time', 'timestamp']) {
      expect(parse(`${name},open,high,low,close,volume\n2023-03-01,1,2,0.5,1.5,3\n2023-03-02,1,2,0.5,1.5,3`).timeframe).toBe('1d');
    }
  });

  it("reads Binance's header-less 12-column klines, in ms and in µs", () => {
    const row = (t: number) => `${t},16.0,17.5,15.5,17.0,1000.5,${t + MIN - 1},17000.0,321,500.0,8500.0,0`;
    const ms = parse([row(T0), row(T0 + MIN), row(T0 + 2 * MIN)].join('\n'));
    expect(ms.layout).toBe('binance-klines');
    expect(ms.timeframe).toBe('1m');
    expect(ms.candles.volume[0]).toBe(1000.5);
    const us = parse([row(T0 * 1000), row((T0 + MIN) * 1000)].join('\n'));
    expect(Array.from(us.candles.time)).toEqual([T0, T0 + MIN]);
  });

  it('reads header-less 6-column rows in epoch seconds, CRLF line ends, a BOM, quotes, blank lines and semicolons', () => {
    const text = `\ufeff${T0 / 1000},1,2,0.5,1.5,3\r\n\r\n"${T0 / 1000 + 300}","1","2","0.5","1.5","3"\r\n`;
    const p = parse(text);
    expect(p.layout).toBe('plain');
    expect(p.timeframe).toBe('5m');
    expect(p.rowsRead).toBe(2);
    expect(parse(GOOD.join('\n').replaceAll(',', ';')).candles.length).toBe(3);
  });

  it('sorts unsorted rows, drops identical duplicates and counts them', () => {
    const text = [GOOD[0], GOOD[3], GOOD[1], GOOD[2], GOOD[1], GOOD[3]].join('\n');
    const p = parse(text);
    expect(p.rowsRead).toBe(5);
    expect(p.duplicatesDropped).toBe(2);
    expect(Array.from(p.candles.time)).toEqual([T0, T0 + MIN, T0 + 2 * MIN]);
    expect(Array.from(p.candles.close)).toEqual([11, 12, 13]);
  });

  it('infers the timeframe from the median spacing despite gaps, and reports the gaps', () => {
    const minutes = [0, 5, 10, 15, 40, 45, 50, 60, 65];
    const text = ['timestamp,open,high,low,close,volume', ...minutes.map((m) => `${T0 + m * MIN},1,2,0.5,1.5,3`)].join('\n');
    const p = parse(text);
    expect(p.timeframe).toBe('5m');
    expect(p.gaps).toEqual({ count: 2, missingBars: 5, largest: { from: T0 + 20 * MIN, to: T0 + 35 * MIN, bars: 4 } });
  });

  it('round-trips its own export', () => {
    const p = parse(GOOD.join('\n'));
    const again = parse(candlesToCsv(p.candles));
    expect(again.candles).toEqual(p.candles);
    expect(candlesToCsv(p.candles).split('\n')[1]).toBe('2023-03-01T00:00:00Z,10,12,9,11,5');
  });
});

describe('CSV validation names the line of every bad row', () => {
  const withRow = (row: string, at = 3) => [...GOOD.slice(0, at - 1), row, ...GOOD.slice(at - 1)].join('\n');

  it.each([
    ['a non-numeric value', '2023-03-01T00:05:00Z,10,12,abc,11,5', /low is not a number: "abc"/],
    ['an empty value', '2023-03-01T00:05:00Z,10,12,9,,5', /close is not a number: ""/],
    ['high below max(open, close)', '2023-03-01T00:05:00Z,10,10.5,9,11,5', /high 10.5 is below max\(open, close\) 11/],
    ['low above min(open, close)', '2023-03-01T00:05:00Z,10,12,10.5,11,5', /low 10.5 is above min\(open, close\) 10/],
    ['a negative volume', '2023-03-01T00:05:00Z,10,12,9,11,-1', /volume is negative: -1/],
    ['a negative price', '2023-03-01T00:05:00Z,-10,12,-11,11,5', /open must be a positive price, got -10/],
    ['an unreadable timestamp', '2023-13-01T00:05:00Z,10,12,9,11,5', /timestamp is not readable: "2023-13-01T00:05:00Z"/],
    ['a missing field', '2023-03-01T00:05:00Z,10,12,9,11', /expected 6 fields, found 5/],
  ])('%s', (_name, row, message) => {
    const e = csvError(withRow(row, 3));
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^f\.csv:3: /);
    expect(e.message).toMatch(message);
  });

  it('a conflicting duplicate timestamp, at the later line, naming the earlier one', () => {
    const e = csvError([...GOOD, '2023-03-01T00:01:00Z,11,13,10,12.5,6'].join('\n'));
    expect(e.message).toBe('f.csv:5: timestamp 2023-03-01T00:01:00Z repeats line 3 with different values');
  });

  it('counts blank lines in line numbers', () => {
    const e = csvError([GOOD[0], '', GOOD[1], '   ', '2023-03-01T00:01:00Z,x,1,1,1,1'].join('\n'));
    expect(e.line).toBe(5);
  });

  it('a bar off the timeframe grid', () => {
    const e = csvError([...GOOD, '2023-03-01T00:03:30Z,11,13,10,12,6'].join('\n'));
    expect(e.message).toBe('f.csv:5: timestamp 2023-03-01T00:03:30Z is off the 1m grid that starts at 2023-03-01T00:00:00Z');
  });

  it('header problems, empty files and undecidable timeframes', () => {
    expect(csvError('when,open,high,low,close,volume\n1,1,1,1,1,1').message).toMatch(/^f\.csv:1: header has no time column/);
    expect(csvError('timestamp,open,high,low\n1,1,1,1').message).toMatch(/^f\.csv:1: header has no close column/);
    expect(csvError(`${T0},1,2,0.5`).message).toMatch(/^f\.csv:1: no header, and 4 fields/);
    expect(csvError('\n\n').message).toBe('f.csv: no candle rows');
    expect(csvError(GOOD[0]).message).toBe('f.csv: no candle rows');
    expect(csvError(GOOD.slice(0, 2).join('\n')).message).toMatch(/single bar/);
    expect(parse(GOOD.slice(0, 2).join('\n'), '1m').candles.length).toBe(1);
    const sevenMinutes = [GOOD[0], `${T0},1,2,0.5,1.5,3`, `${T0 + 7 * MIN},1,2,0.5,1.5,3`].join('\n');
    expect(csvError(sevenMinutes).message).toMatch(/median spacing 7 min is none of/);
    expect(csvError(GOOD.join('\n'), '1h').message).toBe('f.csv: timeframe 1h does not match the file: its bars are 1 min apart (median spacing)');
  });
});

describe('the decimal separator rule', () => {
  const rows = (sep: string, values: string[]) => ['timestamp,open,high,low,close,volume'.replaceAll(',', sep),
    ...values.map((v, i) => [`2023-03-01T00:0${i}:00Z`, v, v, v, v, '1'].join(sep))].join('\n');

  it('a semicolon or tab file reads a comma as the decimal mark, points then group thousands', () => {
    expect(Array.from(parse(rows(';', ['23140,48', '23.140,5', '23140'])).candles.close)).toEqual([23140.48, 23140.5, 23140]);
    expect(Array.from(parse(rows('\t', ['1,5', '2.25'])).candles.close)).toEqual([1.5, 2.25]);
  });

  it('a comma file reads the point; commas only group thousands, in quotes', () => {
    expect(Array.from(parse(rows(',', ['"23,140.48"', '"1,234,567"', '5.5'])).candles.close)).toEqual([23140.48, 1234567, 5.5]);
    expect(csvError(rows(',', ['"1,5"'])).message).toBe('f.csv:2: open is not a number: "1,5"');
    expect(csvError(rows(';', ['1,2,3'])).message).toBe('f.csv:2: open is not a number: "1,2,3"');
  });

  it('quoted fields keep the delimiter and doubled quotes; a field left open is named', () => {
    const p = parse('"time","open","high","low","close","volume"\n"2023-03-01T00:00:00Z","1","2","0.5","1.5","3"\n"2023-03-01T00:01:00Z","1","2","0.5","1.5","3"');
    expect(p.candles.length).toBe(2);
    expect(csvError(`${GOOD[0]}\n2023-03-01T00:00:00Z,"1,2,0.5,1.5,3`).message).toMatch(/^f\.csv:2: a quoted field is not closed/);
  });
});

describe('the fast row path reads exactly what the general reader reads', () => {
  it('plain decimals equal Number() (seeded random values, seed printed)', async () => {
    const { plainDecimalAt } = await import('../../core/data/csvFastRow');
    const seed = 20261201;
    let a = seed;
    const rand = () => ((a = (Math.imul(a, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    // eslint-disable-next-line no-console
    console.log(`plainDecimalAt property: seed ${seed}`);
    for (let i = 0; i < 20_000; i++) {
      const intDigits = Math.floor(rand() * 9);
      const fracDigits = Math.floor(rand() * 12);
      const int = Array.from({ length: intDigits }, () => Math.floor(rand() * 10)).join('');
      const frac = Array.from({ length: fracDigits }, () => Math.floor(rand() * 10)).join('');
      const text = `${rand() < 0.1 ? '-' : ''}${int}${fracDigits || !int ? `.${frac}` : ''}`;
      const fast = plainDecimalAt(text, 0, text.length);
      // NaN hands the text to the general reader: not a number, or a mantissa too long to be exact.
      if (Number.isNaN(fast)) expect(Number.isNaN(Number(text)) || (int + frac).replace(/^0+/, '').length > 15).toBe(true);
      else expect(fast).toBe(Number(text));
    }
  });

  it('lines that take the fast path and lines that need the general one give the same candles', () => {
    const plain = parse(GOOD.join('\n'));
    const mixed = parse([GOOD[0], GOOD[1], `"${GOOD[2].replaceAll(',', '","')}"`, GOOD[3].replaceAll(',', ' , ')].join('\n'));
    expect(mixed.candles).toEqual(plain.candles);
  });
});
