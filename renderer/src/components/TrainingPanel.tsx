/** The training panel: stage, progress bar, live RMSE curves, elapsed time and Cancel for each running job. */
import { useEffect, useState } from 'react';
import { useApp, useController } from '../app/appContext';
import { formatDuration, formatPercent, predictorLabel } from '../app/format';
import { batchProgress, isRunActive, trainingActive, type TrainingRun } from '../store/trainingSlice';
import { LossCurves } from './LossCurves';
import { WarningList } from './WarningList';

const STAGE_LABEL: Record<string, string> = {
  queued: 'Waiting to start', data: 'Loading data', features: 'Computing features', model: 'Training',
  evaluation: 'Evaluating on held-out data', refit: 'Refitting on all data', saving: 'Saving the model',
  forecast: 'Forecasting', done: 'Done',
};

function stageText(run: TrainingRun): string {
  if (run.status === 'cancelled') return 'Cancelled';
  if (run.status === 'failed') return 'Failed';
  if (run.status === 'completed') return 'Done';
  if (run.stage === 'model' && run.model) return `Training model ${run.model.k} of ${run.model.n} (${run.model.target})`;
  return STAGE_LABEL[run.stage] ?? run.stage;
}

function Elapsed({ run }: { run: TrainingRun }) {
  const [now, setNow] = useState(() => Date.now());
  const active = isRunActive(run);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [active]);
  return <span className="elapsed">{formatDuration((run.finishedAt ?? now) - run.startedAt)}</span>;
}

function RunCard({ run }: { run: TrainingRun }) {
  return (
    <article className={`run run-${run.status}`} data-testid="training-run" data-status={run.status} data-type={run.type} data-name={run.name}>
      <header>
        <b>{predictorLabel(run.type)}</b>
        <span className="muted">{run.name}</span>
      </header>
      <div className="stage" data-testid="training-stage">{stageText(run)}</div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(run.value * 100)}>
        <div className="bar" style={{ width: `${(run.value * 100).toFixed(1)}%` }} />
      </div>
      <div className="run-meta">
        <span data-testid="training-percent">{formatPercent(run.value, 0)}</span>
        <Elapsed run={run} />
      </div>
      {run.message && isRunActive(run) && <div className="muted small">{run.message}</div>}
      {Object.entries(run.curves).map(([target, curve]) => <LossCurves key={target} target={target} curve={curve} />)}
      {run.error && <div className="field-error">{run.error}</div>}
      {run.summary && <WarningList warnings={run.summary.warnings} />}
    </article>
  );
}

/** Shown while a training batch exists (running or just finished). */
export function TrainingPanel() {
  const controller = useController();
  const runs = useApp((s) => s.runs);
  const active = useApp(trainingActive);
  const clear = useApp((s) => s.clearTraining);
  if (runs.length === 0) return null;
  const overall = batchProgress(runs);
  return (
    <section className="panel training-panel" data-testid="training-panel" data-active={active} aria-label="Training">
      <header className="panel-header">
        <h3>Training</h3>
        <span data-testid="training-overall" data-value={overall.toFixed(3)}>{formatPercent(overall, 0)}</span>
        {active
          ? <button className="danger" data-testid="cancel" onClick={() => void controller.cancelTraining()}>Cancel</button>
          : <button onClick={clear} title="Hide the finished training">Close</button>}
      </header>
      {runs.map((r) => <RunCard key={r.jobId} run={r} />)}
    </section>
  );
}
