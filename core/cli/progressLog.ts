import type { TrainProgress } from '../predictors';
import { faultPoint } from '../runtime/faultPoint';

/**
 * A training progress printer for stderr: one line per stage change and at most one per model every 25 rounds,
 * so a 500-round, four-model training prints a readable trail rather than 2,000 lines.
 */
export function trainProgressPrinter(log: (line: string) => void): (p: TrainProgress) => void {
  let lastKey = '';
  let lastRound = -Infinity;
  return (p) => {
    faultPoint(`train:${p.stage}`);
    const key = `${p.stage}:${p.model?.k ?? ''}`;
    const round = p.iteration?.iteration ?? 0;
    if (key === lastKey && p.stage === 'model' && round - lastRound < 25) return;
    if (key === lastKey && p.stage !== 'model' && p.stage !== 'evaluation') return;
    lastKey = key;
    lastRound = round;
    log(`[${String(Math.round(p.value * 100)).padStart(3)}%] ${p.stage}: ${p.message}`);
  };
}
