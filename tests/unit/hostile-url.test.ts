/**
 * Hostile and broken links, as people paste them: every one must open a valid
 * experiment, and every bad value must be named in a notice. Runs the same path
 * the app takes (query string → urlState → the params schema), then the memory
 * check the worker applies before it allocates anything.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readParamsFromSearch } from '../../src/app/urlState';
import { checkMemory, formatBytes, sessionBytes } from '../../src/model/memory';
import {
  DEFAULT_PARAMS,
  PARAM_SPECS,
  validateParams,
  type ParamName,
  type Params,
} from '../../src/model/params';

interface Case {
  /** The query string as it would appear after '?'. */
  query: string;
  /** Parameters the notices must name, exactly. */
  named: ParamName[];
  /** Values that must be used afterwards. */
  expect?: Partial<Params>;
}

const max = (name: ParamName): number => PARAM_SPECS[name].max;
const min = (name: ParamName): number => PARAM_SPECS[name].min;

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '"><img src=x onerror="window.__pwned=1">';

const CASES: Case[] = [
  { query: 'd=abc', named: ['d'], expect: { d: DEFAULT_PARAMS.d } },
  { query: 'mu=NaN', named: ['mu'], expect: { mu: DEFAULT_PARAMS.mu } },
  { query: 'eta=Infinity', named: ['eta'], expect: { eta: max('eta') } },
  { query: 'eta=-Infinity', named: ['eta'], expect: { eta: min('eta') } },
  { query: 'n=-5', named: ['n'], expect: { n: min('n') } },
  { query: 'm=0', named: ['m'], expect: { m: min('m') } },
  { query: 'd=1e309', named: ['d'], expect: { d: max('d') } },
  { query: 'd=99999999999999999999999', named: ['d'], expect: { d: max('d') } },
  { query: 'sigma0=-1e-400', named: ['sigma0'], expect: { sigma0: min('sigma0') } },
  { query: 'prune=1', named: ['prune'], expect: { prune: max('prune') } },
  { query: 'prune=-0.5', named: ['prune'], expect: { prune: 0 } },
  { query: 'q=0', named: ['q'], expect: { q: 1 } },
  { query: 'q=7', named: ['q'], expect: { q: 4 } },
  { query: 'q=2.5', named: ['q'] },
  { query: 'q=relu', named: ['q'], expect: { q: DEFAULT_PARAMS.q } },
  { query: 'seed=1.5', named: ['seed'], expect: { seed: 2 } },
  { query: 'seed=-1', named: ['seed'], expect: { seed: 0 } },
  { query: 'maxSteps=1e12', named: ['maxSteps'], expect: { maxSteps: max('maxSteps') } },
  { query: `d=${encodeURIComponent(SCRIPT)}`, named: ['d'], expect: { d: DEFAULT_PARAMS.d } },
  { query: `prune=${encodeURIComponent(IMG)}`, named: ['prune'] },
  { query: `mu=${encodeURIComponent(IMG)}&n=${encodeURIComponent(SCRIPT)}`, named: ['mu', 'n'] },
  // Empty and blank values are named, not silently taken as 0.
  { query: 'eta=', named: ['eta'], expect: { eta: DEFAULT_PARAMS.eta } },
  { query: 'n=%20%20', named: ['n'], expect: { n: DEFAULT_PARAMS.n } },
  // Unicode: full-width and Arabic-Indic digits, a minus sign that is not '-', a bare emoji.
  { query: `n=${encodeURIComponent('５０')}`, named: ['n'] },
  { query: `m=${encodeURIComponent('٤٠')}`, named: ['m'] },
  { query: `eta=${encodeURIComponent('−1')}`, named: ['eta'] },
  { query: `seed=${encodeURIComponent('🌱')}`, named: ['seed'] },
  // Broken percent-encoding must not throw.
  { query: 'd=%E0%A4%A', named: ['d'] },
  // A repeated key: the last value wins; a bad last value is named.
  { query: 'prune=0.5&prune=0.7', named: [], expect: { prune: 0.7 } },
  { query: 'prune=0.5&prune=oops', named: ['prune'] },
  // s may not exceed d: repaired, named.
  { query: 's=50&d=10', named: ['s'], expect: { s: 10, d: 10 } },
  { query: 's=1e309', named: ['s'], expect: { s: DEFAULT_PARAMS.d } },
  // Keys the app does not know, including prototype names, change nothing.
  { query: '__proto__=1&constructor=2&toString=3&foo=bar', named: [], expect: DEFAULT_PARAMS },
  { query: '__proto__[d]=5&d[]=7', named: [], expect: { d: DEFAULT_PARAMS.d } },
  // Many bad values at once are each named.
  {
    query:
      'd=x&n=y&nTest=z&m=-1&mu=0&s=0&sigmaP=-1&sigma0=0&q=9&eta=0&eps=1&maxSteps=0&prune=2&seed=x',
    named: [
      'd',
      'n',
      'nTest',
      'm',
      'mu',
      's',
      'sigmaP',
      'sigma0',
      'q',
      'eta',
      'eps',
      'maxSteps',
      'prune',
      'seed',
    ],
  },
];

