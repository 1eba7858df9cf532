import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradient functions (its ESM files cannot load in
// Node); the union package's Node bundle registers them in the shared registry.
import '@tensorflow/tfjs';
import { useNodeBackend } from '../../src/cli/backend';
import { disposeGroup, uploadGroup } from '../../src/engine/group';
import { lossAndGradient, trainingLoss } from '../../src/engine/step';
import { DEFAULT_PARAMS, type Params } from '../../src/model/params';
import { drawExperiment } from '../../src/model/sampling';

before(async () => {
  await useNodeBackend('wasm');
  assert.equal(tf.getBackend(), 'wasm');
});

/**
 * Larger init and noise than the app's defaults, so every neuron's
 * pre-activations are O(1) and the q-th power does not flatten the gradient
 * to float32 noise.
 */
function config(q: number, seed: number): Params {
  return {
    ...DEFAULT_PARAMS,
    d: 24,
    n: 9,
    nTest: 10,
    m: 3,
    mu: 1,
    sigmaP: 0.4,
    sigma0: 0.5,
    q,
    seed,
  };
}

interface Comparison {
  relError: number;
  scale: number;
  lossError: number;
}

/** Hand-written gradient vs tf.grad of the summed per-run loss, on the surviving entries. */
function compare(params: Params, prunes: number[]): Comparison {
  const ex = drawExperiment(params);
  const g = uploadGroup(params, prunes, params.seed, ex);
  try {
    return tf.tidy(() => {
      const w = g.state.w;
      const mine = lossAndGradient(g.data, w);
      const auto = tf.grad((x: tf.Tensor) => tf.sum(trainingLoss(g.data, x as tf.Tensor2D)))(w);
      const keep = tf.cast(tf.greater(g.constants.etaMask, 0), 'float32');
      const a = tf.mul(mine.grad, keep);
      const b = tf.mul(auto, keep);
      const scale = tf.max(tf.abs(b)).dataSync()[0];
      const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
      const lossDiff = tf.max(tf.abs(tf.sub(mine.loss, trainingLoss(g.data, w)))).dataSync()[0];
      assert.ok(mine.finite.dataSync().every((v) => v === 1));
      return { relError: diff / scale, scale, lossError: lossDiff };
    });
  } finally {
    disposeGroup(g);
  }
}

for (const q of [1, 2, 3, 4]) {
  test(`hand-written gradient equals tf.grad for q = ${q}, one run and several prunes batched`, () => {
    for (const seed of [1, 2]) {
      for (const prunes of [[0], [0, 0.4, 0.8]]) {
        const r = compare(config(q, seed), prunes);
        assert.ok(r.scale > 1e-4, `gradient too small to test (${r.scale})`);
        assert.ok(
          r.relError < 1e-4,
          `q ${q} seed ${seed} prunes ${prunes}: rel error ${r.relError}`,
        );
        assert.ok(r.lossError < 1e-6, `loss differs by ${r.lossError}`);
      }
    }
  });
}

test('the comparison notices a wrong gradient', () => {
  // Guards the test itself: a gradient for the wrong q must not pass.
  const params = config(3, 1);
  const ex = drawExperiment(params);
  const g = uploadGroup(params, [0], 1, ex);
  const wrong = uploadGroup({ ...params, q: 2 }, [0], 1, ex);
  try {
    const rel = tf.tidy(() => {
      const mine = lossAndGradient(wrong.data, wrong.state.w).grad;
      const auto = tf.grad((x: tf.Tensor) => tf.sum(trainingLoss(g.data, x as tf.Tensor2D)))(
        g.state.w,
      );
      const diff = tf.max(tf.abs(tf.sub(mine, auto))).dataSync()[0];
      return diff / tf.max(tf.abs(auto)).dataSync()[0];
    });
    assert.ok(rel > 1e-2, `q = 2 gradient passed as q = 3 (rel ${rel})`);
  } finally {
    disposeGroup(g);
    disposeGroup(wrong);
  }
});
