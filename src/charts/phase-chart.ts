/**
 * The phase diagram: mean test accuracy as a heatmap over pruning rate
 * (columns, the sweep's grid) and one second parameter (rows). Colour is
 * cividis, which reads the same for every common colour-vision deficiency
 * and in greyscale, from chance (0.5) to perfect (1). Each row marks its
 * best rate and its breakdown rate by the sweep's threshold rule.
 */
import { axisBottom, axisLeft, interpolateCividis, scaleBand, scaleLinear } from 'd3';
import { CHANCE, type PhaseCell, type PhaseRow } from '../model/sweep';
import type { Chart } from './lineChart';
import { PALETTE } from './palette';
import {
  appendAxisTitle,
  appendChartSvg,
  chartHandle,
  drawAxis,
  placeYTitle,
  redrawOnResize,
  sizeSvg,
  type G,
} from './parts';
import { formatRate } from './sweep-chart';

export interface PhaseChartData {
  /** Label of the row parameter, e.g. "signal strength mu". */
  paramLabel: string;
  prunes: number[];
  /** Rows in increasing value; drawn bottom (small) to top (large). */
  rows: PhaseRow[];
  formatValue: (v: number) => string;
}

const MARGIN = { top: 12, right: 16, bottom: 92, left: 76 };
const TICK_FONT = 12;
const MISSING = '#eef0f4';

/** Accuracy → colour; below chance is clamped to the chance colour. */
export function accuracyColor(acc: number): string {
  const t = Math.min(1, Math.max(0, (acc - CHANCE) / (1 - CHANCE)));
  return interpolateCividis(t);
}

/** Dark text on the light end of cividis, white on the dark end. */
function textColor(acc: number): string {
  return (acc - CHANCE) / (1 - CHANCE) > 0.55 ? PALETTE.ink : '#ffffff';
}

