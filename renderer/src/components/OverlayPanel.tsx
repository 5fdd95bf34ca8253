/** The running score of the saved forecast drawn on the chart, with a small chart of its errors against naive. */
import { useApp, useServices } from '../app/appContext';
import { formatNumber, formatPercent, formatPrice, formatTime } from '../app/format';
import type { LiveScoreResult } from '../store/liveSlice';

const W = 220;
const H = 46;

/** Cumulative mean absolute error per scored step, the forecast's and the naive one's, as two polylines. */
function ErrorSpark({ score }: { score: LiveScoreResult }) {
  const steps = score.steps;
  if (steps.length < 2) return null;
  const cum = (f: (s: (typeof steps)[number]) => number) => {
    let sum = 0;
    return steps.map((s, i) => (sum += f(s)) / (i + 1));
  };
  const model = cum((s) => Math.abs(s.predicted_close - s.close));
  const naive = cum((s) => Math.abs(s.naive - s.close));
  const top = Math.max(...model, ...naive) || 1;
  const line = (v: number[]) => v.map((y, i) => `${((i / (v.length - 1)) * W).toFixed(1)},${(H - (y / top) * (H - 4)).toFixed(1)}`).join(' ');
  return (
    <svg className="spark" width={W} height={H} viewBox={`0 0 ${W} ${H}`} data-testid="overlay-spark" aria-label="running mean absolute error: forecast (white) and naive (grey)">
      <polyline points={line(naive)} fill="none" stroke="#8b949e" strokeWidth="1.5" strokeDasharray="3 2" />
      <polyline points={line(model)} fill="none" stroke="#f0f6fc" strokeWidth="1.5" />
    </svg>
  );
}

/** The overlay's panel (nothing when no saved forecast is overlaid). */
export function OverlayPanel() {
  const { live } = useServices();
  const overlay = useApp((s) => s.overlay);
  if (!overlay) return null;
  const { record, score } = overlay;
  const band80 = score?.bands.find((b) => b.level === 80);
  return (
    <div className="overlay-panel small" data-testid="overlay-panel" data-scored={score?.steps_scored ?? 0}>
      <span>
        Saved forecast of <b className="mono">{record.model_name ?? '-'}</b> made {formatTime(score?.made_at ?? record.created_at)} UTC at {formatPrice(record.current_price ?? NaN)}:
      </span>
      {!score || score.steps_scored === 0 ? (
        <span className="muted" data-testid="overlay-score">waiting for the first bar that closes after it was made{score?.steps_before_made ? ` (${score.steps_before_made} steps had already closed and are never scored)` : ''}</span>
      ) : (
        <span data-testid="overlay-score">
          {score.steps_scored}/{score.steps_total} steps scored{score.complete ? '' : ' so far'} · skill vs naive <b className={score.skill !== null && score.skill > 0 ? 'good' : 'bad'}>{formatNumber(score.skill, 3)}</b>
          {' '}· close MAE {formatPrice(score.close_mae ?? NaN)} (naive {formatPrice(score.close_mae_naive ?? NaN)})
          {' '}· inside 80% band {formatPercent(band80?.coverage, 0)}
          {score.bands.filter((b) => b.level !== 80).map((b) => <span key={b.level}> · {b.level}% band {formatPercent(b.coverage, 0)}</span>)}
          {' '}· range error {formatPrice(score.range_mae ?? NaN)} (mean range {formatPrice(score.mean_range ?? NaN)})
        </span>
      )}
      {score && <ErrorSpark score={score} />}
      <button className="link" data-testid="overlay-close" onClick={() => live.clearOverlay()}>Hide</button>
    </div>
  );
}

/** History's "On chart" button for one saved forecast. */
export function OverlayButton({ id, disabled }: { id: string; disabled?: boolean }) {
  const { live } = useServices();
  return <button data-testid="history-overlay" disabled={disabled} onClick={() => void live.showOverlay(id)}>On chart</button>;
}
