import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackedAsarPath } from './asarPath';

let cached: string | undefined;

/**
 * The folder of Candlecast's package.json.
 * Found by walking up from this module, so it holds for TS sources (tests), the esbuild bundle in out/ and workers.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'candlecast') return (cached = dir);
      } catch {
        /* not ours; keep walking */
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the candlecast package root');
    dir = parent;
  }
}

/**
 * Path of a bundled worker script (`out/core/workers/<name>.js`), built by `npm run build:core`.
 * In a packaged app it is the copy in app.asar.unpacked (build.asarUnpack), where the worker finds package.json,
 * better-sqlite3 and the LightGBM addon as plain files.
 */
export function workerScript(name: string): string {
  const path = unpackedAsarPath(join(packageRoot(), 'out', 'core', 'workers', `${name}.js`));
  if (!existsSync(path)) throw new Error(`worker ${name} is not built (${path}); run npm run build:core`);
  return path;
}

/** Candlecast's own version, from package.json. */
export function candlecastVersion(): string {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
}
