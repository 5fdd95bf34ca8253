// The Electron build of better-sqlite3: where the main process looks for it, and how `npm start` builds it (the
// build itself needs Electron's headers from the network, so here only its skip and failure paths run).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_BINDING_ENV } from '../../core/runtime/sqlite';
import { packageRoot } from '../../core/runtime/packageRoot';
import {
  ELECTRON_SQLITE_BINDING, ensureElectronSqlite, installedElectronVersion, SQLITE_BINDING_ENV as SCRIPT_ENV,
} from '../../electron/electronSqlite.mjs';
import { DEV_SQLITE_BINDING, electronSqliteBinding, PACKAGED_SQLITE_BINDING } from '../../electron/main/sqliteBinding';

const betterSqlite = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A local port nobody listens on, so a header download fails at once without leaving this machine. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-electron-sqlite-'));
  dirs.push(dir);
  return dir;
}

describe('electronSqliteBinding (main process)', () => {
  const place = { isPackaged: false, resourcesPath: '/opt/Candlecast/resources', packageRoot: '/src/candlecast' };

  it('keeps a binding handed down by npm start', () => {
    expect(electronSqliteBinding({ ...place, isPackaged: true, fromEnv: '/x/better_sqlite3.node' })).toBe('/x/better_sqlite3.node');
  });

  it('uses the copy in the resources of a packaged app', () => {
    expect(electronSqliteBinding({ ...place, isPackaged: true, fromEnv: undefined }))
      .toBe(join('/opt/Candlecast/resources', 'native', 'better_sqlite3.node'));
  });

  it('uses the npm start build when run from the source tree without the variable', () => {
    expect(electronSqliteBinding({ ...place, fromEnv: '' }))
      .toBe(join('/src/candlecast', 'out', 'electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
  });

  it('agrees with the build script, the packaging config and core on names and places', () => {
    expect(SCRIPT_ENV).toBe(SQLITE_BINDING_ENV);
    expect(join(...ELECTRON_SQLITE_BINDING.split('/'))).toBe(DEV_SQLITE_BINDING);
    const build = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).build;
    expect(build.npmRebuild).toBe(false);
    expect(build.extraResources).toContainEqual({ from: ELECTRON_SQLITE_BINDING, to: PACKAGED_SQLITE_BINDING.split(/[\\/]/).join('/') });
    expect(build.asarUnpack).toEqual(expect.arrayContaining(['package.json', 'out/native/**', 'out/core/workers/**', 'node_modules/better-sqlite3/**']));
  });
});

describe('ensureElectronSqlite (npm start)', () => {
  it('reads the installed Electron version without loading the package', () => {
    expect(installedElectronVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('skips the build when the stamp matches this Electron, platform, architecture and better-sqlite3', async () => {
    const out = join(tempDir(), 'better-sqlite3');
    const binding = join(out, 'build', 'Release', 'better_sqlite3.node');
    mkdirSync(dirname(binding), { recursive: true });
    writeFileSync(binding, 'built earlier');
    const version = JSON.parse(readFileSync(join(betterSqlite, 'package.json'), 'utf8')).version;
    writeFileSync(join(out, 'candlecast-electron-build.txt'), `electron 45.5.0 ${process.platform}-x64 better-sqlite3 ${version}\n`);
    const logged: string[] = [];
    // An unreachable header server: any rebuild attempt would throw.
    const options = { electronVersion: '45.5.0', arch: 'x64', outDir: out, source: betterSqlite, headersUrl: `http://127.0.0.1:${await closedPort()}`,
      devDir: join(tempDir(), 'gyp'), stdio: 'pipe' as const, log: (l: string) => logged.push(l) };
    expect(ensureElectronSqlite(options)).toBe(binding);
    expect(logged).toEqual([]);
    expect(readFileSync(binding, 'utf8')).toBe('built earlier');
    // Another Electron version means a rebuild, which an empty source folder makes fail at once.
    expect(() => ensureElectronSqlite({ ...options, electronVersion: '46.0.0', source: tempDir() }))
      .toThrow(/^could not build better-sqlite3 for Electron 46\.0\.0: no better-sqlite3 sources/);
  });

  it('fails with a message that says why and points to browser mode when the headers cannot be fetched', async () => {
    const headersUrl = `http://127.0.0.1:${await closedPort()}`;
    const out = join(tempDir(), 'better-sqlite3');
    // An npm config nodedir (as `npm start` passes on) must not redirect node-gyp to Node's own headers.
    const savedNodedir = process.env.npm_config_nodedir;
    process.env.npm_config_nodedir = join(tempDir(), 'node-headers');
    let message = '';
    try {
      ensureElectronSqlite({ electronVersion: '45.5.0', outDir: out, source: betterSqlite, headersUrl,
        devDir: join(tempDir(), 'gyp'), stdio: 'pipe', log: () => {} });
    } catch (err) {
      message = (err as Error).message;
    } finally {
      if (savedNodedir === undefined) delete process.env.npm_config_nodedir;
      else process.env.npm_config_nodedir = savedNodedir;
    }
    expect(message).toMatch(/^could not build better-sqlite3 for Electron 45\.5\.0: node-gyp exited with 1/);
    expect(message).toMatch(/gyp ERR! .*ECONNREFUSED/);
    expect(message).toContain(`Electron's headers (downloaded once from\n${headersUrl})`);
    expect(message).toContain('npm run web');
    expect(message).toContain(SQLITE_BINDING_ENV);
    // The sources were copied for the build, its Node build output was not, and no stamp claims success.
    expect(existsSync(join(out, 'binding.gyp'))).toBe(true);
    expect(existsSync(join(out, 'deps'))).toBe(true);
    expect(existsSync(join(out, 'build', 'Release', 'better_sqlite3.node'))).toBe(false);
    expect(existsSync(join(out, 'candlecast-electron-build.txt'))).toBe(false);
  });

  it('names a source folder without better-sqlite3 sources', () => {
    const source = tempDir();
    expect(() => ensureElectronSqlite({ electronVersion: '45.5.0', outDir: join(tempDir(), 'o'), source, log: () => {} }))
      .toThrow(`could not build better-sqlite3 for Electron 45.5.0: no better-sqlite3 sources in ${source}.`);
  });
});
