import { join } from 'node:path';

/** Where a packaged app keeps the Electron build of better_sqlite3.node, under its resources (build.extraResources). */
export const PACKAGED_SQLITE_BINDING = join('native', 'better_sqlite3.node');
/** Where `npm start` builds it, under the package root (electron/electronSqlite.mjs). */
export const DEV_SQLITE_BINDING = join('out', 'electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

/** What the main process knows about where it runs. */
export interface SqliteBindingPlace {
  /** CANDLECAST_SQLITE_BINDING as inherited (set by `npm start`, or by hand). */
  readonly fromEnv: string | undefined;
  readonly isPackaged: boolean;
  /** process.resourcesPath: the folder holding app.asar and the extra resources. */
  readonly resourcesPath: string;
  /** Candlecast's package root (for a run from the source tree). */
  readonly packageRoot: string;
}

/**
 * The better-sqlite3 binding built for Electron that the service must use: the inherited variable when set, else
 * the packaged copy, else the one `npm start` builds. The Node binary in node_modules is never right in Electron, so a
 * missing file is left for openSqlite to report with its path.
 */
export function electronSqliteBinding(place: SqliteBindingPlace): string {
  if (place.fromEnv) return place.fromEnv;
  return place.isPackaged ? join(place.resourcesPath, PACKAGED_SQLITE_BINDING) : join(place.packageRoot, DEV_SQLITE_BINDING);
}
