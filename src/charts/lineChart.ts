/**
 * A small d3 line chart: step on x, one or more series on y (linear or log),
 * optional horizontal reference lines, legend inside the SVG so exports are
 * self-explanatory. Styles are attributes, not CSS, for the same reason.
 */
import {
  axisBottom,
  axisLeft,
  format,
  line,
  scaleLinear,
  scaleLog,
  select,
  type NumberValue,
  type ScaleContinuousNumeric,
  type Selection,
} from 'd3';
import { FONT_FAMILY, PALETTE } from './palette';
import type { LineChartData, LineSeries, XY } from './types';

export interface LineChartOptions {
  /** Accessible name of the figure. */
  title: string;
  yLabel: string;
  xLabel?: string;
  yScale: 'linear' | 'log';
  /** A fixed y domain (accuracy: [0, 1]); otherwise fitted to the data. */
  yDomain?: [number, number];
}

export interface Chart<D> {
  update(data: D): void;
  /** The live SVG element (for export). */
  svg(): SVGSVGElement;
  destroy(): void;
}

const MARGIN = { top: 12, right: 18, bottom: 44, left: 58 };
const LEGEND_ROW = 20;
const LEGEND_FONT = 13;
const TICK_FONT = 12;

/** 1, 2, 5 × 10^k at or above x: the x axis grows in readable jumps. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 10;
  const k = Math.pow(10, Math.floor(Math.log10(x)));
  for (const f of [1, 2, 5, 10]) if (f * k >= x) return f * k;
  return 10 * k;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

export function createLineChart(
  root: HTMLElement,
  options: LineChartOptions,
): Chart<LineChartData> {
  const svg = select(root)
    .append('svg')
    .attr('role', 'img')
    .attr('aria-label', options.title)
    .attr('font-family', FONT_FAMILY)
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .style('display', 'block')
    .style('width', '100%')
    .style('height', '100%');
  const background = svg.append('rect').attr('fill', PALETTE.paper);
  const legend: G = svg.append('g');
  const plot: G = svg.append('g');
  const grid: G = plot.append('g');
  const xAxis: G = plot.append('g');
  const yAxis: G = plot.append('g');
  const rules: G = plot.append('g');
  const lines: G = plot.append('g').attr('fill', 'none');
  const xTitle = plot
    .append('text')
    .attr('fill', PALETTE.muted)
    .attr('font-size', TICK_FONT)
    .attr('text-anchor', 'end')
    .text(options.xLabel ?? 'gradient step');
  const yTitle = plot
    .append('text')
    .attr('fill', PALETTE.muted)
    .attr('font-size', TICK_FONT)
    .attr('text-anchor', 'middle')
    .text(options.yLabel);

  let last: LineChartData = { series: [] };

  function draw(data: LineChartData): void {
    last = data;
    const width = Math.max(240, root.clientWidth);
    const height = Math.max(180, root.clientHeight);
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    background.attr('width', width).attr('height', height);

    const legendRows = drawLegend(legend, data.series, width);
    const top = MARGIN.top + legendRows * LEGEND_ROW + 8;
    const innerW = width - MARGIN.left - MARGIN.right;
    const innerH = Math.max(60, height - top - MARGIN.bottom);
    plot.attr('transform', `translate(${MARGIN.left},${top})`);

    const all = data.series.flatMap((s) => s.points);
    const maxX = all.reduce((mx, p) => Math.max(mx, p.x), 0);
    const xHi = Math.min(niceCeil(Math.max(maxX, 10)), Math.max(data.xMax ?? Infinity, 10));
    const x = scaleLinear().domain([0, xHi]).range([0, innerW]);
    const y = yScaleFor(options, data, all).range([innerH, 0]);

    const xTicks = Math.max(2, Math.floor(innerW / 90));
    const yTicks = Math.max(2, Math.floor(innerH / 45));
    xAxis
      .attr('transform', `translate(0,${innerH})`)
      .call(axisBottom(x).ticks(xTicks).tickFormat(formatStep).tickSizeOuter(0));
    yAxis.call(
      axisLeft(y)
        .ticks(yTicks, options.yScale === 'log' ? '~e' : '~g')
        .tickSizeOuter(0),
    );
    styleAxis(xAxis);
    styleAxis(yAxis);
    if (options.yScale === 'log') thinLogTicks(yAxis);

    grid
      .selectAll('line')
      .data(y.ticks(yTicks))
      .join('line')
      .attr('x1', 0)
      .attr('x2', innerW)
      .attr('y1', (d) => y(d))
      .attr('y2', (d) => y(d))
      .attr('stroke', PALETTE.grid)
      .attr('stroke-width', 1);

    xTitle.attr('x', innerW).attr('y', innerH + 36);
    yTitle.attr('transform', `translate(${-44},${innerH / 2}) rotate(-90)`);

    const [yLo, yHi] = y.domain() as [number, number];
    const ruleData = (data.rules ?? []).filter(
      (r) => r.y >= Math.min(yLo, yHi) && r.y <= Math.max(yLo, yHi),
    );
    const ruleG = rules
      .selectAll<SVGGElement, { y: number; label: string }>('g')
      .data(ruleData, (r) => r.label)
      .join((enter) => {
        const g = enter.append('g');
        g.append('line').attr('stroke', PALETTE.muted).attr('stroke-dasharray', '2 4');
        g.append('text')
          .attr('fill', PALETTE.muted)
          .attr('font-size', TICK_FONT)
          .attr('text-anchor', 'end')
          .attr('dy', -4);
        return g;
      });
    ruleG.attr('transform', (r) => `translate(0,${y(r.y)})`);
    ruleG.select('line').attr('x1', 0).attr('x2', innerW);
    ruleG
      .select('text')
      .attr('x', innerW - 2)
      .text((r) => r.label);

    const path = line<XY>()
      .x((p) => x(p.x))
      .y((p) => y(p.y));
    lines
      .selectAll<SVGPathElement, LineSeries>('path')
      .data(data.series, (s) => s.id)
      .join('path')
      .attr('stroke', (s) => s.color)
      .attr('stroke-width', (s) => (s.faint ? 1.75 : 2.75))
      .attr('stroke-opacity', (s) => (s.faint ? 0.38 : 1))
      .attr('stroke-dasharray', (s) => s.dash ?? null)
      .attr('stroke-linejoin', 'round')
      .attr('stroke-linecap', 'round')
      .attr('d', (s) => (s.points.length > 0 ? path(s.points) : null));
  }

  const resize = new ResizeObserver(() => draw(last));
  resize.observe(root);

  return {
    update: draw,
    svg: () => svg.node() as SVGSVGElement,
    destroy() {
      resize.disconnect();
      svg.remove();
    },
  };
}

function yScaleFor(
  options: LineChartOptions,
  data: LineChartData,
  all: XY[],
): ScaleContinuousNumeric<number, number> {
  const values = all.map((p) => p.y).concat((data.rules ?? []).map((r) => r.y));
  if (options.yScale === 'log') {
    const pos = values.filter((v) => v > 0);
    const lo = pos.length ? Math.min(...pos) : 1e-2;
    const hi = pos.length ? Math.max(...pos) : 1;
    const domain: [number, number] = options.yDomain ?? [
      Math.pow(10, Math.floor(Math.log10(lo))),
      Math.pow(10, Math.ceil(Math.log10(hi * 1.0001))),
    ];
    return scaleLog().domain(domain).clamp(true);
  }
  if (options.yDomain) return scaleLinear().domain(options.yDomain);
  const lo = values.length ? Math.min(0, ...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  return scaleLinear()
    .domain([lo, hi > lo ? hi : lo + 1])
    .nice();
}

const compact = format('~s');

/** Steps as plain integers up to 9999, then 10k, 20k, … */
function formatStep(v: NumberValue): string {
  const x = Number(v);
  return Math.abs(x) < 1e4 ? String(Math.round(x)) : compact(x);
}

