/** Environment variable through which the app gets the Electron build of the binding. */
export const SQLITE_BINDING_ENV: 'CANDLECAST_SQLITE_BINDING';
/** Where node-gyp downloads Electron's headers from. */
export const ELECTRON_HEADERS_URL: string;
/** Folder of the Electron build of better-sqlite3, relative to the package root. */
export const ELECTRON_SQLITE_DIR: string;
/** The built binding relative to the package root. */
export const ELECTRON_SQLITE_BINDING: string;
/** Version of the installed `electron` package. */
export function installedElectronVersion(): string;
/** Options of ensureElectronSqlite; every one has a default for `npm start`. */
export interface ElectronSqliteOptions {
  electronVersion?: string;
  arch?: string;
  outDir?: string;
  source?: string;
  headersUrl?: string;
  devDir?: string;
  stdio?: 'inherit' | 'pipe';
  log?: (line: string) => void;
}
/** Path of better_sqlite3.node built for Electron, built first unless a stamp shows an up-to-date build. */
export function ensureElectronSqlite(options?: ElectronSqliteOptions): string;
