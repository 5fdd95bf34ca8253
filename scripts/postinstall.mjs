// Runs after `npm install` / `npm ci`: compiles our LightGBM addon, then bundles core/ so the CLI works at once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [['scripts/build-addon.mjs'], ['scripts/build-core.mjs']];
for (const [script] of steps) {
  if (!existsSync(script)) continue;
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
