import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PARAMS, type Params } from '../../src/model/params';
import { drawExperiment, maskFor, maskStructure, signalVector } from '../../src/model/sampling';

const small: Params = { ...DEFAULT_PARAMS, d: 50, n: 12, nTest: 30, m: 4, seed: 7 };

test('same seed gives identical arrays', () => {
  const a = drawExperiment(small);
  const b = drawExperiment(small);
  assert.deepEqual(a, b);
  assert.equal(a.train.xi.length, small.n * small.d);
  assert.equal(a.test.xi.length, small.nTest * small.d);
  assert.equal(a.init.length, 2 * small.m * small.d);
  assert.equal(a.maskUniforms.length, 2 * small.m * small.d);
});

test('different seeds give different data, weights and masks', () => {
  const a = drawExperiment(small);
  const b = drawExperiment({ ...small, seed: 8 });
  assert.notDeepEqual(a.train.xi, b.train.xi);
  assert.notDeepEqual(a.train.y, b.train.y);
  assert.notDeepEqual(a.test.xi, b.test.xi);
  assert.notDeepEqual(a.init, b.init);
  assert.notDeepEqual(a.maskUniforms, b.maskUniforms);
});

test('changing nTest or m does not change the training data', () => {
  const a = drawExperiment(small);
  const b = drawExperiment({ ...small, nTest: 200 });
  assert.deepEqual(b.train, a.train);
  assert.deepEqual(b.init, a.init);
  assert.deepEqual(b.maskUniforms, a.maskUniforms);
  // A larger test set extends the smaller one.
  assert.deepEqual(b.test.y.slice(0, small.nTest), a.test.y);
  const c = drawExperiment({ ...small, m: 9 });
  assert.deepEqual(c.train, a.train);
  assert.deepEqual(c.test, a.test);
});

test('labels are balanced +-1 and noise has standard deviation sigmaP', () => {
  const p = { ...small, n: 4000, d: 20, sigmaP: 0.3 };
  const ex = drawExperiment(p);
  assert.ok(ex.train.y.every((v) => v === 1 || v === -1));
  const plus = ex.train.y.filter((v) => v === 1).length / p.n;
  assert.ok(Math.abs(plus - 0.5) < 0.03, `fraction of +1 labels ${plus}`);
  let sum = 0;
  let sq = 0;
  for (const v of ex.train.xi) {
    sum += v;
    sq += v * v;
  }
  const mean = sum / ex.train.xi.length;
  const sd = Math.sqrt(sq / ex.train.xi.length - mean * mean);
  assert.ok(Math.abs(mean) < 0.01, `noise mean ${mean}`);
  assert.ok(Math.abs(sd / p.sigmaP - 1) < 0.02, `noise sd ${sd}`);
  const init = drawExperiment({ ...p, m: 200, sigma0: 0.05 }).init;
  const sd0 = Math.sqrt(init.reduce((s, v) => s + v * v, 0) / init.length);
  assert.ok(Math.abs(sd0 / 0.05 - 1) < 0.03, `init sd ${sd0}`);
});

test('masks are nested across pruning rates and keep about 1 - prune', () => {
  const u = drawExperiment({ ...small, d: 500, m: 10 }).maskUniforms;
  const rates = [0, 0.3, 0.5, 0.8, 0.9, 0.98];
  const masks = rates.map((r) => maskFor(u, r));
  assert.ok(
    masks[0].every((v) => v === 1),
    'prune 0 keeps every weight',
  );
  for (let i = 1; i < rates.length; i++) {
    const heavier = masks[i];
    const lighter = masks[i - 1];
    for (let k = 0; k < u.length; k++) {
      if (heavier[k] === 1)
        assert.equal(lighter[k], 1, `maskFor(${rates[i]}) not inside maskFor(${rates[i - 1]})`);
    }
    const kept = heavier.reduce((s, v) => s + v, 0) / u.length;
    assert.ok(Math.abs(kept - (1 - rates[i])) < 0.02, `prune ${rates[i]} kept ${kept}`);
  }
});

test('signal vector: first s coordinates, norm mu', () => {
  for (const s of [1, 7, 50]) {
    const v = signalVector({ d: 50, mu: 0.8, s });
    const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    assert.ok(Math.abs(norm - 0.8) < 1e-6, `s = ${s}: norm ${norm}`);
    assert.ok(v.slice(0, s).every((x) => x > 0));
    assert.ok(v.slice(s).every((x) => x === 0));
  }
});

test('mask structure counts the neurons that keep a signal coordinate', () => {
  const p = { ...small, d: 40, m: 6, s: 3 };
  const u = drawExperiment(p).maskUniforms;
  for (const prune of [0, 0.5, 0.9]) {
    const st = maskStructure(u, prune, p);
    const mask = maskFor(u, prune);
    const sees = Array.from({ length: 2 * p.m }, (_, r) =>
      [0, 1, 2].some((k) => mask[r * p.d + k] === 1),
    );
    assert.deepEqual(st.seesSignal, sees);
    assert.deepEqual(st.signalNeurons, [
      sees.slice(0, p.m).filter(Boolean).length,
      sees.slice(p.m).filter(Boolean).length,
    ]);
    assert.equal(
      st.survivingWeights,
      mask.reduce((a, v) => a + v, 0),
    );
    assert.equal(st.density, st.survivingWeights / (2 * p.m * p.d));
  }
  assert.deepEqual(maskStructure(u, 0, p).signalNeurons, [6, 6]);
});
