import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, TrainingSession } from '../../src/engine/session';
import {
  MEMORY_BUDGET_BYTES,
  checkMemory,
  formatBytes,
  sessionBytes,
} from '../../src/model/memory';
import { DEFAULT_PARAMS } from '../../src/model/params';

const big = { ...DEFAULT_PARAMS, d: 20000, nTest: 20000, m: 1000 };

test('the MODEL.md setting fits, even as a 7 x 4 sweep', () => {
  assert.equal(checkMemory(DEFAULT_PARAMS), null);
  assert.equal(checkMemory(DEFAULT_PARAMS, 7, 4), null);
});

test('memory grows with every run and with the sizes', () => {
  const one = sessionBytes(DEFAULT_PARAMS, 1, 1);
  assert.ok(sessionBytes(DEFAULT_PARAMS, 2, 1) > one);
  assert.equal(sessionBytes(DEFAULT_PARAMS, 1, 3), 3 * one);
  assert.ok(sessionBytes({ ...DEFAULT_PARAMS, d: 4000 }, 1, 1) > one);
  // The test set alone is nTest * d floats.
  assert.ok(one >= 4 * DEFAULT_PARAMS.nTest * DEFAULT_PARAMS.d);
});

test('refusal says how much memory is needed and what the limit is', () => {
  const need = sessionBytes(big, 1, 1);
  assert.ok(need > MEMORY_BUDGET_BYTES);
  const msg = checkMemory(big);
  assert.ok(msg);
  assert.ok(msg.includes(`needs about ${formatBytes(need)}`), msg);
  assert.ok(msg.includes(`the limit is ${formatBytes(MEMORY_BUDGET_BYTES)}`), msg);
  assert.match(msg, /d = 20000, n = 60, nTest = 20000, m = 1000/);
  assert.ok(!msg.includes('\n'));
  // A run count pushes an otherwise fine configuration over a smaller budget.
  const budget = sessionBytes(DEFAULT_PARAMS, 4, 1);
  assert.equal(checkMemory(DEFAULT_PARAMS, 4, 1, budget), null);
  assert.match(checkMemory(DEFAULT_PARAMS, 5, 1, budget) ?? '', /for 5 runs/);
});

test('formatBytes picks MiB or GiB', () => {
  assert.equal(formatBytes(512 * 1024 ** 2), '512 MiB');
  assert.equal(formatBytes(3 * 1024 ** 3), '3 GiB');
});

test('a session refuses an oversized configuration before allocating anything', () => {
  assert.throws(
    () => TrainingSession.create({ params: big, prunes: [0.9], seeds: [0] }),
    (e: unknown) => e instanceof ConfigError && /needs about .* GiB of memory/.test(e.message),
  );
});
