/** The window: market bar, settings, banner, view tabs, the open view, and the training/model sidebar. */
import { useEffect } from 'react';
import { useApp, useController, useServices } from '../app/appContext';
import { VIEWS, type View } from '../store/uiSlice';
import { BacktestView } from './BacktestView';
import { Banner } from './Banner';
import { CompareView } from './CompareView';
import { FeatureImportance } from './FeatureImportance';
import { ForecastQualityView } from './ForecastQuality';
import { HistoryView } from './HistoryView';
import { MainChart } from './MainChart';
import { MarketBar } from './MarketBar';
import { ModelHealth } from './ModelHealth';
import { ModelsTable } from './ModelsTable';
import { TrainingPanel } from './TrainingPanel';
import { TrainingSettings } from './TrainingSettings';

const VIEW_LABEL: Record<View, string> = {
  chart: 'Chart', compare: 'Compare', quality: 'Forecast quality', importance: 'Feature importance', models: 'Models', history: 'History', backtest: 'Backtest',
};

function ViewBody({ view }: { view: View }) {
  switch (view) {
    case 'chart': return <MainChart />;
    case 'compare': return <CompareView />;
    case 'quality': return <ForecastQualityView />;
    case 'importance': return <FeatureImportance />;
    case 'models': return <ModelsTable />;
    case 'history': return <HistoryView />;
    case 'backtest': return <BacktestView />;
  }
}

/** The whole app. `importRequest` grows each time the menu asks to import a CSV file. */
export function App({ importRequest: menuImports = 0 }: { importRequest?: number }) {
  const controller = useController();
  const { mode } = useServices();
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const modelCount = useApp((s) => s.models.length);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        void controller.train();
      } else if (e.key.toLowerCase() === 'e') {
        e.preventDefault();
        controller.exportCsv();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);

  return (
    <div className="app" data-mode={mode}>
      <header className="top">
        <div className="brand"><span className="logo">▮▯</span> Candlecast</div>
        <MarketBar importRequest={menuImports} />
      </header>
      <TrainingSettings />
      <Banner />
      <nav className="tabs" role="tablist">
        {VIEWS.map((v) => (
          <button key={v} role="tab" data-testid={`tab-${v}`} aria-selected={v === view} className={v === view ? 'active' : undefined} onClick={() => setView(v)}>
            {VIEW_LABEL[v]}{v === 'models' && modelCount > 0 ? ` (${modelCount})` : ''}
          </button>
        ))}
        <span className="shortcuts muted small">
          Ctrl+Enter train · Ctrl+E export · charts by{' '}
          <a href="https://www.tradingview.com/" target="_blank" rel="noreferrer">TradingView Lightweight Charts</a>
        </span>
      </nav>
      <main className="body">
        <div className="view" data-testid={`view-${view}`}><ViewBody view={view} /></div>
        <aside className="sidebar">
          <TrainingPanel />
          <ModelHealth />
        </aside>
      </main>
    </div>
  );
}
