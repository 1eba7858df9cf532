/**
 * The SVG pieces every chart draws alike: the figure's SVG, its size, axes,
 * horizontal grid lines and axis titles. Styles are attributes, not CSS, so
 * an exported SVG looks like the screen.
 */
import { select, type Axis, type AxisDomain, type Selection } from 'd3';
import { FONT_FAMILY, PALETTE } from './palette';
import type { Chart } from './lineChart';
import type { ChartSize } from './size';

export type G = Selection<SVGGElement, unknown, null, undefined>;
export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
type Text = Selection<SVGTextElement, unknown, null, undefined>;
type Rect = Selection<SVGRectElement, unknown, null, undefined>;
/** A number is px; an em string follows the SVG's font size (charts that scale with the page). */
export type FontSize = number | string;

/**
 * The chart's SVG with its accessible name. `fill`: stretch it over the root,
 * for charts that size themselves to their root's box.
 */
export function appendChartSvg(parent: HTMLElement, label: string, fill = true): Svg {
  const svg = select(parent)
    .append('svg')
    .attr('role', 'img')
    .attr('aria-label', label)
    .attr('font-family', FONT_FAMILY)
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .style('display', 'block');
  if (fill) svg.style('width', '100%').style('height', '100%');
  return svg;
}

/** Sizes the SVG (viewBox and box alike, so one unit is one pixel) and its paper background. */
export function sizeSvg(svg: Svg, background: Rect | null, width: number, height: number): void {
  svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  background?.attr('width', width).attr('height', height);
}

/**
 * What a chart's host holds: `update` draws new data, `destroy` stops the
 * size observer and removes what the chart added (`node`, the SVG unless
 * the chart wraps several).
 */
export function chartHandle<D>(
  update: (data: D) => void,
  svg: Svg,
  observer: { disconnect(): void },
  node: { remove(): void } = svg,
): Chart<D> {
  return {
    update,
    svg: () => svg.node() as SVGSVGElement,
    destroy() {
      observer.disconnect();
      node.remove();
    },
  };
}

/** Calls `redraw` whenever the root's box changes (for charts that read its size as they draw). */
export function redrawOnResize(root: HTMLElement, redraw: () => void): ResizeObserver {
  const observer = new ResizeObserver(redraw);
  observer.observe(root);
  return observer;
}

/** Font size in px at the page's default text size; charts that follow the page scale it by k. */
export const BASE_FONT = 12;

/**
 * Sizes a chart whose text follows the page's font size (see trackSize), no
 * smaller than min so it stays legible; returns the box it drew.
 */
export function sizeScaledSvg(
  svg: Svg,
  background: Rect,
  size: ChartSize,
  minWidth: number,
  minHeight: number,
): { width: number; height: number } {
  svg.attr('font-size', BASE_FONT * size.k);
  const width = Math.max(minWidth, size.width);
  const height = Math.max(minHeight, size.height);
  sizeSvg(svg, background, width, height);
  return { width, height };
}

/** Draws an axis without the outer end ticks, in the charts' muted-line, ink-label style. */
export function drawAxis<D extends AxisDomain>(g: G, axis: Axis<D>, fontSize: FontSize): void {
  g.call(axis.tickSizeOuter(0));
  g.attr('font-size', fontSize).attr('font-family', null);
  g.selectAll('path, line').attr('stroke', PALETTE.muted);
  g.selectAll('text').attr('fill', PALETTE.ink);
}

/** Light full-width lines at the y ticks. */
export function drawHorizontalGrid(
  g: G,
  ticks: readonly number[],
  y: (v: number) => number,
  width: number,
): void {
  g.selectAll('line')
    .data(ticks)
    .join('line')
    .attr('x1', 0)
    .attr('x2', width)
    .attr('y1', (d) => y(d))
    .attr('y2', (d) => y(d))
    .attr('stroke', PALETTE.grid);
}

/** An unfilled path for a data curve. */
export function appendCurve<P extends SVGElement>(
  parent: Selection<P, unknown, null, undefined>,
  color: string,
  width: number,
): Selection<SVGPathElement, unknown, null, undefined> {
  return parent
    .append('path')
    .attr('fill', 'none')
    .attr('stroke', color)
    .attr('stroke-width', width);
}

/** An axis title; place it with its x/y (x axis) or placeYTitle (y axis). */
export function appendAxisTitle<P extends SVGElement>(
  parent: Selection<P, unknown, null, undefined>,
  text: string | null,
  anchor: 'middle' | 'end',
  fontSize: FontSize,
): Text {
  const title = parent
    .append('text')
    .attr('fill', PALETTE.muted)
    .attr('font-size', fontSize)
    .attr('text-anchor', anchor);
  if (text !== null) title.text(text);
  return title;
}

/** Stands a y-axis title upright, centred on `midY`, `x` px left of the axis. */
export function placeYTitle(title: Text, x: number, midY: number): void {
  title.attr('transform', `translate(${x},${midY}) rotate(-90)`);
}
