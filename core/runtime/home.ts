import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where Candlecast keeps its data: the model store and the SQLite database. */
export interface DataHome {
  readonly root: string;
  readonly modelsDir: string;
  readonly dbPath: string;
}

/** The data home: `--home`, else `$CANDLECAST_HOME`, else the current directory. */
export function resolveHome(flag?: string, env: NodeJS.ProcessEnv = process.env): DataHome {
  const root = resolve(flag || env.CANDLECAST_HOME || process.cwd());
  return { root, modelsDir: join(root, 'models'), dbPath: join(root, 'candlecast.db') };
}

/** Creates the data home's folders when missing. */
export function ensureHome(home: DataHome): DataHome {
  mkdirSync(home.modelsDir, { recursive: true });
  return home;
}