function styleAxis(axis: G): void {
  axis.attr('font-size', TICK_FONT).attr('font-family', null);
  axis.selectAll('path, line').attr('stroke', PALETTE.muted);
  axis.selectAll('text').attr('fill', PALETTE.ink);
}

/** Log axes get a label per decade only; minor ticks stay as marks. */
function thinLogTicks(axis: G): void {
  axis.selectAll<SVGTextElement, number>('.tick text').each(function (d) {
    const decade = Math.abs(Math.log10(d) - Math.round(Math.log10(d))) < 1e-9;
    select(this).text(decade ? formatPow10(d) : '');
  });
}

function formatPow10(v: number): string {
  const k = Math.round(Math.log10(v));
  if (k >= -2 && k <= 3) return String(Number(v.toPrecision(1)));
  return `1e${k}`;
}

/** Legend items flow left to right, wrapping; returns the number of rows used. */
function drawLegend(legend: G, series: LineSeries[], width: number): number {
  const items = series.map((s) => ({ s, w: 30 + s.label.length * 6.6 + 14 }));
  const start = 12;
  let row = 0;
  let cursor = start;
  const placed = items.map(({ s, w }) => {
    if (cursor + w > width - 4 && cursor > start) {
      row += 1;
      cursor = start;
    }
    const at = { s, x: cursor, y: MARGIN.top + row * LEGEND_ROW + 8 };
    cursor += w;
    return at;
  });
  const g = legend
    .selectAll<SVGGElement, (typeof placed)[number]>('g')
    .data(placed, (d) => d.s.id)
    .join((enter) => {
      const e = enter.append('g');
      e.append('line').attr('x1', 0).attr('x2', 24).attr('stroke-linecap', 'round');
      e.append('text').attr('x', 30).attr('dy', '0.35em').attr('font-size', LEGEND_FONT);
      return e;
    });
  g.attr('transform', (d) => `translate(${d.x},${d.y})`);
  g.select('line')
    .attr('stroke', (d) => d.s.color)
    .attr('stroke-width', (d) => (d.s.faint ? 1.75 : 2.75))
    .attr('stroke-opacity', (d) => (d.s.faint ? 0.45 : 1))
    .attr('stroke-dasharray', (d) => d.s.dash ?? null);
  g.select('text')
    .attr('fill', (d) => (d.s.faint ? PALETTE.muted : PALETTE.ink))
    .text((d) => d.s.label);
  return series.length > 0 ? row + 1 : 0;
}
