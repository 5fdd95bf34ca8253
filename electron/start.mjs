// `npm start`: launches Electron on the built app. Where no Electron binary is installed (offline machines, CI)
// it says so and points to browser mode. Before the first launch with an Electron version it builds better-sqlite3
// for Electron (electron/electronSqlite.mjs) and hands the binding to the app through CANDLECAST_SQLITE_BINDING.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronSqlite, SQLITE_BINDING_ENV } from './electronSqlite.mjs';
import { findElectronBinary, NO_ELECTRON_MESSAGE } from './findElectron.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binary = findElectronBinary();
if (!binary) {
  console.error(`error: ${NO_ELECTRON_MESSAGE}`);
  process.exit(1);
}
let binding;
try {
  binding = process.env[SQLITE_BINDING_ENV] || ensureElectronSqlite();
} catch (err) {
  console.error(`error: ${err.message}`);
  process.exit(1);
}
const child = spawn(binary, [root, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, [SQLITE_BINDING_ENV]: binding },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
