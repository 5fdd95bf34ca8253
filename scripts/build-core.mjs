// Bundles core/ with esbuild into out/core/: the CLI, the library entry for Electron's main process,
// and one file per worker (`core/**/<name>.worker.ts` -> out/core/workers/<name>.js).
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

function findWorkers(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findWorkers(p));
    else if (name.endsWith('.worker.ts')) out.push(p);
  }
  return out;
}

const entryPoints = [];
for (const [out, src] of [['cli', 'core/cli/main.ts'], ['index', 'core/index.ts']]) {
  if (existsSync(join(root, src))) entryPoints.push({ out, in: join(root, src) });
}
for (const w of findWorkers(join(root, 'core'))) {
  entryPoints.push({ out: `workers/${basename(w, '.worker.ts')}`, in: w });
}

const started = Date.now();
await build({
  entryPoints,
  outdir: join(root, 'out/core'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log(`candlecast: core bundled (${entryPoints.length} entries) in ${Date.now() - started} ms`);