export function createPhaseChart(root: HTMLElement, title: string): Chart<PhaseChartData> {
  const svg = appendChartSvg(root, title);
  const defs = svg.append('defs');
  const gradientId = `phase-gradient-${Math.random().toString(36).slice(2, 8)}`;
  const gradient = defs.append('linearGradient').attr('id', gradientId);
  for (let i = 0; i <= 10; i++) {
    gradient
      .append('stop')
      .attr('offset', `${i * 10}%`)
      .attr('stop-color', interpolateCividis(i / 10));
  }
  const background = svg.append('rect').attr('fill', PALETTE.paper);
  const plot: G = svg.append('g');
  const cells: G = plot.append('g');
  const marks: G = plot.append('g');
  const xAxis: G = plot.append('g');
  const yAxis: G = plot.append('g');
  const xTitle = appendAxisTitle(plot, 'pruning rate ρ', 'middle', TICK_FONT);
  const yTitle = appendAxisTitle(plot, null, 'middle', TICK_FONT);
  const legend: G = svg.append('g');

  let last: PhaseChartData | null = null;

  function draw(data: PhaseChartData | null): void {
    if (!data) return;
    last = data;
    const width = Math.max(300, root.clientWidth);
    const height = Math.max(220, root.clientHeight);
    sizeSvg(svg, background, width, height);
    const innerW = width - MARGIN.left - MARGIN.right;
    // Narrow screens: the legend's keys go under its colour bar instead of beside it.
    const narrow = innerW < 560;
    const innerH = height - MARGIN.top - MARGIN.bottom - (narrow ? 72 : 0);
    plot.attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);

    const x = scaleBand<number>().domain(data.prunes).range([0, innerW]).padding(0.04);
    const values = data.rows.map((r) => r.value);
    const y = scaleBand<number>().domain(values).range([innerH, 0]).padding(0.06);
    const flat = data.rows.flatMap((r) => r.cells);
    const filled = flat.filter((c) => c.finished > 0);
    root.dataset.points = String(filled.length);

    const showText = x.bandwidth() >= 30 && y.bandwidth() >= 18;
    const cell = cells
      .selectAll<SVGGElement, PhaseCell>('g')
      .data(flat, (c) => `${c.value}|${c.prune}`)
      .join((enter) => {
        const g = enter.append('g');
        g.append('rect').attr('class', 'cell');
        g.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em').attr('font-size', 11);
        g.append('title');
        return g;
      });
    cell.attr('transform', (c) => `translate(${x(c.prune) ?? 0},${y(c.value) ?? 0})`);
    cell
      .select('rect')
      .attr('width', x.bandwidth())
      .attr('height', y.bandwidth())
      .attr('rx', 2)
      .attr('fill', (c) => (c.finished > 0 ? accuracyColor(c.meanTestAcc) : MISSING))
      .attr('fill-opacity', (c) => (c.finished > 0 && c.finished < c.total ? 0.7 : 1));
    cell
      .select('text')
      .attr('x', x.bandwidth() / 2)
      .attr('y', y.bandwidth() / 2)
      .attr('fill', (c) => (c.finished > 0 ? textColor(c.meanTestAcc) : PALETTE.muted))
      .text((c) =>
        !showText ? '' : c.finished > 0 ? c.meanTestAcc.toFixed(2).replace(/^0/, '') : '·',
      );
    cell
      .select('title')
      .text((c) =>
        c.finished > 0
          ? `${data.paramLabel} = ${data.formatValue(c.value)}, ρ = ${formatRate(c.prune)}: ` +
            `test ${c.meanTestAcc.toFixed(3)}, train ${c.meanTrainAcc.toFixed(3)} (${c.finished}/${c.total} seeds)`
          : `${data.paramLabel} = ${data.formatValue(c.value)}, ρ = ${formatRate(c.prune)}: not run yet`,
      );

    // Row markers: a thick outline on the best rate, a dashed one on the breakdown rate.
    const rowMarks = data.rows.flatMap((r) => [
      ...(r.threshold.best === null
        ? []
        : [{ kind: 'best', value: r.value, prune: r.threshold.best }]),
      ...(r.threshold.breakdown === null
        ? []
        : [{ kind: 'breakdown', value: r.value, prune: r.threshold.breakdown }]),
    ]);
    marks
      .selectAll('rect')
      .data(rowMarks)
      .join('rect')
      .attr('x', (m) => (x(m.prune) ?? 0) + 1.5)
      .attr('y', (m) => (y(m.value) ?? 0) + 1.5)
      .attr('width', Math.max(0, x.bandwidth() - 3))
      .attr('height', Math.max(0, y.bandwidth() - 3))
      .attr('fill', 'none')
      .attr('stroke', (m) => (m.kind === 'best' ? PALETTE.green : PALETTE.purple))
      .attr('stroke-width', 3)
      .attr('stroke-dasharray', (m) => (m.kind === 'best' ? null : '4 3'));

    const every = Math.ceil((data.prunes.length * 34) / Math.max(1, innerW));
    xAxis.attr('transform', `translate(0,${innerH})`);
    drawAxis(
      xAxis,
      axisBottom(x)
        .tickValues(data.prunes.filter((_, i) => i % every === 0))
        .tickFormat((p) => formatRate(p)),
      TICK_FONT,
    );
    drawAxis(
      yAxis,
      axisLeft(y).tickFormat((v) => data.formatValue(v)),
      TICK_FONT,
    );
    xTitle.attr('x', innerW / 2).attr('y', innerH + 34);
    placeYTitle(yTitle.text(data.paramLabel), -62, innerH / 2);

    drawLegend(innerW, innerH, narrow);
  }

  function drawLegend(innerW: number, innerH: number, narrow: boolean): void {
    const w = Math.min(240, narrow ? innerW : innerW * 0.45);
    legend.attr('transform', `translate(${MARGIN.left},${MARGIN.top + innerH + 58})`);
    const s = scaleLinear().domain([CHANCE, 1]).range([0, w]);
    legend
      .selectAll('rect.bar')
      .data([0])
      .join('rect')
      .attr('class', 'bar')
      .attr('width', w)
      .attr('height', 12)
      .attr('fill', `url(#${gradientId})`);
    let axis = legend.select<SVGGElement>('g.axis');
    if (axis.empty()) axis = legend.append('g').attr('class', 'axis');
    axis.attr('transform', 'translate(0,12)');
    drawAxis(
      axis,
      axisBottom(s)
        .tickValues(w < 200 ? [0.5, 0.75, 1] : [0.5, 0.6, 0.7, 0.8, 0.9, 1])
        .tickFormat((v) => Number(v).toFixed(1)),
      TICK_FONT,
    );
    legend
      .selectAll('text.caption')
      .data([0])
      .join('text')
      .attr('class', 'caption')
      .attr('y', -4)
      .attr('font-size', TICK_FONT)
      .attr('fill', PALETTE.muted)
      .text('mean test accuracy (0.5: chance)');
    const keys = [
      { label: 'best rate of the row', stroke: PALETTE.green, dash: null },
      { label: 'breakdown rate', stroke: PALETTE.purple, dash: '4 3' },
      { label: 'not run yet', stroke: null, dash: null },
    ];
    const left = w + 36;
    const k = legend
      .selectAll<SVGGElement, (typeof keys)[number]>('g.key')
      .data(keys)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'key');
        g.append('rect').attr('width', 16).attr('height', 12).attr('rx', 2);
        g.append('text')
          .attr('x', 22)
          .attr('y', 6)
          .attr('dy', '0.35em')
          .attr('font-size', TICK_FONT);
        return g;
      });
    k.attr('transform', (_d, i) =>
      narrow ? `translate(0,${40 + i * 18})` : `translate(${left + i * 150},0)`,
    );
    k.select('rect')
      .attr('fill', (d) => (d.stroke ? PALETTE.paper : MISSING))
      .attr('stroke', (d) => d.stroke ?? PALETTE.grid)
      .attr('stroke-width', (d) => (d.stroke ? 2.5 : 1))
      .attr('stroke-dasharray', (d) => d.dash);
    k.select('text')
      .attr('fill', PALETTE.ink)
      .text((d) => d.label);
  }

  return chartHandle(
    draw,
    svg,
    redrawOnResize(root, () => draw(last)),
  );
}
