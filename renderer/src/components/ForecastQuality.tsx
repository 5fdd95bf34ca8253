/**
 * The Forecast quality view: per compared model, the verdicts in words, skill by horizon with intervals (median,
 * candle range, band), band coverage against nominal, the calibration error of its direction odds by horizon against
 * what chance alone gives, and their reliability diagram.
 */
import type { HorizonMetrics } from '../../../core/predictors/types';
import { predictorLabel } from '../app/format';
import type { ModelInfo } from '../store/apiTypes';
import { useComparedModels } from './CompareView';
import { HorizonChart, ReliabilityChart, type HorizonSeries } from './QualityCharts';

const COLOURS = { close: '#8b949e', range: '#f0b429', band: '#58a6ff', c50: '#3fb950', c80: '#58a6ff', c90: '#bc8cff', ece: '#f78166', chance: '#8b949e', typical: '#d2a8ff' };

/** At most ~60 horizons, log-spaced, so long forecasts draw quickly. */
export function sampledHorizons(hs: readonly HorizonMetrics[]): HorizonMetrics[] {
  const out: HorizonMetrics[] = [];
  let next = 1;
  for (const m of hs) {
    if (m.h >= next || m.h === hs.length) {
      out.push(m);
      next = Math.ceil(m.h * 1.1);
    }
  }
  return out;
}

function series(label: string, colour: string, hs: readonly HorizonMetrics[], pick: (m: HorizonMetrics) => [number, readonly number[] | undefined] | undefined): HorizonSeries {
  const points = hs.flatMap((m) => {
    const v = pick(m);
    return v ? [{ h: m.h, y: v[0], lo: v[1]?.[0] ?? v[0], hi: v[1]?.[1] ?? v[0] }] : [];
  });
  return { label, colour, points };
}

/** One model's quality panel. */
export function ForecastQuality({ model }: { model: ModelInfo }) {
  const ev = model.evaluation;
  const hs = sampledHorizons(ev.horizons as HorizonMetrics[]);
  const skills = [
    series('median close', COLOURS.close, hs, (m) => [m.skill, m.skill_ci]),
    series('candle range', COLOURS.range, hs, (m) => (m.range_skill === undefined ? undefined : [m.range_skill, m.range_skill_ci])),
    series('80% band (interval score)', COLOURS.band, hs, (m) => (m.interval_skill === undefined ? undefined : [m.interval_skill, m.interval_skill_ci])),
  ];
  const coverage = [
    series('50% band', COLOURS.c50, hs, (m) => (m.coverage_50 === undefined ? undefined : [m.coverage_50, m.coverage_50_ci])),
    series('80% band', COLOURS.c80, hs, (m) => [m.coverage_80, m.coverage_80_ci]),
    series('90% band', COLOURS.c90, hs, (m) => (m.coverage_90 === undefined ? undefined : [m.coverage_90, m.coverage_90_ci])),
  ];
  // The odds' calibration error by horizon next to what chance alone gives there (models from before it: error only).
  const calibration = [
    series('calibration error', COLOURS.ece, hs, (m) => [m.ece, m.ece_ci]),
    series('chance level (exceeded 1 time in 20)', COLOURS.chance, hs, (m) => (m.ece_noise === undefined ? undefined : [m.ece_noise, undefined])),
    series('typical for calibrated odds (median)', COLOURS.typical, hs, (m) => (m.ece_noise_median === undefined ? undefined : [m.ece_noise_median, undefined])),
  ].filter((s) => s.points.length);
  return (
    <section className="quality-panel" data-testid={`quality-${model.type}`}>
      <h3>{predictorLabel(model.type)} <span className="muted small">{model.name} · {ev.origins} test origins{ev.origins_short ? ` (${ev.origins_short} for h ≤ ${ev.short_horizons}${ev.origins_medium ? `, ${ev.origins_medium} for h ≤ ${ev.medium_horizons}` : ''})` : ''}</span></h3>
      <p className="verdict" data-testid={`verdict-${model.type}`}>{ev.verdict_text ?? 'This model predates verdicts: retrain it to see them.'}</p>
      <p className="muted small">The bands of the first {Math.min(60, ev.horizons.length)} steps adapt to recent misses, origin by origin; their coverage is scored as they ran.</p>
      <div className="quality-charts">
        <HorizonChart title="Skill against the naive benchmark, by horizon" series={skills} refs={[{ y: 0, label: 'naive' }]} testId={`quality-skill-${model.type}`} />
        <HorizonChart title="Band coverage against nominal" series={coverage} refs={[{ y: 0.5, label: '50%' }, { y: 0.8, label: '80%' }, { y: 0.9, label: '90%' }]} yRange={[0.3, 1]} testId={`quality-coverage-${model.type}`} />
        <HorizonChart title="Direction odds: calibration error by horizon, against chance" series={calibration} refs={[{ y: 0, label: 'calibrated' }]} testId={`quality-calibration-${model.type}`} />
        {ev.reliability && <ReliabilityChart bins={ev.reliability} ece={ev.ece} eceCi={ev.ece_ci} eceNoise={ev.ece_noise} eceTypical={ev.ece_noise_median} testId={`quality-reliability-${model.type}`} />}
      </div>
    </section>
  );
}

/** The view: one panel per compared model. */
export function ForecastQualityView() {
  const models = useComparedModels();
  if (!models.length) return <div className="empty-state small">No trained model for this market yet: click Train to see how its forecasts did on data it never saw.</div>;
  return <div className="quality-view" data-testid="quality-view">{models.map((m) => <ForecastQuality key={m.name} model={m} />)}</div>;
}
