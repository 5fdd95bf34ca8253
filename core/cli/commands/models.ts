import { listModels } from '../../predictors/modelStore';
import type { Command } from '../command';
import { formatTable } from '../table';

/** `candlecast models`: the trained models in the data home (the seed's model list). */
export const modelsCommand: Command = {
  name: 'models',
  summary: 'list trained models with their held-out metrics',
  usage: 'candlecast models [--json] [--home DIR]',
  options: {},
  run(_args, ctx) {
    const models = listModels(ctx.home.modelsDir);
    if (ctx.json) {
      ctx.out(JSON.stringify({ models, count: models.length }, null, 2));
      return;
    }
    if (models.length === 0) {
      ctx.out(`No models in ${ctx.home.modelsDir}. Train one: candlecast train --exchange demo --symbol BTC/USDT --timeframe 1m`);
      return;
    }
    const skillAt = (m: (typeof models)[number], h: number) => m.evaluation.horizons[Math.min(h, m.evaluation.horizons.length) - 1]?.skill;
    ctx.out(formatTable(
      ['name', 'type', 'series', 'steps', 'trained', 'size KB', 'ret R²', 'skill h1', 'skill hN'],
      models.map((m) => [
        m.name, m.type, `${m.exchange} ${m.symbol} ${m.timeframe}`, String(m.n_steps_ahead), m.trained_at.slice(0, 16).replace('T', ' '),
        m.size_kb.toFixed(0), m.performance.return_r2.toFixed(4), fmt(skillAt(m, 1)), fmt(skillAt(m, m.n_steps_ahead)),
      ]),
    ));
  },
};

function fmt(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(3);
}
