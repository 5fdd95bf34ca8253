import { z } from 'zod';

/** How an operation appears in the REST API. Path parameters are `:name` segments filled from the request. */
export interface HttpRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: `/api/${string}`;
  /** The response is sent as `text/csv` (the `csv` field of the response) instead of JSON. */
  readonly csv?: boolean;
  /** Largest accepted request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
}

/** One operation: its request and response schemas and its REST form. */
export interface OperationDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly summary: string;
  readonly request: Req;
  readonly response: Res;
  readonly http: HttpRoute;
}

/** Declares one operation, keeping its request and response types. */
export function op<Req extends z.ZodType, Res extends z.ZodType>(def: OperationDef<Req, Res>): OperationDef<Req, Res> {
  return def;
}

/** The request of an operation that takes nothing. */
export const empty = z.strictObject({});
