// Finds the Electron executable installed by the `electron` package without triggering its download
// (requiring the package itself would start one). Used by `npm start` and the Electron end-to-end test.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable, or null when none is installed. */
export function findElectronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist');
  const candidates = relative
    ? [join(dist, relative)]
    : [join(dist, 'electron'), join(dist, 'electron.exe'), join(dist, 'Electron.app/Contents/MacOS/Electron')];
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Why Electron cannot start here, in words that point to browser mode. */
export const NO_ELECTRON_MESSAGE =
  'no Electron binary is installed (node_modules/electron/dist is missing; it is downloaded on first use,\n' +
  'which needs access to the Electron releases). Run Candlecast in your browser instead:\n\n' +
  '    npm run web\n\n' +
  'It serves the same app on http://127.0.0.1 and prints the address.';
