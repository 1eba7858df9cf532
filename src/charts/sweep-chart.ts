/**
 * The sweep chart: test accuracy against the pruning rate (mean over seeds
 * with a min..max band), training accuracy, and in a small panel below the
 * steps each rate needed. Marks the slider's rate and the threshold rule's
 * best and breakdown rates; a click picks the nearest grid rate.
 *
 * The x axis is -log10(1 - prune) (shared with the theory chart), so the
 * top end of the grid, where the threshold lives, gets most of the width.
 * Styles are attributes so an exported SVG looks like the screen.
 */
import { area, axisBottom, axisLeft, line, pointer, scaleLinear, select, type Selection } from 'd3';
import {
  CHANCE,
  axisToPrune,
  nearestPrune,
  pruneToAxis,
  type RatePoint,
  type Threshold,
} from '../model/sweep';
import type { Chart } from './lineChart';
import { FONT_FAMILY, PALETTE } from './palette';

export interface SweepChartData {
  /** Every grid rate, finished or not (finished = 0 draws a pending tick). */
  points: RatePoint[];
  threshold: Threshold;
  /** The main slider's pruning rate. */
  current: number;
  maxSteps: number;
  /** Right end of the x axis (a pruning rate). */
  axisMax: number;
}

export interface SweepChartOptions {
  title: string;
  /** Called with the grid rate nearest to a click. */
  onPick: (prune: number) => void;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

const MARGIN = { top: 14, right: 20, bottom: 44, left: 58 };
const LEGEND_ROW = 20;
/** Room above the plot for two rows of marker labels. */
const MARKER_ROOM = 40;
const GAP = 26;
const TICK_FONT = 12;
const LEGEND_FONT = 13;
const TEST_DASH = '7 4';

/** Pruning rates labelled on the shared axis: even steps in log density. */
export const PRUNE_TICKS: readonly number[] = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999];

export function formatRate(p: number): string {
  const s = p.toFixed(3);
  return s.endsWith('0') ? p.toFixed(2) : s;
}

/** The x scale every chart on this axis uses. */
export function pruneAxisScale(axisMax: number, width: number) {
  return scaleLinear()
    .domain([0, pruneToAxis(axisMax)])
    .range([0, width]);
}

/** Bottom axis with pruning-rate labels at their -log10(1 - prune) positions. */
export function drawPruneAxis(g: G, axisMax: number, width: number, height: number): void {
  const x = pruneAxisScale(axisMax, width);
  const ticks = PRUNE_TICKS.filter((p) => p <= axisMax + 1e-9).map(pruneToAxis);
  g.attr('transform', `translate(0,${height})`).call(
    axisBottom(x)
      .tickValues(ticks)
      .tickFormat((v) => formatRate(axisToPrune(Number(v))))
      .tickSizeOuter(0),
  );
  styleAxis(g);
}

export function styleAxis(axis: G): void {
  axis.attr('font-size', TICK_FONT).attr('font-family', null);
  axis.selectAll('path, line').attr('stroke', PALETTE.muted);
  axis.selectAll('text').attr('fill', PALETTE.ink);
}

interface Marker {
  id: string;
  prune: number;
  label: string;
  color: string;
  dash: string | null;
}

