import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pacer, type PacingOptions } from '../../src/worker/pacing';

const OPTIONS: PacingOptions = {
  minEvery: 1,
  maxEvery: 500,
  targetMs: 90,
  maxIntervalMs: 1200,
  maxReadShare: 0.25,
};

/** Feeds the pacer rounds that cost stepMs per step plus readMs per read. */
function settle(stepMs: number, readMs: number, rounds = 30): { every: number; pacer: Pacer } {
  const pacer = new Pacer(OPTIONS);
  for (let i = 0; i < rounds; i++) {
    const k = pacer.next();
    pacer.observe(k, stepMs * k + readMs + (i === 0 ? 5000 : 0));
  }
  return { every: pacer.next(), pacer };
}

test('a fast GPU reads rarely enough that reading takes at most a quarter of the time', () => {
  const { every, pacer } = settle(1, 5);
  const fit = pacer.estimate();
  assert.ok(fit && Math.abs(fit.stepMs - 1) < 1e-6 && Math.abs(fit.readMs - 5) < 1e-6);
  assert.ok(5 / (every * 1 + 5) <= 0.26, `read share small (every = ${every})`);
  assert.ok(every * 1 + 5 >= 85, 'snapshots are not closer than about targetMs');
});

test('a slow software GPU still moves the charts about once per second', () => {
  const { every } = settle(25, 400);
  assert.ok(every * 25 + 400 <= 1300, `interval bounded (every = ${every})`);
  assert.ok(every >= 20, `but not one step per read (every = ${every})`);
});

test('a read slower than the interval cap gets at least as much training time', () => {
  const { every } = settle(20, 1400);
  assert.ok(every * 20 >= 1400, `every = ${every}`);
});

test('the first round (shader compilation) does not count, and growth is gradual', () => {
  const pacer = new Pacer(OPTIONS);
  pacer.observe(1, 10_000);
  assert.equal(pacer.estimate(), null);
  let prev = pacer.next();
  for (let i = 0; i < 10; i++) {
    const k = pacer.next();
    pacer.observe(k, k * 0.5 + 2);
    assert.ok(pacer.next() <= 2 * prev, 'at most doubles per round');
    prev = pacer.next();
  }
});
