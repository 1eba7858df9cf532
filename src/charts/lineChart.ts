/**
 * A small d3 line chart: step on x, one or more series on y (linear or log),
 * optional horizontal reference lines, legend inside the SVG so exports are
 * self-explanatory. Styles are attributes, not CSS, for the same reason.
 */
import {
  axisBottom,
  axisLeft,
  bisector,
  format,
  line,
  pointer,
  scaleLinear,
  scaleLog,
  select,
  type NumberValue,
  type ScaleContinuousNumeric,
} from 'd3';
import { PALETTE } from './palette';
import {
  BASE_FONT,
  appendAxisTitle,
  appendChartSvg,
  chartHandle,
  drawAxis,
  drawHorizontalGrid,
  placeYTitle,
  sizeScaledSvg,
  type G,
} from './parts';
import { axisKey, trackSize } from './size';
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
/** Text sizes relative to the SVG's font size (12px × chartScale). */
const LEGEND_FONT = '1.08em';
const TICK_FONT = '1em';
/** Average glyph width per pixel of font size, for laying out legend text. */
const GLYPH = 0.55;

/** 1, 2, 5 × 10^k at or above x: the x axis grows in readable jumps. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 10;
  const k = Math.pow(10, Math.floor(Math.log10(x)));
  for (const f of [1, 2, 5, 10]) if (f * k >= x) return f * k;
  return 10 * k;
}

export function createLineChart(
  root: HTMLElement,
  options: LineChartOptions,
): Chart<LineChartData> {
  const svg = appendChartSvg(root, options.title);
  const background = svg.append('rect').attr('fill', PALETTE.paper);
  const legend: G = svg.append('g');
  const plot: G = svg.append('g');
  const grid: G = plot.append('g');
  const xAxis: G = plot.append('g');
  const yAxis: G = plot.append('g');
  const rules: G = plot.append('g');
  const lines: G = plot.append('g').attr('fill', 'none');
  const hover: G = plot.append('g').attr('pointer-events', 'none').attr('visibility', 'hidden');
  const hoverLine = hover.append('line').attr('stroke', PALETTE.muted).attr('stroke-width', 1);
  const hoverDots: G = hover.append('g');
  const hoverBox = hover
    .append('rect')
    .attr('fill', PALETTE.paper)
    .attr('fill-opacity', 0.92)
    .attr('stroke', PALETTE.grid)
    .attr('rx', 4);
  const hoverText = hover.append('text').attr('font-size', TICK_FONT).attr('fill', PALETTE.ink);
  const overlay = plot.append('rect').attr('fill', 'transparent').style('touch-action', 'pan-y');
  const xTitle = appendAxisTitle(plot, options.xLabel ?? 'gradient step', 'end', TICK_FONT);
  const yTitle = appendAxisTitle(plot, options.yLabel, 'middle', TICK_FONT);

  let last: LineChartData = { series: [] };
  let hoverAt: number | null = null;
  let scales: {
    x: (v: number) => number;
    y: (v: number) => number;
    invertX: (px: number) => number;
    w: number;
  } | null = null;

  // Last drawn axis states: an unchanged axis is left as it is.
  let xAxisKey = '';
  let yAxisKey = '';

  function draw(data: LineChartData): void {
    last = data;
    const size = tracker.current();
    const k = size.k;
    const { width, height } = sizeScaledSvg(svg, background, size, 240, 180);

    const legendRows = drawLegend(legend, data.series, width, k);
    const top = MARGIN.top + legendRows * LEGEND_ROW * k + 8;
    const left = MARGIN.left * k;
    const innerW = width - left - MARGIN.right;
    const innerH = Math.max(60, height - top - MARGIN.bottom * k);
    plot.attr('transform', `translate(${left},${top})`);

    const all = data.series.flatMap((s) => s.points);
    const maxX = all.reduce((mx, p) => Math.max(mx, p.x), 0);
    const xHi = Math.min(niceCeil(Math.max(maxX, 10)), Math.max(data.xMax ?? Infinity, 10));
    const x = scaleLinear().domain([0, xHi]).range([0, innerW]);
    const xTicks = Math.max(2, Math.floor(innerW / (90 * k)));
    const yTicks = Math.max(3, Math.floor(innerH / (45 * k)));
    const y = yScaleFor(options, data, all, yTicks).range([innerH, 0]);
    xAxis.attr('transform', `translate(0,${innerH})`);
    const nextX = axisKey(x.domain(), x.range(), xTicks, k);
    if (nextX !== xAxisKey) {
      xAxisKey = nextX;
      drawAxis(xAxis, axisBottom(x).ticks(xTicks).tickFormat(formatStep), TICK_FONT);
    }
    const nextY = axisKey(y.domain(), y.range(), yTicks, k, innerW);
    if (nextY !== yAxisKey) {
      yAxisKey = nextY;
      drawAxis(yAxis, axisLeft(y).ticks(yTicks, options.yScale === 'log' ? '~e' : '~g'), TICK_FONT);
      if (options.yScale === 'log') thinLogTicks(yAxis);
      drawHorizontalGrid(grid, y.ticks(yTicks), y, innerW);
    }

    xTitle.attr('x', innerW).attr('y', innerH + 36 * k);
    placeYTitle(yTitle, -44 * k, innerH / 2);

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
      .join((enter) =>
        enter.append('path').attr('stroke-linejoin', 'round').attr('stroke-linecap', 'round'),
      )
      .each(function (s) {
        // A series keeps its look while its data grows: restyle only when the look changes.
        const look = `${s.color}|${s.faint ?? false}|${s.dash ?? ''}`;
        if (this.dataset.look === look) return;
        this.dataset.look = look;
        select(this)
          .attr('stroke', s.color)
          .attr('stroke-width', s.faint ? 1.75 : 2.75)
          .attr('stroke-opacity', s.faint ? 0.38 : 1)
          .attr('stroke-dasharray', s.dash ?? null);
      })
      .attr('d', (s) => (s.points.length > 0 ? path(s.points) : null));

    overlay.attr('width', innerW).attr('height', innerH);
    scales = { x, y, invertX: (px) => x.invert(px), w: innerW };
    drawHover();
  }

  /** A readout of every series at the step under the pointer. */
  function drawHover(): void {
    if (hoverAt === null || !scales) {
      hover.attr('visibility', 'hidden');
      return;
    }
    const { x, y, w } = scales;
    const at = hoverAt;
    const all = last.series
      .map((s) => ({ s, p: nearest(s.points, at) }))
      .filter((r): r is { s: LineSeries; p: XY } => r.p !== null);
    const ref = all.find((r) => !r.s.faint) ?? all[0];
    // Series that ended earlier (a converged baseline) have no value here.
    const rows = ref ? all.filter((r) => Math.abs(x(r.p.x) - x(ref.p.x)) <= 8) : [];
    if (rows.length === 0) {
      hover.attr('visibility', 'hidden');
      return;
    }
    const step = ref.p.x;
    hover.attr('visibility', 'visible');
    hoverLine
      .attr('x1', x(step))
      .attr('x2', x(step))
      .attr('y1', 0)
      .attr('y2', Number(overlay.attr('height')));
    hoverDots
      .selectAll<SVGCircleElement, { s: LineSeries; p: XY }>('circle')
      .data(rows, (r) => r.s.id)
      .join('circle')
      .attr('r', 3.5)
      .attr('cx', (r) => x(r.p.x))
      .attr('cy', (r) => y(r.p.y))
      .attr('fill', (r) => r.s.color)
      .attr('fill-opacity', (r) => (r.s.faint ? 0.5 : 1));
    const lines = [`step ${step}`, ...rows.map((r) => `${r.s.label}: ${formatValue(r.p.y)}`)];
    hoverText
      .selectAll('tspan')
      .data(lines)
      .join('tspan')
      .attr('x', 0)
      .attr('dy', (_, i) => (i === 0 ? '1em' : '1.25em'))
      .attr('font-weight', (_, i) => (i === 0 ? 600 : 400))
      .text((t) => t);
    const k = tracker.current().k;
    const boxW = Math.max(...lines.map((l) => l.length)) * GLYPH * BASE_FONT * k + 12;
    const boxH = lines.length * 1.25 * BASE_FONT * k + 8;
    const left = x(step) + 10 + boxW > w ? x(step) - 10 - boxW : x(step) + 10;
    hoverBox.attr('x', left).attr('y', 2).attr('width', boxW).attr('height', boxH);
    hoverText.attr('transform', `translate(${left + 6},${4})`);
    hoverText.selectAll('tspan').attr('x', 0);
  }

  overlay
    .on('pointermove', (event: PointerEvent) => {
      if (!scales) return;
      const [px] = pointer(event);
      hoverAt = scales.invertX(px);
      drawHover();
    })
    .on('pointerleave', () => {
      hoverAt = null;
      drawHover();
    });

  const tracker = trackSize(root, () => draw(last));
  return chartHandle(draw, svg, tracker);
}

