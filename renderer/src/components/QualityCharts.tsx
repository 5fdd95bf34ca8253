/** Small SVG charts of the Forecast quality panel: figures by horizon with their intervals, and a reliability diagram. */
import type { ReliabilityBin } from '../../../core/evaluation/direction';
import { calibrationErrorText } from '../../../core/evaluation/eceNoise';
import { formatNumber } from '../app/format';

/** One line of a by-horizon chart: a value per horizon and its 95% interval. */
export interface HorizonSeries {
  readonly label: string;
  readonly colour: string;
  readonly points: readonly { readonly h: number; readonly y: number; readonly lo: number; readonly hi: number }[];
}

const W = 340;
const H = 170;
const PAD = { l: 42, r: 8, t: 10, b: 26 };

function scaleLinear(d0: number, d1: number, r0: number, r1: number) {
  const span = d1 - d0 || 1;
  return (v: number) => r0 + ((v - d0) / span) * (r1 - r0);
}

/**
 * Figures by horizon on a log horizon axis: each series as a line with its interval shaded, plus dashed reference
 * lines (0 for skills, the nominal level for coverage).
 */
export function HorizonChart({ title, series, refs, yRange, testId }: {
  title: string; series: readonly HorizonSeries[]; refs: readonly { y: number; label: string }[]; yRange?: readonly [number, number]; testId: string;
}) {
  const all = series.flatMap((s) => s.points);
  const hMax = Math.max(2, ...all.map((p) => p.h));
  const lo = yRange?.[0] ?? Math.min(...refs.map((r) => r.y), ...all.map((p) => p.lo));
  const hi = yRange?.[1] ?? Math.max(...refs.map((r) => r.y), ...all.map((p) => p.hi));
  const x = scaleLinear(0, Math.log(hMax), PAD.l, W - PAD.r);
  const y = scaleLinear(lo, hi, H - PAD.b, PAD.t);
  const px = (h: number) => x(Math.log(h));
  const ticks = [1, 10, 60, 300, 1000, 5000].filter((t) => t <= hMax);
  return (
    <figure className="quality-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={title}>
        {refs.map((r) => (
          <g key={r.label}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(r.y)} y2={y(r.y)} className="ref-line" />
            <text x={W - PAD.r} y={y(r.y) - 3} className="ref-label" textAnchor="end">{r.label}</text>
          </g>
        ))}
        {series.map((s) => (
          <g key={s.label}>
            <path
              d={`${s.points.map((p, i) => `${i ? 'L' : 'M'}${px(p.h)},${y(p.hi)}`).join('')}${[...s.points].reverse().map((p) => `L${px(p.h)},${y(p.lo)}`).join('')}Z`}
              fill={s.colour} opacity={0.18}
            />
            <path d={s.points.map((p, i) => `${i ? 'L' : 'M'}${px(p.h)},${y(p.y)}`).join('')} stroke={s.colour} fill="none" strokeWidth={1.6} />
          </g>
        ))}
        {ticks.map((t) => <text key={t} x={px(t)} y={H - 8} className="tick" textAnchor="middle">{t}</text>)}
        {[lo, (lo + hi) / 2, hi].map((v) => <text key={v} x={PAD.l - 4} y={y(v) + 3} className="tick" textAnchor="end">{formatNumber(v, 2)}</text>)}
      </svg>
      <div className="quality-legend">
        {series.map((s) => <span key={s.label}><i style={{ background: s.colour }} />{s.label}</span>)}
        <span className="muted">steps ahead (log scale); shaded: 95% interval</span>
      </div>
    </figure>
  );
}

/** The reliability diagram of P(up): observed share of up moves against the predicted probability, per bin. */
export function ReliabilityChart({ bins, ece, eceCi, eceNoise, eceTypical, testId }: { bins: readonly ReliabilityBin[]; ece?: number; eceCi?: readonly number[]; eceNoise?: number; eceTypical?: number; testId: string }) {
  const x = scaleLinear(0, 1, PAD.l, W - PAD.r);
  const y = scaleLinear(0, 1, H - PAD.b, PAD.t);
  const total = bins.reduce((a, b) => a + b.count, 0) || 1;
  return (
    <figure className="quality-chart" data-testid={testId}>
      <figcaption>Direction odds: reliability{ece === undefined ? '' : ` (${calibrationErrorText(ece, eceCi, eceNoise, eceTypical)})`}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label="reliability diagram">
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} className="ref-line" />
        {bins.map((b) => (
          <g key={b.from}>
            <rect x={x(b.from) + 1} width={x(b.to) - x(b.from) - 2} y={y(b.count / total)} height={y(0) - y(b.count / total)} className="rel-count" />
            <circle cx={x(b.mean_predicted)} cy={y(b.observed)} r={3.5} className="rel-point" />
          </g>
        ))}
        {[0, 0.5, 1].map((v) => <text key={`x${v}`} x={x(v)} y={H - 8} className="tick" textAnchor="middle">{v}</text>)}
        {[0, 0.5, 1].map((v) => <text key={`y${v}`} x={PAD.l - 4} y={y(v) + 3} className="tick" textAnchor="end">{v}</text>)}
      </svg>
      <div className="quality-legend"><span className="muted">x: predicted P(up) · y: observed share up · bars: share of forecasts · diagonal: perfectly calibrated</span></div>
    </figure>
  );
}
