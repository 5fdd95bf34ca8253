/** The trained models with load, retrain and delete (confirmed). */
import { Fragment, useState } from 'react';
import { useApp, useController } from '../app/appContext';
import { formatNumber, formatSize, formatTime, predictorLabel } from '../app/format';
import { WarningList } from './WarningList';
import type { ModelInfo } from '../store/apiTypes';
import { skillWithInterval } from '../../../core/evaluation/componentComparison';
import { ModelLiveCell } from './StaleFlag';

/** A model name that may wrap after each underscore (BTC_USDT_1m_300steps_multi_ohlc), never inside a word. */
function WrappableName({ name }: { name: string }) {
  const parts = name.split('_');
  return <>{parts.map((p, i) => <Fragment key={i}>{p}{i < parts.length - 1 && <>_<wbr /></>}</Fragment>)}</>;
}

const COMPONENT_WORDS = { direction: 'direction', range: 'candle sizes', band: 'band', close: 'median' } as const;

/** The components a model has an edge in, in words: "candle sizes, band", or "none" (the naive forecast's figures). */
export function edgeIn(m: ModelInfo): string {
  const v = m.evaluation.verdicts;
  if (!v) return 'not measured';
  const edges = (Object.keys(COMPONENT_WORDS) as (keyof typeof COMPONENT_WORDS)[]).filter((k) => v[k].verdict === 'edge');
  return edges.length ? edges.map((k) => COMPONENT_WORDS[k]).join(', ') : 'none';
}

/** Every component's verdict, for the cell's tooltip. */
function verdictSummary(m: ModelInfo): string | undefined {
  const v = m.evaluation.verdicts;
  if (!v) return undefined;
  return (Object.keys(COMPONENT_WORDS) as (keyof typeof COMPONENT_WORDS)[])
    .map((k) => `${COMPONENT_WORDS[k]}: ${v[k].verdict.replace(/_/g, ' ')} ${skillWithInterval(v[k].skill, v[k].skill_ci)}`)
    .join('\n');
}

/** The Models view. */
export function ModelsTable() {
  const controller = useController();
  const models = useApp((s) => s.models);
  const loaded = useApp((s) => s.modelsLoaded);
  const training = useApp((s) => s.runs.some((r) => r.status === 'queued' || r.status === 'running'));
  const [confirming, setConfirming] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);

  if (!loaded) return <div className="muted">Loading models…</div>;
  if (models.length === 0) {
    return <div className="empty-state" data-testid="models-empty">No trained models yet. Pick a market and click <b>Train</b> (Ctrl+Enter); trained models are listed here and kept between sessions.</div>;
  }
  return (
    <div className="models-view">
      <table className="models" data-testid="models-table">
        <thead>
          <tr>
            <th>Name</th><th>Type</th><th>Market</th><th>Steps</th><th>Trained at (UTC)</th><th>Size</th>
            <th title="R² of one-step returns on validation data">Val. R² (returns)</th>
            <th title="The components whose 95% interval of skill against the naive benchmark on test is above 0">Edge in</th>
            <th title="Live record over its saved forecasts: skill vs naive [95% block-bootstrap interval], 80% band coverage; stale models are flagged">Live</th><th />
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <Fragment key={m.name}>
              <tr data-testid="model-row" data-name={m.name}>
                <td className="mono name-cell"><WrappableName name={m.name} />{m.warnings.length > 0 && (
                  <button className="link warn" onClick={() => setExpanded(expanded === m.name ? null : m.name)} title="Show warnings">⚠ {m.warnings.length}</button>
                )}</td>
                <td>{predictorLabel(m.type)}</td>
                <td>{m.exchange} · {m.symbol} · {m.timeframe}</td>
                <td>{m.n_steps_ahead}</td>
                <td>{formatTime(m.trained_at)}</td>
                <td>{formatSize(m.size_kb)}</td>
                <td>{formatNumber(m.performance.return_r2, 4)}</td>
                <td data-testid="model-edge" title={verdictSummary(m)}>{edgeIn(m)}</td>
                <td><ModelLiveCell name={m.name} /></td>
                <td className="row-actions">
                  <button data-testid="model-load" onClick={() => void controller.loadModel(m.name)}>Load</button>
                  <button data-testid="model-retrain" disabled={training} onClick={() => void controller.retrainModel(m.name)}>Retrain</button>
                  <button data-testid="model-delete" className="danger" onClick={() => setConfirming(m.name)}>Delete</button>
                </td>
              </tr>
              {expanded === m.name && (
                <tr><td colSpan={10}><WarningList warnings={m.warnings} /></td></tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {confirming && (
        <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Delete model">
          <div className="modal" data-testid="confirm-delete">
            <h2>Delete {confirming}?</h2>
            <p>The model files are removed from the data folder. Saved forecasts made with it stay in the history.</p>
            <div className="modal-actions">
              <button onClick={() => setConfirming(null)}>Keep it</button>
              <button className="danger" data-testid="confirm-delete-yes" onClick={() => {
                const name = confirming;
                setConfirming(null);
                void controller.deleteModel(name);
              }}>Delete</button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
