import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../../src/cli/backend';
import { runToEnd } from '../../src/engine/run';
import { TrainingSession, type RunSnapshot, type Snapshot } from '../../src/engine/session';
import { DEFAULT_PARAMS, type Params } from '../../src/model/params';
import { drawExperiment, maskFor } from '../../src/model/sampling';

before(async () => {
  await useNodeBackend('wasm');
});

/** Small enough that thousands of steps take a second or two. */
const tiny: Params = {
  ...DEFAULT_PARAMS,
  d: 60,
  n: 10,
  nTest: 50,
  m: 4,
  sigmaP: 4 / Math.sqrt(60),
  // The loss averages over m n = 40 terms instead of 2400: a smaller step keeps it stable.
  eta: 3,
  maxSteps: 1500,
};

async function train(
  params: Params,
  prunes: number[],
  seeds: number[],
  every = 50,
): Promise<Snapshot> {
  const s = TrainingSession.create({ params, prunes, seeds });
  try {
    return await runToEnd(s, every);
  } finally {
    s.dispose();
  }
}

function scalars(r: RunSnapshot) {
  return {
    prune: r.prune,
    seed: r.seed,
    steps: r.steps,
    status: r.status,
    trainLoss: r.trainLoss,
    trainAcc: r.trainAcc,
    testLoss: r.testLoss,
    testAcc: r.testAcc,
  };
}

function close(a: number, b: number, rel: number, what: string): void {
  assert.ok(
    Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-6),
    `${what}: ${a} vs ${b}`,
  );
}

test('pruned weights stay exactly zero and surviving ones train', async () => {
  const params = { ...tiny, eps: 1e-8, maxSteps: 2000 };
  const prunes = [0.3, 0.7, 0.9];
  const seeds = [0, 1];
  const s = TrainingSession.create({ params, prunes, seeds });
  try {
    s.advance(2000);
    const snap = await s.snapshot();
    assert.ok(
      snap.runs.every((r) => r.steps > 100),
      'runs should have trained',
    );
    const weights = await s.weights();
    assert.equal(weights.length, prunes.length * seeds.length);
    let k = 0;
    for (const seed of seeds) {
      const ex = drawExperiment({ ...params, seed });
      for (const prune of prunes) {
        const w = weights[k++];
        const mask = maskFor(ex.maskUniforms, prune);
        let moved = 0;
        for (let i = 0; i < w.length; i++) {
          if (mask[i] === 0)
            assert.equal(w[i], 0, `seed ${seed} prune ${prune}: pruned weight ${i} is ${w[i]}`);
          else if (w[i] !== ex.init[i]) moved++;
        }
        assert.ok(moved > 0.5 * mask.reduce((a, v) => a + v, 0), 'surviving weights should move');
      }
    }
  } finally {
    s.dispose();
  }
});

test('same seed gives identical snapshots', async () => {
  const a = await train(tiny, [0, 0.5, 0.9], [3]);
  const b = await train(tiny, [0, 0.5, 0.9], [3]);
  assert.deepEqual(a, b);
  const c = await train(tiny, [0, 0.5, 0.9], [4]);
  assert.notDeepEqual(
    a.runs.map((r) => r.trainLoss),
    c.runs.map((r) => r.trainLoss),
  );
});

test('batched runs equal the same runs done one at a time', async () => {
  const prunes = [0, 0.5, 0.8, 0.95];
  const seeds = [0, 1];
  const batched = await train(tiny, prunes, seeds);
  assert.equal(batched.runs.length, 8);
  assert.ok(
    new Set(batched.runs.map((r) => r.status)).size > 1 || batched.runs.some((r) => r.steps > 50),
  );
  for (const b of batched.runs) {
    const alone = (await train(tiny, [b.prune], [b.seed])).runs[0];
    const what = `prune ${b.prune} seed ${b.seed}`;
    assert.equal(alone.status, b.status, what);
    assert.equal(alone.steps, b.steps, what);
    assert.deepEqual(alone.structure, b.structure, what);
    close(alone.trainLoss, b.trainLoss, 1e-3, `${what} trainLoss`);
    close(alone.testLoss, b.testLoss, 1e-3, `${what} testLoss`);
    assert.ok(Math.abs(alone.testAcc - b.testAcc) <= 1 / tiny.nTest + 1e-6, `${what} testAcc`);
    assert.ok(Math.abs(alone.trainAcc - b.trainAcc) <= 1e-6, `${what} trainAcc`);
    for (let k = 0; k < b.alignment.length; k++)
      close(alone.alignment[k], b.alignment[k], 1e-3, `${what} A[${k}]`);
  }
});

