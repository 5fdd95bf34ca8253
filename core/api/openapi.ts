import { z } from 'zod';
import { events, operationNames, operations } from './contract';
import { openApiPath, pathParamNames } from './httpRoutes';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error', 'detail'],
  properties: { error: { type: 'string' }, detail: { type: 'string' }, field: { type: 'string' } },
};

function errorResponse(description: string, headers?: JsonSchema): JsonSchema {
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

/** The error answers every operation can give (`error` in the body is the kind; see ERROR_STATUS). */
function errorResponses(method: string): Record<number, JsonSchema> {
  const out: Record<number, JsonSchema> = {
    400: errorResponse('Invalid input; `field` names the offending field'),
    401: errorResponse('Missing or wrong bearer token (only when the server binds beyond 127.0.0.1)'),
    403: errorResponse('Refused: another host name (DNS rebinding), another site (Origin, Sec-Fetch-Site), or a browser request without the x-candlecast-client header'),
    404: errorResponse('Unknown model, prediction, job or series'),
    409: errorResponse('Conflict with running work: e.g. deleting a model that is being trained, a cancelled job'),
    422: errorResponse('Valid request the data cannot serve: too little history, no stored candles, a market the exchange lacks'),
    503: errorResponse('Temporarily unavailable: another process holds the data home\'s write lock, or an exchange cannot be reached; retry after the given seconds', {
      'Retry-After': { description: 'Seconds to wait before retrying', required: true, schema: { type: 'integer' } },
    }),
  };
  if (method === 'POST') {
    out[408] = errorResponse('The body stalled (nothing received for 30 s)');
    out[413] = errorResponse('The body is larger than this operation takes');
    out[415] = errorResponse('The body is not Content-Type: application/json');
  }
  return out;
}

/**
 * The OpenAPI 3.0 document of the REST API, generated from the contract: one path item per operation
 * (`operationId` = the operation's name), query/path parameters for GET and DELETE, a JSON body for POST.
 */
export function openApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const name of operationNames) {
    const def = operations[name];
    const route = def.http;
    const requestSchema = jsonSchema(def.request, 'input');
    const props = (requestSchema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((requestSchema.required ?? []) as string[]);
    const inPath = new Set(pathParamNames(route));
    const parameters: JsonSchema[] = [...inPath].map((p) => ({ name: p, in: 'path', required: true, schema: props[p] ?? { type: 'string' } }));
    const operation: Record<string, unknown> = { operationId: name, summary: def.summary, parameters };
    if (route.method === 'POST') {
      const bodyProps = Object.fromEntries(Object.entries(props).filter(([k]) => !inPath.has(k)));
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: { ...requestSchema, properties: bodyProps, required: [...required].filter((k) => !inPath.has(k)) } } },
      };
    } else {
      for (const [k, s] of Object.entries(props)) {
        if (inPath.has(k)) continue;
        // An object or array travels as JSON in one query parameter (`options={"numBoostRound":50}`).
        const structured = s.type === 'object' || s.type === 'array';
        parameters.push(structured
          ? { name: k, in: 'query', required: required.has(k), content: { 'application/json': { schema: s } } }
          : { name: k, in: 'query', required: required.has(k), schema: s });
      }
    }
    const ok = route.csv
      ? { description: 'CSV, one row per step', content: { 'text/csv': { schema: { type: 'string' } } } }
      : { description: 'OK', content: { 'application/json': { schema: jsonSchema(def.response, 'output') } } };
    operation.responses = { 200: ok, ...errorResponses(route.method) };
    (paths[openApiPath(route)] ??= {})[route.method.toLowerCase()] = operation;
  }
  paths['/api/events'] = {
    get: {
      operationId: 'events',
      summary: `Server-sent events: ${Object.keys(events).join(', ')} (event name = SSE event field, payload = JSON data).`,
      responses: {
        200: {
          description: 'text/event-stream; each event\'s data is the JSON payload of its event (see components)',
          content: {
            'text/event-stream': {
              schema: {
                type: 'object',
                properties: {
                  event: { type: 'string', enum: Object.keys(events) },
                  data: { type: 'string' },
                  id: { type: 'string' },
                  retry: { type: 'integer' },
                },
              },
            },
          },
        },
        ...errorResponses('GET'),
      },
    },
  };
  const schemas: Record<string, JsonSchema> = { Error: errorSchema };
  for (const [name, schema] of Object.entries(events)) schemas[`${name[0].toUpperCase()}${name.slice(1)}Event`] = jsonSchema(schema, 'output');
  return {
    openapi: '3.0.3',
    info: { title: 'Candlecast local API', version },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
