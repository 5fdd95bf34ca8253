// Compiles core/lightgbm/addon (our N-API binding) together with the LightGBM sources shipped by the
// npm package `lightgbm`, once per install: a stamp of the inputs skips an up-to-date rebuild.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import os from 'node:os';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(join(root, 'package.json'));
const addonDir = join(root, 'core/lightgbm/addon');
const outDir = join(root, 'out/native');
const target = join(outDir, 'Release', 'candlecast_lightgbm.node');

const lightgbmPkg = dirname(require.resolve('lightgbm/package.json'));
const lightgbmDir = join(lightgbmPkg, 'dependencies', 'LightGBM');
if (!existsSync(join(lightgbmDir, 'CMakeLists.txt'))) {
  console.error(`error: LightGBM sources not found at ${lightgbmDir}`);
  process.exit(1);
}
const napiInclude = require('node-addon-api').include.replace(/"/g, '');

const stampInputs = [
  ...['addon.cc', 'napi_helpers.h', 'dataset.h', 'booster.h'].map((f) => readFileSync(join(addonDir, f))),
  readFileSync(join(addonDir, 'CMakeLists.txt')),
  readFileSync(join(lightgbmDir, 'VERSION.txt')),
  process.version,
].join('\0');
const stamp = createHash('sha256').update(stampInputs).digest('hex');
const stampFile = join(outDir, 'stamp.txt');
if (existsSync(target) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && !process.argv.includes('--force')) {
  console.log('candlecast: LightGBM addon is up to date');
  process.exit(0);
}

mkdirSync(outDir, { recursive: true });
const cmakeJs = join(dirname(require.resolve('cmake-js/package.json')), 'bin', 'cmake-js');
const jobs = String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
console.log(`candlecast: compiling LightGBM ${readFileSync(join(lightgbmDir, 'VERSION.txt'), 'utf8').trim()} and the addon (${jobs} jobs)...`);
const started = Date.now();
const r = spawnSync(
  process.execPath,
  [cmakeJs, 'compile', '-d', addonDir, '-O', outDir, '--parallel', jobs,
    `--CDLIGHTGBM_DIR=${lightgbmDir}`, `--CDNODE_ADDON_API_DIR=${napiInclude}`],
  { stdio: 'inherit', cwd: root, env: { ...process.env, CMAKE_BUILD_PARALLEL_LEVEL: jobs } },
);
if (r.status !== 0 || !existsSync(target)) {
  console.error('error: the LightGBM addon failed to compile (needs cmake, a C++17 compiler and OpenMP)');
  process.exit(1);
}
writeFileSync(stampFile, stamp);
console.log(`candlecast: addon built in ${((Date.now() - started) / 1000).toFixed(0)} s -> ${target}`);
