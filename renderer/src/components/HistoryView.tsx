/** Saved forecasts and how each scored against the candles that came after it. */
import { useEffect } from 'react';
import { useApp, useController } from '../app/appContext';
import { formatNumber, formatPercent, formatPrice, formatTime } from '../app/format';
import type { PredictionSummary } from '../store/apiTypes';
import { OverlayButton } from './OverlayPanel';
import { ModelLiveSummary } from './StaleFlag';

function Score({ p }: { p: PredictionSummary }) {
  const s = p.score;
  if (p.status !== 'completed') return <span className="muted">{p.status}{p.error ? `: ${p.error}` : ''}</span>;
  if (!s || s.steps_scored === 0) return <span className="muted">Waiting for real candles of its period</span>;
  return (
    <span>
      {s.steps_scored}/{s.steps_total} steps{s.complete ? '' : ' so far'}: skill <b className={s.skill !== null && s.skill > 0 ? 'good' : 'bad'}>{formatNumber(s.skill, 3)}</b>,
      direction {formatPercent(s.directional_accuracy, 0)}, in 80% band {formatPercent(s.coverage_80, 0)}
    </span>
  );
}

/** The History view. */
export function HistoryView() {
  const controller = useController();
  const predictions = useApp((s) => s.predictions);
  const loaded = useApp((s) => s.predictionsLoaded);
  useEffect(() => {
    void controller.refreshHistory();
  }, [controller]);
  if (loaded && predictions.length === 0) {
    return <div className="empty-state" data-testid="history-empty">No saved forecasts yet. Every forecast you make (Train or Forecast) is saved here and scored once the real candles of its period arrive.</div>;
  }
  return (
    <>
    <ModelLiveSummary />
    <table className="history" data-testid="history-table">
      <thead>
        <tr><th>Made at (UTC)</th><th>Model</th><th>Market</th><th>Steps</th><th>Price then</th><th>How it did</th><th /></tr>
      </thead>
      <tbody>
        {predictions.map((p) => (
          <tr key={p.id} data-testid="history-row">
            <td>{formatTime(p.created_at)}</td>
            <td className="mono">{p.model_name ?? '-'}</td>
            <td>{p.exchange} · {p.symbol} · {p.timeframe}</td>
            <td>{p.n_steps}</td>
            <td>{p.current_price === null ? '-' : formatPrice(p.current_price)}</td>
            <td><Score p={p} /></td>
            <td><OverlayButton id={p.id} disabled={p.status !== 'completed'} /></td>
          </tr>
        ))}
      </tbody>
    </table>
    </>
  );
}
