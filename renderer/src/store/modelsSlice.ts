/** Trained models, the feature-importance query and its result. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appStore';
import type { ImportanceItem, ModelInfo } from './apiTypes';

/** Gain or split counts. */
export type ImportanceKind = 'gain' | 'split';
/** Which of the four multi-OHLC models; autoregressive models have only `close`. */
export type ImportanceTarget = 'open' | 'high' | 'low' | 'close';

/** What the importance view asks for. */
export interface ImportanceQuery {
  readonly model: string | null;
  readonly kind: ImportanceKind;
  readonly target: ImportanceTarget;
}

/** A loaded importance list and the query it answers. */
export interface ImportanceResult {
  readonly query: ImportanceQuery;
  readonly features: readonly ImportanceItem[];
}

/** Models state and its setters. */
export interface ModelsSlice {
  models: readonly ModelInfo[];
  modelsLoaded: boolean;
  importanceQuery: ImportanceQuery;
  importance: ImportanceResult | null;
  setModels(models: readonly ModelInfo[]): void;
  setImportanceQuery(q: Partial<ImportanceQuery>): void;
  setImportance(result: ImportanceResult | null): void;
}

/** Whether two importance queries ask for the same thing. */
export function sameQuery(a: ImportanceQuery, b: ImportanceQuery): boolean {
  return a.model === b.model && a.kind === b.kind && a.target === b.target;
}

/** Creates the models slice. */
export const createModelsSlice: StateCreator<AppState, [], [], ModelsSlice> = (set, get) => ({
  models: [],
  modelsLoaded: false,
  importanceQuery: { model: null, kind: 'gain', target: 'close' },
  importance: null,
  setModels: (models) => {
    const q = get().importanceQuery;
    const keep = q.model !== null && models.some((m) => m.name === q.model);
    set({
      models,
      modelsLoaded: true,
      importanceQuery: keep ? q : { ...q, model: models[0]?.name ?? null, target: 'close' },
      importance: keep ? get().importance : null,
    });
  },
  setImportanceQuery: (q) => {
    const next = { ...get().importanceQuery, ...q };
    const model = get().models.find((m) => m.name === next.model);
    if (model && model.type === 'autoregressive') next.target = 'close';
    set({ importanceQuery: next });
  },
  setImportance: (importance) => set({ importance }),
});
