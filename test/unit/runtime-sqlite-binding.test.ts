import { copyFileSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, SQLITE_BINDING_ENV } from '../../core/runtime/sqlite';

const require = createRequire(import.meta.url);
const installedBinding = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
const saved = process.env[SQLITE_BINDING_ENV];
const dirs: string[] = [];

afterEach(() => {
  if (saved === undefined) delete process.env[SQLITE_BINDING_ENV];
  else process.env[SQLITE_BINDING_ENV] = saved;
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'cc-sqlite-')));
  dirs.push(dir);
  return dir;
}

describe('openSqlite', () => {
  it('opens a file database with the binding named by CANDLECAST_SQLITE_BINDING', () => {
    // A copy at a path of its own shows that this very file was loaded, not the one better-sqlite3 finds by itself.
    const dir = tempDir();
    const binding = join(dir, 'better_sqlite3.node');
    copyFileSync(installedBinding, binding);
    process.env[SQLITE_BINDING_ENV] = binding;
    const file = join(dir, 'a.db');
    const db = openSqlite(file);
    // better-sqlite3 marks the addon object it opened databases with.
    expect(require.cache[binding]?.exports).toMatchObject({ isInitialized: true });
    db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (41), (1)');
    db.close();
    const again = openSqlite(file, { readonly: true });
    expect(again.prepare('SELECT sum(x) AS s FROM t').get()).toEqual({ s: 42 });
    expect(again.readonly).toBe(true);
    again.close();
  });

  it('opens with the installed binding when the variable is unset or empty', () => {
    for (const value of [undefined, '']) {
      if (value === undefined) delete process.env[SQLITE_BINDING_ENV];
      else process.env[SQLITE_BINDING_ENV] = value;
      const db = openSqlite(':memory:');
      expect((db.prepare('SELECT 6 * 7 AS v').get() as { v: number }).v).toBe(42);
      db.close();
    }
  });

  it('names the variable and the path when the binding file is missing', () => {
    const missing = join(tempDir(), 'electron', 'better_sqlite3.node');
    process.env[SQLITE_BINDING_ENV] = missing;
    expect(() => openSqlite(':memory:')).toThrow(`${SQLITE_BINDING_ENV} points to ${missing}, which does not exist`);
  });

  it('names the variable and the path when the file is not a loadable binding', () => {
    const bogus = join(tempDir(), 'better_sqlite3.node');
    writeFileSync(bogus, 'not a shared library');
    process.env[SQLITE_BINDING_ENV] = bogus;
    expect(() => openSqlite(':memory:')).toThrow(new RegExp(`^${SQLITE_BINDING_ENV} points to ${bogus.replace(/[.\\]/g, '\\$&')}, which cannot be loaded here: `));
  });

  it('refuses a path that is not a .node file, which better-sqlite3 would silently rename', () => {
    process.env[SQLITE_BINDING_ENV] = installedBinding.replace(/\.node$/, '');
    expect(() => openSqlite(':memory:')).toThrow(`${SQLITE_BINDING_ENV} must name a .node file`);
  });
});
