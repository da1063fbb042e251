import { html } from 'lit';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { LightElement } from '../element';

// One chart component for every time series of the console (the dashboard's workflow rates, a service's latency),
// drawn with uPlot on a canvas. Colours are the theme's CSS custom properties, read when the chart is built and
// again when the theme changes; the width follows the element's (ResizeObserver), so the chart fits a phone too.

/** A line of the chart: its legend label, the theme variable of its colour (e.g. '--ok') and one value per time. */
export interface ChartLine {
  label: string;
  color: string;
  values: (number | null)[];
  fill?: boolean;
  dash?: number[];
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888888';

/** A hex colour with an alpha byte appended (#rrggbb → #rrggbbaa); anything else unchanged. */
const translucent = (color: string, alpha: string) => (/^#[0-9a-f]{6}$/i.test(color) ? color + alpha : color);

export class TimeChart extends LightElement {
  static override properties = {
    times: { attribute: false },
    lines: { attribute: false },
    range: { attribute: false },
    label: {},
    unit: {},
    height: { type: Number },
  };

  /** The x values: seconds since the epoch, ascending. */
  declare times: number[];
  declare lines: ChartLine[];
  /** The x range shown, [from, to] in seconds since the epoch; by default the data's, widened around a single point. */
  declare range: [number, number] | undefined;
  /** What the chart shows, for assistive technology. */
  declare label: string;
  /** Appended to the y values on the axis and in the legend (e.g. ' ms', '/min'). */
  declare unit: string;
  declare height: number;

  private chart: uPlot | null = null;
  private shape = '';
  private resize: ResizeObserver | null = null;
  private theme: MutationObserver | null = null;

  constructor() {
    super();
    this.times = [];
    this.lines = [];
    this.label = 'Chart';
    this.unit = '';
    this.height = 220;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this);
    // The shell switches theme by setting data-theme on <html>: rebuild with the new colours.
    this.theme = new MutationObserver(() => this.rebuild());
    this.theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    this.theme?.disconnect();
    this.chart?.destroy();
    this.chart = null;
  }

  protected override render() {
    return html`<figure class="time-chart" aria-label=${this.label}>
      <div class="plot"></div>
      ${this.times.length === 0 ? html`<figcaption class="muted small">No data yet.</figcaption>` : html`<figcaption class="visually-hidden" data-testid="chart-summary">${this.summary()}</figcaption>`}
    </figure>`;
  }

  /** The canvas in words: per line, the latest value and the lowest and highest over the range. */
  private summary(): string {
    const format = (v: number) => `${Number.isInteger(v) ? v : v.toFixed(v < 10 ? 2 : 1)}${this.unit}`;
    const parts = this.lines.map((l) => {
      const values = l.values.filter((v): v is number => v !== null && v !== undefined);
      if (values.length === 0) return `${l.label}: no data`;
      return `${l.label}: latest ${format(values[values.length - 1])}, lowest ${format(Math.min(...values))}, highest ${format(Math.max(...values))}`;
    });
    return `${this.times.length} point${this.times.length === 1 ? '' : 's'}. ${parts.join('; ')}.`;
  }

  protected override updated(): void {
    this.dataset.points = String(this.times.length); // for tests and styling: how many points are drawn
    const shape = this.shapeKey();
    if (this.chart && shape === this.shape) {
      this.chart.setData(this.data());
    } else {
      this.rebuild();
    }
  }

  // What the chart is built from (a change rebuilds it; a change of data only sets the data).
  private shapeKey(): string {
    return `${this.lines.map((l) => `${l.label}|${l.color}`).join(',')}|${this.height}|${this.unit}|${this.times.length <= 12}`;
  }

  private data(): uPlot.AlignedData {
    return [this.times, ...this.lines.map((l) => l.values)] as uPlot.AlignedData;
  }

  private xRange(): { min: number; max: number } {
    if (this.range) return { min: this.range[0], max: this.range[1] };
    const first = this.times[0] ?? Date.now() / 1000;
    const last = this.times[this.times.length - 1] ?? first;
    return first === last ? { min: first - 300, max: last + 300 } : { min: first, max: last };
  }

  private width(): number {
    return Math.max(200, Math.floor(this.getBoundingClientRect().width));
  }

  private fit(): void {
    if (this.chart && Math.abs(this.chart.width - this.width()) > 1) {
      this.chart.setSize({ width: this.width(), height: this.height });
    }
  }

  private rebuild(): void {
    const target = this.querySelector('.plot') as HTMLElement | null;
    if (!target) return;
    this.chart?.destroy();
    this.shape = this.shapeKey();
    const muted = css('--muted');
    const grid = css('--border');
    const format = (v: number | null) => (v === null || v === undefined ? '—' : `${Number.isInteger(v) ? v : v.toFixed(v < 10 ? 2 : 1)}${this.unit}`);
    const axis: uPlot.Axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '12px system-ui, sans-serif' };
    const options: uPlot.Options = {
      width: this.width(),
      height: this.height,
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: { x: { time: true, range: () => { const r = this.xRange(); return [r.min, r.max]; } }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
      axes: [axis, { ...axis, size: 72, values: (_u, values) => values.map((v) => format(v)) }],
      series: [
        { value: (_u, v) => (v === null ? '—' : new Date(v * 1000).toLocaleTimeString()) },
        ...this.lines.map((l) => {
          const color = css(l.color);
          return {
            label: l.label,
            stroke: color,
            width: 2,
            dash: l.dash,
            fill: l.fill ? translucent(color, '26') : undefined,
            value: (_u: uPlot, v: number | null) => format(v),
            // Dots only where lines cannot show the data: one point, or a handful.
            points: { show: this.times.length <= 12 },
          } satisfies uPlot.Series;
        }),
      ],
    };
    this.chart = new uPlot(options, this.data(), target);
  }
}
customElements.define('time-chart', TimeChart);
