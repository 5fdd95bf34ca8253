// The API contract: one table of operations and events (contract.ts) and everything derived from it.
// DOM-free and Node-free: the renderer, the preload, Electron's main process and the server all import this.
export * from './contract';
export * from './errors';
export * from './fields';
export * from './schemas';
export { createApiClient, type ApiClient, type ApiTransport } from './client';
export { dispatch, dispatchSettled, unwrapResult, type ApiResult } from './dispatch';
export {
  createHttpTransport, type EventSourceCtor, type EventSourceLike, type FetchLike, type FetchResponseLike,
  type HttpTransportOptions,
} from './httpTransport';
export { createLocalTransport } from './localTransport';
export { fetchEventSource, type StreamingFetch } from './fetchEventSource';
export { openApiDocument } from './openapi';
export { toHttpRequest, fromHttpRequest, matchRoute, decodePathSegments, pathParamNames } from './httpRoutes';
export { forecastToCsv, forecastCsvFileName, FORECAST_CSV_COLUMNS } from './forecastCsv';
