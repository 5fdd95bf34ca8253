// Builds better-sqlite3 for Electron's module ABI into out/electron-native/better-sqlite3, once per Electron version
// and architecture (a stamp file skips the rebuild). better-sqlite3 is not a Node-API addon, so the binary
// `npm install` built for Node cannot load in Electron; node_modules stays as it is for the CLI and the tests, and the
// app is pointed at this copy through CANDLECAST_SQLITE_BINDING (see core/runtime/sqlite.ts).
// `npm start` and `npm run dist` run it; as a script it prints the path of the built binding.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** Environment variable through which the app gets the Electron build of the binding (read by core/runtime/sqlite.ts). */
export const SQLITE_BINDING_ENV = 'CANDLECAST_SQLITE_BINDING';
/** Where node-gyp downloads Electron's headers from. */
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
/** Folder of the Electron build of better-sqlite3, relative to the package root. */
export const ELECTRON_SQLITE_DIR = 'out/electron-native/better-sqlite3';
/** The built binding relative to the package root; electron/main/sqliteBinding.ts and package.json agree. */
export const ELECTRON_SQLITE_BINDING = `${ELECTRON_SQLITE_DIR}/build/Release/better_sqlite3.node`;

const STAMP_FILE = 'candlecast-electron-build.txt';

/** Version of the installed `electron` package, read from its package.json (requiring it would start a download). */
export function installedElectronVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/** The node-gyp to run: npm's own (what `npm install` builds addons with), else the one in node_modules. */
function nodeGypScript() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return process.env.npm_config_node_gyp;
  try {
    return join(dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js');
  } catch {
    return null;
  }
}

/** node-gyp's error lines without its stack frames and environment report. */
function gypErrors(text) {
  return text.split(/\r?\n/)
    .filter((l) => /^gyp ERR! /.test(l) && !/^gyp ERR! (stack\s+at |System |command |cwd |node -v |node-gyp -v |not ok|\$)/.test(l))
    .slice(0, 6).join('\n');
}

/**
 * Returns the path of better_sqlite3.node built for Electron, building it first unless the stamp shows an
 * up-to-date build. Throws an Error whose message says what failed and what to do instead.
 * @param {object} [options]
 * @param {string} [options.electronVersion] Electron to build for (default: the installed one)
 * @param {string} [options.arch] target architecture (default: this machine's)
 * @param {string} [options.outDir] folder that receives the better-sqlite3 copy (default: out/electron-native/better-sqlite3)
 * @param {string} [options.source] better-sqlite3 package to copy (default: the installed one)
 * @param {string} [options.headersUrl] where node-gyp fetches Electron's headers
 * @param {string} [options.devDir] node-gyp's header cache (default: ~/.electron-gyp)
 * @param {'inherit' | 'pipe'} [options.stdio] node-gyp's output: shown, or captured and quoted in the error
 * @param {(line: string) => void} [options.log]
 */
export function ensureElectronSqlite(options = {}) {
  const electronVersion = options.electronVersion ?? installedElectronVersion();
  const arch = options.arch ?? process.arch;
  const outDir = options.outDir ?? join(root, ELECTRON_SQLITE_DIR);
  const source = options.source ?? dirname(require.resolve('better-sqlite3/package.json'));
  const log = options.log ?? ((line) => console.log(line));
  const binding = join(outDir, 'build', 'Release', 'better_sqlite3.node');
  const stampPath = join(outDir, STAMP_FILE);

  const sourceVersion = existsSync(join(source, 'package.json'))
    ? JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version
    : 'unknown';
  const stamp = `electron ${electronVersion} ${process.platform}-${arch} better-sqlite3 ${sourceVersion}\n`;
  if (existsSync(binding) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return binding;

  const fail = (why) => new Error(
    `could not build better-sqlite3 for Electron ${electronVersion}: ${why}\n` +
    'The desktop app needs SQLite compiled for Electron, which takes Electron\'s headers (downloaded once from\n' +
    `${options.headersUrl ?? ELECTRON_HEADERS_URL}), Python 3 and a C++ compiler. Run Candlecast in your browser instead:\n\n` +
    '    npm run web\n\n' +
    `or set ${SQLITE_BINDING_ENV} to a better_sqlite3.node built for Electron ${electronVersion}.`);

  if (!existsSync(join(source, 'binding.gyp'))) throw fail(`no better-sqlite3 sources in ${source}.`);
  const gyp = nodeGypScript();
  if (!gyp) throw fail('node-gyp is not installed.');

  log(`candlecast: building better-sqlite3 ${sourceVersion} for Electron ${electronVersion} (${arch}) into ${outDir.startsWith(root + sep) ? relative(root, outDir) : outDir}...`);
  const started = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // The package's own build output and modules stay behind: only sources, lib and build files are needed.
  cpSync(source, outDir, {
    recursive: true,
    filter: (path) => {
      const top = relative(source, path).split(sep)[0];
      return top !== 'build' && top !== 'node_modules';
    },
  });
  const args = [gyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`,
    `--dist-url=${options.headersUrl ?? ELECTRON_HEADERS_URL}`, `--devdir=${options.devDir ?? join(homedir(), '.electron-gyp')}`];
  // An npm config `nodedir` (npm passes it as npm_config_nodedir) would point node-gyp at Node's headers instead.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.toLowerCase() !== 'npm_config_nodedir'));
  const r = spawnSync(process.execPath, args, {
    cwd: outDir,
    env,
    stdio: options.stdio === 'pipe' ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  if (r.error) throw fail(`node-gyp did not start (${r.error.message}).`);
  if (r.status !== 0 || !existsSync(binding)) {
    const output = options.stdio === 'pipe' ? `:\n${gypErrors(`${r.stdout ?? ''}\n${r.stderr ?? ''}`)}` : ' (its output is above).';
    throw fail(`node-gyp exited with ${r.status ?? r.signal}${output}`);
  }
  writeFileSync(stampPath, stamp);
  log(`candlecast: better-sqlite3 for Electron built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return binding;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const archArg = process.argv.find((a) => a.startsWith('--arch='));
  try {
    console.log(ensureElectronSqlite({ arch: archArg?.slice('--arch='.length), log: (line) => console.error(line) }));
  } catch (err) {
    console.error(`error: ${err.message}`);
    process.exit(1);
  }
}
