/**
 * `npm run bench [-- --quick] [--no-browser | --no-node]`: the engine's speed as
 * ratios measured in one run (the machine is shared and noisy; only ratios
 * from the same run are meaningful).
 *
 * 1. Node (wasm, cpu): steps/s of the MODEL.md setting at K = 1, by density,
 *    against the plain dense tfjs step.
 * 2. A sweep of 16 rates x 4 seeds batched vs the same runs one at a time.
 * 3. A plain NumPy float32 implementation on the same data: steps/s and a
 *    check that both trainings agree within float tolerance.
 * 4. Headless Chromium, WebGL backend (software WebGL here): the same
 *    figures, with a profile of where a step's time goes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../src/cli/backend';
import { DEFAULT_PARAMS, type Params } from '../src/model/params';
import { runInBrowser } from './browser-driver';
import type { BenchReply } from './browser/protocol';
import { timeCase, timeOneAtATime, weightsAfter, type CaseResult, type CaseSpec } from './measure';
import { relativeUpdateError, runNumpy, type NumpyResult } from './numpy';

const quick = process.argv.includes('--quick');
const browser = !process.argv.includes('--no-browser');
const node = !process.argv.includes('--no-node');

const PARAMS: Params = { ...DEFAULT_PARAMS };
const DENSITY_PRUNES = [0, 0.5, 0.9, 0.98];
const TARGET_PRUNE = 0.9;
const SWEEP_PRUNES = quick
  ? [0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.97, 0.98]
  : Array.from({ length: 16 }, (_, i) => Number(((i * 0.98) / 15).toFixed(3)));
const SWEEP_SEEDS = quick ? [0, 1] : [0, 1, 2, 3];
// Software WebGL is ~10x slower than wasm here: the browser sweep uses fewer
// seeds (each seed is its own batch, so the factor does not depend on them).
const BROWSER_SWEEP_SEEDS = quick ? [0] : [0, 1];
const STEPS = quick ? 10 : 30;
const SWEEP_STEPS = quick ? 3 : 6;
const NUMPY_STEPS = quick ? 50 : 100;
const CHECK_STEPS = 50;

const PLAIN = { layout: 'dense', kernels: 'tfjs' } as const;

const ROUNDS = 3;

function k1(label: string, prune: number, steps = STEPS, tuning?: CaseSpec['tuning']): CaseSpec {
  const params = { ...PARAMS, prune };
  return { label, params, prunes: [prune], seeds: [0], tuning, steps, every: 10, rounds: ROUNDS };
}

/**
 * The engine (auto) at each density, and the layouts forced where the choice
 * is close; 'plain' is the step before this work: ~40 tfjs ops, dense.
 */
function densityCases(steps: number): CaseSpec[] {
  const cases = [k1(`plain dense tfjs, prune ${TARGET_PRUNE}`, TARGET_PRUNE, steps, PLAIN)];
  for (const p of DENSITY_PRUNES) {
    if (p >= TARGET_PRUNE) {
      cases.push(k1(`dense, prune ${p}`, p, steps, { layout: 'dense' }));
      cases.push(k1(`sparse, prune ${p}`, p, steps, { layout: 'sparse' }));
    }
    cases.push(k1(`engine (auto), prune ${p}`, p, steps));
  }
  return cases;
}

function sweepCase(steps: number, seeds = SWEEP_SEEDS): CaseSpec {
  const label = `sweep ${SWEEP_PRUNES.length} rates × ${seeds.length} seeds`;
  return { label, params: PARAMS, prunes: SWEEP_PRUNES, seeds, steps, every: steps };
}

const rate = (ms: number) => (1000 / ms).toFixed(1).padStart(8);
const ratio = (x: number) => `${x.toFixed(2)}×`;

function printCases(title: string, results: CaseResult[], numpyMs: number): void {
  console.log(`\n${title}`);
  console.log(`${'case'.padEnd(34)} ${'steps/s'.padStart(8)}  ${'vs NumPy'.padStart(8)}  plan`);
  for (const r of results) {
    const vs = ratio(numpyMs / r.msPerStep).padStart(8);
    console.log(`${r.label.padEnd(34)} ${rate(r.msPerStep)}  ${vs}  ${r.plan}`);
  }
}

function printSweep(batched: CaseResult, alone: CaseResult): void {
  const runSteps = (r: CaseResult) => ((1000 / r.msPerStep) * r.runs).toFixed(1);
  console.log(`  batched:        ${runSteps(batched)} run-steps/s  (${batched.plan})`);
  console.log(`  one at a time:  ${runSteps(alone)} run-steps/s  (${alone.plan})`);
  console.log(`  batched / one at a time: ${ratio(alone.msPerStep / batched.msPerStep)}`);
}

function minNumpy(a: NumpyResult, b: NumpyResult): NumpyResult {
  return a.msPerStep <= b.msPerStep ? a : b;
}