test('a converged run stops changing while the others go on', async () => {
  const s = TrainingSession.create({ params: tiny, prunes: [0, 0.95], seeds: [2] });
  try {
    let snap = await s.snapshot();
    while (snap.runs[0].status === 'running') {
      s.advance(5);
      snap = await s.snapshot();
    }
    const [dense, pruned] = snap.runs;
    assert.equal(dense.status, 'converged');
    assert.ok(dense.trainLoss <= tiny.eps);
    assert.equal(pruned.status, 'running', 'the pruned run should still be training');
    const before = await s.weights();
    s.advance(200);
    const later = await s.snapshot();
    const after = await s.weights();
    assert.deepEqual(after[0], before[0], 'converged weights changed');
    assert.notDeepEqual(after[1], before[1], 'the running run did not change');
    assert.equal(later.runs[0].steps, dense.steps);
    assert.equal(later.runs[0].trainLoss, dense.trainLoss);
    assert.ok(later.runs[1].steps > pruned.steps);
  } finally {
    s.dispose();
  }
});

test('a huge learning rate diverges, is reported, and leaves the other runs alone', async () => {
  // With every weight of prune 0.999 gone, that run's gradient is zero: nothing can blow it up.
  const params = { ...tiny, d: 20, sigmaP: 1, eta: 1e6, maxSteps: 200 };
  const snap = await train(params, [0, 0.999], [0], 10);
  const [dense, empty] = snap.runs;
  assert.equal(empty.structure.survivingWeights, 0, 'precondition: prune 0.999 kept a weight');
  assert.equal(dense.status, 'diverged');
  assert.ok(dense.steps < 200, `diverged after ${dense.steps} steps`);
  assert.ok(!Number.isFinite(dense.trainLoss), `loss ${dense.trainLoss}`);
  assert.equal(empty.status, 'maxSteps');
  assert.equal(empty.steps, 200);
  assert.ok(Math.abs(empty.trainLoss - Math.LN2) < 1e-6);
  const alone = (await train(params, [0.999], [0], 10)).runs[0];
  assert.deepEqual(scalars(alone), scalars(empty));
});

test('a run that neither converges nor diverges ends with maxSteps', async () => {
  const snap = await train({ ...tiny, eps: 1e-8, maxSteps: 30 }, [0.5, 0.9], [0], 7);
  assert.equal(snap.done, true);
  assert.equal(snap.step, 30);
  for (const r of snap.runs) {
    assert.equal(r.status, 'maxSteps');
    assert.equal(r.steps, 30);
    assert.ok(Number.isFinite(r.trainLoss) && r.trainLoss > 1e-8);
  }
});

test('no tensor leaks over thousands of steps, none left after dispose', async () => {
  const baseline = tf.memory().numTensors;
  const params = { ...tiny, eta: 0.5, eps: 1e-8, maxSteps: 100000 };
  const s = TrainingSession.create({ params, prunes: [0, 0.5], seeds: [0, 1] });
  s.advance(100);
  await s.snapshot();
  const held = tf.memory().numTensors;
  const ids = tf.engine().backend.numDataIds();
  let snap: Snapshot | null = null;
  for (let i = 0; i < 20; i++) {
    s.advance(100);
    snap = await s.snapshot();
    assert.equal(tf.memory().numTensors, held, `tensors grew after ${s.step} steps`);
  }
  assert.equal(tf.engine().backend.numDataIds(), ids);
  assert.equal(s.step, 2100);
  assert.ok(
    snap?.runs.every((r) => r.status === 'running'),
    'runs must still be stepping',
  );
  await s.weights();
  assert.equal(tf.memory().numTensors, held);
  s.dispose();
  assert.equal(tf.memory().numTensors, baseline);
  assert.throws(() => s.advance(1), /disposed/);
});

