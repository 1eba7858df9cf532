import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { UsageError, parseArgs } from '../../src/cli/args';
import { main, type Dump } from '../../src/cli/sweep';
import { DEFAULT_PARAMS, PARAM_NAMES } from '../../src/model/params';
import { drawExperiment, maskFor } from '../../src/model/sampling';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../src/cli/sweep.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pruneviz-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const TINY = [
  '--d',
  '40',
  '--n',
  '8',
  '--nTest',
  '20',
  '--m',
  '3',
  '--eta',
  '3',
  '--maxSteps',
  '200',
];
const KEYS = [
  'prune',
  'seed',
  'steps',
  'status',
  'trainLoss',
  'trainAcc',
  'testLoss',
  'testAcc',
  'signalNeurons',
];

function sweep(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** main() in this process, with stdout and stderr captured. */
async function inProcess(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    { write: (t: string) => (stdout += t) },
    { write: (t: string) => (stderr += t) },
  );
  return { code, stdout, stderr };
}

test('a sweep prints one JSON object per run and nothing else on stdout', () => {
  const r = sweep([...TINY, '--prune', '0,0.5', '--seeds', '0,1', '--every', '50']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 4);
  assert.ok(r.stdout.endsWith('\n'));
  const runs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const run of runs) {
    assert.deepEqual(Object.keys(run), KEYS);
    assert.ok(['converged', 'maxSteps', 'diverged'].includes(run.status as string));
    assert.ok(typeof run.steps === 'number' && run.steps > 0 && run.steps <= 200);
    for (const k of ['trainLoss', 'trainAcc', 'testLoss', 'testAcc'])
      assert.equal(typeof run[k], 'number');
    const sn = run.signalNeurons as number[];
    assert.equal(sn.length, 2);
    assert.ok(sn.every((v) => Number.isInteger(v) && v >= 0 && v <= 3));
  }
  // Lines come in the order the runs finish.
  const byRun = (run: Record<string, unknown>) => `${String(run.prune)}/${String(run.seed)}`;
  assert.deepEqual(runs.map(byRun).sort(), ['0.5/0', '0.5/1', '0/0', '0/1']);
  // Snapshots come every 50 steps: a run that finished in an earlier window prints earlier.
  const windows = runs.map((run) => Math.ceil((run.steps as number) / 50));
  assert.deepEqual(
    windows,
    [...windows].sort((a, b) => a - b),
    'a run that finished earlier prints earlier',
  );
  const dense = runs.find((run) => run.prune === 0)!;
  assert.deepEqual(dense.signalNeurons, [3, 3], 'dense: every neuron sees the signal');
  assert.match(r.stderr, /backend wasm/);
  assert.match(r.stderr, /step \d+\/200/);
});

