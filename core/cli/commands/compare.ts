import { COMPARED_COMPONENTS, compareComponent, skillWithInterval } from '../../evaluation/componentComparison';
import type { ModelConfig } from '../../predictors';
import { stringOpt, UsageError, type Command } from '../command';
import { modelConfigOrUsage } from '../modelConfigOpt';
import { formatTable } from '../table';

const series = (c: ModelConfig) => `${c.exchange} ${c.symbol} ${c.timeframe}`;

/**
 * `candlecast compare`: two saved models of one series, component by component (direction odds, candle sizes, band,
 * median close): each one's skill on its test fold with its interval, and which is better from the paired difference
 * of their skills over the stretch of market both were tested on (core/evaluation/pairedComparison.ts).
 */
export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare two saved models of one series, component by component, with a paired test of the difference',
  usage: 'candlecast compare --model NAME --with NAME [--json]',
  options: { model: { type: 'string' }, with: { type: 'string' } },
  run(args, ctx) {
    const [a, b] = [stringOpt(args, 'model', true), stringOpt(args, 'with', true)].map((n) => modelConfigOrUsage(ctx, n));
    if (a.name === b.name) throw new UsageError(`--model and --with name the same model (${a.name}): compare two different models`);
    if (series(a) !== series(b)) {
      throw new UsageError(`${a.name} forecasts ${series(a)} and ${b.name} forecasts ${series(b)}: compare models of one series`);
    }
    const side = (c: ModelConfig) => ({ label: c.name, verdicts: c.training_metrics.evaluation.verdicts, losses: c.training_metrics.evaluation.origin_losses });
    const rows = COMPARED_COMPONENTS.map(({ key, label }) => {
      const va = a.training_metrics.evaluation.verdicts?.[key];
      const vb = b.training_metrics.evaluation.verdicts?.[key];
      const c = compareComponent(side(a), side(b), key);
      return { key, label, a: va && { skill: va.skill, skill_ci: va.skill_ci }, b: vb && { skill: vb.skill, skill_ci: vb.skill_ci }, paired: c.paired ?? null, verdict: c.text };
    });
    if (ctx.json) {
      ctx.out(JSON.stringify({ model: a.name, with: b.name, series: series(a), components: rows }, null, 2));
      return;
    }
    ctx.out(`${a.name} (${a.predictor_type}) against ${b.name} (${b.predictor_type}) on ${series(a)}`);
    ctx.out(formatTable(
      ['component', a.name, b.name, 'verdict'],
      rows.map((r) => [r.label, r.a ? skillWithInterval(r.a.skill, r.a.skill_ci) : '-', r.b ? skillWithInterval(r.b.skill, r.b.skill_ci) : '-', r.verdict]),
    ));
    const paired = rows.find((r) => r.paired)?.paired;
    ctx.out(paired
      ? `skills on each model's test fold with 95% intervals; verdicts from a paired block bootstrap of the difference over ${paired.cells} time cells both were tested on`
      : 'skills on each model\'s test fold with 95% intervals; not paired (tested on different stretches of the market, or trained before per-origin losses were stored): read from whether the intervals overlap');
  },
};
