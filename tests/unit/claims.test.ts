import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { useNodeBackend } from '../../src/cli/backend';
import { runToEnd } from '../../src/engine/run';
import { TrainingSession, type RunSnapshot } from '../../src/engine/session';
import { DEFAULT_PARAMS, type Params } from '../../src/model/params';

before(async () => {
  await useNodeBackend('wasm');
});

/*
 * MODEL.md's setting shrunk to run in seconds: d 2000 -> 400 with sigmaP
 * scaled to keep the noise norm sigmaP sqrt(d) = 4, n 60 -> 20, m 40 -> 20,
 * mu 0.8 -> 1 (so the per-neuron competition n SNR^q at prune 0.9 stays as
 * large as MODEL.md's with fewer points). Explored at eta 20 over 10 seeds
 * (mean test accuracy): prune 0: 0.51, 0.85: 0.80, 0.9: 0.84, 0.98: 0.52
 * (train 0.96), 0.99: 0.49 (train 0.94, some stopped at maxSteps); at
 * eta 50 over 8 seeds: 0.53, 0.9: 0.83, 0.98: 0.53 (train 0.96).
 */
const small: Params = {
  ...DEFAULT_PARAMS,
  d: 400,
  n: 20,
  nTest: 500,
  m: 20,
  mu: 1,
  sigmaP: 0.2,
  // eta 50 instead of 20: heavily pruned runs converge 2.5x sooner, same outcome.
  eta: 50,
  maxSteps: 4000,
};
const DENSE = 0;
const MIDDLE = 0.9;
const HEAVY = 0.98;
const SEEDS = [0, 1, 2, 3, 4, 5];

function mean(runs: RunSnapshot[], prune: number, field: 'trainAcc' | 'testAcc'): number {
  const mine = runs.filter((r) => r.prune === prune);
  assert.equal(mine.length, SEEDS.length);
  return mine.reduce((a, r) => a + r[field], 0) / mine.length;
}

test('the three claims of MODEL.md on a small configuration, mean over 6 seeds', async (t) => {
  const s = TrainingSession.create({ params: small, prunes: [DENSE, MIDDLE, HEAVY], seeds: SEEDS });
  let runs: RunSnapshot[];
  try {
    runs = (await runToEnd(s, 250)).runs;
  } finally {
    s.dispose();
  }
  const testAcc = (p: number) => mean(runs, p, 'testAcc');
  const train = (p: number) => mean(runs, p, 'trainAcc');
  const table = [DENSE, MIDDLE, HEAVY]
    .map((p) => `prune ${p}: train ${train(p).toFixed(3)} test ${testAcc(p).toFixed(3)}`)
    .join('; ');
  t.diagnostic(table);
  assert.ok(
    runs.every((r) => r.status !== 'diverged'),
    table,
  );
  // Dense: fits the training set, by memorizing noise.
  assert.ok(train(DENSE) >= 0.95, table);
  assert.ok(testAcc(DENSE) <= 0.6, table);
  // Mild pruning: fits it by learning the signal.
  assert.ok(train(MIDDLE) >= 0.95, table);
  assert.ok(testAcc(MIDDLE) >= 0.75, table);
  assert.ok(testAcc(MIDDLE) >= testAcc(DENSE) + 0.15, table);
  // Heavy pruning: still fits the training set, but is back near a coin flip.
  assert.ok(train(HEAVY) >= 0.9, table);
  assert.ok(testAcc(HEAVY) <= 0.6, table);
  assert.ok(testAcc(HEAVY) <= testAcc(MIDDLE) - 0.15, table);
  // Claim 3's mechanism: heavy pruning leaves few signal-seeing neurons.
  const seeing = (p: number) =>
    runs
      .filter((r) => r.prune === p)
      .reduce((a, r) => a + r.structure.signalNeurons[0] + r.structure.signalNeurons[1], 0);
  assert.ok(seeing(HEAVY) < seeing(MIDDLE) && seeing(MIDDLE) < seeing(DENSE));
});
