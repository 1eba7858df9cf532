/**
 * The threshold finder's pure parts: grid, aggregation, the threshold rule
 * on synthetic curves, batching/resume planning, URL keys and exports.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PARAMS, type Params } from '../../src/model/params';
import {
  CHANCE,
  CHANCE_MARGIN,
  DEFAULT_SWEEP_PRUNES,
  TRAIN_FIT,
  fallbackLevel,
  aggregate,
  applySweepQuery,
  axisGrid,
  axisToPrune,
  cellKey,
  defaultPhaseValues,
  defaultSweepConfig,
  findThreshold,
  nearestPrune,
  paramsFingerprint,
  parseSweepQuery,
  phaseRows,
  planBatches,
  planPhase,
  pruneToAxis,
  resultsToCsv,
  resultsToJson,
  type RatePoint,
  type RunResult,
} from '../../src/model/sweep';
import { SweepRunner, type ClientLike, type RunnerProgress } from '../../src/app/sweep/runner';
import type { RunSnapshot, Snapshot } from '../../src/engine/session';
import type { FromWorker, StartRequest } from '../../src/worker/protocol';

const P: Params = { ...DEFAULT_PARAMS };

function run(
  prune: number,
  seed: number,
  testAcc: number,
  trainAcc = 1,
  extra: Partial<RunResult> = {},
): RunResult {
  return {
    prune,
    seed,
    steps: 100,
    status: 'converged',
    trainLoss: 0.04,
    trainAcc,
    testLoss: 0.5,
    testAcc,
    ...extra,
  };
}

/** A fully measured curve: one seed per rate with these test (and train) accuracies. */
function curve(test: number[], train: number[] = test.map(() => 1)): RatePoint[] {
  const prunes = test.map((_, i) => i / 10);
  return aggregate(
    prunes.map((p, i) => run(p, 0, test[i], train[i])),
    prunes,
    1,
  );
}

test('default grid: 16 sorted rates in [0, 1), denser near the top end', () => {
  const g = DEFAULT_SWEEP_PRUNES;
  assert.equal(g.length, 16);
  assert.deepEqual(
    [...g].sort((a, b) => a - b),
    [...g],
  );
  assert.equal(new Set(g).size, g.length);
  assert.ok(g.every((p) => p >= 0 && p < 1));
  assert.equal(g[0], 0);
  const low = g.filter((p) => p < 0.75).length;
  const high = g.filter((p) => p >= 0.75).length;
  assert.ok(high > 1.5 * low, `${high} rates at the top vs ${low} below`);
  // The MODEL.md table's rates are all on the grid except 0.95.
  for (const p of [0, 0.5, 0.7, 0.8, 0.9, 0.98]) assert.ok(g.includes(p), `${p} missing`);
});

test('aggregation: mean, min..max band, sd, steps; diverged and missing runs apart', () => {
  const results = [
    run(0.5, 0, 0.6, 1, { steps: 100 }),
    run(0.5, 1, 0.8, 0.9, { steps: 300 }),
    run(0.5, 2, 0.7, 1, { steps: 200, status: 'maxSteps' }),
    run(0.9, 0, NaN, NaN, { status: 'diverged' }),
  ];
  const [a, b, c] = aggregate(results, [0.5, 0.9, 0.95], 3);
  assert.equal(a.finished, 3);
  assert.equal(a.converged, 2);
  assert.ok(Math.abs(a.meanTestAcc - 0.7) < 1e-12);
  assert.equal(a.minTestAcc, 0.6);
  assert.equal(a.maxTestAcc, 0.8);
  assert.ok(Math.abs(a.sdTestAcc - 0.1) < 1e-12);
  assert.ok(Math.abs(a.meanTrainAcc - 29 / 30) < 1e-12);
  assert.equal(a.meanSteps, 200);
  assert.equal(a.maxSteps, 300);
  assert.equal(b.finished, 0);
  assert.equal(b.diverged, 1);
  assert.ok(Number.isNaN(b.meanTestAcc));
  assert.equal(c.finished, 0);
  assert.equal(c.total, 3);
});

