/**
 * A series primitive that draws a full-height dashed line where the forecast starts
 * (midway between the last real bar and the first forecast bar) with a small label.
 */
import type {
  IChartApiBase,
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesPrimitive,
  PrimitivePaneViewZOrder,
  SeriesAttachedParameter,
  Time,
  UTCTimestamp,
} from 'lightweight-charts';

type DrawTarget = Parameters<IPrimitivePaneRenderer['draw']>[0];

class StartLineRenderer implements IPrimitivePaneRenderer {
  constructor(private readonly x: number | null, private readonly color: string, private readonly label: string) {}

  draw(target: DrawTarget): void {
    const x = this.x;
    if (x === null) return;
    target.useBitmapCoordinateSpace(({ context, bitmapSize, horizontalPixelRatio, verticalPixelRatio }) => {
      const width = Math.max(1, Math.round(horizontalPixelRatio));
      const left = Math.round(x * horizontalPixelRatio - width / 2);
      const dash = Math.round(6 * verticalPixelRatio);
      context.fillStyle = this.color;
      for (let y = 0; y < bitmapSize.height; y += dash * 2) context.fillRect(left, y, width, dash);
    });
    target.useMediaCoordinateSpace(({ context, mediaSize }) => {
      context.font = '11px system-ui, sans-serif';
      context.fillStyle = this.color;
      context.textBaseline = 'bottom';
      context.fillText(this.label, x + 5, mediaSize.height - 6);
    });
  }
}

class StartLineView implements IPrimitivePaneView {
  x: number | null = null;
  constructor(private readonly color: string, private readonly label: string) {}
  zOrder(): PrimitivePaneViewZOrder {
    return 'top';
  }
  renderer(): IPrimitivePaneRenderer {
    return new StartLineRenderer(this.x, this.color, this.label);
  }
}

/** The forecast start marker: attach to the forecast series, then `setTimes(lastReal, firstForecast)`. */
export class ForecastStartLine implements ISeriesPrimitive<Time> {
  private chart: IChartApiBase<Time> | null = null;
  private requestUpdate: (() => void) | null = null;
  private lastReal: UTCTimestamp | null = null;
  private firstForecast: UTCTimestamp | null = null;
  private readonly view: StartLineView;
  private readonly views: readonly IPrimitivePaneView[];

  constructor(color: string, label = 'forecast') {
    this.view = new StartLineView(color, label);
    this.views = [this.view];
  }

  /** Where the forecast starts; null hides the line. */
  setTimes(lastReal: UTCTimestamp | null, firstForecast: UTCTimestamp | null): void {
    this.lastReal = lastReal;
    this.firstForecast = firstForecast;
    this.requestUpdate?.();
  }

  attached(param: SeriesAttachedParameter<Time>): void {
    this.chart = param.chart;
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.chart = null;
    this.requestUpdate = null;
  }

  updateAllViews(): void {
    const scale = this.chart?.timeScale();
    if (!scale || this.lastReal === null) {
      this.view.x = null;
      return;
    }
    const a = scale.timeToCoordinate(this.lastReal);
    const b = this.firstForecast === null ? null : scale.timeToCoordinate(this.firstForecast);
    this.view.x = a !== null && b !== null ? (a + b) / 2 : a ?? b;
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }
}
