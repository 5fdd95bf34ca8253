// Fault suite, part 3: every class of malformed or unusual candle file, through `candlecast data import` (files,
// a FIFO, stdin, /dev/zero) and POST /api/series/import. Formats users have are read (checked by first and last bar,
// row count and values); absurd ones are refused with a message naming file and line, quoting at most a short
// excerpt with control characters escaped; endless input stops at the size limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ROOT, startServe, type TestServer } from './server-harness';

let dir: string;
let home: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'candlecast-fault-inputs-'));
  home = join(dir, 'home');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Done {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function importFile(file: string, extra: string[] = []): Done {
  const r = spawnSync(process.execPath, [join(ROOT, 'out/core/cli.js'), 'data', 'import', file, '--symbol', 'BTC/USDT', '--home', home, '--json', ...extra], {
    cwd: ROOT, encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const HEADER = 'timestamp,open,high,low,close,volume';
const ROWS = ['2023-03-01T00:00:00Z,23140.5,23150,23100,23145.25,12.5', '2023-03-01T00:01:00Z,23145.25,23160,23140,23150,3', '2023-03-01T00:02:00Z,23150,23155,23120,23130.75,7'];
const SPAN = { rows_stored: 3, first: '2023-03-01T00:00:00Z', last: '2023-03-01T00:02:00Z', timeframe: '1m' };

/** Imports, expects success, and returns the report. */
function accepted(file: string): Record<string, unknown> {
  const r = importFile(file);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** The exported closes of the imported series (what was stored, not what was reported). */
function storedCloses(): number[] {
  const out = join(dir, 'export.csv');
  const r = spawnSync(process.execPath, [join(ROOT, 'out/core/cli.js'), 'data', 'export', '--exchange', 'csv', '--symbol', 'BTC/USDT', '--timeframe', '1m',
    '--from', '2023-03-01T00:00:00Z', '--to', '2023-03-01T00:02:00Z', out, '--home', home], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return spawnSync('cut', ['-d,', '-f5', out], { encoding: 'utf8' }).stdout.trim().split('\n').slice(1).map(Number);
}

describe('files users have are read', () => {
  it.each([
    ['a trailing delimiter on every row', [`${HEADER},`, ...ROWS.map((r) => `${r},`)].join('\n'), []],
    ['a header repeated mid-file (files joined with cat)', [HEADER, ROWS[0], ROWS[1], HEADER, ROWS[2]].join('\n'), [/header is repeated 1 time/]],
    ['semicolons with decimal commas', [HEADER, ...ROWS].join('\n').replaceAll(',', ';').replaceAll('.', ','), [/decimal comma/]],
    ['CR-only line ends', [HEADER, ...ROWS].join('\r'), []],
    ['quoted fields with the delimiter inside', [HEADER, ...ROWS.map((r) => r.replace(/,(231\d\d)(\.\d+)?,/, (_m, a: string, b = '') => `,"${a.slice(0, 2)},${a.slice(2)}${b}",`))].join('\n'), []],
  ])('%s', (_name, text, notes) => {
    const file = write(`ok-${_name.replace(/\W+/g, '-')}.csv`, text);
    const report = accepted(file);
    expect(report).toMatchObject(SPAN);
    for (const n of notes) expect((report.notes as string[]).join('\n')).toMatch(n);
    expect(storedCloses()).toEqual([23145.25, 23150, 23130.75]);
  });

  it('no volume column: volume stored as 0, and said so', () => {
    const report = accepted(write('novol.csv', [HEADER.replace(',volume', ''), ...ROWS.map((r) => r.replace(/,[\d.]+$/, ''))].join('\n')));
    expect(report).toMatchObject(SPAN);
    expect(report.notes).toEqual(['the file has no volume column: volume is stored as 0']);
  });

  it.each([
    ['UTF-16 LE with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([HEADER, ...ROWS].join('\r\n'), 'utf16le')])],
    ['UTF-16 BE with a byte-order mark', Buffer.from(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from([HEADER, ...ROWS].join('\n'), 'utf16le').swap16()]))],
    ['UTF-16 LE without a mark', Buffer.from([HEADER, ...ROWS].join('\n'), 'utf16le')],
  ])('%s', (_name, bytes) => {
    const report = accepted(write(`${_name.replace(/\W+/g, '-')}.csv`, bytes));
    expect(report).toMatchObject(SPAN);
    expect(storedCloses()).toEqual([23145.25, 23150, 23130.75]);
  });

  it('UTF-16 errors read as text, not garbled bytes', () => {
    const file = write('u16-bad.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([HEADER, ROWS[0], '2023-03-01T00:01:00Z,1,x,1,1,1'].join('\n'), 'utf16le')]));
    const r = importFile(file);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: ${file}:3: high is not a number: "x"\n`);
  });
});

describe('absurd files are refused with a message naming the line', () => {
  it.each([
    ['a timestamp in year 9999', [HEADER, ROWS[0], '9999-03-01T00:01:00Z,1,2,0.5,1.5,3'].join('\n'), /:3: timestamp "9999-03-01T00:01:00Z" is in the future/],
    ['epoch 1e20', [HEADER, ROWS[0], '100000000000000000000,1,2,0.5,1.5,3'].join('\n'), /:3: timestamp "100000000000000000000" \(read as 5138-11-16T09:46:40Z\) is in the future/],
    ['a year-1800 timestamp', [HEADER, ROWS[0], '1800-03-01T00:01:00Z,1,2,0.5,1.5,3'].join('\n'), /:3: timestamp "1800-03-01T00:01:00Z" is before 1900/],
    ['a duplicated close column', [`${HEADER},close`, `${ROWS[0]},99`].join('\n'), /:1: header has close twice \(columns 5 and 7\); keep one of them/],
    ['an unclosed quote', [HEADER, ROWS[0], '2023-03-01T00:01:00Z,"1,2,0.5,1.5,3'].join('\n'), /:3: a quoted field is not closed/],
    ['a decimal comma in a comma-separated file', [HEADER, '2023-03-01T00:01:00Z,"1,5",2,0.5,1.5,3'].join('\n'), /:2: open is not a number: "1,5"/],
  ])('%s', (_name, text, message) => {
    const file = write(`bad-${_name.replace(/\W+/g, '-')}.csv`, text);
    const r = importFile(file);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith(`error: ${file}:`)).toBe(true);
    expect(r.stderr).toMatch(message);
  });

  it('ANSI escapes and a 200 kB line are quoted as a short excerpt, escaped, on one line', () => {
    const file = write('ansi.csv', `tim\u001b[31me,open,high,low,close,volume${'x'.repeat(200_000)}\n${ROWS[0]}\n`);
    const r = importFile(file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('tim\\u001b[31me');
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr.length).toBeLessThan(600);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it('/dev/zero: refused at once as not text', () => {
    const r = importFile('/dev/zero');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: /dev/zero:1: holds NUL characters: not a text file (or UTF-16 text read as UTF-8)\n');
  });

  it('endless rows on stdin and through a FIFO stop at the size limit', async () => {
    const endless = (args: string[], feed: (stdin: NodeJS.WritableStream) => void) => new Promise<Done>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'out/core/cli.js'), 'data', 'import', ...args, '--symbol', 'BTC/USDT', '--home', home, '--max-mb', '2'], { cwd: ROOT });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.stdin.on('error', () => undefined);
      feed(child.stdin);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    const line = `${ROWS[0]}\n`.repeat(1000);
    const pump = (out: NodeJS.WritableStream) => {
      let open = true;
      out.on('error', () => (open = false));
      out.on('close', () => (open = false));
      const more = () => {
        while (open && out.write(line));
        if (open) out.once('drain', more);
      };
      more();
    };
    const viaStdin = await endless(['-'], pump);
    expect(viaStdin.status).toBe(2);
    expect(viaStdin.stderr).toBe('error: stdin: is larger than the import limit of 2 MiB; split it (by date) and import the parts\n');

    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('sh', ['-c', `while :; do printf '%s\\n' '${ROWS[0]}'; done > ${fifo}`]);
    try {
      const viaFifo = await endless([fifo], (stdin) => stdin.end());
      expect(viaFifo.status).toBe(2);
      expect(viaFifo.stderr).toBe(`error: ${fifo}: is larger than the import limit of 2 MiB; split it (by date) and import the parts\n`);
    } finally {
      writer.kill('SIGKILL');
    }
  });
});

describe('over REST', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServe();
  });
  afterAll(async () => srv?.stop());

  it('reads the same formats, with notes', async () => {
    const csv = [HEADER, ...ROWS].join('\n').replaceAll(',', ';').replaceAll('.', ',');
    const r = await srv.post('/api/series/import', { csv, file_name: 'euro.csv', symbol: 'EUR/USDT' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ symbol: 'EUR/USDT', rows_stored: 3, first: '2023-03-01T00:00:00Z', last: '2023-03-01T00:02:00Z' });
    expect(r.body.notes).toEqual(['numbers are read with a decimal comma (the file is separated by semicolons or tabs)']);
    const candles = await srv.get('/api/candles?exchange=csv&symbol=EUR_USDT&timeframe=1m');
    expect(candles.body.candles.map((c: { close: number }) => c.close)).toEqual([23145.25, 23150, 23130.75]);
  });

  it('a 10 MB bad CSV gets a short 400 naming the line, not an echo of the input', async () => {
    const csv = `${HEADER}\n${ROWS[0]}\n2023-03-01T00:01:00Z,${'9'.repeat(10_000_000)}x,1,1,1,1\n`;
    const r = await srv.post('/api/series/import', { csv, file_name: 'big.csv', symbol: 'BIG/USDT' });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/^big\.csv:3: /);
    expect(r.text.length).toBeLessThan(1000);
  });
});