test('threshold: the MODEL.md table gives best 0.9 and breakdown 0.95 (0.71 < (0.98 + 0.5) / 2)', () => {
  const prunes = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98];
  const acc = [0.51, 0.58, 0.77, 0.84, 0.98, 0.71, 0.54];
  const pts = aggregate(
    prunes.map((p, i) => run(p, 0, acc[i])),
    prunes,
    1,
  );
  const t = findThreshold(pts);
  assert.equal(t.best, 0.9);
  assert.equal(t.bestTestAcc, 0.98);
  assert.equal(t.breakdown, 0.95);
  assert.equal(t.breakdownTestAcc, 0.71);
  assert.equal(t.provisional, false);
  assert.equal(t.note, '');
});

test('threshold: the dense end at chance is never the breakdown (it is below the best)', () => {
  const t = findThreshold(curve([0.5, 0.9, 0.95, 0.8]));
  assert.equal(t.best, 0.2);
  assert.equal(t.breakdown, null);
  assert.match(t.note, /no measured rate above the best/);
});

test('threshold: breakdown needs training accuracy to stay high', () => {
  const t = findThreshold(curve([0.9, 0.95, 0.55, 0.52], [1, 1, 0.6, 1]));
  assert.equal(t.best, 0.1);
  assert.equal(t.breakdown, 0.3, '0.2 is near chance but does not fit the training set');
  const u = findThreshold(curve([0.9, 0.95, 0.55], [1, 1, 0.6]));
  assert.equal(u.breakdown, null);
  assert.match(u.note, /training accuracy is only 0\.60/);
});

test('threshold: boundaries of the margins are inclusive', () => {
  const edge = fallbackLevel(0.9);
  assert.ok(Math.abs(edge - 0.7) < 1e-12);
  assert.equal(findThreshold(curve([0.9, edge], [1, TRAIN_FIT])).breakdown, 0.1);
  assert.equal(findThreshold(curve([0.9, edge + 1e-9], [1, 1])).breakdown, null);
  // A best only just above chance + margin still defines a breakdown; at the margin it does not.
  assert.equal(findThreshold(curve([CHANCE + CHANCE_MARGIN, 0.5])).breakdown, null);
  assert.equal(findThreshold(curve([CHANCE + CHANCE_MARGIN + 0.01, 0.5])).breakdown, 0.1);
  assert.equal(findThreshold(curve([0.9, 0.5], [1, TRAIN_FIT - 1e-9])).breakdown, null);
});

test('threshold: flat-at-chance curve has a best but no breakdown', () => {
  const t = findThreshold(curve([0.52, 0.55, 0.5, 0.51]));
  assert.equal(t.best, 0.1);
  assert.equal(t.breakdown, null);
  assert.match(t.note, /never rises clearly above chance/);
});

test('threshold: ties go to the smaller rate; no data gives nulls', () => {
  assert.equal(findThreshold(curve([0.7, 0.9, 0.9, 0.5])).best, 0.1);
  const empty = findThreshold(aggregate([], [0, 0.5], 2));
  assert.equal(empty.best, null);
  assert.equal(empty.breakdown, null);
  assert.equal(empty.provisional, true);
  assert.equal(findThreshold([]).best, null);
});

test('threshold: partial data skips missing rates and says it is provisional', () => {
  const prunes = [0, 0.5, 0.9, 0.95, 0.98];
  const results = [run(0, 0, 0.5), run(0.5, 0, 0.8), run(0.98, 0, 0.52), run(0.9, 1, 0.97)];
  const t = findThreshold(aggregate(results, prunes, 2));
  assert.equal(t.best, 0.9);
  assert.equal(t.breakdown, 0.98, '0.95 has no run yet and is skipped');
  assert.equal(t.provisional, true);
});

/**
 * The default sweep (MODEL.md setting, DEFAULT_SWEEP_PRUNES x seeds 0-3)
 * replayed in float32 NumPy on the engine's own sampled data: [prune, seed,
 * steps, status, trainAcc, testAcc]. Dense memorizes (0.49), 0.75-0.94
 * learns the signal, 0.96-0.98 stops at maxSteps near chance.
 */