test('finished runs leave their batch, and the results are those of a batch that kept them', async () => {
  // Light rates converge in tens of steps, heavy ones take hundreds: once
  // half have finished, the rest move to a smaller batch.
  const prunes = [0, 0.3, 0.5, 0.7, 0.95, 0.97];
  const spec = { params: tiny, prunes, seeds: [4] };
  const tensorsBefore = tf.memory().numTensors;
  const compacted = TrainingSession.create(spec);
  const kept = TrainingSession.create({ ...spec, tuning: { compact: false } });
  try {
    const batchSizes: number[] = [];
    let a = await compacted.snapshot();
    let b = await kept.snapshot();
    while (!a.done) {
      compacted.advance(20);
      kept.advance(20);
      a = await compacted.snapshot();
      b = await kept.snapshot();
      batchSizes.push(compacted.plan.reduce((most, p) => Math.max(most, p.prunes.length), 0));
    }
    assert.ok(b.done);
    assert.ok(
      batchSizes.some((size) => size < prunes.length),
      `the batch never shrank: ${batchSizes.join(',')}`,
    );
    a.runs.forEach((r, i) => {
      const what = `prune ${r.prune}`;
      assert.deepEqual(scalars(r), scalars(b.runs[i]), what);
      assert.deepEqual(r.alignment, b.runs[i].alignment, what);
    });
    const [wa, wb] = [await compacted.weights(), await kept.weights()];
    wa.forEach((w, i) => assert.deepEqual(w, wb[i], `weights of prune ${prunes[i]}`));
    assert.ok(new Set(a.runs.map((r) => r.steps)).size > 2, 'runs should end at different steps');
  } finally {
    compacted.dispose();
    kept.dispose();
  }
  assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensor left after dispose');
});

test('training-only snapshots skip the test set, except for runs they see finished', async () => {
  const spec = { params: tiny, prunes: [0, 0.5, 0.95], seeds: [6] };
  const quick = TrainingSession.create(spec);
  const full = TrainingSession.create(spec);
  try {
    let a = await quick.snapshot({ test: false });
    let b = await full.snapshot();
    let sawStale = false;
    while (!a.done) {
      quick.advance(25);
      full.advance(25);
      a = await quick.snapshot({ test: false });
      b = await full.snapshot();
      for (const r of a.runs) {
        if (r.status === 'running') {
          // Never measured: no value rather than a made-up one.
          assert.equal(r.testSteps, 0);
          assert.ok(Number.isNaN(r.testAcc));
          sawStale = true;
        } else {
          assert.equal(r.testSteps, r.steps, `prune ${r.prune}: finished without its test metrics`);
        }
      }
    }
    assert.ok(sawStale, 'some snapshot should have had a running run');
    assert.ok(b.done);
    a.runs.forEach((r, i) => assert.deepEqual(scalars(r), scalars(b.runs[i]), `prune ${r.prune}`));
  } finally {
    quick.dispose();
    full.dispose();
  }
});

test('the snapshot step is the furthest any run went, not where the round ended', async () => {
  const s = TrainingSession.create({ params: tiny, prunes: [0, 0.5], seeds: [1] });
  try {
    let snap = await s.snapshot();
    while (!snap.done) {
      s.advance(400);
      snap = await s.snapshot();
    }
    assert.ok(s.step > snap.step, `the session stepped to ${s.step}, past every run`);
    assert.equal(snap.step, Math.max(...snap.runs.map((r) => r.steps)));
  } finally {
    s.dispose();
  }
});
