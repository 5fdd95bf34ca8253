/**
 * Electron's main process: one hardened window on the built renderer, the ML service of core/ with its data home
 * in userData (heavy work in its worker threads), IPC handlers generated from the API contract, and the menu.
 */
import { app, BrowserWindow, ipcMain, screen, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lightgbmVersion } from '../../core/lightgbm/native';
import { candlecastVersion, packageRoot } from '../../core/runtime/packageRoot';
import { SQLITE_BINDING_ENV } from '../../core/runtime/sqlite';
import { createService, type Service } from '../../core/service';
import { forwardEvents, registerApiHandlers } from './ipcHandlers';
import { installMenu } from './menu';
import { hardenContents, hardenSession } from './security';
import { electronSqliteBinding } from './sqliteBinding';
import { loadWindowState, saveWindowState, type WindowState } from './windowState';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '..', '..', 'renderer', 'index.html');
const appUrl = pathToFileURL(rendererIndex).href;
const preloadPath = join(here, '..', 'preload', 'index.cjs');

let mainWindow: BrowserWindow | null = null;
let service: Service | null = null;
const disposers: (() => void)[] = [];

function windowStateFile(): string {
  return join(app.getPath('userData'), 'window-state.json');
}

function currentState(win: BrowserWindow): WindowState {
  const b = win.getNormalBounds();
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
}

function createWindow(): BrowserWindow {
  const state = loadWindowState(windowStateFile(), screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#0e1117',
    title: 'Candlecast',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => saveWindowState(windowStateFile(), currentState(win)), 400);
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('close', () => {
    clearTimeout(saveTimer);
    saveWindowState(windowStateFile(), currentState(win));
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadFile(rendererIndex);
  return win;
}

/** Downloads started by the page (Export CSV) get a save dialog for CSV files. */
function configureDownloads(): void {
  // End-to-end tests save without a dialog into this folder.
  const testDir = process.env.CANDLECAST_E2E_DOWNLOAD_DIR;
  session.defaultSession.on('will-download', (_event, item) => {
    if (testDir) return item.setSavePath(join(testDir, item.getFilename()));
    item.setSaveDialogOptions({
      title: 'Export forecast CSV',
      defaultPath: join(app.getPath('documents'), item.getFilename()),
      filters: [{ name: 'CSV files', extensions: ['csv'] }],
    });
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  configureDownloads();
  service = createService({ home: app.getPath('userData') });
  disposers.push(registerApiHandlers(ipcMain, service.api, {
    isTrustedSender: (event) => event.senderFrame?.url === appUrl || (event.senderFrame?.url.startsWith(`${appUrl}#`) ?? false),
  }));
  disposers.push(forwardEvents(service.subscribe, (channel, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
  }));
  installMenu(() => mainWindow, () => ({
    candlecast: candlecastVersion(),
    lightgbm: safeVersion(lightgbmVersion),
    electron: process.versions.electron ?? 'unknown',
    node: process.versions.node,
    dataHome: app.getPath('userData'),
  }));
  mainWindow = createWindow();
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow();
  });
}

function safeVersion(read: () => string): string {
  try {
    return read();
  } catch (err) {
    return `not available (${(err as Error).message})`;
  }
}

// Tests and portable installs may put the data home elsewhere.
if (process.env.CANDLECAST_USER_DATA) app.setPath('userData', process.env.CANDLECAST_USER_DATA);
// SQLite's binding must be the Electron build; set before the service starts, so its worker threads inherit it.
process.env[SQLITE_BINDING_ENV] = electronSqliteBinding({
  fromEnv: process.env[SQLITE_BINDING_ENV],
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  packageRoot: packageRoot(),
});

app.on('web-contents-created', (_event, contents) => hardenContents(contents, appUrl));
app.on('window-all-closed', () => app.quit());
let closing = false;
app.on('will-quit', (event) => {
  if (closing || !service) return;
  event.preventDefault();
  closing = true;
  disposers.splice(0).forEach((d) => d());
  void service.close().finally(() => app.quit());
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  start().catch((err: unknown) => {
    console.error(`error: ${(err as Error).stack ?? String(err)}`);
    app.exit(1);
  });
}
