import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunSnapshot, RunStatus } from '../../src/engine/session';
import { DEFAULT_PARAMS } from '../../src/model/params';
import {
  LOSS_FLOOR,
  accuracyChartData,
  alignmentChartData,
  lossChartData,
  neuronChartData,
  pointCount,
} from '../../src/app/chartData';
import { metricsCsv, metricsJson } from '../../src/app/exportData';
import { appendSnapshot, emptyHistory, type RunHistory } from '../../src/app/runHistory';
import { describeStatus } from '../../src/app/status';
import {
  initialTraining,
  livePrunes,
  trainingReducer,
  type Phase,
  type TrainingState,
} from '../../src/app/useTraining';

function run(steps: number, over: Partial<RunSnapshot> = {}, m = 2): RunSnapshot {
  const seesSignal = Array.from({ length: 2 * m }, (_, k) => k % 2 === 0);
  return {
    prune: 0.9,
    seed: 1,
    steps,
    status: 'running' as RunStatus,
    trainLoss: 0.7 / (1 + steps),
    trainAcc: 0.5 + steps / 1000,
    testLoss: 0.69,
    testAcc: 0.5,
    testSteps: steps,
    alignment: Float32Array.from({ length: 2 * m }, (_, k) => k * 0.1),
    neuronNoise: Float32Array.from({ length: 2 * m }, (_, k) => 1 - k * 0.1),
    noiseMemorization: 0.2,
    maxAlignment: [0.1, 0.3],
    meanSignalAlignment: 0.1,
    structure: {
      seesSignal,
      signalNeurons: [1, 1],
      survivingWeights: 10,
      totalWeights: 100,
      density: 0.1,
    },
    ...over,
  };
}

function history(stepsList: number[], over: Partial<RunSnapshot> = {}): RunHistory {
  return stepsList.reduce((h, s) => appendSnapshot(h, run(s, over)), emptyHistory(0.9, 1));
}

test('a run that stopped while its batch mate trains adds no duplicate points', () => {
  let h = history([0, 10, 20]);
  const frozen = run(20, { status: 'converged' });
  h = appendSnapshot(h, frozen);
  h = appendSnapshot(h, frozen);
  assert.deepEqual(
    h.points.map((p) => p.step),
    [0, 10, 20],
  );
});

test('histories thin themselves and always keep the newest point', () => {
  let h = emptyHistory(0.9, 1);
  for (let s = 0; s <= 5000; s += 1) h = appendSnapshot(h, run(s), 100);
  assert.ok(h.points.length <= 100, `at most 100 points (got ${h.points.length})`);
  assert.ok(h.points.length >= 40, `still a curve (got ${h.points.length})`);
  assert.equal(h.points[0].step, 0);
  assert.equal(h.points[h.points.length - 1].step, 5000);
  const steps = h.points.map((p) => p.step);
  assert.deepEqual(
    steps,
    [...steps].sort((a, b) => a - b),
    'in step order',
  );
});

test('loss data: log floor, gaps for a diverged run, faint dense baseline first', () => {
  const main = history([0, 10], {});
  const diverging = appendSnapshot(main, run(20, { trainLoss: NaN, testLoss: Infinity }));
  const baseline = history([0, 10, 20], { trainLoss: 0 });
  const data = lossChartData(diverging, baseline, 0.05, 4000);
  assert.deepEqual(
    data.series.map((s) => [s.id, Boolean(s.faint)]),
    [
      ['baseline-train', true],
      ['baseline-test', true],
      ['train', false],
      ['test', false],
    ],
  );
  const train = data.series.find((s) => s.id === 'train');
  assert.equal(train?.points.length, 2, 'the NaN point is left out');
  const baseTrain = data.series.find((s) => s.id === 'baseline-train');
  assert.ok(
    baseTrain?.points.every((p) => p.y === LOSS_FLOOR),
    'zero loss sits on the floor',
  );
  assert.deepEqual(data.rules, [{ y: 0.05, label: 'eps = 0.05' }]);
  assert.equal(data.xMax, 4000);
  assert.equal(pointCount(data), 3 + 3 + 2 + 2);
});

test('without a baseline (ρ = 0) there are only the run’s own series', () => {
  const data = accuracyChartData(history([0, 5]), null, 100);
  assert.deepEqual(
    data.series.map((s) => s.id),
    ['train', 'test'],
  );
  assert.deepEqual(data.rules, [{ y: 0.5, label: 'chance' }]);
  assert.deepEqual(livePrunes(0), [0]);
  assert.deepEqual(livePrunes(0.9), [0.9, 0]);
});

