import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { useNodeBackend } from '../../src/cli/backend';
import { report, verifyPresets } from '../../src/cli/verify-presets';
import { checkMemory } from '../../src/model/memory';
import { validateParams } from '../../src/model/params';
import { PRESETS, claimProblems, presetById, type Preset } from '../../src/model/presets';

before(async () => {
  await useNodeBackend('wasm');
});

function preset(id: string): Preset {
  const p = presetById(id);
  assert.ok(p, `preset ${id}`);
  return p;
}

test('presets are valid, fit in memory, and differ only in the pruning rate', () => {
  assert.deepEqual(
    PRESETS.map((p) => p.id),
    ['dense', 'mild', 'heavy'],
  );
  for (const p of PRESETS) {
    assert.deepEqual(validateParams(p.params), [], p.id);
    assert.equal(checkMemory(p.params), null, p.id);
    assert.deepEqual({ ...p.params, prune: 0 }, { ...PRESETS[0].params, prune: 0 }, p.id);
  }
  const prunes = PRESETS.map((p) => p.params.prune);
  assert.ok(prunes[0] < prunes[1] && prunes[1] < prunes[2]);
});

test('a claim fails on a run that does not show it', () => {
  const mild = preset('mild');
  assert.deepEqual(claimProblems(mild, { status: 'converged', trainAcc: 1, testAcc: 0.95 }), []);
  assert.equal(claimProblems(mild, { status: 'converged', trainAcc: 1, testAcc: 0.5 }).length, 1);
  assert.match(
    claimProblems(preset('heavy'), { status: 'maxSteps', trainAcc: 0.6, testAcc: 0.5 }).join(),
    /maxSteps.*train accuracy/,
  );
  assert.equal(
    claimProblems(preset('dense'), { status: 'converged', trainAcc: 1, testAcc: 0.9 }).length,
    1,
  );
});

/*
 * Each preset at its real size and its own seed, as the app shows it. The
 * heavy one trains alone: batched with the others it would make them step
 * (frozen) for its ~2600 steps too. Over several seeds: npm run verify-presets.
 */
test('dense and mild presets show their claims at full size', async (t) => {
  const verdicts = await verifyPresets([], [preset('dense'), preset('mild')]);
  for (const line of report(verdicts).split('\n')) t.diagnostic(line);
  for (const v of verdicts) assert.deepEqual(v.ownSeed, [], `${v.preset.id}\n${report(verdicts)}`);
});

test('heavy preset fits its training set and stays near chance at full size', async (t) => {
  const verdicts = await verifyPresets([], [preset('heavy')]);
  for (const line of report(verdicts).split('\n')) t.diagnostic(line);
  assert.deepEqual(verdicts[0].ownSeed, [], report(verdicts));
});
