/** Train and validation RMSE by boosting round, drawn as a small SVG line chart. */
import type { LossCurve } from '../store/trainingSlice';
import { formatNumber } from '../app/format';

const W = 260;
const H = 64;
const PAD = 4;

function path(xs: readonly number[], ys: readonly number[], x0: number, x1: number, y0: number, y1: number): string {
  let d = '';
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(ys[i])) continue;
    const x = PAD + ((xs[i] - x0) / Math.max(1, x1 - x0)) * (W - 2 * PAD);
    const y = H - PAD - ((ys[i] - y0) / Math.max(1e-12, y1 - y0)) * (H - 2 * PAD);
    d += `${d ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
  }
  return d;
}

/** One model's loss curves (train solid, validation dashed). */
export function LossCurves({ target, curve }: { target: string; curve: LossCurve }) {
  const values = [...curve.train, ...curve.valid].filter(Number.isFinite);
  if (curve.iterations.length < 2 || values.length === 0) return null;
  const x0 = curve.iterations[0];
  const x1 = curve.iterations[curve.iterations.length - 1];
  const y0 = Math.min(...values);
  const y1 = Math.max(...values);
  const lastValid = [...curve.valid].reverse().find(Number.isFinite);
  return (
    <figure className="loss-curve" data-testid={`loss-curve-${target}`}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={`RMSE by round for ${target}`}>
        <path d={path(curve.iterations, curve.train, x0, x1, y0, y1)} className="train" />
        <path d={path(curve.iterations, curve.valid, x0, x1, y0, y1)} className="valid" />
      </svg>
      <figcaption>
        <b>{target}</b> round {x1}: train {formatNumber(curve.train[curve.train.length - 1], 6)}
        {lastValid !== undefined && <>, valid {formatNumber(lastValid, 6)}</>}
      </figcaption>
    </figure>
  );
}
