import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Environment variable naming a better_sqlite3.node compiled for the running runtime.
 * Electron has its own module ABI, so `npm start` and the packaged app point this at an Electron build of the
 * binding; plain Node leaves it unset and uses the one `npm install` built. Worker threads inherit it.
 */
export const SQLITE_BINDING_ENV = 'CANDLECAST_SQLITE_BINDING';

/**
 * The better-sqlite3 binding file named by CANDLECAST_SQLITE_BINDING, loaded once per thread, or undefined when
 * the variable is unset. A missing or unloadable file (wrong ABI, wrong architecture) is an error that names the
 * variable and the path, rather than a failure deep inside better-sqlite3.
 */
export function sqliteBindingFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[SQLITE_BINDING_ENV];
  if (!value) return undefined;
  const path = resolve(value);
  if (!path.endsWith('.node')) throw new Error(`${SQLITE_BINDING_ENV} must name a .node file (it is ${path})`);
  if (!existsSync(path)) throw new Error(`${SQLITE_BINDING_ENV} points to ${path}, which does not exist`);
  try {
    createRequire(import.meta.url)(path);
  } catch (err) {
    throw new Error(`${SQLITE_BINDING_ENV} points to ${path}, which cannot be loaded here: ${(err as Error).message}`);
  }
  return path;
}

/** Opens a better-sqlite3 database, with the native binding of CANDLECAST_SQLITE_BINDING when it is set. */
export function openSqlite(path: string, options: Database.Options = {}): Database.Database {
  const nativeBinding = sqliteBindingFromEnv();
  return new Database(path, nativeBinding ? { ...options, nativeBinding } : options);
}
