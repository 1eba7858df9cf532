/**
 * The theory panel: the quantities of MODEL.md "Quantities from the
 * analysis" against the pruning rate, on the sweep chart's axis, one small
 * plot each with a one-line plain explanation. They explain the measured
 * curve; they never stand in for it.
 */
import { axisLeft, line, scaleLinear, scaleLog, select } from 'd3';
import { pruneToAxis } from '../model/sweep';
import type { TheoryPoint } from '../model/theory';
import type { Chart } from './lineChart';
import { PALETTE } from './palette';
import {
  appendChartSvg,
  appendCurve,
  chartHandle,
  drawAxis,
  drawHorizontalGrid,
  redrawOnResize,
  sizeSvg,
  type G,
  type Svg,
} from './parts';
import { drawPruneAxis, formatRate, pruneAxisScale } from './sweep-chart';

export interface TheoryChartData {
  /** Smooth curve: many rates evenly spaced on the axis. */
  curve: TheoryPoint[];
  /** The sweep's grid rates, marked as dots so the two charts line up. */
  grid: TheoryPoint[];
  current: number;
  /** Exact values at the slider's rate, printed on each plot. */
  atCurrent: TheoryPoint;
  axisMax: number;
  /** Threshold markers copied from the measured sweep (null: none yet). */
  best: number | null;
  breakdown: number | null;
}

interface PanelSpec {
  id: string;
  title: string;
  explain: string;
  value: (t: TheoryPoint) => number;
  scale: 'log' | 'linear';
  color: string;
  /** Fixed domain for linear panels. */
  domain?: [number, number];
}

export const THEORY_PANELS: readonly PanelSpec[] = [
  {
    id: 'snr',
    title: 'SNR(ρ) = mu / (sigmaP √((1 − ρ) d))',
    explain:
      'A neuron that still sees the signal sees all of it but only a fraction 1 − ρ of the noise, so its signal-to-noise ratio grows with pruning.',
    value: (t) => t.snr,
    scale: 'log',
    color: PALETTE.blue,
  },
  {
    id: 'competition',
    title: 'competition index n · SNR(ρ)^q',
    explain:
      'Signal learning against noise memorization inside one neuron: large means the signal wins, small means memorizing the n training points’ noise wins.',
    value: (t) => t.competitionIndex,
    scale: 'log',
    color: PALETTE.vermillion,
  },
  {
    id: 'neurons',
    title: 'signal-seeing neurons per class, m (1 − ρ)',
    explain:
      'How many of a class’s m neurons still have the signal coordinate in their mask; heavy pruning leaves only a handful to learn the feature.',
    value: (t) => t.expectedSignalNeurons,
    scale: 'linear',
    color: PALETTE.green,
  },
  {
    id: 'none',
    title: 'chance a class has none, ρ^m',
    explain:
      'The chance that no neuron of a class sees the signal at all: that class can then only fit its training points by memorizing noise.',
    value: (t) => t.noSignalNeuronChance,
    scale: 'linear',
    color: PALETTE.purple,
    domain: [0, 1],
  },
];

const MARGIN = { top: 10, right: 14, bottom: 30, left: 52 };
const HEIGHT = 150;
const TICK_FONT = 12;

interface Panel {
  spec: PanelSpec;
  svg: Svg;
  holder: HTMLElement;
  render: (data: TheoryChartData) => void;
}

export function createTheoryChart(root: HTMLElement, title: string): Chart<TheoryChartData> {
  const container = select(root)
    .append('div')
    .attr('role', 'group')
    .attr('aria-label', title)
    .style('display', 'grid')
    .style('grid-template-columns', 'repeat(auto-fit, minmax(260px, 1fr))')
    .style('gap', '12px 20px');
  const panels: Panel[] = THEORY_PANELS.map((spec) =>
    makePanel(container.node() as HTMLElement, spec),
  );
  let last: TheoryChartData | null = null;

  function draw(data: TheoryChartData | null): void {
    if (!data) return;
    last = data;
    for (const p of panels) p.render(data);
  }

  // The first plot stands for the panel where one SVG is asked for (there is no export button).
  return chartHandle(
    draw,
    panels[0].svg,
    redrawOnResize(root, () => draw(last)),
    container,
  );
}

