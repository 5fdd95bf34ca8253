/** React access to the one store and the controller: `useApp(selector)` with atomic selectors. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../store/appStore';
import type { AppMode } from '../api/chooseApi';
import type { Controller } from './controller';
import type { LiveController } from './liveActions';

/** What every view can reach. */
export interface AppServices {
  readonly store: AppStore;
  readonly controller: Controller;
  /** The live feed's actions. */
  readonly live: LiveController;
  readonly mode: AppMode;
}

/** The context holding the app's services. */
export const AppContext = createContext<AppServices | null>(null);

/** The app's services (store, controller, mode). */
export function useServices(): AppServices {
  const s = useContext(AppContext);
  if (!s) throw new Error('useServices outside <AppContext.Provider>');
  return s;
}

/** Selects one slice of state; re-renders only when that value changes. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useServices().store, selector);
}

/** The controller's actions. */
export function useController(): Controller {
  return useServices().controller;
}