test('--dump writes the documented structure with the right shapes', async () => {
  const file = join(dir, 'run.json');
  const r = await inProcess([
    ...TINY,
    '--prune',
    '0.6',
    '--seed',
    '2',
    '--every',
    '25',
    '--dump',
    file,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  const line = JSON.parse(r.stdout) as Record<string, unknown>;
  const dump = JSON.parse(readFileSync(file, 'utf8')) as Dump;
  assert.deepEqual(Object.keys(dump).slice(0, 6), [
    'config',
    'train',
    'test',
    'init',
    'mask',
    'history',
  ]);
  const { config } = dump;
  assert.deepEqual(Object.keys(config).sort(), [...PARAM_NAMES].sort());
  assert.equal(config.prune, 0.6);
  assert.equal(config.seed, 2);
  assert.equal(config.d, 40);
  assert.equal(config.mu, DEFAULT_PARAMS.mu);
  const { d, n, nTest, m } = config;
  const shape = (a: number[][], rows: number, cols: number, what: string) => {
    assert.equal(a.length, rows, `${what} rows`);
    assert.ok(
      a.every((row) => row.length === cols),
      `${what} columns`,
    );
  };
  assert.equal(dump.train.y.length, n);
  shape(dump.train.xi, n, d, 'train.xi');
  assert.equal(dump.test.y.length, nTest);
  shape(dump.test.xi, nTest, d, 'test.xi');
  shape(dump.init.w, 2 * m, d, 'init.w');
  shape(dump.mask, 2 * m, d, 'mask');
  // The numbers are the experiment itself: a reader can redo the run exactly.
  const ex = drawExperiment(config);
  assert.deepEqual(dump.train.y, Array.from(ex.train.y));
  assert.deepEqual(Float32Array.from(dump.train.xi.flat()), ex.train.xi);
  assert.deepEqual(Float32Array.from(dump.test.xi.flat()), ex.test.xi);
  assert.deepEqual(Float32Array.from(dump.init.w.flat()), ex.init);
  assert.deepEqual(Uint8Array.from(dump.mask.flat()), maskFor(ex.maskUniforms, 0.6));
  assert.ok(dump.mask.flat().some((v) => v === 0) && dump.mask.flat().some((v) => v === 1));
  // History: every 25 steps from 0, then the final state, which is the printed line.
  const steps = dump.history.map((h) => h.step);
  assert.equal(steps[0], 0);
  assert.ok(steps.every((s, i) => i === 0 || s - steps[i - 1] === 25 || i === steps.length - 1));
  for (const h of dump.history) {
    assert.deepEqual(Object.keys(h), ['step', 'trainLoss', 'trainAcc', 'testLoss', 'testAcc']);
  }
  const last = dump.history[dump.history.length - 1];
  assert.equal(last.trainLoss, line.trainLoss);
  assert.equal(last.testAcc, line.testAcc);
  assert.ok(dump.history[0].trainLoss > last.trainLoss, 'the loss should go down');
});

const BAD: [string[], RegExp][] = [
  [['--foo', '1'], /^sweep: unknown flag --foo; see --help$/],
  [['--maxstep', '10'], /^sweep: unknown flag --maxstep \(did you mean --maxSteps\?\)$/],
  [['--d', 'abc'], /^sweep: d: "abc" is not a number; expected an integer from 2 to 20000$/],
  [['--q', '5'], /^sweep: q: 5 is not allowed; expected one of 1, 2, 3, 4$/],
  [['--prune', '0,1.5'], /^sweep: prune: 1.5 is out of range; expected a number from 0 to 0.999$/],
  [['--prune', '0,,0.5'], /^sweep: prune: .* has an empty item/],
  [['--prune', '0.5,0.5'], /^sweep: prune: 0.5 is listed twice$/],
  [['--seeds', '1,x'], /^sweep: seed: "x" is not a number/],
  [['--seed', '1,2'], /^sweep: --seed takes one seed; use --seeds for a list$/],
  [['--seed', '1', '--seeds', '2'], /^sweep: give either --seed or --seeds, not both$/],
  [['--n'], /^sweep: --n needs a value$/],
  [['--n', '--m', '3'], /^sweep: --n needs a value$/],
  [['--m', '3', '--m', '4'], /^sweep: --m is given more than once$/],
  [['stray'], /^sweep: unexpected argument "stray"/],
  [['--every', '0'], /^sweep: every: "0" is not allowed; expected an integer from 1 to/],
  [['--backend', 'gpu'], /^sweep: backend: "gpu" is not available; expected one of wasm, cpu$/],
  [['--d', '10', '--s', '20'], /^sweep: s: 20 exceeds d = 10; s must be at most d$/],
  [
    ['--seeds', '0,1', '--dump', 'x.json'],
    /^sweep: --dump writes one run: .*\(got 1 pruning rates and 2 seeds\)$/,
  ],
  [['--prune', '0,0.5', '--dump', 'x.json'], /^sweep: --dump writes one run/],
  [
    ['--d', '20000', '--nTest', '20000', '--m', '1000'],
    /^sweep: this configuration needs about [\d.]+ GiB of memory .* the limit is 1.5 GiB/,
  ],
];

test('bad arguments exit with code 2 and one line naming the problem', async () => {
  for (const [args, message] of BAD) {
    const r = await inProcess(args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit code`);
    assert.equal(r.stdout, '', `${args.join(' ')}: stdout`);
    assert.ok(
      r.stderr.endsWith('\n') && r.stderr.split('\n').length === 2,
      `${args.join(' ')}: one line, got ${r.stderr}`,
    );
    assert.match(r.stderr.trimEnd(), message, args.join(' '));
  }
});

test('the real process exits non-zero on a bad argument, with nothing on stdout', () => {
  const r = sweep(['--eta', '-1']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'sweep: eta: -1 is out of range; expected a number from 1e-6 to 1e+6\n');
});

test('an unwritable dump file fails before training', async () => {
  const r = await inProcess([...TINY, '--dump', join(dir, 'no', 'such', 'dir.json')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^sweep: cannot write --dump file .*ENOENT/);
  assert.equal(r.stderr.split('\n').length, 2);
});

test('--help prints usage listing every parameter, and wins over bad flags', async () => {
  const r = await inProcess(['--bogus', '--help']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^Usage: npm run sweep/);
  for (const name of PARAM_NAMES)
    assert.ok(r.stdout.includes(`--${name}`), `usage lacks --${name}`);
});

test('argument parsing: lists, single seed, name=value, defaults', () => {
  const a = parseArgs(['--prune', '0, 0.5,0.9', '--seeds', '0,1,2', '--mu=1.5', '--every', '7']);
  assert.deepEqual(a.prunes, [0, 0.5, 0.9]);
  assert.deepEqual(a.seeds, [0, 1, 2]);
  assert.equal(a.params.mu, 1.5);
  assert.equal(a.params.prune, 0);
  assert.equal(a.every, 7);
  assert.equal(a.backend, 'wasm');
  assert.equal(a.dump, null);
  const b = parseArgs(['--seed', '5', '--backend', 'cpu']);
  assert.deepEqual(b.seeds, [5]);
  assert.deepEqual(b.prunes, [DEFAULT_PARAMS.prune]);
  assert.equal(b.backend, 'cpu');
  assert.deepEqual({ ...b.params, seed: DEFAULT_PARAMS.seed }, DEFAULT_PARAMS);
  assert.throws(() => parseArgs(['--d', '1']), UsageError);
});
