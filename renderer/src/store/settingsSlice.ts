/** The Advanced training settings as typed, with inline errors. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appStore';
import { defaultSettingsDraft, validateSettings, type SettingField, type SettingsDraft, type SettingsErrors } from './trainingSettings';

/** Settings state and its setters. */
export interface SettingsSlice {
  settingsDraft: SettingsDraft;
  settingsErrors: SettingsErrors;
  setSetting(field: SettingField, text: string): void;
  resetSettings(): void;
}

/** Creates the settings slice with every field at its default. */
export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set, get) => ({
  settingsDraft: defaultSettingsDraft(),
  settingsErrors: {},
  setSetting: (field, text) => {
    const settingsDraft = { ...get().settingsDraft, [field]: text };
    set({ settingsDraft, settingsErrors: validateSettings(settingsDraft) });
  },
  resetSettings: () => set({ settingsDraft: defaultSettingsDraft(), settingsErrors: {} }),
});
