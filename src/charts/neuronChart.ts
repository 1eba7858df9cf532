/**
 * Every neuron at once: its alignment with the signal (y) against how much
 * it memorizes noise (x), one panel per class. Neurons whose mask keeps a
 * signal coordinate are filled; the rest are hollow and can only memorize.
 * Above the dashed diagonal, a neuron has learned more signal than noise.
 */
import { axisBottom, axisLeft, scaleLinear, select } from 'd3';
import type { Chart } from './lineChart';
import { PALETTE } from './palette';
import {
  BASE_FONT,
  appendAxisTitle,
  appendChartSvg,
  chartHandle,
  drawAxis,
  placeYTitle,
  sizeScaledSvg,
  type G,
} from './parts';
import { axisKey, trackSize } from './size';
import type { NeuronChartData, NeuronPoint } from './types';

const MARGIN = { top: 16, right: 14, bottom: 44, left: 70 };
const LEGEND_ROW = 20;
/** Room above each panel for its class label. */
const PANEL_LABEL = 22;
const GAP = 18;
const TICK_FONT = '1em';
const GLYPH = 0.55;
const RADIUS = 5;

/** Values this negative mean "no training point of this class": not drawable. */
const USABLE = (v: number) => Number.isFinite(v) && v > -1e20;

export function createNeuronChart(root: HTMLElement, title: string): Chart<NeuronChartData> {
  const svg = appendChartSvg(root, title);
  const background = svg.append('rect').attr('fill', PALETTE.paper);
  const legend: G = svg.append('g');
  const panels = [1, -1].map((cls) => {
    const g: G = svg.append('g');
    return {
      cls,
      g,
      label: g
        .append('text')
        .attr('font-size', '1.08em')
        .attr('font-weight', 600)
        .attr('fill', PALETTE.ink)
        .attr('y', -8)
        .text(cls === 1 ? 'class +1' : 'class −1'),
      xAxis: g.append('g') as G,
      yAxis: g.append('g') as G,
      diagonal: g
        .append('line')
        .attr('stroke', PALETTE.muted)
        .attr('stroke-dasharray', '4 4')
        .attr('stroke-width', 1),
      dots: g.append('g') as G,
      // Last drawn axis states: an unchanged axis is left as it is.
      xKey: '',
      yKey: '',
    };
  });
  const xTitle = appendAxisTitle(svg, 'noise memorization  max⟨w̃, ξᵢ⟩', 'middle', TICK_FONT);
  const yTitle = appendAxisTitle(svg, 'signal alignment A', 'middle', TICK_FONT);

  let last: NeuronChartData = { neurons: [] };

  function draw(data: NeuronChartData): void {
    last = data;
    const size = tracker.current();
    const k = size.k;
    const { width, height } = sizeScaledSvg(svg, background, size, 260, 200);

    const usable = data.neurons.filter((n) => USABLE(n.noise) && USABLE(n.alignment));
    const xs = usable.map((n) => n.noise);
    const ys = usable.map((n) => n.alignment);
    const x0 = scaleLinear().domain(padded(xs)).nice();
    const y0 = scaleLinear().domain(padded(ys)).nice();
    const marginLeft = MARGIN.left * k;
    const panelW = (width - marginLeft - MARGIN.right - GAP) / 2;
    const seeing = usable.filter((n) => n.seesSignal).length;
    const rows = drawLegend(legend, seeing, usable.length - seeing, width, k);
    const top = MARGIN.top + (rows * LEGEND_ROW + PANEL_LABEL) * k;
    const innerH = Math.max(60, height - top - MARGIN.bottom * k);

    for (const [i, panel] of panels.entries()) {
      const left = marginLeft + i * (panelW + GAP);
      panel.g.attr('transform', `translate(${left},${top})`);
      const x = x0.copy().range([0, panelW]);
      const y = y0.copy().range([innerH, 0]);
      panel.xAxis.attr('transform', `translate(0,${innerH})`);
      const xTicks = Math.max(2, Math.floor(panelW / (70 * k)));
      const xKey = axisKey(x.domain(), x.range(), xTicks, k);
      if (xKey !== panel.xKey) {
        panel.xKey = xKey;
        drawAxis(panel.xAxis, axisBottom(x).ticks(xTicks, '~g'), TICK_FONT);
      }
      const yTicks = Math.max(2, Math.floor(innerH / (45 * k)));
      const yKey = axisKey(y.domain(), y.range(), yTicks, k);
      if (yKey !== panel.yKey) {
        panel.yKey = yKey;
        const yAxis = axisLeft(y).ticks(yTicks, '.2~g');
        // The right panel shares the left one's y axis: marks, no labels.
        if (i > 0) yAxis.tickFormat(() => '');
        drawAxis(panel.yAxis, yAxis, TICK_FONT);
      }
      // The line A = noise, clipped to the panel.
      const lo = Math.max(x.domain()[0], y.domain()[0]);
      const hi = Math.min(x.domain()[1], y.domain()[1]);
      panel.diagonal
        .attr('x1', x(lo))
        .attr('y1', y(lo))
        .attr('x2', x(hi))
        .attr('y2', y(hi))
        .attr('visibility', hi > lo ? 'visible' : 'hidden');
      const mine = usable
        .filter((n) => n.cls === panel.cls)
        // Signal-seeing neurons on top: they are the ones to look at.
        .sort((a, b) => Number(a.seesSignal) - Number(b.seesSignal));
      panel.dots
        .selectAll<SVGCircleElement, NeuronPoint>('circle')
        .data(mine, (n) => n.index)
        .join((enter) => enter.append('circle').attr('r', RADIUS))
        .each(function (n) {
          // Only a new run changes which neurons see the signal: restyle a dot only then.
          const look = n.seesSignal ? 'sees' : 'blind';
          if (this.dataset.look === look) return;
          this.dataset.look = look;
          select(this)
            .attr('fill', n.seesSignal ? PALETTE.green : PALETTE.paper)
            .attr('fill-opacity', n.seesSignal ? 0.9 : 1)
            .attr('stroke', n.seesSignal ? PALETTE.ink : PALETTE.muted)
            .attr('stroke-width', n.seesSignal ? 1.2 : 1.4);
        })
        .attr('cx', (n) => x(n.noise))
        .attr('cy', (n) => y(n.alignment));
    }
    xTitle.attr('x', marginLeft + (width - marginLeft - MARGIN.right) / 2).attr('y', height - 8);
    placeYTitle(yTitle, 12, top + innerH / 2);
  }

  const tracker = trackSize(root, () => draw(last));
  return chartHandle(draw, svg, tracker);
}

