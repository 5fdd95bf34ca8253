// The REST API under load, against the real `candlecast serve` with a model trained on 30 days of demo 1m bars:
// 200 sequential and 20 concurrent GET /api/predictions, and GET /api/models while a training runs.
import { quantile, type BenchRow, type BenchSuite } from './harness';
import { startServe } from '../integration/server-harness';

const FORECAST = '/api/predictions?symbol=BTC_USDT&timeframe=1m';

async function timed(fn: () => Promise<{ status: number }>): Promise<number> {
  const t = performance.now();
  const r = await fn();
  if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
  return performance.now() - t;
}

function rows(label: string, ms: readonly number[], budget?: number): BenchRow[] {
  return [
    { metric: `${label} p50`, value: quantile(ms, 0.5), unit: 'ms' },
    { metric: `${label} p95`, value: quantile(ms, 0.95), unit: 'ms', ...(budget === undefined ? {} : { budget }) },
  ];
}

const suite: BenchSuite = {
  name: 'api',
  async run(): Promise<BenchRow[]> {
    const srv = await startServe();
    try {
      const t0 = performance.now();
      const train = await srv.post('/api/models/train', { symbol: 'BTC_USDT', timeframe: '1m' });
      const trained = await srv.waitJob(train.body.jobId, 600_000);
      if (trained.status !== 'completed') throw new Error(`training ${trained.status}: ${trained.error}`);
      const trainS = (performance.now() - t0) / 1000;

      await timed(() => srv.get(FORECAST));
      const sequential: number[] = [];
      for (let i = 0; i < 200; i++) sequential.push(await timed(() => srv.get(FORECAST)));

      const concurrentWall = performance.now();
      const concurrent = await Promise.all(Array.from({ length: 20 }, () => timed(() => srv.get(FORECAST))));
      const wallMs = performance.now() - concurrentWall;

      const during = await srv.post('/api/models/train', { symbol: 'ETH_USDT', timeframe: '1m', type: 'multi_ohlc' });
      const modelsMs: number[] = [];
      for (;;) {
        const job = (await srv.get(`/api/jobs/${during.body.jobId}`)).body;
        if (job.status !== 'queued' && job.status !== 'running') break;
        if (job.status === 'running') modelsMs.push(await timed(() => srv.get('/api/models')));
        await new Promise((r) => setTimeout(r, 100));
      }
      return [
        { metric: 'training 30 d of 1m, 300 steps (via API)', value: trainS, unit: 's' },
        ...rows('GET /api/predictions sequential (200)', sequential),
        ...rows('GET /api/predictions concurrent (20)', concurrent),
        { metric: 'GET /api/predictions 20 concurrent, wall', value: wallMs, unit: 'ms' },
        ...rows(`GET /api/models during a multi-OHLC training (${modelsMs.length})`, modelsMs, 100),
        { metric: 'GET /api/models during training, max', value: Math.max(...modelsMs), unit: 'ms', budget: 100 },
      ];
    } finally {
      await srv.stop();
    }
  },
};

export default suite;
