/**
 * Runs bench/numpy_baseline.py on an experiment drawn by the engine's own
 * sampler and checks that the engine computes the same training.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Params } from '../src/model/params';
import { drawExperiment } from '../src/model/sampling';
import { writeExperimentFile } from './experiment-file';

const SCRIPT = fileURLToPath(new URL('./numpy_baseline.py', import.meta.url));

export interface NumpyResult {
  msPerStep: number;
  steps: number;
  lastLoss: number;
  /** Initial masked weights and weights after `steps` steps, [2m][d] flat. */
  init: Float32Array;
  trained: Float32Array;
  version: string;
}

/**
 * The faster of NumPy with OpenBLAS's default threads and with one thread:
 * on a small, busy machine the threaded BLAS can spin and lose 10x, which
 * would flatter the engine; the baseline should be the best NumPy can do.
 */
export function runNumpy(params: Params, steps: number): NumpyResult {
  const threaded = runNumpyOnce(params, steps, {});
  const single = runNumpyOnce(params, steps, { OPENBLAS_NUM_THREADS: '1' });
  return threaded.msPerStep <= single.msPerStep ? threaded : single;
}

function runNumpyOnce(params: Params, steps: number, env: Record<string, string>): NumpyResult {
  const dir = mkdtempSync(join(tmpdir(), 'pruneviz-bench-'));
  try {
    const exFile = join(dir, 'experiment.bin');
    const outFile = join(dir, 'weights.bin');
    const ex = drawExperiment(params);
    writeExperimentFile(exFile, params, ex);
    const stdout = execFileSync('python3', [SCRIPT, exFile, String(steps), outFile], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    const r = JSON.parse(stdout) as {
      secondsPerStep: number;
      steps: number;
      lastLoss: number;
      numpy: string;
    };
    const bytes = readFileSync(outFile);
    const trained = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
    const init = new Float32Array(ex.init.length);
    for (let k = 0; k < init.length; k++) {
      init[k] = ex.maskUniforms[k] >= params.prune ? ex.init[k] : 0;
    }
    return {
      msPerStep: r.secondsPerStep * 1000,
      steps: r.steps,
      lastLoss: r.lastLoss,
      init,
      trained,
      version: `${r.numpy}${env.OPENBLAS_NUM_THREADS ? ', 1 BLAS thread' : ', default BLAS threads'}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Largest difference between two trainings' weight changes, relative to the
 * largest change: the initial weights are shared, so comparing the changes
 * tests the arithmetic of the steps, not the (identical) starting point.
 */
export function relativeUpdateError(
  init: ArrayLike<number>,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): number {
  let diff = 0;
  let scale = 0;
  for (let k = 0; k < init.length; k++) {
    diff = Math.max(diff, Math.abs(a[k] - b[k]));
    scale = Math.max(scale, Math.abs(b[k] - init[k]));
  }
  return diff / scale;
}
