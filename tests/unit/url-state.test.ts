import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PARAMS, PARAM_NAMES, type Params } from '../../src/model/params';
import { PRESETS } from '../../src/model/presets';
import { readParamsFromSearch, writeParamsToSearch } from '../../src/app/urlState';
import {
  SLIDER_STEPS,
  formatDensity,
  formatPrune,
  positionFromPrune,
  pruneFromPosition,
} from '../../src/app/pruneScale';

test('every parameter round-trips through the query string by its MODEL.md name', () => {
  const params: Params = {
    ...DEFAULT_PARAMS,
    d: 512,
    n: 33,
    mu: 1.25,
    sigmaP: 4 / Math.sqrt(512),
    q: 2,
    eta: 7.5,
    eps: 0.001,
    prune: 0.935,
    seed: 123456,
  };
  const search = writeParamsToSearch(params, '');
  const query = new URLSearchParams(search);
  assert.deepEqual([...query.keys()], [...PARAM_NAMES]);
  const back = readParamsFromSearch(search);
  assert.deepEqual(back.params, params);
  assert.deepEqual(back.notices, []);
});

test('an empty query gives the defaults and no notice', () => {
  assert.deepEqual(readParamsFromSearch(''), { params: DEFAULT_PARAMS, notices: [] });
});

test('bad values become the nearest valid ones and are named', () => {
  const { params, notices } = readParamsFromSearch(
    '?prune=1.5&q=7&n=abc&seed=-4&eta=&m=12.7&d=100&s=500',
  );
  assert.equal(params.prune, 0.999);
  assert.equal(params.q, 4);
  assert.equal(params.n, DEFAULT_PARAMS.n, 'not a number: the default');
  assert.equal(params.seed, 0);
  assert.equal(params.eta, DEFAULT_PARAMS.eta);
  assert.equal(params.m, 13);
  assert.equal(params.s, 100, 's may not exceed d');
  const named = new Set(notices.map((n) => n.name));
  for (const name of ['prune', 'q', 'n', 'seed', 'eta', 'm', 's']) {
    assert.ok(named.has(name as never), `${name} is named in a notice`);
  }
  for (const n of notices) assert.match(n.message, new RegExp(`^${n.name}:`));
});

test('markup in a URL value stays text in the notice', () => {
  const { notices } = readParamsFromSearch('?mu=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
  assert.equal(notices.length, 1);
  assert.equal(notices[0].name, 'mu');
  // The notice is rendered by React as text; here it must at least say what was given.
  assert.match(notices[0].message, /<img src=x/);
});

test('unknown keys (the sweep view’s) are kept, in order, after the parameters', () => {
  const search = writeParamsToSearch(
    { ...DEFAULT_PARAMS, prune: 0.5 },
    '?sweepRates=0.5,0.9&prune=0.2&phaseParam=mu&utm=x&phaseParam=n',
  );
  const query = new URLSearchParams(search);
  assert.equal(query.get('prune'), '0.5');
  assert.deepEqual(query.getAll('phaseParam'), ['mu', 'n']);
  assert.equal(query.get('sweepRates'), '0.5,0.9');
  assert.equal(query.get('utm'), 'x');
  const keys = [...query.keys()];
  assert.deepEqual(keys.slice(0, PARAM_NAMES.length), [...PARAM_NAMES]);
});

test('a repeated parameter uses its last value', () => {
  assert.equal(readParamsFromSearch('?seed=1&seed=2').params.seed, 2);
});

test('applying a preset yields valid, URL-stable parameters', () => {
  for (const preset of PRESETS) {
    const search = writeParamsToSearch(preset.params, '?sweepSeeds=3');
    const back = readParamsFromSearch(search);
    assert.deepEqual(back.params, preset.params, preset.id);
    assert.deepEqual(back.notices, [], preset.id);
  }
});

test('the slider scale is monotone, spans 0..0.99, and is fine near the top', () => {
  assert.equal(pruneFromPosition(0), 0);
  assert.equal(pruneFromPosition(SLIDER_STEPS), 0.99);
  let prev = -1;
  for (let p = 0; p <= SLIDER_STEPS; p++) {
    const prune = pruneFromPosition(p);
    assert.ok(prune > prev, `position ${p} increases the rate`);
    assert.equal(positionFromPrune(prune), p, `position ${p} maps back to itself`);
    prev = prune;
  }
  for (const nice of [0.5, 0.8, 0.9, 0.95, 0.98, 0.99]) {
    assert.equal(pruneFromPosition(positionFromPrune(nice)), nice, `${nice} is on the scale`);
  }
  const nearTop = pruneFromPosition(positionFromPrune(0.98) + 1) - 0.98;
  const nearZero = pruneFromPosition(1) - pruneFromPosition(0);
  assert.ok(nearTop < 0.001, `one step near 0.98 is small (${nearTop})`);
  assert.ok(nearZero > 10 * nearTop, 'steps near 0 are much coarser');
  assert.ok(positionFromPrune(0.9) < SLIDER_STEPS / 2, 'more than half the travel is above 0.9');
  assert.equal(pruneFromPosition(positionFromPrune(0.9013)), 0.902, 'off-grid rates snap');
});

test('rates and densities read well', () => {
  assert.equal(formatPrune(0.9), '0.90');
  assert.equal(formatPrune(0.955), '0.955');
  assert.equal(formatPrune(0.9845), '0.9845');
  assert.equal(formatPrune(0), '0.00');
  assert.equal(formatDensity(0.9), '10%');
  assert.equal(formatDensity(0.98), '2%');
  assert.equal(formatDensity(0.995), '0.5%');
});