/** Fitted to the data and rounded to the same tick count the axis uses, so the ends get labels. */
function yScaleFor(
  options: LineChartOptions,
  data: LineChartData,
  all: XY[],
  ticks: number,
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
    .nice(ticks);
}

const compact = format('~s');
const fourDigits = format('.4~g');

function formatValue(v: number): string {
  return Math.abs(v) >= 1e-3 || v === 0 ? fourDigits(v) : v.toExponential(2);
}

/** The point of a step-sorted series nearest to step `at`. */
function nearest(points: XY[], at: number): XY | null {
  if (points.length === 0) return null;
  const i = bisector((p: XY) => p.x).center(points, at);
  return points[i] ?? null;
}

/** Steps as plain integers up to 9999, then 10k, 20k, … */
function formatStep(v: NumberValue): string {
  const x = Number(v);
  return Math.abs(x) < 1e4 ? String(Math.round(x)) : compact(x);
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
function drawLegend(legend: G, series: LineSeries[], width: number, k: number): number {
  const charW = GLYPH * BASE_FONT * 1.08 * k;
  const items = series.map((s) => ({ s, w: 30 + s.label.length * charW + 14 }));
  const start = 12;
  let row = 0;
  let cursor = start;
  const placed = items.map(({ s, w }) => {
    if (cursor + w > width - 4 && cursor > start) {
      row += 1;
      cursor = start;
    }
    const at = { s, x: cursor, y: MARGIN.top + (row * LEGEND_ROW + 8) * k };
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
