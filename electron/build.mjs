// Bundles Electron's main process (ESM) and preload (CommonJS, as sandboxed preloads must be) into out/electron/.
// core/ is bundled into main; its worker scripts come from `node scripts/build-core.mjs` (out/core/workers).
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: 'linked', logLevel: 'warning', external: ['electron'] };

await Promise.all([
  build({
    ...common,
    entryPoints: [join(root, 'electron/main/index.ts')],
    outfile: join(root, 'out/electron/main/index.js'),
    format: 'esm',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: [join(root, 'electron/preload/index.ts')],
    outfile: join(root, 'out/electron/preload/index.cjs'),
    format: 'cjs',
    // The contract's zod schemas come along with its operation names; minified they load in a few ms.
    minify: true,
  }),
]);
console.log(`candlecast: electron main and preload bundled in ${Date.now() - started} ms`);
