// `npm start`: launches Electron on the built app. Finds the Electron binary without downloading it;
// where there is none (offline machines, CI) it says so and points to browser mode.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable installed by the `electron` package, or null. Never triggers its download. */
export function findElectronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist');
  const candidates = relative ? [join(dist, relative)] : [join(dist, 'electron'), join(dist, 'electron.exe'), join(dist, 'Electron.app/Contents/MacOS/Electron')];
  return candidates.find((p) => existsSync(p)) ?? null;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const binary = findElectronBinary();
  if (!binary) {
    console.error(
      'error: no Electron binary is installed (node_modules/electron/dist is missing; it is downloaded on first use,\n' +
        'which needs access to the Electron releases). Run Candlecast in your browser instead:\n\n' +
        '    npm run web\n\n' +
        'It serves the same app on http://127.0.0.1 and prints the address.',
    );
    process.exit(1);
  }
  const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}
