import { sliceColumns, type CandleColumns, type Timeframe } from '../data/candles';
import { gapBreaks } from '../data/sessionGaps';
import { nestedMiss, nominalLevels, type AdaptiveLevels, type BandMiss } from '../evaluation/adaptiveBands';
import type { Interval } from '../evaluation/bootstrap';
import type { ForecastCalibration } from '../evaluation/calibration';
import { collectMultiStep } from '../evaluation/multiStep';
import { replayLevels } from '../evaluation/multiStepReport';
import type { FeatureEngine } from '../features';
import { lowerBound, profileHistoryBars, profilesCached, recentClockProfiles, type ProfileCache } from './clockProfiles';
import type { OpenRangeForecaster } from './rangeForecaster';
import type { StepModel } from './stepModels';
import type { BandLevelsInfo } from './types';
import { volSeries } from './volContext';

/**
 * Most forecast origins one catch-up replays: about as many as the test fold's run that set the stored levels. When
 * more bars than that have come since, the older ones are skipped (the levels then rest on the latest outcomes only).
 */
export const REPLAY_MAX_ORIGINS = 15_000;

/** What a catch-up needs of the loaded model. */
export interface ReplayModel {
  readonly engine: FeatureEngine;
  readonly step: () => StepModel;
  readonly forecaster: () => OpenRangeForecaster;
  readonly calibration: ForecastCalibration;
  readonly timeframe: Timeframe;
  readonly barMs: number;
  /** Bars streamed through the features before the first replayed origin (the forecast's own warm-up). */
  readonly warmup: number;
  /** Bars before an origin its range forecast reads (its reference window and naive ranges). */
  readonly contextBars: number;
  readonly profiles: ProfileCache;
}

/**
 * The levels a forecast from the bar opening at `lastBarTime` may start from: `candidates` in order of preference
 * (the ones caught up before, then the stored ones), the first that folded in no outcome after that bar; else the
 * nominal levels. So a forecast from an earlier bar (a backtest, an old series) never sees a later outcome.
 */
export function levelsFor(lastBarTime: number, candidates: readonly (AdaptiveLevels | undefined)[], nominal = nominalLevels()): AdaptiveLevels {
  for (const c of candidates) if (c && (c.asOf === null || c.asOf <= lastBarTime)) return c;
  return nominal;
}

/**
 * The levels of each stored set a forecast from the bar opening at `lastBarTime` may start from (levelsFor): the set
 * caught up before, the stored set, or that set's horizons at nominal.
 */
export function startingSets(lastBarTime: number, stored: readonly AdaptiveLevels[], caughtUp: readonly (AdaptiveLevels | undefined)[] = []): AdaptiveLevels[] {
  return stored.map((s, i) => levelsFor(lastBarTime, [caughtUp[i], s], nominalLevels(s.horizons, s.from)));
}

/** Bars between replayed origins: the pace of the run that stored the levels (about 1 when it was dense). */
function paceOf(levels: AdaptiveLevels): number {
  return Math.max(1, Math.round(levels.spacing));
}

/** Forecast origins between the levels' last origin and a forecast at `lastBarTime` whose outcomes are all known. */
function originsToReplay(levels: AdaptiveLevels, lastBarTime: number, barMs: number): number {
  if (levels.lastOrigin === null) return 0;
  const bars = Math.floor((lastBarTime - levels.lastOrigin) / barMs) - levels.horizons;
  return Math.max(0, Math.min(REPLAY_MAX_ORIGINS, Math.floor(bars / paceOf(levels))));
}

/**
 * Bars of history a catch-up of `levels` to a forecast at `lastBarTime` reads (0 when there is nothing to replay):
 * the replayed origins and their outcomes, the warm-up before them, and the clock profiles' year unless cached.
 */
export function replayHistoryBars(levels: AdaptiveLevels, lastBarTime: number, m: Pick<ReplayModel, 'barMs' | 'warmup' | 'contextBars' | 'profiles'>): number {
  const n = originsToReplay(levels, lastBarTime, m.barMs);
  if (n === 0) return 0;
  const bars = n * paceOf(levels) + levels.horizons + 1;
  const before = Math.max(m.warmup, m.contextBars) + 1;
  return bars + before + (profilesCached(m.profiles, lastBarTime, bars + before, m.barMs) ? 0 : profileHistoryBars(m.barMs));
}