const DEFAULT_REPLAY: [number, number, number, RunResult['status'], number, number][] = [
  [0, 0, 75, 'converged', 1.0, 0.485],
  [0.2, 0, 96, 'converged', 1.0, 0.518],
  [0.4, 0, 142, 'converged', 1.0, 0.537],
  [0.5, 0, 178, 'converged', 1.0, 0.637],
  [0.6, 0, 225, 'converged', 1.0, 0.676],
  [0.7, 0, 332, 'converged', 1.0, 0.871],
  [0.75, 0, 454, 'converged', 1.0, 0.996],
  [0.8, 0, 349, 'converged', 1.0, 1.0],
  [0.85, 0, 347, 'converged', 1.0, 1.0],
  [0.88, 0, 338, 'converged', 1.0, 1.0],
  [0.9, 0, 1318, 'converged', 1.0, 0.91],
  [0.92, 0, 1996, 'converged', 1.0, 0.912],
  [0.94, 0, 2489, 'converged', 1.0, 0.921],
  [0.96, 0, 4000, 'maxSteps', 0.85, 0.489],
  [0.97, 0, 4000, 'maxSteps', 0.7333, 0.484],
  [0.98, 0, 4000, 'maxSteps', 0.8667, 0.492],
  [0, 1, 70, 'converged', 1.0, 0.488],
  [0.2, 1, 98, 'converged', 1.0, 0.511],
  [0.4, 1, 140, 'converged', 1.0, 0.488],
  [0.5, 1, 181, 'converged', 1.0, 0.494],
  [0.6, 1, 240, 'converged', 1.0, 0.479],
  [0.7, 1, 332, 'converged', 1.0, 0.517],
  [0.75, 1, 358, 'converged', 1.0, 1.0],
  [0.8, 1, 548, 'converged', 1.0, 0.893],
  [0.85, 1, 829, 'converged', 1.0, 0.904],
  [0.88, 1, 968, 'converged', 1.0, 1.0],
  [0.9, 1, 1481, 'converged', 1.0, 0.916],
  [0.92, 1, 1810, 'converged', 1.0, 0.894],
  [0.94, 1, 1641, 'converged', 1.0, 1.0],
  [0.96, 1, 3846, 'converged', 0.9833, 0.898],
  [0.97, 1, 4000, 'maxSteps', 0.85, 0.786],
  [0.98, 1, 4000, 'maxSteps', 0.7167, 0.645],
  [0, 2, 74, 'converged', 1.0, 0.489],
  [0.2, 2, 94, 'converged', 1.0, 0.511],
  [0.4, 2, 140, 'converged', 1.0, 0.517],
  [0.5, 2, 177, 'converged', 1.0, 0.593],
  [0.6, 2, 233, 'converged', 1.0, 0.508],
  [0.7, 2, 330, 'converged', 1.0, 0.843],
  [0.75, 2, 347, 'converged', 1.0, 1.0],
  [0.8, 2, 346, 'converged', 1.0, 1.0],
  [0.85, 2, 349, 'converged', 1.0, 1.0],
  [0.88, 2, 349, 'converged', 1.0, 1.0],
  [0.9, 2, 353, 'converged', 1.0, 1.0],
  [0.92, 2, 352, 'converged', 1.0, 1.0],
  [0.94, 2, 352, 'converged', 1.0, 1.0],
  [0.96, 2, 355, 'converged', 1.0, 1.0],
  [0.97, 2, 354, 'converged', 1.0, 1.0],
  [0.98, 2, 4000, 'maxSteps', 0.7833, 0.711],
  [0, 3, 72, 'converged', 1.0, 0.5],
  [0.2, 3, 98, 'converged', 1.0, 0.528],
  [0.4, 3, 137, 'converged', 1.0, 0.517],
  [0.5, 3, 183, 'converged', 1.0, 0.515],
  [0.6, 3, 232, 'converged', 1.0, 0.51],
  [0.7, 3, 266, 'converged', 1.0, 1.0],
  [0.75, 3, 328, 'converged', 1.0, 1.0],
  [0.8, 3, 321, 'converged', 1.0, 1.0],
  [0.85, 3, 320, 'converged', 1.0, 1.0],
  [0.88, 3, 315, 'converged', 1.0, 1.0],
  [0.9, 3, 1485, 'converged', 1.0, 0.92],
  [0.92, 3, 1763, 'converged', 1.0, 0.936],
  [0.94, 3, 2761, 'converged', 1.0, 1.0],
  [0.96, 3, 4000, 'maxSteps', 0.7, 0.495],
  [0.97, 3, 4000, 'maxSteps', 0.9167, 0.467],
  [0.98, 3, 4000, 'maxSteps', 0.9333, 0.499],
];

