// The CLI's exit codes as the README states them: 2 for what the user can fix (here: training a series with no
// stored candles), with one `error:` line; 1 and 3 are covered where they arise (fault suite, bad input tests).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from './server-harness';

let home: string;
beforeAll(() => {
  ensureBuilt();
  home = mkdtempSync(join(tmpdir(), 'candlecast-exit-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

it('train on a store-only series with no candles: exit 2, one line saying what to do', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'out/core/cli.js'), 'train', '--exchange', 'csv', '--symbol', 'X/Y', '--timeframe', '1m', '--home', home], {
    cwd: ROOT, encoding: 'utf8',
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toBe('error: no stored candles for csv X/Y 1m: import a CSV first (candlecast data import FILE --symbol S), or use --exchange demo or a ccxt exchange id\n');
  expect(r.stdout).toBe('');
});
