import os from 'node:os';
import { createRequire } from 'node:module';
import { addonPath, lightgbmVersion } from '../../lightgbm';
import { runSelfTest } from '../../lightgbm/selfTest';
import { candlecastVersion } from '../../runtime/packageRoot';
import { openSqlite } from '../../runtime/sqlite';
import type { Command } from '../command';

function optionalVersion(read: () => string): string | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** `candlecast doctor`: versions, paths and a LightGBM self-test (train, save, load, predict). */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the installation: versions, addon, threads, and a LightGBM self-test',
  usage: 'candlecast doctor [--json]',
  options: {},
  async run(_args, ctx) {
    const require = createRequire(import.meta.url);
    const report = {
      candlecast: candlecastVersion(),
      node: process.version,
      lightgbm: lightgbmVersion(),
      addon: addonPath(),
      threads: os.availableParallelism?.() ?? os.cpus().length,
      sqlite: optionalVersion(() => {
        const db = openSqlite(':memory:');
        try {
          return (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
        } finally {
          db.close();
        }
      }),
      ccxt: optionalVersion(() => require('ccxt').version as string),
      home: ctx.home.root,
      selfTest: runSelfTest(),
    };
    if (ctx.json) {
      ctx.out(JSON.stringify({ ok: report.selfTest.ok, ms: report.selfTest.ms, ...report }, null, 2));
    } else {
      for (const [k, v] of Object.entries(report)) {
        if (k !== 'selfTest') ctx.out(`${k.padEnd(11)} ${v ?? 'not available'}`);
      }
      const t = report.selfTest;
      ctx.out(`${'self-test'.padEnd(11)} ${t.ok ? 'ok' : 'FAILED'} in ${t.ms} ms${t.error ? ` (${t.error})` : ''}`);
    }
    if (!report.selfTest.ok) process.exitCode = 1;
  },
};