test('threshold on the replayed default sweep: best 0.88, breakdown 0.96', () => {
  const results = DEFAULT_REPLAY.map(([prune, seed, steps, status, trainAcc, testAcc]) =>
    run(prune, seed, testAcc, trainAcc, { steps, status }),
  );
  const points = aggregate(results, DEFAULT_SWEEP_PRUNES, 4);
  assert.ok(points.every((p) => p.finished === 4));
  const t = findThreshold(points);
  assert.equal(t.best, 0.88);
  assert.equal(t.breakdown, 0.96);
  assert.equal(t.provisional, false);
  assert.ok(points[0].meanTestAcc < CHANCE + CHANCE_MARGIN, 'dense memorizes noise');
  // Every seed has a run that stops at maxSteps: a batched seed group trains all 4000 steps.
  for (const seed of [0, 1, 2, 3]) {
    assert.equal(Math.max(...results.filter((r) => r.seed === seed).map((r) => r.steps)), 4000);
  }
});

test('planBatches: one session for the whole grid, resume trains only what is unfinished', () => {
  const prunes = [0, 0.5, 0.9];
  const seeds = [0, 1, 2];
  const all = planBatches(P, prunes, seeds, new Set());
  assert.ok(all.ok);
  if (!all.ok) return;
  assert.equal(all.batches.length, 1);
  assert.deepEqual(all.batches[0].prunes, prunes);
  assert.deepEqual(all.batches[0].seeds, seeds);

  // Seed 0 finished; seed 1 finished 0 and 0.5; seed 2 nothing.
  const done = new Set([
    cellKey(0, 0),
    cellKey(0.5, 0),
    cellKey(0.9, 0),
    cellKey(0, 1),
    cellKey(0.5, 1),
  ]);
  const rest = planBatches(P, prunes, seeds, done);
  assert.ok(rest.ok);
  if (!rest.ok) return;
  const cells = rest.batches.flatMap((b) =>
    b.seeds.flatMap((s) => b.prunes.map((p) => cellKey(p, s))),
  );
  assert.deepEqual(
    cells.sort(),
    [cellKey(0.9, 1), cellKey(0, 2), cellKey(0.5, 2), cellKey(0.9, 2)].sort(),
  );
  const finished = new Set([...done, ...cells]);
  const none = planBatches(P, prunes, seeds, finished);
  assert.ok(none.ok && none.batches.length === 0);
});

test('planBatches: splits a session that would not fit memory, refuses a run that never fits', () => {
  const big: Params = { ...P, d: 20000, nTest: 2000, m: 200 };
  const r = planBatches(big, DEFAULT_SWEEP_PRUNES, [0, 1], new Set());
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.ok(r.batches.length > 2);
  assert.ok(r.batches.every((b) => b.seeds.length === 1));
  const count = r.batches.reduce((a, b) => a + b.prunes.length * b.seeds.length, 0);
  assert.equal(count, 32);
  const huge: Params = { ...P, d: 20000, nTest: 20000, m: 1000 };
  const h = planBatches(huge, [0], [0], new Set());
  assert.equal(h.ok, false);
});

test('phase: one session per value with that value set, results kept per value', () => {
  const prunes = [0, 0.9];
  const plan = planPhase(P, prunes, { param: 'n', values: [20, 60], seeds: [0, 1] }, new Set());
  assert.ok(plan.ok);
  if (!plan.ok) return;
  assert.deepEqual(
    plan.batches.map((b) => [b.value, b.params.n, b.prunes.length, b.seeds.length]),
    [
      [20, 20, 2, 2],
      [60, 60, 2, 2],
    ],
  );
  const done = new Set([
    cellKey(0, 0, 20),
    cellKey(0.9, 0, 20),
    cellKey(0, 1, 20),
    cellKey(0.9, 1, 20),
  ]);
  const rest = planPhase(P, prunes, { param: 'n', values: [20, 60], seeds: [0, 1] }, done);
  assert.ok(rest.ok && rest.batches.length === 1 && rest.batches[0].value === 60);

  const rows = phaseRows(
    [
      run(0, 0, 0.5, 1, { value: 20 }),
      run(0.9, 0, 0.95, 1, { value: 20 }),
      run(0, 0, 0.6, 1, { value: 60 }),
    ],
    prunes,
    [20, 60],
    1,
  );
  assert.equal(rows.length, 2);
  assert.equal(rows[0].cells[1].meanTestAcc, 0.95);
  assert.equal(rows[0].threshold.best, 0.9);
  assert.equal(rows[1].cells[1].finished, 0);
});

