/** The application menu: File (Import CSV..., Export forecast CSV..., Quit), View, Help (About). */
import { Menu, dialog, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { MENU_CHANNEL, type MenuCommandMessage } from '../shared/bridge';

/** What the About box shows. */
export interface AboutInfo {
  readonly candlecast: string;
  readonly lightgbm: string;
  readonly electron: string;
  readonly node: string;
  readonly dataHome: string;
}

function send(win: () => BrowserWindow | null, message: MenuCommandMessage): void {
  win()?.webContents.send(MENU_CHANNEL, message);
}

/** Builds and installs the menu; `win` returns the main window (or null while none is open). */
export function installMenu(win: () => BrowserWindow | null, about: () => AboutInfo): void {
  const view = (label: string, arg: string, accelerator: string): MenuItemConstructorOptions => ({
    label, accelerator, click: () => send(win, { command: 'show-view', arg }),
  });
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Import CSV...', accelerator: 'CmdOrCtrl+O', click: () => send(win, { command: 'import-csv' }) },
        // Ctrl+E is handled by the page itself (it works in the browser too); the menu only shows it.
        { label: 'Export forecast CSV...', accelerator: 'CmdOrCtrl+E', registerAccelerator: false, click: () => send(win, { command: 'export-csv' }) },
        { type: 'separator' },
        { role: 'quit', label: 'Quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        view('Chart', 'chart', 'CmdOrCtrl+1'),
        view('Compare', 'compare', 'CmdOrCtrl+2'),
        view('Feature importance', 'importance', 'CmdOrCtrl+3'),
        view('Models', 'models', 'CmdOrCtrl+4'),
        view('History', 'history', 'CmdOrCtrl+5'),
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Help',
      submenu: [
        {
          label: 'About Candlecast',
          click: () => {
            const a = about();
            const detail = [
              `Candlecast ${a.candlecast}`,
              `LightGBM ${a.lightgbm}`,
              `Electron ${a.electron}, Node ${a.node}`,
              `Data: ${a.dataHome}`,
            ].join('\n');
            const w = win();
            const opts = { type: 'info' as const, title: 'About Candlecast', message: 'Candlecast', detail, buttons: ['OK'] };
            void (w ? dialog.showMessageBox(w, opts) : dialog.showMessageBox(opts));
          },
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
