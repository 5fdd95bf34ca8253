// The local REST API: every contract operation over HTTP, server-sent events, OpenAPI, and the renderer for browser mode.
export { startServer, type RunningServer, type ServedApi, type ServerOptions } from './server';
export { isLoopbackHost, tokenForHost } from './requestGuard';
