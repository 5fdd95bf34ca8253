/** Number and time formatting for tables, legends and the training panel. */
import { fixedDigits } from '../../../core/evaluation/numberText';

/** A price with sensible precision for its size. */
export function formatPrice(v: number): string {
  if (!Number.isFinite(v)) return '-';
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 2 : abs >= 1 ? 4 : 6;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A plain number with a fixed count of decimals (never "-0.000"), `-` when missing. */
export function formatNumber(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '-' : fixedDigits(v, digits);
}

/** A value of any size with `digits` significant digits (importance gains run from 1e-6 to 1e6). */
export function formatSignificant(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '-';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs >= 1e-3 && abs < 1e6 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1);
}

/** A share as a percentage, `-` when missing. */
export function formatPercent(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '-' : `${(v * 100).toFixed(digits)}%`;
}

/** A duration in ms as `1m 05s` or `4.2 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const sec = Math.floor((ms % 60_000) / 1000);
  return `${m}m ${String(sec).padStart(2, '0')}s`;
}

/** A UTC time as `2023-03-21 14:05` (the charts show UTC too). */
export function formatTime(value: string | number): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '-' : d.toISOString().slice(0, 16).replace('T', ' ');
}

/** A size in kB as `312 kB` or `1.4 MB`. */
export function formatSize(kb: number): string {
  return kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.round(kb)} kB`;
}

/** The display name of a predictor type. */
export function predictorLabel(type: string): string {
  return type === 'multi_ohlc' ? 'Multi-OHLC' : type === 'autoregressive' ? 'Autoregressive' : type;
}

/**
 * How a forecast's short-horizon bands stand after adapting online to recent misses, in plain words (from its 80% band
 * at step 1); nothing when they are within half a point of their calibrated 10-90% levels.
 */
export function bandLevelsNote(levels: { readonly steps: readonly { readonly band_80: readonly number[] }[] } | undefined): string | undefined {
  const band = levels?.steps[0]?.band_80;
  if (!band) return undefined;
  const [lo, hi] = band;
  const pct = (x: number) => `${Math.round(1000 * x) / 10}`;
  const drawn = `the 80% band at step 1 spans the ${pct(lo)}-${pct(hi)}% quantiles of past errors`;
  if (lo < 0.095) return `bands widened: recent prices fell outside them more often than they should; ${drawn}`;
  if (lo > 0.105) return `bands narrowed: recent prices stayed inside them more often than they should; ${drawn}`;
  return undefined;
}
