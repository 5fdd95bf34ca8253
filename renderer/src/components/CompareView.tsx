/** Autoregressive and multi-OHLC side by side with synchronised time scales and crosshairs, and one metrics table. */
import { useRef } from 'react';
import type { CandleChart } from '../chart/candleChart';
import { syncCharts } from '../chart/syncCharts';
import { useApp } from '../app/appContext';
import { predictorLabel } from '../app/format';
import type { PredictorType } from '../../../core/predictors/types';
import type { AppState } from '../store/appStore';
import type { ModelInfo } from '../store/apiTypes';
import { useStoreChart } from './MainChart';
import { ComponentComparison } from './ComponentComparison';
import { MetricsTable } from './MetricsTable';
import { WarningList } from './WarningList';

/** The models behind the compared forecasts (or, before a forecast, the market's default-named models). */
export function comparedModels(s: Pick<AppState, 'models' | 'forecasts' | 'source' | 'symbol' | 'timeframe' | 'steps'>): ModelInfo[] {
  const out: ModelInfo[] = [];
  for (const type of ['autoregressive', 'multi_ohlc'] as const) {
    const name = s.forecasts[type]?.model_info.name;
    const m = name
      ? s.models.find((x) => x.name === name)
      : s.models.find((x) => x.type === type && x.exchange === s.source && x.symbol === s.symbol && x.timeframe === s.timeframe && x.n_steps_ahead === s.steps);
    if (m) out.push(m);
  }
  return out;
}

/** The compared models of the current market, from atomic store selectors. */
export function useComparedModels(): ModelInfo[] {
  const models = useApp((s) => s.models);
  const forecasts = useApp((s) => s.forecasts);
  const source = useApp((s) => s.source);
  const symbol = useApp((s) => s.symbol);
  const timeframe = useApp((s) => s.timeframe);
  const steps = useApp((s) => s.steps);
  return comparedModels({ models, forecasts, source, symbol, timeframe, steps });
}

interface Linked { charts: Partial<Record<PredictorType, CandleChart>>; unlink?: () => void }

function ComparePane({ type, linked }: { type: PredictorType; linked: React.RefObject<Linked> }) {
  const container = useRef<HTMLDivElement>(null);
  const legend = useRef<HTMLDivElement>(null);
  const has = useApp((s) => !!s.forecasts[type]);
  useStoreChart(`compare:${type}`, container, legend, () => [type], {
    volume: false,
    onReady: (chart) => {
      const l = linked.current;
      l.charts[type] = chart;
      const { autoregressive: a, multi_ohlc: b } = l.charts;
      if (a && b) l.unlink = syncCharts(a, b);
      return () => {
        l.unlink?.();
        l.unlink = undefined;
        delete l.charts[type];
      };
    },
  });
  return (
    <div className="compare-pane">
      <h3>{predictorLabel(type)}</h3>
      <div className="chart-frame">
        <div ref={container} className="chart" data-testid={`compare-chart-${type}`} />
        <div ref={legend} className="legend" />
        {!has && <div className="empty-overlay">No {predictorLabel(type)} forecast yet: choose Both and click Train.</div>}
      </div>
    </div>
  );
}

/** The Compare view. */
export function CompareView() {
  const linked = useRef<Linked>({ charts: {} });
  const compared = useComparedModels();
  const symbol = useApp((s) => s.symbol);
  const timeframe = useApp((s) => s.timeframe);
  const steps = useApp((s) => s.steps);
  return (
    <div className="compare-view" data-testid="compare-view">
      <div className="compare-charts">
        <ComparePane type="autoregressive" linked={linked} />
        <ComparePane type="multi_ohlc" linked={linked} />
      </div>
      {compared.length ? (
        <div className="compare-metrics">
          <div>
            <ComponentComparison models={compared} />
            <MetricsTable models={compared} />
          </div>
          <div className="compare-warnings">
            {compared.map((m) => m.warnings.length > 0 && (
              <div key={m.name}><h4>{predictorLabel(m.type)}</h4><WarningList warnings={m.warnings} /></div>
            ))}
          </div>
        </div>
      ) : (
        <div className="empty-state small">No trained models for {symbol} {timeframe} with {steps} steps yet. Choose Both and click Train to compare them.</div>
      )}
    </div>
  );
}