async function nodeSection(numpy: NumpyResult): Promise<void> {
  await useNodeBackend('wasm');
  const wasm = [];
  for (const c of densityCases(STEPS)) wasm.push(await timeCase(c));
  printCases(`Node, wasm backend (K = 1, default preset, d = ${PARAMS.d})`, wasm, numpy.msPerStep);

  const check = { ...PARAMS, prune: TARGET_PRUNE };
  const ref = runNumpy(check, CHECK_STEPS);
  const ours = await weightsAfter(check, CHECK_STEPS);
  const err = relativeUpdateError(ref.init, ours.weights, ref.trained);
  console.log(
    `  check vs NumPy after ${CHECK_STEPS} steps (prune ${TARGET_PRUNE}): weight-update error ${err.toExponential(2)} ` +
      `(relative to the largest update); loss ${ours.trainLoss.toFixed(7)} vs ${ref.lastLoss.toFixed(7)}`,
  );

  const sweep = sweepCase(SWEEP_STEPS);
  console.log(`\nNode wasm, ${sweep.label}, ${SWEEP_STEPS} steps`);
  printSweep(await timeCase(sweep), await timeOneAtATime(sweep));

  await useNodeBackend('cpu');
  const cpu = [];
  for (const p of [0, TARGET_PRUNE])
    cpu.push(await timeCase(k1(`engine (auto), prune ${p}`, p, 3)));
  cpu.push(await timeCase(k1(`plain dense tfjs, prune ${TARGET_PRUNE}`, TARGET_PRUNE, 3, PLAIN)));
  printCases('Node, cpu backend (reference, K = 1)', cpu, numpy.msPerStep);
  console.log(`  tensors left: ${tf.memory().numTensors}`);
}

async function browserSection(numpy: NumpyResult): Promise<void> {
  const sweep = sweepCase(quick ? 2 : 3, BROWSER_SWEEP_SEEDS);
  const started = performance.now();
  const reply: BenchReply = await runInBrowser(
    {
      cases: [...densityCases(quick ? 10 : 15), sweep],
      oneAtATime: [sweep],
      weights: { params: { ...PARAMS, prune: TARGET_PRUNE }, steps: CHECK_STEPS },
      profileReps: quick ? 30 : 60,
    },
    600_000,
  );
  if (reply.error) throw new Error(`browser bench failed: ${reply.error}`);
  const cases = reply.cases.slice(0, -1);
  printCases(`Headless Chromium, WebGL backend (${reply.renderer}), K = 1`, cases, numpy.msPerStep);
  const target = cases.find((c) => c.label === `engine (auto), prune ${TARGET_PRUNE}`)!;
  const plain = cases.find((c) => c.label.startsWith('plain'))!;
  console.log(
    `  target (prune ${TARGET_PRUNE}, WebGL ≥ NumPy): ${ratio(numpy.msPerStep / target.msPerStep)} of NumPy ` +
      `(plain tfjs: ${ratio(numpy.msPerStep / plain.msPerStep)}; engine vs plain ${ratio(plain.msPerStep / target.msPerStep)})`,
  );
  if (reply.weights) {
    const ref = runNumpy({ ...PARAMS, prune: TARGET_PRUNE }, CHECK_STEPS);
    const err = relativeUpdateError(ref.init, reply.weights.trained, ref.trained);
    const errDense = relativeUpdateError(ref.init, reply.weights.trainedDense, ref.trained);
    const errSparse = relativeUpdateError(ref.init, reply.weights.trainedSparse, ref.trained);
    console.log(
      `  check vs NumPy after ${CHECK_STEPS} steps: weight-update error ${err.toExponential(2)} ` +
        `(forced dense: ${errDense.toExponential(2)}, forced sparse: ${errSparse.toExponential(2)}); ` +
        `loss ${reply.weights.trainLoss.toFixed(7)} vs ${ref.lastLoss.toFixed(7)}`,
    );
  }
  console.log(`\nChromium WebGL, ${sweep.label}, ${sweep.steps} steps`);
  printSweep(reply.cases[reply.cases.length - 1], reply.oneAtATime[0]);
  console.log('\nChromium WebGL, where a K = 1 step goes (each piece alone, ms):');
  for (const p of reply.profile)
    console.log(`  ${p.piece.padEnd(52)} ${p.ms.toFixed(2).padStart(7)}`);
  console.log(`  (browser part: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const target = { ...PARAMS, prune: TARGET_PRUNE };
  let numpy = runNumpy(target, NUMPY_STEPS);
  console.log(
    `NumPy ${numpy.version} float32 baseline (bench/numpy_baseline.py), prune ${TARGET_PRUNE}: ` +
      `${(1000 / numpy.msPerStep).toFixed(1)} steps/s (${numpy.msPerStep.toFixed(2)} ms/step)`,
  );
  if (node) await nodeSection(numpy);
  if (browser) {
    // NumPy again right before the browser part, so both see similar machine load.
    numpy = minNumpy(numpy, runNumpy(target, NUMPY_STEPS));
    await browserSection(numpy);
  }
  console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