export function createSweepChart(
  root: HTMLElement,
  options: SweepChartOptions,
): Chart<SweepChartData> {
  const svg = select(root)
    .append('svg')
    .attr('role', 'img')
    .attr('aria-label', options.title)
    .attr('font-family', FONT_FAMILY)
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .style('display', 'block')
    .style('width', '100%')
    .style('height', '100%')
    .style('cursor', 'crosshair');
  const background = svg.append('rect').attr('fill', PALETTE.paper);
  const legend: G = svg.append('g');
  const plot: G = svg.append('g');
  const accGrid: G = plot.append('g');
  const accAxis: G = plot.append('g');
  const stepsG: G = plot.append('g');
  const stepsGrid: G = stepsG.append('g');
  const stepsAxis: G = stepsG.append('g');
  const xAxis: G = plot.append('g');
  const chance: G = plot.append('g');
  const band = plot.append('path').attr('fill', PALETTE.vermillion).attr('fill-opacity', 0.16);
  const trainLine = plot
    .append('path')
    .attr('fill', 'none')
    .attr('stroke', PALETTE.blue)
    .attr('stroke-width', 2.25);
  const testLine = plot
    .append('path')
    .attr('fill', 'none')
    .attr('stroke', PALETTE.vermillion)
    .attr('stroke-width', 2.75)
    .attr('stroke-dasharray', TEST_DASH);
  const dots: G = plot.append('g');
  const stepsLine = stepsG
    .append('path')
    .attr('fill', 'none')
    .attr('stroke', PALETTE.green)
    .attr('stroke-width', 2);
  const stepsDots: G = stepsG.append('g');
  const maxStepsRule: G = stepsG.append('g');
  const pending: G = plot.append('g');
  const markers: G = plot.append('g');
  const hover = plot
    .append('line')
    .attr('stroke', PALETTE.muted)
    .attr('stroke-dasharray', '1 3')
    .attr('visibility', 'hidden');
  const overlay = plot.append('rect').attr('fill', 'transparent');
  const accTitle = plot
    .append('text')
    .attr('fill', PALETTE.muted)
    .attr('font-size', TICK_FONT)
    .attr('text-anchor', 'middle')
    .text('accuracy');
  const stepsTitle = stepsG
    .append('text')
    .attr('fill', PALETTE.muted)
    .attr('font-size', TICK_FONT)
    .attr('text-anchor', 'middle')
    .text('steps');
  const xTitle = plot
    .append('text')
    .attr('fill', PALETTE.muted)
    .attr('font-size', TICK_FONT)
    .attr('text-anchor', 'end')
    .text('pruning rate ρ (log density axis)');

  let last: SweepChartData | null = null;
  let innerW = 0;

  overlay.on('click', (event: MouseEvent) => {
    if (!last) return;
    const [px] = pointer(event, overlay.node());
    const x = pruneAxisScale(last.axisMax, innerW);
    const picked = nearestPrune(
      last.points.map((p) => p.prune),
      axisToPrune(Math.max(0, x.invert(px))),
    );
    if (picked !== null) options.onPick(picked);
  });
  overlay.on('mousemove', (event: MouseEvent) => {
    if (!last) return;
    const [px] = pointer(event, overlay.node());
    const x = pruneAxisScale(last.axisMax, innerW);
    const picked = nearestPrune(
      last.points.map((p) => p.prune),
      axisToPrune(Math.max(0, x.invert(px))),
    );
    if (picked === null) return;
    hover
      .attr('visibility', 'visible')
      .attr('x1', x(pruneToAxis(picked)))
      .attr('x2', x(pruneToAxis(picked)));
  });
  overlay.on('mouseleave', () => hover.attr('visibility', 'hidden'));

  function draw(data: SweepChartData | null): void {
    if (!data) return;
    last = data;
    const width = Math.max(280, root.clientWidth);
    const height = Math.max(260, root.clientHeight);
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    background.attr('width', width).attr('height', height);
    innerW = width - MARGIN.left - MARGIN.right;
    const legendRows = drawLegend(legend, innerW);
    const top = MARGIN.top + legendRows * LEGEND_ROW + MARKER_ROOM;
    const innerH = height - top - MARGIN.bottom;
    const stepsH = Math.max(50, Math.round(innerH * 0.26));
    const accH = innerH - stepsH - GAP;
    plot.attr('transform', `translate(${MARGIN.left},${top})`);
    stepsG.attr('transform', `translate(0,${accH + GAP})`);

    const x = pruneAxisScale(data.axisMax, innerW);
    const X = (p: number) => x(pruneToAxis(p));
    const measured = data.points.filter((p) => p.finished > 0);
    root.dataset.points = String(measured.length);

    const lowest = Math.min(0.4, ...measured.map((p) => Math.min(p.minTestAcc, p.meanTrainAcc)));
    const y = scaleLinear()
      .domain([Math.floor(lowest * 10) / 10, 1])
      .range([accH, 0]);
    const yTicks = y.ticks(Math.max(2, Math.floor(accH / 40)));
    accAxis.call(
      axisLeft(y)
        .tickValues(yTicks)
        .tickFormat((v) => Number(v).toFixed(1))
        .tickSizeOuter(0),
    );
    styleAxis(accAxis);
    accGrid
      .selectAll('line')
      .data(yTicks)
      .join('line')
      .attr('x1', 0)
      .attr('x2', innerW)
      .attr('y1', (d) => y(d))
      .attr('y2', (d) => y(d))
      .attr('stroke', PALETTE.grid);
    accTitle.attr('transform', `translate(${-44},${accH / 2}) rotate(-90)`);

    chance
      .selectAll('line')
      .data([CHANCE])
      .join('line')
      .attr('x1', 0)
      .attr('x2', innerW)
      .attr('y1', (d) => y(d))
      .attr('y2', (d) => y(d))
      .attr('stroke', PALETTE.muted)
      .attr('stroke-dasharray', '2 4');
    chance
      .selectAll('text')
      .data([CHANCE])
      .join('text')
      .attr('x', innerW - 2)
      .attr('y', (d) => y(d) - 4)
      .attr('text-anchor', 'end')
      .attr('font-size', TICK_FONT)
      .attr('fill', PALETTE.muted)
      .text('chance');

    band.attr(
      'd',
      area<RatePoint>()
        .x((p) => X(p.prune))
        .y0((p) => y(p.minTestAcc))
        .y1((p) => y(p.maxTestAcc))(measured),
    );
    testLine.attr(
      'd',
      line<RatePoint>()
        .x((p) => X(p.prune))
        .y((p) => y(p.meanTestAcc))(measured),
    );
    trainLine.attr(
      'd',
      line<RatePoint>()
        .x((p) => X(p.prune))
        .y((p) => y(p.meanTrainAcc))(measured),
    );
    dots
      .selectAll<SVGCircleElement, RatePoint>('circle')
      .data(measured, (p) => String(p.prune))
      .join('circle')
      .attr('cx', (p) => X(p.prune))
      .attr('cy', (p) => y(p.meanTestAcc))
      .attr('r', 4)
      .attr('fill', PALETTE.vermillion)
      .attr('stroke', PALETTE.paper)
      .attr('stroke-width', 1.5)
      .attr('fill-opacity', (p) => (p.finished < p.total ? 0.45 : 1))
      .selectAll('title')
      .data((p) => [p])
      .join('title')
      .text(
        (p) =>
          `ρ = ${formatRate(p.prune)}: test ${p.meanTestAcc.toFixed(3)} ` +
          `(${p.minTestAcc.toFixed(3)}–${p.maxTestAcc.toFixed(3)}), train ${p.meanTrainAcc.toFixed(3)}, ` +
          `${Math.round(p.meanSteps)} steps, ${p.finished}/${p.total} seeds` +
          (p.diverged ? `, ${p.diverged} diverged` : ''),
      );

    // Steps panel: mean steps per rate against the maxSteps ceiling.
    const s = scaleLinear()
      .domain([0, Math.max(1, data.maxSteps)])
      .range([stepsH, 0]);
    const sTicks = [0, data.maxSteps];
    stepsAxis.call(
      axisLeft(s)
        .tickValues(sTicks)
        .tickFormat((v) => compact(Number(v)))
        .tickSizeOuter(0),
    );
    styleAxis(stepsAxis);
    stepsGrid
      .selectAll('line')
      .data(sTicks)
      .join('line')
      .attr('x1', 0)
      .attr('x2', innerW)
      .attr('y1', (d) => s(d))
      .attr('y2', (d) => s(d))
      .attr('stroke', PALETTE.grid);
    stepsTitle.attr('transform', `translate(${-44},${stepsH / 2}) rotate(-90)`);
    stepsLine.attr(
      'd',
      line<RatePoint>()
        .x((p) => X(p.prune))
        .y((p) => s(p.meanSteps))(measured),
    );
    stepsDots
      .selectAll<SVGRectElement, RatePoint>('rect')
      .data(measured, (p) => String(p.prune))
      .join('rect')
      .attr('x', (p) => X(p.prune) - 3.5)
      .attr('y', (p) => s(p.meanSteps) - 3.5)
      .attr('width', 7)
      .attr('height', 7)
      .attr('fill', (p) => (p.converged === p.finished ? PALETTE.green : PALETTE.paper))
      .attr('stroke', PALETTE.green)
      .attr('stroke-width', 1.5);
    maxStepsRule
      .selectAll('text')
      .data([data.maxSteps])
      .join('text')
      .attr('x', innerW - 2)
      .attr('y', s(data.maxSteps) + 13)
      .attr('text-anchor', 'end')
      .attr('font-size', TICK_FONT)
      .attr('fill', PALETTE.muted)
      .text('maxSteps');

    drawPruneAxis(xAxis, data.axisMax, innerW, innerH);
    xTitle.attr('x', innerW).attr('y', innerH + 36);

    // Grid rates still waiting for runs: small ticks above the axis.
    pending
      .selectAll('line')
      .data(data.points.filter((p) => p.finished + p.diverged < p.total))
      .join('line')
      .attr('x1', (p) => X(p.prune))
      .attr('x2', (p) => X(p.prune))
      .attr('y1', innerH - 8)
      .attr('y2', innerH)
      .attr('stroke', PALETTE.muted)
      .attr('stroke-width', 2);

    const marks: Marker[] = [
      {
        id: 'current',
        prune: Math.min(data.current, data.axisMax),
        label: `slider ${formatRate(data.current)}`,
        color: PALETTE.ink,
        dash: null,
      },
    ];
    const t = data.threshold;
    const q = t.provisional ? '?' : '';
    if (t.best !== null)
      marks.push({
        id: 'best',
        prune: t.best,
        label: `best ${formatRate(t.best)}${q}`,
        color: PALETTE.green,
        dash: '6 3',
      });
    if (t.breakdown !== null)
      marks.push({
        id: 'breakdown',
        prune: t.breakdown,
        label: `breakdown ${formatRate(t.breakdown)}${q}`,
        color: PALETTE.purple,
        dash: '6 3',
      });
    const labelRow = placeLabels(marks.map((m) => X(m.prune)));
    const mg = markers
      .selectAll<SVGGElement, Marker>('g')
      .data(marks, (m) => m.id)
      .join((enter) => {
        const g = enter.append('g');
        g.append('line');
        g.append('text').attr('font-size', TICK_FONT).attr('font-weight', 600);
        return g;
      });
    mg.attr('transform', (m) => `translate(${X(m.prune)},0)`);
    mg.select('line')
      .attr('y1', -4)
      .attr('y2', innerH)
      .attr('stroke', (m) => m.color)
      .attr('stroke-width', (m) => (m.id === 'current' ? 2 : 1.75))
      .attr('stroke-dasharray', (m) => m.dash);
    mg.select('text')
      .attr('y', (_m, i) => -8 - 14 * labelRow[i])
      .attr('text-anchor', (m) =>
        X(m.prune) > innerW - 60 ? 'end' : X(m.prune) < 40 ? 'start' : 'middle',
      )
      .attr('fill', (m) => m.color)
      .text((m) => m.label);

    overlay.attr('width', innerW).attr('height', innerH);
    hover.attr('y1', 0).attr('y2', innerH);
    legend.attr('transform', `translate(${MARGIN.left},${MARGIN.top + 8})`);
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

/** Labels closer than ~90 px go on a second row so they never overlap. */
function placeLabels(xs: number[]): number[] {
  const rows = xs.map(() => 0);
  xs.forEach((x, i) => {
    for (let j = 0; j < i; j++) if (Math.abs(xs[j] - x) < 90 && rows[j] === rows[i]) rows[i] += 1;
  });
  return rows;
}

function compact(v: number): string {
  return v >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(v);
}

/** Legend items flow left to right and wrap; returns the rows used. */
function drawLegend(legend: G, width: number): number {
  const items = [
    { label: 'test (mean; band: min–max over seeds)', color: PALETTE.vermillion, dash: TEST_DASH },
    { label: 'train (mean)', color: PALETTE.blue, dash: null },
    { label: 'steps (mean)', color: PALETTE.green, dash: null },
  ];
  let row = 0;
  let cursor = 0;
  const placed = items.map((d) => {
    const w = 30 + d.label.length * 7.2 + 16;
    if (cursor + w > width && cursor > 0) {
      row += 1;
      cursor = 0;
    }
    const at = { ...d, x: cursor, y: row * LEGEND_ROW };
    cursor += w;
    return at;
  });
  const g = legend
    .selectAll<SVGGElement, (typeof placed)[number]>('g')
    .data(placed, (d) => d.label)
    .join((enter) => {
      const e = enter.append('g');
      e.append('line').attr('x1', 0).attr('x2', 24).attr('stroke-width', 2.75);
      e.append('text').attr('x', 30).attr('dy', '0.35em').attr('font-size', LEGEND_FONT);
      return e;
    });
  g.attr('transform', (d) => `translate(${d.x},${d.y})`);
  g.select('line')
    .attr('stroke', (d) => d.color)
    .attr('stroke-dasharray', (d) => d.dash);
  g.select('text')
    .attr('fill', PALETTE.ink)
    .text((d) => d.label);
  return row + 1;
}
