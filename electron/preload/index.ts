/** The preload script: exposes `window.candlecast` (contract operations and event subscriptions) and nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridgeApi } from './bridgeApi';

contextBridge.exposeInMainWorld('candlecast', buildBridgeApi(ipcRenderer));
