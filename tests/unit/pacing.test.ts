import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pacer, spacingCap, TestSchedule, type PacingOptions } from '../../src/worker/pacing';

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

test('live rounds give about six snapshots per doubling of the step count', () => {
  assert.equal(spacingCap(0, 6), 1);
  assert.equal(spacingCap(5, 6), 1, 'the first steps are each a point');
  let step = 0;
  let snapshots = 0;
  while (step < 1024) {
    step += spacingCap(step, 6);
    snapshots++;
  }
  // The first ~8 steps are a point each; from 8 to 1024 is seven doublings
  // at about six points each (rounding up makes it a little fewer).
  assert.ok(snapshots >= 40 && snapshots <= 60, `${snapshots} snapshots to step 1024`);
  assert.ok(spacingCap(10_000, 6) <= 10_000 * 0.13, 'late rounds stay a small part of the run');
});

test('the test set takes about its share of the time, after a new run shows its first points', () => {
  const t = new TestSchedule(1 / 3, 400);
  assert.ok(t.due(0), 'before a run starts, the first read may test');
  t.started(1000);
  assert.ok(!t.due(1200), 'the first points come before the first test');
  assert.ok(t.due(1400));
  // A test round of 300 ms: the next one waits twice that (a third of the time).
  t.record(true, 1700, 300);
  assert.ok(!t.due(2299));
  assert.ok(t.due(2300));
  t.record(false, 2000, 50);
  assert.ok(t.due(2300), 'rounds without the test set do not move it');
});

test('the pacer learns from training-only rounds, and from test rounds when there are no others', () => {
  const t = new TestSchedule(1 / 3, 0);
  assert.ok(t.pacerShouldObserve(false));
  t.record(true, 0, 10);
  assert.ok(!t.pacerShouldObserve(true));
  for (let i = 0; i < 3; i++) t.record(true, 0, 10);
  assert.ok(t.pacerShouldObserve(true), 'a fast GPU tests every round');
  t.record(false, 0, 10);
  t.record(true, 0, 10);
  assert.ok(!t.pacerShouldObserve(true));
});
