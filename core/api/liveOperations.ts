import { z } from 'zod';
import { idField } from './fields';
import { liveScoreSchema, liveStatusSchema, modelLiveScoreSchema, watchRequestFields } from './liveSchemas';
import { empty, op, type OperationDef } from './operationDef';

/** The live operations of the contract (watching markets, live scores), spread into `operations` in contract.ts. */
export const liveOperations = {
  watchMarket: op({
    summary: 'Keeps a market\'s live feed running for `lease_s` seconds (renew with the returned watch_id): new bars arrive as `candle` '
      + 'events, the feed\'s state as `liveStatus`, and with `rolling_model` a refreshed forecast as `forecast` after every closed bar.',
    request: z.strictObject(watchRequestFields),
    response: liveStatusSchema.extend({ watch_id: z.string(), lease_s: z.number() }),
    http: { method: 'POST', path: '/api/live/watch' },
  }),
  unwatchMarket: op({
    summary: 'Ends a watch; the feed stops when no one watches its market.',
    request: z.strictObject({ watch_id: z.string().min(1).max(64) }),
    response: z.object({ released: z.boolean() }),
    http: { method: 'POST', path: '/api/live/unwatch' },
  }),
  liveStatus: op({
    summary: 'The live feeds running now and their states.',
    request: empty,
    response: z.array(liveStatusSchema),
    http: { method: 'GET', path: '/api/live' },
  }),
  predictionScore: op({
    summary: 'The running score of a saved forecast against the real bars that closed after it was made: close error vs naive, '
      + 'closes inside each band, range error, step by step.',
    request: z.strictObject({ id: idField }),
    response: liveScoreSchema,
    http: { method: 'GET', path: '/api/predictions/:id/score' },
  }),
  modelLiveScores: op({
    summary: 'Each model\'s live record over its saved forecasts (skill and 80% coverage with 95% block-bootstrap intervals) and '
      + 'whether it is stale, with the reasons.',
    request: empty,
    response: z.array(modelLiveScoreSchema),
    http: { method: 'GET', path: '/api/live/models' },
  }),
} as const satisfies Record<string, OperationDef>;
