import {
  isOperationName, operations, type ApiHandlers, type OperationName, type OperationResponse,
} from './contract';
import { ApiError, apiErrorFromBody, fromZodError, isApiErrorBody, toApiError, type ApiErrorBody } from './errors';

/** The outcome of one operation as it crosses a boundary that cannot carry exceptions (Electron IPC). */
export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiErrorBody };

/**
 * Validates a raw request against the operation's schema and calls its handler.
 * Unknown operations and invalid requests throw ApiError `invalid_request` naming the field.
 */
export async function dispatch<K extends OperationName>(handlers: ApiHandlers, name: K, raw: unknown): Promise<OperationResponse<K>> {
  if (!isOperationName(name)) throw new ApiError('invalid_request', `unknown operation "${String(name)}"`, 'operation');
  const parsed = operations[name].request.safeParse(raw ?? {});
  if (!parsed.success) throw fromZodError(parsed.error);
  const handler = handlers[name] as (req: unknown) => Promise<OperationResponse<K>>;
  return handler(parsed.data);
}

/**
 * dispatch(), settled into an ApiResult: what an Electron `ipcMain.handle` returns,
 * because Electron passes only the message of a thrown error to the renderer.
 */
export async function dispatchSettled<K extends OperationName>(
  handlers: ApiHandlers,
  name: K,
  raw: unknown,
): Promise<ApiResult<OperationResponse<K>>> {
  try {
    return { ok: true, value: await dispatch(handlers, name, raw) };
  } catch (err) {
    return { ok: false, error: toApiError(err).toBody() };
  }
}

/** The value of an ApiResult, or its error thrown as an ApiError (the preload side of IPC). */
export function unwrapResult<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  if (isApiErrorBody(result.error)) throw apiErrorFromBody(result.error);
  throw new ApiError('internal', 'malformed result from the service');
}
