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
      {row.steps_scored > 0 ? <span>{formatNumber(row.skill, 3)}{ci} · 80% {formatPercent(row.coverage_80, 0)}</span> : <span className="muted">none yet</span>}
      {row.stale && (
        <span className="stale-flag" data-testid="model-stale">
          {' '}⚠ stale: {row.stale_reasons.join('; ')}{' '}
          <button data-testid="model-stale-retrain" disabled={training} onClick={() => void controller.retrainModel(name)}>Retrain</button>
        </span>
      )}
    </span>
  );
}

/** History's per-model live record: forecasts scored, skill with its interval, coverage, and the verdict in words. */
export function ModelLiveSummary() {
  const rows = useApp((s) => s.modelScores).filter((r) => r.steps_scored > 0);
  if (rows.length === 0) return null;
  return (
    <ul className="model-live-summary small" data-testid="history-model-scores">
      {rows.map((r) => (
        <li key={r.model} data-testid="history-model-score">
          <b className="mono">{r.model}</b>: {r.forecasts} forecast{r.forecasts === 1 ? '' : 's'}, {r.steps_scored} steps scored live · skill {formatNumber(r.skill, 3)}
          {r.skill_ci ? ` [${formatNumber(r.skill_ci[0], 3)}, ${formatNumber(r.skill_ci[1], 3)}]` : ''} · 80% band {formatPercent(r.coverage_80, 0)}
          {r.coverage_80_ci ? ` [${formatPercent(r.coverage_80_ci[0], 0)}, ${formatPercent(r.coverage_80_ci[1], 0)}]` : ''} — <span className="muted">{r.verdict}</span>
          {r.stale && <span className="stale-flag"> · ⚠ stale: {r.stale_reasons.join('; ')}</span>}
        </li>
      ))}
    </ul>
  );
}
