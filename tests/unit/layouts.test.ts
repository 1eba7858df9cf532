/**
 * The sparse layout (kept inputs per neuron, padded, gathered products) and
 * the Gram layout (weights as combinations of the data, products through
 * per-neuron Gram matrices) must train exactly what the dense reference
 * trains, within float tolerance, and keep pruned weights at exact zeros.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../../src/cli/backend';
import { planGroups } from '../../src/engine/plan';
import { TrainingSession, type Snapshot } from '../../src/engine/session';
import { densify, sparseIndex, uploadSparse } from '../../src/engine/sparse';
import { DEFAULT_PARAMS, type Params } from '../../src/model/params';
import { drawExperiment, maskFor } from '../../src/model/sampling';

before(async () => {
  await useNodeBackend('wasm');
});

const small: Params = {
  ...DEFAULT_PARAMS,
  d: 120,
  n: 12,
  nTest: 40,
  m: 5,
  sigmaP: 4 / Math.sqrt(120),
  sigma0: 0.05,
  eta: 3,
  maxSteps: 300,
};

async function trained(
  params: Params,
  prunes: number[],
  layout: 'dense' | 'sparse' | 'gram' | 'auto',
  steps: number,
): Promise<{ snap: Snapshot; weights: Float32Array[] }> {
  const s = TrainingSession.create({ params, prunes, seeds: [params.seed], tuning: { layout } });
  try {
    s.advance(steps);
    return { snap: await s.snapshot(), weights: await s.weights() };
  } finally {
    s.dispose();
  }
}

/** Largest |a - b| relative to the largest |b - init|: compares what training changed. */
function updateError(init: Float32Array, a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let k = 0; k < a.length; k++) {
    diff = Math.max(diff, Math.abs(a[k] - b[k]));
    scale = Math.max(scale, Math.abs(b[k] - init[k]));
  }
  assert.ok(scale > 1e-3, `training should move the weights (largest change ${scale})`);
  return diff / scale;
}

for (const [layout, q] of (['sparse', 'gram'] as const).flatMap((l) =>
  [1, 2, 3, 4].map((q) => [l, q] as const),
)) {
  test(`${layout} layout trains like the dense one, q = ${q}`, async () => {
    const params = { ...small, q, seed: q };
    const prunes = [0, 0.5, 0.9];
    const steps = 150;
    const dense = await trained(params, prunes, 'dense', steps);
    const sparse = await trained(params, prunes, layout, steps);
    const ex = drawExperiment(params);
    prunes.forEach((prune, r) => {
      const mask = maskFor(ex.maskUniforms, prune);
      const init = ex.init.map((v, k) => (mask[k] ? v : 0));
      const err = updateError(init, sparse.weights[r], dense.weights[r]);
      assert.ok(err < 1e-3, `prune ${prune}: weight updates differ by ${err}`);
      const a = sparse.snap.runs[r];
      const b = dense.snap.runs[r];
      assert.equal(a.steps, b.steps, `prune ${prune} steps`);
      assert.equal(a.status, b.status, `prune ${prune} status`);
      for (const key of ['trainLoss', 'testLoss', 'noiseMemorization'] as const) {
        assert.ok(
          Math.abs(a[key] - b[key]) <= 1e-4 * Math.max(1, Math.abs(b[key])),
          `prune ${prune} ${key}: ${a[key]} vs ${b[key]}`,
        );
      }
    });
  });
}

test('sparse index: padded slots are zero and densify rebuilds the masked weights', () => {
  const ex = drawExperiment(small);
  const prunes = [0.3, 0.8];
  const index = sparseIndex(small, prunes, ex);
  const cols = prunes.length * 2 * small.m;
  assert.equal(index.valid.length, cols * index.width);
  for (let k = 0; k < index.valid.length; k++) {
    if (!index.valid[k]) assert.equal(index.init[k], 0);
  }
  const xAugT = tf.zeros([small.d, small.n + 1]) as tf.Tensor2D;
  const sparse = uploadSparse(index, xAugT, small.eta);
  const v = tf.tensor2d(index.init, [cols, index.width]);
  const dense = tf.tidy(() => densify(sparse, v, small.d));
  const w = dense.dataSync();
  prunes.forEach((prune, r) => {
    const mask = maskFor(ex.maskUniforms, prune);
    for (let k = 0; k < 2 * small.m; k++) {
      for (let i = 0; i < small.d; i++) {
        const expected = mask[k * small.d + i] ? ex.init[k * small.d + i] : 0;
        assert.equal(w[i * cols + r * 2 * small.m + k], expected);
      }
    }
  });
  tf.dispose([xAugT, v, dense, sparse.gathered, sparse.etaValid, sparse.slotOf]);
});

for (const layout of ['sparse', 'gram'] as const) {
  test(`pruned weights stay exactly zero in the ${layout} layout`, async () => {
    const params = { ...small, seed: 7 };
    const prunes = [0.6, 0.95];
    const { weights } = await trained(params, prunes, layout, 200);
    const ex = drawExperiment(params);
    prunes.forEach((prune, r) => {
      const mask = maskFor(ex.maskUniforms, prune);
      let moved = 0;
      for (let k = 0; k < mask.length; k++) {
        if (!mask[k]) assert.equal(weights[r][k], 0, `pruned weight ${k} of prune ${prune}`);
        else if (weights[r][k] !== ex.init[k]) moved++;
      }
      assert.ok(moved > 0, 'kept weights should move');
    });
  });
}

test('auto plan: Gram while n is small next to the kept inputs, then dense or sparse; results agree', async () => {
  const params = { ...small, d: 400, n: 100, sigmaP: 4 / Math.sqrt(400), seed: 3 };
  const prunes = [0, 0.5, 0.9, 0.97, 0.99];
  const plans = planGroups(params, prunes, drawExperiment(params));
  const layoutOf = (i: number) => plans.find((p) => p.pruneIndex.includes(i))!.layout;
  assert.equal(layoutOf(0), 'gram');
  assert.equal(layoutOf(1), 'gram');
  assert.equal(layoutOf(2), 'dense');
  assert.equal(layoutOf(4), 'sparse');
  assert.deepEqual(plans.flatMap((p) => p.pruneIndex).sort(), [0, 1, 2, 3, 4]);
  const auto = await trained(params, prunes, 'auto', 100);
  const dense = await trained(params, prunes, 'dense', 100);
  auto.snap.runs.forEach((a, r) => {
    const b = dense.snap.runs[r];
    assert.equal(a.prune, prunes[r]);
    assert.equal(a.steps, b.steps);
    assert.ok(Math.abs(a.trainLoss - b.trainLoss) <= 1e-4, `prune ${a.prune}`);
  });
});