/** Data extent including 0, with room for a dot's radius at both ends. */
function padded(values: number[]): [number, number] {
  const lo = Math.min(0, ...values);
  const hi = Math.max(1e-3, ...values);
  const pad = (hi - lo) * 0.06;
  return [lo < 0 ? lo - pad : 0, hi + pad];
}

/** Legend items flow left to right, wrapping; returns the number of rows used. */
function drawLegend(legend: G, seeing: number, blind: number, width: number, k: number): number {
  const items = [
    { key: 'sees', text: `sees the signal (${seeing})`, fill: PALETTE.green, stroke: PALETTE.ink },
    {
      key: 'blind',
      text: `cannot see it (${blind})`,
      fill: PALETTE.paper,
      stroke: PALETTE.muted,
    },
    { key: 'diag', text: 'A = noise', fill: 'none', stroke: PALETTE.muted },
  ];
  const start = 12;
  let row = 0;
  let cursor = start;
  const placed = items.map((it) => {
    const w = 22 + it.text.length * GLYPH * BASE_FONT * 1.08 * k + 14;
    if (cursor + w > width - 4 && cursor > start) {
      row += 1;
      cursor = start;
    }
    const at = { ...it, x: cursor, y: MARGIN.top + row * LEGEND_ROW * k };
    cursor += w;
    return at;
  });
  const g = legend
    .selectAll<SVGGElement, (typeof placed)[number]>('g')
    .data(placed, (d) => d.key)
    .join((enter) => {
      const e = enter.append('g');
      e.append('text')
        .attr('x', 18)
        .attr('dy', '0.35em')
        .attr('font-size', '1.08em')
        .attr('fill', PALETTE.ink);
      return e;
    });
  g.attr('transform', (d) => `translate(${d.x},${d.y})`);
  g.select('text').text((d) => d.text);
  // Marks never change, so they are added once, when their item enters.
  g.filter(function () {
    return this.querySelector('.mark') === null;
  }).each(function (d) {
    const item = select(this);
    if (d.key === 'diag') {
      item
        .insert('line', 'text')
        .attr('class', 'mark')
        .attr('x1', 0)
        .attr('x2', 12)
        .attr('stroke', d.stroke)
        .attr('stroke-dasharray', '3 3');
    } else {
      item
        .insert('circle', 'text')
        .attr('class', 'mark')
        .attr('cx', 6)
        .attr('r', RADIUS)
        .attr('fill', d.fill)
        .attr('stroke', d.stroke)
        .attr('stroke-width', 1.3);
    }
  });
  return row + 1;
}
