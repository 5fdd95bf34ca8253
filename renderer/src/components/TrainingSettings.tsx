/** The Advanced section: training settings with their defaults shown and bad values refused inline. */
import { useApp, useServices } from '../app/appContext';
import { SETTING_FIELDS, SETTING_SPECS } from '../store/trainingSettings';

/** The collapsible settings form under the market bar. */
export function TrainingSettings() {
  const open = useApp((s) => s.settingsOpen);
  const draft = useApp((s) => s.settingsDraft);
  const errors = useApp((s) => s.settingsErrors);
  const actions = useServices().store.getState();
  if (!open) return null;
  return (
    <section className="settings" data-testid="settings" aria-label="Advanced training settings">
      <div className="settings-grid">
        {SETTING_FIELDS.map((f) => {
          const spec = SETTING_SPECS[f];
          const error = errors[f];
          return (
            <label key={f} className={error ? 'invalid' : undefined} title={spec.help}>
              <span>{spec.label}</span>
              <input
                data-testid={`setting-${f}`} value={draft[f]} aria-invalid={!!error} spellCheck={false}
                onChange={(e) => actions.setSetting(f, e.target.value)}
              />
              <small className={error ? 'field-error' : 'muted'} data-testid={error ? `setting-error-${f}` : undefined}>
                {error ?? `default ${spec.defaultText}`}
              </small>
            </label>
          );
        })}
      </div>
      <div className="settings-actions">
        <button onClick={() => actions.resetSettings()}>Reset to defaults</button>
      </div>
    </section>
  );
}
