/**
 * Turns run histories into what each chart draws. Everything a chart shows
 * is decided here, in pure functions, so the d3 modules stay dumb.
 */
import type { RunSnapshot } from '../engine/session';
import { formatPrune } from './pruneScale';
import type { RunHistory, RunPoint } from './runHistory';
import { PALETTE } from '../charts/palette';
import type { LineChartData, LineSeries, NeuronChartData, XY } from '../charts/types';

/** Log axes cannot show 0; a logistic loss this small is 0 for every purpose here. */
export const LOSS_FLOOR = 1e-6;

const TEST_DASH = '7 4';

function seriesOf(
  history: RunHistory,
  pick: (p: RunPoint) => number,
  transform: (y: number) => number = (y) => y,
): XY[] {
  const out: XY[] = [];
  for (const p of history.points) {
    const y = pick(p);
    // NaN/∞ (a diverged run) leave a gap instead of breaking the scale.
    if (Number.isFinite(y)) out.push({ x: p.step, y: transform(y) });
  }
  return out;
}

function baselineLabel(what: string): string {
  return `${what}, dense`;
}

function trainTestSeries(
  main: RunHistory,
  baseline: RunHistory | null,
  train: (p: RunPoint) => number,
  test: (p: RunPoint) => number,
  transform?: (y: number) => number,
): LineSeries[] {
  const series: LineSeries[] = [];
  if (baseline) {
    series.push(
      {
        id: 'baseline-train',
        label: baselineLabel('train'),
        color: PALETTE.blue,
        faint: true,
        points: seriesOf(baseline, train, transform),
      },
      {
        id: 'baseline-test',
        label: baselineLabel('test'),
        color: PALETTE.vermillion,
        dash: TEST_DASH,
        faint: true,
        points: seriesOf(baseline, test, transform),
      },
    );
  }
  const rho = `ρ = ${formatPrune(main.prune)}`;
  series.push(
    {
      id: 'train',
      label: `train, ${rho}`,
      color: PALETTE.blue,
      points: seriesOf(main, train, transform),
    },
    {
      id: 'test',
      label: `test, ${rho}`,
      color: PALETTE.vermillion,
      dash: TEST_DASH,
      points: seriesOf(main, test, transform),
    },
  );
  return series;
}

export function lossChartData(
  main: RunHistory,
  baseline: RunHistory | null,
  eps: number,
  maxSteps: number,
): LineChartData {
  const floor = (y: number) => Math.max(LOSS_FLOOR, y);
  return {
    series: trainTestSeries(
      main,
      baseline,
      (p) => p.trainLoss,
      (p) => p.testLoss,
      floor,
    ),
    rules: [{ y: Math.max(LOSS_FLOOR, eps), label: `eps = ${eps}` }],
    xMax: maxSteps,
  };
}

export function accuracyChartData(
  main: RunHistory,
  baseline: RunHistory | null,
  maxSteps: number,
): LineChartData {
  return {
    series: trainTestSeries(
      main,
      baseline,
      (p) => p.trainAcc,
      (p) => p.testAcc,
    ),
    rules: [{ y: 0.5, label: 'chance' }],
    xMax: maxSteps,
  };
}

/** Signal learning (alignment) against noise memorization, over time, for the pruned run. */
export function alignmentChartData(main: RunHistory, maxSteps: number): LineChartData {
  return {
    series: [
      {
        id: 'max-align-plus',
        label: 'max A, class +1',
        color: PALETTE.blue,
        points: seriesOf(main, (p) => p.maxAlignPlus),
      },
      {
        id: 'max-align-minus',
        label: 'max A, class −1',
        color: PALETTE.sky,
        dash: '2 3',
        points: seriesOf(main, (p) => p.maxAlignMinus),
      },
      {
        id: 'mean-signal-align',
        label: 'mean A, signal-seeing neurons',
        color: PALETTE.green,
        dash: '9 3 2 3',
        points: seriesOf(main, (p) => p.meanSignalAlignment),
      },
      {
        id: 'noise-memorization',
        label: 'noise memorization',
        color: PALETTE.vermillion,
        points: seriesOf(main, (p) => p.noiseMemorization),
      },
    ],
    xMax: maxSteps,
  };
}

/** Every neuron of the pruned run: alignment against noise memorization, by class. */
export function neuronChartData(run: RunSnapshot | null): NeuronChartData {
  if (!run) return { neurons: [] };
  const m = run.alignment.length / 2;
  const neurons = Array.from(run.alignment, (alignment, index) => ({
    index,
    cls: (index < m ? 1 : -1) as 1 | -1,
    alignment,
    noise: run.neuronNoise[index],
    seesSignal: run.structure.seesSignal[index] ?? false,
  }));
  return { neurons };
}

/** What a chart root reports in data-points: how many marks it currently draws. */
export function pointCount(data: LineChartData | NeuronChartData): number {
  if ('neurons' in data) return data.neurons.length;
  return data.series.reduce((sum, s) => sum + s.points.length, 0);
}