test('phase: default values are centred on the current value, valid and distinct', () => {
  assert.deepEqual(
    defaultPhaseValues('mu', P),
    [0.4, 0.6000000000000001, 0.8, 1.2000000000000002, 1.6],
  );
  assert.deepEqual(defaultPhaseValues('m', P), [20, 30, 40, 60, 80]);
  assert.deepEqual(defaultPhaseValues('n', { ...P, n: 2 }), [2, 3, 4]);
  const sp = defaultPhaseValues('sigmaP', P);
  assert.equal(sp.length, 5);
  assert.equal(sp[2], P.sigmaP);
});

test('URL keys: defaults, valid lists, and bad values with notices', () => {
  const empty = parseSweepQuery(new URLSearchParams(''));
  assert.deepEqual(empty.config, defaultSweepConfig());
  assert.equal(empty.notices.length, 0);

  const ok = parseSweepQuery(
    new URLSearchParams(
      'sweepPrunes=0.9,0,0.5,0.5&sweepSeeds=3,1&phaseParam=m&phaseValues=10,20&phaseSeeds=7',
    ),
  );
  assert.deepEqual(ok.config.sweep.prunes, [0, 0.5, 0.9]);
  assert.deepEqual(ok.config.sweep.seeds, [1, 3]);
  assert.equal(ok.config.phase.param, 'm');
  assert.deepEqual(ok.config.phase.values, [10, 20]);
  assert.deepEqual(ok.config.phase.seeds, [7]);
  assert.equal(ok.notices.length, 0);

  const bad = parseSweepQuery({
    sweepPrunes: '0.5,abc,1.5,-1',
    sweepSeeds: 'x,y',
    phaseParam: 'eta',
    phaseValues: '0.5,2.5',
  });
  assert.deepEqual(bad.config.sweep.prunes, [0, 0.5, 0.999]);
  assert.deepEqual(bad.config.sweep.seeds, defaultSweepConfig().sweep.seeds);
  assert.equal(bad.config.phase.param, 'mu');
  assert.deepEqual(bad.config.phase.values, [0.5, 2.5]);
  const text = bad.notices.map((n) => n.message).join('\n');
  assert.match(text, /sweepPrunes: "abc" is not a number.*dropped/);
  assert.match(text, /sweepPrunes: 1\.5 is out of range.*using 0\.999/);
  assert.match(text, /sweepSeeds: no valid value/);
  assert.match(text, /phaseParam: "eta" is not one of mu, n, m, sigmaP; using mu/);
  assert.ok(bad.notices.every((n) => /^(sweep|phase)/.test(n.key)));

  const ints = parseSweepQuery({ phaseParam: 'n', phaseValues: '10.5,40' });
  assert.deepEqual(ints.config.phase.values, [11, 40]);
  assert.match(ints.notices[0].message, /not an integer/);

  const many = parseSweepQuery({
    sweepPrunes: Array.from({ length: 50 }, (_, i) => i / 100).join(','),
  });
  assert.equal(many.config.sweep.prunes.length, 40);
  assert.match(many.notices[0].message, /at most 40/);
});

test('URL keys: round trip, defaults left out, other keys untouched', () => {
  const config = defaultSweepConfig();
  assert.equal(applySweepQuery('prune=0.9&seed=2', config), 'prune=0.9&seed=2');
  config.sweep.prunes = [0, 0.5, 0.9];
  config.sweep.seeds = [0, 1];
  config.phase = { param: 'sigmaP', values: [0.05, 0.1], seeds: [0] };
  const q = applySweepQuery('prune=0.9&sweepPrunes=0.1', config);
  assert.match(q, /^prune=0\.9&/);
  assert.match(q, /sweepPrunes=0,0\.5,0\.9/);
  const back = parseSweepQuery(new URLSearchParams(q));
  assert.deepEqual(back.config, config);
  assert.equal(back.notices.length, 0);
});

