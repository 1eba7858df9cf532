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
import { area, axisBottom, axisLeft, line, pointer, scaleLinear } from 'd3';
import {
  CHANCE,
  axisToPrune,
  nearestPrune,
  pruneToAxis,
  type RatePoint,
  type Threshold,
} from '../model/sweep';
import type { Chart } from './lineChart';
import { PALETTE } from './palette';
import {
  appendAxisTitle,
  appendChartSvg,
  chartHandle,
  drawAxis,
  drawHorizontalGrid,
  placeYTitle,
  redrawOnResize,
  appendCurve,
  sizeSvg,
  type G,
} from './parts';

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
  g.attr('transform', `translate(0,${height})`);
  drawAxis(
    g,
    axisBottom(x)
      .tickValues(ticks)
      .tickFormat((v) => formatRate(axisToPrune(Number(v)))),
    TICK_FONT,
  );
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
  // A group, not an image: an image's content is presentational, and the plot holds a control.
  const svg = appendChartSvg(root, options.title)
    .attr('role', 'group')
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
  const trainLine = appendCurve(plot, PALETTE.blue, 2.25);
  const testLine = appendCurve(plot, PALETTE.vermillion, 2.75).attr('stroke-dasharray', TEST_DASH);
  const dots: G = plot.append('g');
  const stepsLine = appendCurve(stepsG, PALETTE.green, 2);
  const stepsDots: G = stepsG.append('g');
  const maxStepsRule: G = stepsG.append('g');
  const pending: G = plot.append('g');
  const markers: G = plot.append('g');
  const hover = plot
    .append('line')
    .attr('stroke', PALETTE.muted)
    .attr('stroke-dasharray', '1 3')
    .attr('visibility', 'hidden');
  // The focus outline marks the plot; this marks which rate Enter would pick.
  // The same blue as the page's focus ring, so it reads as keyboard focus.
  const cursor = plot
    .append('rect')
    .attr('fill', 'none')
    .attr('stroke', PALETTE.blue)
    .attr('stroke-width', 2)
    .attr('rx', 3)
    .attr('pointer-events', 'none')
    .attr('visibility', 'hidden');
  // Keyboard users pick a rate as a click does: the plot area is one slider
  // whose arrow keys move a highlighted grid rate and Enter or Space applies it.
  const overlay = plot
    .append('rect')
    .attr('fill', 'transparent')
    .attr('tabindex', 0)
    .attr('role', 'slider')
    .attr('aria-label', 'Grid rate: arrow keys choose, Enter moves the slider to it');
  const accTitle = appendAxisTitle(plot, 'accuracy', 'middle', TICK_FONT);
  const stepsTitle = appendAxisTitle(stepsG, 'steps', 'middle', TICK_FONT);
  const xTitle = appendAxisTitle(plot, 'pruning rate ρ (log density axis)', 'end', TICK_FONT);

  let last: SweepChartData | null = null;
  let innerW = 0;
  let innerH = 0;
  /** The grid rate the keyboard highlights; each focus starts it at the slider's rate. */
  let active: number | null = null;
  let focused = false;

  const xScale = () => pruneAxisScale(last?.axisMax ?? 1, innerW);
  const gridRates = () => (last?.points ?? []).map((p) => p.prune).sort((a, b) => a - b);

  /** The grid rate nearest to a pointer event on the plot. */
  function rateAt(event: MouseEvent): number | null {
    const [px] = pointer(event, overlay.node());
    return nearestPrune(gridRates(), axisToPrune(Math.max(0, xScale().invert(px))));
  }

  /** Shows the keyboard's highlight and tells assistive technology which rate it is on. */
  function showActive(): void {
    const rates = gridRates();
    if (active === null || !rates.includes(active))
      active = nearestPrune(rates, last?.current ?? 0);
    const point = last?.points.find((p) => p.prune === active);
    if (active === null || !point) {
      cursor.attr('visibility', 'hidden');
      // A slider must always have a value, even before there is a grid to choose from.
      overlay.attr('aria-valuenow', last?.current ?? 0).attr('aria-valuetext', 'no grid rates yet');
      return;
    }
    const cx = xScale()(pruneToAxis(active));
    cursor
      .attr('visibility', focused ? 'visible' : 'hidden')
      .attr('x', cx - 9)
      .attr('y', -2)
      .attr('width', 18)
      .attr('height', innerH + 4);
    overlay
      .attr('aria-valuemin', rates[0])
      .attr('aria-valuemax', rates[rates.length - 1])
      .attr('aria-valuenow', active)
      .attr('aria-valuetext', describeRate(point));
  }

  overlay.on('click', (event: MouseEvent) => {
    const picked = rateAt(event);
    if (picked === null) return;
    active = picked;
    showActive();
    options.onPick(picked);
  });
  overlay.on('mousemove', (event: MouseEvent) => {
    const picked = rateAt(event);
    if (picked === null) return;
    const px = xScale()(pruneToAxis(picked));
    hover.attr('visibility', 'visible').attr('x1', px).attr('x2', px);
  });
  overlay.on('mouseleave', () => hover.attr('visibility', 'hidden'));
  overlay.on('focus blur', (event: FocusEvent) => {
    // A click focuses the plot too; only keyboard focus shows the highlight.
    focused = event.type === 'focus' && overlay.node()?.matches(':focus-visible') === true;
    active = null;
    showActive();
  });
  overlay.on('keydown', (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey || active === null) return;
    focused = true;
    if (event.key === 'Enter' || event.key === ' ') {
      options.onPick(active);
    } else {
      const next = rateAfterKey(gridRates(), active, event.key);
      if (next === null) return;
      active = next;
      showActive();
    }
    // Handled here: the page must neither scroll nor take Space as play/pause.
    event.preventDefault();
  });
  showActive();

  function draw(data: SweepChartData | null): void {
    if (!data) return;
    last = data;
    const width = Math.max(280, root.clientWidth);
    const height = Math.max(260, root.clientHeight);
    sizeSvg(svg, background, width, height);
    innerW = width - MARGIN.left - MARGIN.right;
    const legendRows = drawLegend(legend, innerW);
    const top = MARGIN.top + legendRows * LEGEND_ROW + MARKER_ROOM;
    innerH = height - top - MARGIN.bottom;
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
    drawAxis(
      accAxis,
      axisLeft(y)
        .tickValues(yTicks)
        .tickFormat((v) => Number(v).toFixed(1)),
      TICK_FONT,
    );
    drawHorizontalGrid(accGrid, yTicks, y, innerW);
    placeYTitle(accTitle, -44, accH / 2);

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
    const curve = (value: (p: RatePoint) => number) =>
      line<RatePoint>()
        .x((p) => X(p.prune))
        .y(value)(measured);
    testLine.attr(
      'd',
      curve((p) => y(p.meanTestAcc)),
    );
    trainLine.attr(
      'd',
      curve((p) => y(p.meanTrainAcc)),
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
      .text(describeRate);

    // Steps panel: mean steps per rate against the maxSteps ceiling.
    const s = scaleLinear()
      .domain([0, Math.max(1, data.maxSteps)])
      .range([stepsH, 0]);
    const sTicks = [0, data.maxSteps];
    drawAxis(
      stepsAxis,
      axisLeft(s)
        .tickValues(sTicks)
        .tickFormat((v) => compact(Number(v))),
      TICK_FONT,
    );
    drawHorizontalGrid(stepsGrid, sTicks, s, innerW);
    placeYTitle(stepsTitle, -44, stepsH / 2);
    stepsLine.attr(
      'd',
      curve((p) => s(p.meanSteps)),
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
    showActive();
    legend.attr('transform', `translate(${MARGIN.left},${MARGIN.top + 8})`);
  }

  return chartHandle(
    draw,
    svg,
    redrawOnResize(root, () => draw(last)),
  );
}

/** One rate's results in words: the dot's tooltip and the keyboard slider's value text. */
function describeRate(p: RatePoint): string {
  if (p.finished === 0) return `ρ = ${formatRate(p.prune)}: not run yet`;
  return (
    `ρ = ${formatRate(p.prune)}: test ${p.meanTestAcc.toFixed(3)} ` +
    `(${p.minTestAcc.toFixed(3)}–${p.maxTestAcc.toFixed(3)}), train ${p.meanTrainAcc.toFixed(3)}, ` +
    `${Math.round(p.meanSteps)} steps, ${p.finished}/${p.total} seeds` +
    (p.diverged ? `, ${p.diverged} diverged` : '')
  );
}

/**
 * The grid rate a key moves the highlight to (rates ascending), or null for
 * a key that does not move it. Up/Down move as Right/Left, as on any slider.
 */
export function rateAfterKey(rates: readonly number[], active: number, key: string): number | null {
  const i = rates.indexOf(active);
  if (i < 0 || rates.length === 0) return null;
  const last = rates.length - 1;
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return rates[Math.max(0, i - 1)];
    case 'ArrowRight':
    case 'ArrowUp':
      return rates[Math.min(last, i + 1)];
    case 'Home':
      return rates[0];
    case 'End':
      return rates[last];
    default:
      return null;
  }
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
