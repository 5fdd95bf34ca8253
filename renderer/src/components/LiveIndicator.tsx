/** The live feed's state above the chart: "● live — last update …", pause/resume, and the rolling-forecast switch. */
import { useApp, useServices } from '../app/appContext';
import { formatTime } from '../app/format';

/** Where the open market's live feed stands. */
export function LiveIndicator() {
  const { live } = useServices();
  const status = useApp((s) => s.liveStatus);
  const paused = useApp((s) => s.livePaused);
  const rolling = useApp((s) => s.rollingForecast);
  const source = useApp((s) => s.source);
  const hasForecast = useApp((s) => !!s.forecasts[s.mainPredictor]);
  if (source === 'csv') return <span className="live-indicator muted small" data-testid="live-state" data-state="static">imported file · not live</span>;
  const state = paused ? 'paused' : status?.state ?? 'connecting';
  const last = status?.last_update ? `last update ${formatTime(status.last_update)}:${status.last_update.slice(17, 19)} UTC` : 'waiting for the first update';
  return (
    <span className={`live-indicator small state-${state}`} data-testid="live-state" data-state={state}>
      <i className="dot" aria-hidden="true" /> {state} — {last}
      {state === 'offline' && status?.error ? <span className="muted" title={status.error}> · retrying{status.next_poll_at ? ` at ${formatTime(status.next_poll_at)}` : ''}</span> : null}
      <button className="link" data-testid="live-toggle" onClick={() => live.setPaused(!paused)}>{paused ? 'Resume' : 'Pause'}</button>
      <label className="muted" title="Forecast again with the shown model after every closed bar (runs in the service's forecast workers)">
        <input type="checkbox" data-testid="rolling-toggle" checked={rolling} disabled={!hasForecast || paused} onChange={(e) => live.setRolling(e.target.checked)} /> roll forecast
      </label>
    </span>
  );
}