/**
 * Carries the online band levels forward over the bars of `history` after their last origin: forecasts from origins
 * at the pace of the run that stored them (on a grid of bar times from its last origin, so catching up in pieces
 * replays the same origins as one catch-up), each scored once all its outcomes are in `history`, exactly as the
 * test fold's run scored its own (adaptiveBands.ts). Origins whose outcomes are not all known yet wait for a later
 * catch-up. Returns `levels` itself when there is nothing to replay.
 */
export function catchUpLevels(levels: AdaptiveLevels, history: CandleColumns, m: ReplayModel): AdaptiveLevels {
  const n = history.length;
  // The set's horizons whose bands adapt (those the calibration kept residual grids for) are replayed.
  const horizons = Math.min(levels.horizons, m.calibration.zGrid?.length ?? 0);
  if (n === 0 || levels.lastOrigin === null || horizons <= levels.from) return levels;
  const pace = paceOf(levels);
  const anchor = levels.lastOrigin;
  const lastOrigin = n - 1 - horizons;
  const before = Math.max(m.warmup, m.contextBars) + 1;
  let first = lowerBound(history.time, anchor + pace * m.barMs);
  first = Math.max(first, before, lastOrigin - (REPLAY_MAX_ORIGINS - 1) * pace);
  if (first > lastOrigin) return levels;
  const from = first - before;
  const ctx = sliceColumns(history, from);
  const cv = volSeries(ctx, m.barMs, recentClockProfiles(history, from, m.barMs, m.profiles));
  const forecaster = m.forecaster();
  const run = collectMultiStep(ctx, m.engine, m.step(), {
    originStart: first - from, outcomeEnd: ctx.length - 1, horizons,
    maxOrigins: REPLAY_MAX_ORIGINS, volWindow: m.calibration.volWindow, barMs: m.barMs,
    breaks: gapBreaks(ctx.time, m.timeframe),
    // Origins on the pace's grid of bar times from the last stored origin: the same ones however the catch-ups are cut.
    originFilter: (i) => Math.round((ctx.time[i] - anchor) / m.barMs) % pace === 0,
    ranges: (i, steps, out, ruleOut) => forecaster.unblended(ctx, cv, i, steps, out, ruleOut),
    withRule: forecaster.kind === 'model' && !!m.calibration.ruleWeight,
  });
  if (run.origins === 0) return levels;
  return replayLevels(run, m.calibration, { levels, timeOf: (bar) => ctx.time[bar], barOf: (time) => lowerBound(ctx.time, time) });
}

/**
 * The `band_levels` of a forecast of `steps` steps drawn at `miss` (the sets of levels with their pending outcomes
 * folded in, all of them known at the forecast's bar): per adaptive step, the quantile levels of its shown 50/80/90%
 * bands (the naive band's when the band fell back). Empty when the calibration keeps no grids.
 */
export function bandLevelsInfo(calib: ForecastCalibration, sets: readonly AdaptiveLevels[], miss: BandMiss, steps: number): { band_levels?: BandLevelsInfo } {
  const naive = calib.fallback.band || calib.fallback.range;
  const grids = (naive ? calib.zGridNaive : calib.zGrid)?.length ?? 0;
  const n = Math.min(steps, grids, Math.floor(miss.model.length / 3));
  if (n === 0) return {};
  const m = naive ? miss.naive : miss.model;
  const band = (x: number): Interval => [x / 2, 1 - x / 2];
  const rows = Array.from({ length: n }, (_, h) => {
    const [m50, m80, m90] = nestedMiss(m, h);
    return { step: h + 1, band_50: band(m50), band_80: band(m80), band_90: band(m90) };
  });
  const asOfs = sets.flatMap((l) => (l.asOf === null ? [] : [l.asOf]));
  const outcomes = sets.reduce((a, l) => a + l.updates + l.pending.length, 0);
  return { band_levels: { as_of: asOfs.length ? new Date(Math.max(...asOfs)).toISOString() : null, outcomes, steps: rows } };
}