test('alignment data: signal learning per class, mean over signal-seeing neurons, noise', () => {
  const data = alignmentChartData(history([0, 10, 20]), 4000);
  assert.deepEqual(
    data.series.map((s) => s.id),
    ['max-align-plus', 'max-align-minus', 'mean-signal-align', 'noise-memorization'],
  );
  assert.equal(data.series[1].points[0].y, 0.3);
  // No signal-seeing neuron: the mean is NaN and leaves a gap, not a zero.
  const blind = alignmentChartData(history([0, 10], { meanSignalAlignment: NaN }), 4000);
  assert.equal(blind.series[2].points.length, 0);
});

test('neuron data: one point per neuron, class +1 first, signal-seeing marked', () => {
  const data = neuronChartData(run(3));
  assert.equal(data.neurons.length, 4);
  assert.deepEqual(
    data.neurons.map((n) => n.cls),
    [1, 1, -1, -1],
  );
  assert.deepEqual(
    data.neurons.map((n) => n.seesSignal),
    [true, false, true, false],
  );
  assert.ok(Math.abs(data.neurons[3].alignment - 0.3) < 1e-6);
  assert.ok(Math.abs(data.neurons[3].noise - 0.7) < 1e-6);
  assert.equal(pointCount(data), 4);
  assert.deepEqual(neuronChartData(null), { neurons: [] });
});

test('snapshots of a stale run never reach the charts', () => {
  let state = trainingReducer(initialTraining, {
    type: 'started',
    runId: 2,
    prune: 0.9,
    seed: 1,
    baseline: true,
    paused: false,
  });
  const snap = { step: 10, runs: [run(10), run(10, { prune: 0 })], done: false };
  state = trainingReducer(state, {
    type: 'message',
    message: { type: 'snapshot', runId: 1, snapshot: snap, stepsPerSecond: 5, numTensors: 3 },
  });
  assert.equal(state.main.points.length, 0, 'run 1 is stale');
  state = trainingReducer(state, {
    type: 'message',
    message: { type: 'snapshot', runId: 2, snapshot: snap, stepsPerSecond: 5, numTensors: 3 },
  });
  assert.equal(state.main.points.length, 1);
  assert.equal(state.baseline?.points.length, 1);
  assert.equal(state.numTensors, 3);
  assert.equal(state.phase, 'running');
});

test('metrics export: CSV rows per run and step, JSON with params and the paper', () => {
  const input = {
    params: DEFAULT_PARAMS,
    main: history([0, 10]),
    baseline: history([0, 10]),
    latestMain: run(10),
    backend: 'webgl',
  };
  const csv = metricsCsv(input).trim().split('\n');
  assert.equal(csv[0].split(',')[0], 'run');
  assert.equal(csv.length, 1 + 2 + 2);
  assert.match(csv[1], /^pruned,0\.9,1,0,/);
  const doc = JSON.parse(metricsJson(input, new Date(0)));
  assert.equal(doc.params.prune, DEFAULT_PARAMS.prune);
  assert.match(doc.paper, /arXiv:2301\.00335/);
  assert.equal(doc.runs.length, 2);
  assert.equal(doc.final.neurons.length, 4);
  const nanDoc = JSON.parse(
    metricsJson({ ...input, main: history([0], { trainLoss: NaN }) }, new Date(0)),
  );
  assert.equal(nanDoc.runs[0].points[0].trainLoss, null, 'NaN becomes null in JSON');
});

test('the status line says how a run ended', () => {
  const base: TrainingState = { ...initialTraining, phase: 'running' };
  const said = (over: Partial<RunSnapshot>, phase: Phase = 'running') =>
    describeStatus({ ...base, phase, latestMain: run(321, over) }, DEFAULT_PARAMS).text;
  assert.match(said({ status: 'converged' }, 'done'), /^Converged at step 321/);
  assert.match(
    said({ status: 'maxSteps' }, 'done'),
    new RegExp(`maxSteps = ${DEFAULT_PARAMS.maxSteps}`),
  );
  assert.match(
    said({ status: 'diverged' }, 'done'),
    /Diverged at step 321.*smaller learning rate eta/,
  );
  assert.match(said({}), /^Training/);
  assert.match(said({}, 'paused'), /^Paused at step 321/);
  const lost = describeStatus(
    { ...base, phase: 'error', error: { kind: 'contextLost', message: 'gone' } },
    DEFAULT_PARAMS,
  );
  assert.equal(lost.restartable, true);
  assert.match(lost.text, /WebGL context was lost/);
});
