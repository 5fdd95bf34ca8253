// Entry of the service's long-lived forecast workers (bundled to out/core/workers/service-forecast.js):
// answers ForecastWorkerRequests posted by core/service/workerPool.ts, one at a time, in order.
import { parentPort, workerData } from 'node:worker_threads';
import type { ForecastWorkerData, ForecastWorkerRequest } from './forecastProtocol';
import { createForecastHandlers } from './forecastWorkerHandlers';

const port = parentPort;
if (!port) throw new Error('service-forecast.worker must run in a worker thread');
const handle = createForecastHandlers(workerData as ForecastWorkerData);
let queue: Promise<void> = Promise.resolve();

port.on('message', (msg: ForecastWorkerRequest & { seq: number }) => {
  queue = queue.then(async () => {
    try {
      port.postMessage({ seq: msg.seq, ok: true, value: await handle(msg) });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      port.postMessage({ seq: msg.seq, ok: false, name: e.name, message: e.message, code: (e as { code?: string }).code });
    }
  });
});
