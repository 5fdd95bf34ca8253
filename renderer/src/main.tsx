/** Start-up: choose the api transport, create the store and controller, mount the app, install the test hook. */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseApi } from './api/chooseApi';
import { AppContext, type AppServices } from './app/appContext';
import { createController } from './app/controller';
import { createLiveController } from './app/liveActions';
import { saveTextFile } from './app/saveTextFile';
import { installTestHook } from './app/testHook';
import { App } from './components/App';
import { createAppStore } from './store/appStore';
import { VIEWS, type View } from './store/uiSlice';
import type { CandlecastBridge } from '../../electron/shared/bridge';
import './styles.css';

const root = document.getElementById('root')!;
const w = window as Window & typeof globalThis & { candlecast?: CandlecastBridge };
const { api, mode } = chooseApi(w);
const store = createAppStore();
const controller = createController(api, store, saveTextFile);
const live = createLiveController(api, store, () => controller.loadCandles(), () => controller.refreshModels());
const services: AppServices = { store, controller, live, mode };

root.dataset.appState = store.getState().readiness;
store.subscribe((s) => {
  root.dataset.appState = s.readiness;
});
installTestHook(w);

function Shell() {
  const [importRequest, setImportRequest] = useState(0);
  useEffect(() => {
    // Menu commands of the Electron shell; a browser has no menu.
    if (!w.candlecast) return;
    return w.candlecast.onMenuCommand((m) => {
      if (m.command === 'import-csv') setImportRequest((n) => n + 1);
      else if (m.command === 'export-csv') controller.exportCsv();
      else if (m.command === 'train') void controller.train();
      else if (m.command === 'show-view' && VIEWS.includes(m.arg as View)) store.getState().setView(m.arg as View);
    });
  }, []);
  return <App importRequest={importRequest} />;
}

createRoot(root).render(
  <StrictMode>
    <AppContext.Provider value={services}>
      <Shell />
    </AppContext.Provider>
  </StrictMode>,
);
live.start();
void controller.start();
