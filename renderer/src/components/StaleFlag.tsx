/** A model's live record in the Models table: its live skill, and a stale flag with the reason and one-click retrain. */
import { useApp, useController } from '../app/appContext';
import { formatNumber, formatPercent } from '../app/format';

/** The live cell of one model's row. */
export function ModelLiveCell({ name }: { name: string }) {
  const controller = useController();
  const row = useApp((s) => s.modelScores.find((m) => m.model === name));
  const training = useApp((s) => s.runs.some((r) => r.status === 'queued' || r.status === 'running'));
  if (!row) return <span className="muted">-</span>;
  const ci = row.skill_ci ? ` [${formatNumber(row.skill_ci[0], 3)}, ${formatNumber(row.skill_ci[1], 3)}]` : '';
  return (
    <span data-testid="model-live" data-stale={row.stale ? 'true' : 'false'} title={row.verdict}>
      {row.steps_scored > 0 ? <span>{formatNumber(row.skill, 3)}{ci} · 80% {formatPercent(row.coverage_80, 0)}</span> : <span className="muted">no live score yet</span>}
      {row.stale && (
        <span className="stale-flag" data-testid="model-stale">
          {' '}⚠ stale: {row.stale_reasons.join('; ')}{' '}
          <button data-testid="model-stale-retrain" disabled={training} onClick={() => void controller.retrainModel(name)}>Retrain</button>
        </span>
      )}
    </span>
  );
}
