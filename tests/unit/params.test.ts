import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_PARAMS,
  PARAM_NAMES,
  PARAM_SPECS,
  nearestValid,
  parseParam,
  parseParamsLenient,
  validateParams,
} from '../../src/model/params';

function errorOf(name: Parameters<typeof parseParam>[0], raw: string): string {
  const r = parseParam(name, raw);
  assert.equal(r.ok, false, `${name}=${raw} should be rejected`);
  return r.ok ? '' : r.error;
}

test('strict parse accepts valid values, trimming blanks', () => {
  assert.deepEqual(parseParam('d', ' 500 '), { ok: true, value: 500 });
  assert.deepEqual(parseParam('mu', '1.5'), { ok: true, value: 1.5 });
  assert.deepEqual(parseParam('q', '2'), { ok: true, value: 2 });
  assert.deepEqual(parseParam('prune', '0'), { ok: true, value: 0 });
  assert.deepEqual(parseParam('eta', '1e-3'), { ok: true, value: 0.001 });
});

test('strict parse messages name the parameter, the problem and the range', () => {
  assert.equal(
    errorOf('d', 'abc'),
    'd: "abc" is not a number; expected an integer from 2 to 20000',
  );
  assert.equal(errorOf('n', '2.5'), 'n: 2.5 is not an integer; expected an integer from 2 to 5000');
  assert.equal(errorOf('q', '5'), 'q: 5 is not allowed; expected one of 1, 2, 3, 4');
  assert.equal(
    errorOf('prune', '1'),
    'prune: 1 is out of range; expected a number from 0 to 0.999',
  );
  assert.match(
    errorOf('eta', '-1'),
    /^eta: -1 is out of range; expected a number from 1e-6 to 1e\+6$/,
  );
  assert.match(errorOf('sigmaP', ''), /^sigmaP: "" is not a number/);
  assert.match(errorOf('mu', 'Infinity'), /^mu: "Infinity" is not a number/);
  assert.match(errorOf('seed', '-3'), /^seed: .*out of range.*from 0 to 2147483647/);
});

test('every default is valid under its own schema', () => {
  assert.deepEqual(validateParams({ ...DEFAULT_PARAMS }), []);
  for (const name of PARAM_NAMES) {
    const r = parseParam(name, String(PARAM_SPECS[name].default));
    assert.ok(r.ok, `${name} default should parse`);
  }
});

test('lenient parse replaces bad values by the nearest valid one, with a notice', () => {
  const { params, notices } = parseParamsLenient({
    d: '99999',
    q: '2.6',
    mu: 'abc',
    n: '30',
    m: '7.4',
    notAParam: 'x',
  });
  assert.equal(params.d, 20000);
  assert.equal(params.q, 3);
  assert.equal(params.mu, DEFAULT_PARAMS.mu);
  assert.equal(params.n, 30);
  assert.equal(params.m, 7);
  assert.deepEqual(notices.map((n) => n.name).sort(), ['d', 'm', 'mu', 'q']);
  const d = notices.find((n) => n.name === 'd');
  assert.equal(d?.used, 20000);
  assert.equal(d?.given, '99999');
  assert.match(
    d?.message ?? '',
    /^d: 99999 is out of range; expected an integer from 2 to 20000; using 20000$/,
  );
  assert.deepEqual(validateParams(params), []);
});

test('nearestValid clamps, rounds and snaps choices', () => {
  assert.equal(nearestValid('prune', -0.5), 0);
  assert.equal(nearestValid('prune', 2), PARAM_SPECS.prune.max);
  assert.equal(nearestValid('q', 0), 1);
  assert.equal(nearestValid('q', 9), 4);
  assert.equal(nearestValid('maxSteps', 10.6), 11);
  assert.equal(nearestValid('sigma0', NaN), PARAM_SPECS.sigma0.default);
});

test('s may not exceed d: strict validation refuses, lenient parse repairs', () => {
  const errors = validateParams({ ...DEFAULT_PARAMS, d: 10, s: 50 });
  assert.deepEqual(errors, ['s: 50 exceeds d = 10; s must be at most d']);
  const { params, notices } = parseParamsLenient({ d: '10', s: '50' });
  assert.equal(params.s, 10);
  assert.equal(notices.length, 1);
  assert.equal(notices[0].message, 's: 50 exceeds d = 10; using 10');
});

test('strict validation of a whole set reports every bad value', () => {
  const errors = validateParams({ ...DEFAULT_PARAMS, q: 2.5, eps: 0, m: NaN });
  assert.equal(errors.length, 3);
  assert.ok(errors.some((e) => e.startsWith('q:')));
  assert.ok(errors.some((e) => e.startsWith('eps:')));
  assert.ok(errors.some((e) => e === 'm: not a finite number'));
});
