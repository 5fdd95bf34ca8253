/**
 * A series primitive that shades the 80% close interval between its lower and upper edges,
 * so the band reads as one area behind the forecast candles.
 */
import type {
  AutoscaleInfo,
  IChartApiBase,
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesApi,
  ISeriesPrimitive,
  Logical,
  PrimitivePaneViewZOrder,
  SeriesAttachedParameter,
  SeriesType,
  Time,
} from 'lightweight-charts';
import type { BandPoint } from './chartData';

type DrawTarget = Parameters<IPrimitivePaneRenderer['draw']>[0];
interface ScreenPoint { x: number; lower: number; upper: number }

class BandRenderer implements IPrimitivePaneRenderer {
  constructor(private readonly points: readonly ScreenPoint[], private readonly fill: string, private readonly edge: string) {}

  draw(target: DrawTarget): void {
    const pts = this.points;
    if (pts.length < 2) return;
    target.useMediaCoordinateSpace(({ context }) => {
      context.beginPath();
      context.moveTo(pts[0].x, pts[0].upper);
      for (const p of pts) context.lineTo(p.x, p.upper);
      for (let i = pts.length - 1; i >= 0; i--) context.lineTo(pts[i].x, pts[i].lower);
      context.closePath();
      context.fillStyle = this.fill;
      context.fill();
      context.strokeStyle = this.edge;
      context.lineWidth = 1;
      context.setLineDash([4, 3]);
      for (const edge of ['upper', 'lower'] as const) {
        context.beginPath();
        pts.forEach((p, i) => (i === 0 ? context.moveTo(p.x, p[edge]) : context.lineTo(p.x, p[edge])));
        context.stroke();
      }
      context.setLineDash([]);
    });
  }
}

class BandView implements IPrimitivePaneView {
  points: ScreenPoint[] = [];
  constructor(private readonly fill: string, private readonly edge: string) {}
  zOrder(): PrimitivePaneViewZOrder {
    return 'bottom';
  }
  renderer(): IPrimitivePaneRenderer {
    return new BandRenderer(this.points, this.fill, this.edge);
  }
}

/** The interval band: attach to the forecast series, then `setPoints(band)`. */
export class IntervalBand implements ISeriesPrimitive<Time> {
  private chart: IChartApiBase<Time> | null = null;
  private series: ISeriesApi<SeriesType, Time> | null = null;
  private requestUpdate: (() => void) | null = null;
  private band: readonly BandPoint[] = [];
  private readonly view: BandView;
  private readonly views: readonly IPrimitivePaneView[];

  constructor(fill: string, edge: string) {
    this.view = new BandView(fill, edge);
    this.views = [this.view];
  }

  /** Replaces the band; an empty list hides it. */
  setPoints(band: readonly BandPoint[]): void {
    this.band = band;
    this.requestUpdate?.();
  }

  attached(param: SeriesAttachedParameter<Time>): void {
    this.chart = param.chart;
    this.series = param.series;
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.chart = null;
    this.series = null;
    this.requestUpdate = null;
  }

  updateAllViews(): void {
    const scale = this.chart?.timeScale();
    const series = this.series;
    const out: ScreenPoint[] = [];
    if (scale && series) {
      for (const p of this.band) {
        const x = scale.timeToCoordinate(p.time);
        const lower = series.priceToCoordinate(p.lower);
        const upper = series.priceToCoordinate(p.upper);
        if (x !== null && lower !== null && upper !== null) out.push({ x, lower, upper });
      }
    }
    this.view.points = out;
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  /** Widens the price scale so the whole visible band fits. */
  autoscaleInfo(from: Logical, to: Logical): AutoscaleInfo | null {
    const scale = this.chart?.timeScale();
    if (!scale || this.band.length === 0) return null;
    let min = Infinity;
    let max = -Infinity;
    for (const p of this.band) {
      const logical = scale.timeToIndex(p.time, true);
      if (logical === null || logical < from || logical > to) continue;
      if (p.lower < min) min = p.lower;
      if (p.upper > max) max = p.upper;
    }
    return Number.isFinite(min) ? { priceRange: { minValue: min, maxValue: max } } : null;
  }
}
