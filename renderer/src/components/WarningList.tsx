/** Training warnings (overfitting, worse than naive, too little data, intervals off on test, bars left out), each with its remedy. */
import type { TrainingWarning } from '../../../core/predictors/types';

const TITLE: Record<TrainingWarning['kind'], string> = {
  overfitting: 'Overfitting',
  worse_than_naive: 'Worse than the naive forecast',
  little_data: 'Too little data',
  miscalibrated_intervals: 'Intervals off on test',
  refused_bars: 'Bars left out',
};

/** The warnings of one model; nothing when it has none. */
export function WarningList({ warnings }: { warnings: readonly TrainingWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="warnings" data-testid="warnings">
      {warnings.map((w, i) => (
        <li key={i} className={`warning warning-${w.kind}`}>
          <b>{TITLE[w.kind]}</b>: {w.message}
          <div className="remedy">What to do: {w.remedy}</div>
        </li>
      ))}
    </ul>
  );
}
