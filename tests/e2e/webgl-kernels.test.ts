/**
 * The fused WebGL programs (the Gram, dense and sparse layouts' step in the
 * app's worker) must train what the plain tfjs ops train. The reference is
 * the dense layout with tfjs ops on the WASM backend, here in Node; the
 * browser side is the bench page's worker on WebGL (SwiftShader here).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { runInBrowser } from '../../bench/browser-driver';
import { relativeUpdateError } from '../../bench/numpy';
import { weightsAfter } from '../../bench/measure';
import { useNodeBackend } from '../../src/cli/backend';
import { DEFAULT_PARAMS, type Params } from '../../src/model/params';

before(async () => {
  await useNodeBackend('wasm');
});

// Small enough for a quick check, large enough that every layout is used
// for real: n + 1 = 25 rows, about 60 kept inputs per neuron at prune 0.9.
const params: Params = {
  ...DEFAULT_PARAMS,
  d: 600,
  n: 24,
  nTest: 50,
  m: 8,
  sigmaP: 4 / Math.sqrt(600),
  prune: 0.9,
  seed: 5,
};
const STEPS = 40;

test('fused WebGL kernels train what the tfjs ops train (Gram, dense and sparse layouts)', async () => {
  const reference = await weightsAfter(params, STEPS, { layout: 'dense', kernels: 'tfjs' });
  const init = await weightsAfter(params, 0, { layout: 'dense', kernels: 'tfjs' });
  const reply = await runInBrowser(
    { cases: [], oneAtATime: [], weights: { params, steps: STEPS }, profileReps: 0 },
    180_000,
  );
  assert.equal(reply.error, undefined, `browser side failed: ${reply.error}`);
  assert.equal(reply.backend, 'webgl');
  const w = reply.weights!;
  assert.deepEqual(w.init, Array.from(init.weights), 'initial weights are the same draw');
  for (const [layout, trained] of [
    ['gram (the engine’s choice)', w.trained],
    ['dense', w.trainedDense],
    ['sparse', w.trainedSparse],
  ] as const) {
    const err = relativeUpdateError(init.weights, trained, reference.weights);
    assert.ok(err < 1e-4, `${layout}: weight updates differ from tfjs by ${err.toExponential(2)}`);
    // Pruned weights are exactly zero in every layout.
    init.weights.forEach((v, k) => {
      if (v === 0) assert.equal(trained[k], 0, `${layout}: pruned weight ${k}`);
    });
  }
  assert.ok(
    Math.abs(w.trainLoss - reference.trainLoss) < 1e-4,
    `loss ${w.trainLoss} vs ${reference.trainLoss}`,
  );
});
