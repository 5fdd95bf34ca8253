import { compareModels, summarize } from '../../predictors';
import { skillWithInterval } from '../../evaluation/componentComparison';
import { stringOpt, type Command } from '../command';
import { modelConfigOrUsage } from '../modelConfigOpt';
import { formatTable } from '../table';

/**
 * `candlecast compare`: two saved models of one series, component by component (direction odds, candle sizes, band,
 * median close): each one's skill on its test fold with its interval, and which is better from the paired difference
 * of their skills over the stretch of market both were tested on (core/predictors/modelComparison.ts).
 */
export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare two saved models of one series, component by component, with a paired test of the difference',
  usage: 'candlecast compare --model NAME --with NAME [--json]',
  options: { model: { type: 'string' }, with: { type: 'string' } },
  run(args, ctx) {
    const [a, b] = [stringOpt(args, 'model', true), stringOpt(args, 'with', true)].map((n) => summarize(modelConfigOrUsage(ctx, n), 0));
    const c = compareModels(a, b);
    if (ctx.json) {
      ctx.out(JSON.stringify(c, null, 2));
      return;
    }
    ctx.out(`${a.name} (${a.type}) against ${b.name} (${b.type}) on ${c.series}`);
    ctx.out(formatTable(
      ['component', a.name, b.name, 'verdict'],
      c.components.map((r) => [r.label, r.a ? skillWithInterval(r.a.skill, r.a.skill_ci) : '-', r.b ? skillWithInterval(r.b.skill, r.b.skill_ci) : '-', r.verdict]),
    ));
    const paired = c.components.find((r) => r.paired)?.paired;
    ctx.out(paired
      ? `skills on each model's test fold with 95% intervals; verdicts from a paired block bootstrap of the difference over ${paired.cells} time cells both were tested on`
      : 'skills on each model\'s test fold with 95% intervals; not paired (tested on different stretches of the market, or trained before per-origin losses were stored): read from whether the intervals overlap');
  },
};