for (const c of CASES) {
  test(`hostile URL ?${c.query.slice(0, 60)}`, () => {
    const { params, notices } = readParamsFromSearch(`?${c.query}`);
    assert.deepEqual(validateParams(params), [], 'the parameters used must be valid');
    assert.deepEqual(
      [...new Set(notices.map((n) => n.name))].sort(),
      [...c.named].sort(),
      'exactly the bad parameters are named',
    );
    for (const n of notices) {
      // The notice says what was given and what is used instead.
      assert.match(n.message, new RegExp(`^${n.name}: `));
      assert.match(n.message, /using /);
      assert.ok(n.given.length <= 41, 'the echoed value is truncated');
    }
    // A later repair (s clamped to d) may supersede an earlier notice; the last one is true.
    for (const name of c.named) {
      const last = notices.filter((n) => n.name === name).at(-1);
      assert.equal(params[name], last?.used, `the last notice for ${name} gives the value used`);
    }
    for (const [name, value] of Object.entries(c.expect ?? {})) {
      assert.equal(params[name as ParamName], value, `${name}`);
    }
  });
}

test('a very long value is named with a truncated echo', () => {
  const { notices } = readParamsFromSearch(`?mu=${'9'.repeat(5000)}x`);
  assert.equal(notices.length, 1);
  assert.ok(notices[0].message.length < 200, notices[0].message);
});

test('a hostile payload stays plain text in the notice (escaping is up to the renderer)', () => {
  // The notice carries the payload as data; the e2e test checks that it is never parsed as HTML.
  const { notices } = readParamsFromSearch(`?d=${encodeURIComponent('<b>x</b>')}`);
  assert.equal(notices[0].given, '<b>x</b>');
});

test('non-decimal number syntax (hex, binary, octal) is not taken as a number', () => {
  // JavaScript's Number() reads '0x10' as 16; a pasted link with it is a typo, not a size.
  for (const text of ['0x10', '0b11', '0o17']) {
    const { notices } = readParamsFromSearch(`?d=${text}`);
    assert.deepEqual(
      notices.map((n) => n.name),
      ['d'],
      `d=${text} should be named as not a number`,
    );
  }
});

test('sizes within the schema but too big for memory are refused with the amount needed', () => {
  const { params, notices } = readParamsFromSearch('?d=20000&n=5000&nTest=20000&m=1000');
  assert.deepEqual(notices, [], 'each value alone is within range');
  const message = checkMemory(params);
  assert.ok(message, 'the memory check must refuse this size');
  assert.ok(message.includes(formatBytes(sessionBytes(params, 1, 1))), message);
  assert.match(message, /needs about [\d.]+ GiB/);
  assert.match(message, /limit is/);
});

test('the default and preset-sized experiments pass the memory check', () => {
  assert.equal(checkMemory(DEFAULT_PARAMS), null);
  // The app trains the pruned run next to its dense baseline.
  assert.equal(checkMemory(DEFAULT_PARAMS, 2, 1), null);
});