test('fingerprint ignores prune and seed only', () => {
  assert.equal(paramsFingerprint(P), paramsFingerprint({ ...P, prune: 0.1, seed: 9 }));
  assert.notEqual(paramsFingerprint(P), paramsFingerprint({ ...P, mu: 0.9 }));
});

test('chart axis: -log10(1 - prune), inverse, nearest grid rate', () => {
  assert.equal(pruneToAxis(0), 0);
  assert.ok(Math.abs(pruneToAxis(0.9) - 1) < 1e-12);
  assert.ok(Math.abs(pruneToAxis(0.99) - 2) < 1e-12);
  assert.ok(Math.abs(axisToPrune(pruneToAxis(0.37)) - 0.37) < 1e-12);
  const g = axisGrid(0.99, 5);
  assert.equal(g.length, 5);
  assert.equal(g[0], 0);
  assert.ok(Math.abs(g[4] - 0.99) < 1e-12);
  assert.equal(nearestPrune(DEFAULT_SWEEP_PRUNES, 0.955), 0.96);
  assert.equal(nearestPrune(DEFAULT_SWEEP_PRUNES, 0.999), 0.98);
  assert.equal(nearestPrune(DEFAULT_SWEEP_PRUNES, 0.05), 0);
  assert.equal(nearestPrune([], 0.5), null);
});

test('exports: CSV has a header and one line per run; JSON has no NaN and states the rule', () => {
  const config = defaultSweepConfig();
  config.sweep.prunes = [0, 0.9];
  config.sweep.seeds = [0];
  const sweep = [run(0.9, 0, 0.97), run(0, 0, 0.5)];
  const phase = [run(0, 0, 0.6, 1, { value: 0.4 })];
  const csv = resultsToCsv(sweep, phase, 'mu').split('\n');
  assert.equal(csv.length, 4);
  assert.equal(
    csv[0],
    'kind,phaseParam,phaseValue,prune,seed,status,steps,trainLoss,trainAcc,testLoss,testAcc',
  );
  assert.equal(csv[1], 'sweep,,,0,0,converged,100,0.04,1,0.5,0.5');
  assert.match(csv[3], /^phase,mu,0\.4,0,0,/);
  const json = resultsToJson(
    P,
    { ...config, sweep: { prunes: [0, 0.5, 0.9], seeds: [0] } },
    sweep,
    phase,
  );
  const text = JSON.stringify(json);
  assert.ok(!text.includes('NaN'));
  const back = JSON.parse(text) as typeof json;
  assert.equal(back.sweep.perRate[1].meanTestAcc, null);
  assert.equal(back.sweep.threshold.best, 0.9);
  assert.match(back.sweep.thresholdRule, /Breakdown rate/);
  assert.equal(back.phase.runs.length, 1);
});

// ---------------------------------------------------------------------------
// The runner, against a fake worker client

type Listener = (m: FromWorker) => void;

class FakeClient implements ClientLike {
  starts: StartRequest[] = [];
  stops = 0;
  emit: Listener = () => undefined;
  start(req: StartRequest): number {
    this.starts.push(req);
    return this.starts.length;
  }
  pause(): void {}
  resume(): void {}
  stop(): void {
    this.stops += 1;
  }
  terminate(): void {}
}

function snap(
  req: StartRequest,
  step: number,
  finished: (prune: number, seed: number) => boolean,
): Snapshot {
  const runs = req.seeds.flatMap((seed) =>
    req.prunes.map(
      (prune) =>
        ({
          prune,
          seed,
          steps: step,
          status: finished(prune, seed) ? 'converged' : 'running',
          trainLoss: 0.01,
          trainAcc: 1,
          testLoss: 0.3,
          testAcc: 0.9,
          testSteps: step,
        }) as RunSnapshot,
    ),
  );
  return { step, runs, done: runs.every((r) => r.status !== 'running') };
}

function makeRunner() {
  const fake = new FakeClient();
  const results: RunResult[] = [];
  const progress: RunnerProgress[] = [];
  const runner = new SweepRunner(
    { onResults: (_k, rs) => results.push(...rs), onProgress: (p) => progress.push(p) },
    (onMessage) => {
      fake.emit = onMessage;
      return fake;
    },
  );
  return { fake, results, progress, runner, last: () => progress[progress.length - 1] };
}

