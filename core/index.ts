// Library entry for Electron's main process (bundled to out/core/index.js): the service, the API contract
// and everything derived from it, and the REST server for browser mode.
export * from './api';
export { createService, type Service, type ServiceOptions } from './service';
export { startServer, type RunningServer, type ServerOptions } from './server';
export { resolveHome, ensureHome, type DataHome } from './runtime/home';