function makePanel(parent: HTMLElement, spec: PanelSpec): Panel {
  const fig = select(parent).append('figure').style('margin', '0').attr('data-theory', spec.id);
  fig
    .append('figcaption')
    .style('font-weight', '600')
    .style('font-size', '0.9rem')
    .style('color', PALETTE.ink)
    .text(spec.title);
  const holder = fig.append('div').style('height', `${HEIGHT}px`).node() as HTMLElement;
  fig
    .append('p')
    .style('margin', '2px 0 0')
    .style('font-size', '0.85rem')
    .style('color', PALETTE.muted)
    .text(spec.explain);
  const svg = appendChartSvg(holder, `${spec.title} against the pruning rate`, false);
  const plot: G = svg.append('g');
  const grid: G = plot.append('g');
  const yAxis: G = plot.append('g');
  const xAxis: G = plot.append('g');
  const markers: G = plot.append('g');
  const path = appendCurve(plot, spec.color, 2.5);
  const dots: G = plot.append('g');
  const readout = plot
    .append('text')
    .attr('font-size', TICK_FONT)
    .attr('font-weight', 600)
    .attr('fill', PALETTE.ink);

  function render(data: TheoryChartData): void {
    const width = Math.max(240, holder.clientWidth);
    sizeSvg(svg, null, width, HEIGHT);
    const innerW = width - MARGIN.left - MARGIN.right;
    const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
    plot.attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    const x = pruneAxisScale(data.axisMax, innerW);
    const X = (p: number) => x(pruneToAxis(p));
    const values = data.curve.map(spec.value).filter((v) => Number.isFinite(v));
    let y;
    let ticks: number[];
    if (spec.scale === 'log') {
      const pos = values.filter((v) => v > 0);
      const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...pos))));
      const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...pos) * 1.0001)));
      y = scaleLog().domain([lo, hi]).range([innerH, 0]).clamp(true);
      ticks = [];
      for (let v = lo; v <= hi * 1.0001; v *= 10) ticks.push(v);
    } else {
      const domain = spec.domain ?? [0, Math.max(1, ...values)];
      y = scaleLinear().domain(domain).range([innerH, 0]).nice(4);
      ticks = y.ticks(4);
    }
    drawAxis(
      yAxis,
      axisLeft(y)
        .tickValues(ticks)
        .tickFormat((v) => formatTick(Number(v))),
      TICK_FONT,
    );
    drawHorizontalGrid(grid, ticks, y, innerW);
    drawPruneAxis(xAxis, data.axisMax, innerW, innerH);
    path.attr(
      'd',
      line<TheoryPoint>()
        .defined(
          (t) => Number.isFinite(spec.value(t)) && (spec.scale === 'linear' || spec.value(t) > 0),
        )
        .x((t) => X(t.prune))
        .y((t) => y(spec.value(t)))(data.curve),
    );
    dots
      .selectAll('circle')
      .data(data.grid)
      .join('circle')
      .attr('cx', (t) => X(t.prune))
      .attr('cy', (t) => y(spec.value(t)))
      .attr('r', 2.5)
      .attr('fill', spec.color);

    const marks = [
      {
        id: 'current',
        prune: Math.min(data.current, data.axisMax),
        color: PALETTE.ink,
        dash: null,
      },
      ...(data.best === null
        ? []
        : [{ id: 'best', prune: data.best, color: PALETTE.green, dash: '6 3' }]),
      ...(data.breakdown === null
        ? []
        : [{ id: 'breakdown', prune: data.breakdown, color: PALETTE.purple, dash: '6 3' }]),
    ];
    markers
      .selectAll('line')
      .data(marks)
      .join('line')
      .attr('x1', (m) => X(m.prune))
      .attr('x2', (m) => X(m.prune))
      .attr('y1', 0)
      .attr('y2', innerH)
      .attr('stroke', (m) => m.color)
      .attr('stroke-width', (m) => (m.id === 'current' ? 1.75 : 1.25))
      .attr('stroke-dasharray', (m) => m.dash);

    // The value at the slider, so the reader need not interpolate a log axis.
    const at = spec.value(data.atCurrent);
    const cx = X(Math.min(data.current, data.axisMax));
    readout
      .attr('x', cx > innerW / 2 ? cx - 6 : cx + 6)
      .attr('y', 12)
      .attr('text-anchor', cx > innerW / 2 ? 'end' : 'start')
      .text(Number.isFinite(at) ? `${formatTick(at)} at ρ = ${formatRate(data.current)}` : '');
  }

  return { spec, svg, holder, render };
}

function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) {
    const e = Math.floor(Math.log10(a) + 1e-9);
    const mantissa = Number((v / Math.pow(10, e)).toPrecision(2));
    return `${mantissa}e${e}`;
  }
  return String(Number(v.toPrecision(2)));
}