test('runner: batches run one after another, each run reported once, with an ETA', () => {
  const { fake, results, runner, last } = makeRunner();
  const plan = planPhase(
    { ...P, maxSteps: 100 },
    [0, 0.9],
    { param: 'n', values: [20, 60], seeds: [0] },
    new Set(),
  );
  assert.ok(plan.ok);
  if (!plan.ok) return;
  runner.run('phase', plan.batches, 0, 4);
  assert.equal(fake.starts.length, 1);
  assert.equal(fake.starts[0].params.n, 20);
  const req = fake.starts[0];
  fake.emit({
    type: 'snapshot',
    runId: 1,
    snapshot: snap(req, 10, (p) => p === 0),
    stepsPerSecond: 100,
    numTensors: 0,
  });
  fake.emit({
    type: 'snapshot',
    runId: 1,
    snapshot: snap(req, 20, (p) => p === 0),
    stepsPerSecond: 100,
    numTensors: 0,
  });
  assert.equal(results.length, 1, 'a finished run is reported once');
  assert.equal(results[0].value, 20);
  assert.equal(last().doneRuns, 1);
  // Upper bound: 80 more steps of 2 runs now, then 100 steps of 2 runs, at 1/(100*2) s per run-step.
  assert.ok(Math.abs((last().etaSeconds ?? NaN) - 1.8) < 1e-9);
  fake.emit({ type: 'done', runId: 1, snapshot: snap(req, 30, () => true), numTensors: 0 });
  assert.equal(fake.starts.length, 2, 'the next value starts when the first is done');
  assert.equal(fake.starts[1].params.n, 60);
  assert.equal(last().batch, 2);
  fake.emit({
    type: 'done',
    runId: 2,
    snapshot: snap(fake.starts[1], 5, () => true),
    numTensors: 0,
  });
  assert.equal(last().state, 'finished');
  assert.equal(last().doneRuns, 4);
  assert.deepEqual(
    results.map((r) => cellKey(r.prune, r.seed, r.value)),
    [cellKey(0, 0, 20), cellKey(0.9, 0, 20), cellKey(0, 0, 60), cellKey(0.9, 0, 60)],
  );
});

test('runner: cancel keeps what finished and ignores late messages; errors stop the job', () => {
  const { fake, results, runner, last } = makeRunner();
  const plan = planBatches(P, [0, 0.9], [0, 1], new Set());
  assert.ok(plan.ok);
  if (!plan.ok) return;
  runner.run('sweep', plan.batches, 0, 4);
  const req = fake.starts[0];
  fake.emit({
    type: 'snapshot',
    runId: 1,
    snapshot: snap(req, 10, (p) => p === 0),
    stepsPerSecond: 50,
    numTensors: 0,
  });
  runner.cancel();
  assert.equal(fake.stops, 1);
  assert.equal(last().state, 'cancelled');
  fake.emit({ type: 'done', runId: 1, snapshot: snap(req, 20, () => true), numTensors: 0 });
  assert.equal(results.length, 2, 'nothing counted after cancel');

  runner.run('sweep', plan.batches, 2, 4);
  assert.equal(last().doneRuns, 2, 'a resumed job starts from what was kept');
  fake.emit({ type: 'error', runId: 2, kind: 'contextLost', message: 'context lost' });
  assert.equal(last().state, 'error');
  assert.equal(last().message, 'context lost');
});

test('runner: a finished run is taken only with test metrics measured at its last step', () => {
  const { fake, results, runner } = makeRunner();
  const plan = planPhase(
    { ...P, maxSteps: 100 },
    [0],
    { param: 'n', values: [20], seeds: [0] },
    new Set(),
  );
  assert.ok(plan.ok);
  if (!plan.ok) return;
  runner.run('phase', plan.batches, 0, 1);
  const req = fake.starts[0];
  const stale = snap(req, 40, () => true);
  stale.runs[0] = { ...stale.runs[0], testSteps: 30, testAcc: 0.5 };
  fake.emit({ type: 'snapshot', runId: 1, snapshot: stale, stepsPerSecond: 100, numTensors: 0 });
  assert.equal(results.length, 0, 'test metrics from step 30 are not the result of step 40');
  fake.emit({ type: 'done', runId: 1, snapshot: snap(req, 40, () => true), numTensors: 0 });
  assert.equal(results.length, 1);
  assert.equal(results[0].testAcc, 0.9);
});
