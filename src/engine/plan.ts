/**
 * Decides how a session's runs are grouped and stepped. Runs of one seed
 * share data, so they are batched. Within a seed, a run goes to the Gram
 * layout (gram.ts: (n+1)^2 work per neuron, whatever d) when that is the
 * least work, which it is whenever n is small next to the kept inputs;
 * otherwise heavily pruned rates go to a sparse batch (cost proportional to
 * the kept weights) when that is faster on the backend, the rest to a dense
 * batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GRAM_MAX_FLOATS } from '../model/memory';
import type { Params } from '../model/params';
import type { Experiment } from '../model/sampling';
import { sparseWidth } from './sparse';
import type { Kernels, Layout } from './trainer';
import { fusedKernelsAvailable } from './webgl/available';

export interface EngineTuning {
  /** 'auto' (default) picks per batch from the sizes and density; the others force one layout. */
  layout?: 'auto' | Layout;
  /** 'auto' (default) uses fused WebGL programs when the backend is WebGL. */
  kernels?: 'auto' | Kernels;
  /** Move unfinished runs out of mostly finished batches (default true; see TrainingSession). */
  compact?: boolean;
}

export interface GroupPlan {
  /** Indices into the session's prunes. */
  pruneIndex: number[];
  layout: Layout;
  kernels: Kernels;
}

/**
 * Largest padded kept fraction K/d at which the sparse layout beat the dense
 * one in `npm run bench` (steps/s against density, default preset). On wasm
 * the dense product runs on XNNPACK and the gathered product does not.
 */
const SPARSE_BELOW: Readonly<Record<string, number>> = { webgl: 0.45, wasm: 0.08, cpu: 0.45 };

/** A sparse band holds runs whose widths are within this factor of its widest. */
const BAND_RATIO = 0.6;

/** The gathered data of a sparse batch ([C, K, n+1] floats) must stay below this. */
const SPARSE_MAX_FLOATS = 32 * 1024 * 1024;

export function planGroups(
  params: Params,
  prunes: readonly number[],
  ex: Pick<Experiment, 'maskUniforms'>,
  tuning: EngineTuning = {},
): GroupPlan[] {
  const backend = tf.getBackend();
  const kernels: Kernels =
    tuning.kernels === 'tfjs' || !fusedKernelsAvailable()
      ? 'tfjs'
      : tuning.kernels === 'webgl' || backend === 'webgl'
        ? 'webgl'
        : 'tfjs';
  const all = prunes.map((_, i) => i);
  if (tuning.layout === 'dense' || tuning.layout === 'sparse' || tuning.layout === 'gram') {
    return [{ pruneIndex: all, layout: tuning.layout, kernels }];
  }
  const rows = params.n + 1;
  const gramFloats = 2 * params.m * rows * rows;
  const plans: GroupPlan[] = [];
  const limit = SPARSE_BELOW[backend] ?? 0;
  const widths = all.map((i) => sparseWidth(params, [prunes[i]], ex.maskUniforms));
  // (n+1)^2 multiply-adds per neuron and step against 2(n+1)K for the sparse
  // layout (K kept inputs) and 2(n+1)d for the dense one.
  // One Gram batch per seed, as many runs as fit in its memory cap (the
  // session's memory estimate counts one).
  const gramRuns = all
    .filter((i) => rows <= 2 * widths[i])
    .slice(0, Math.floor(GRAM_MAX_FLOATS / gramFloats));
  if (gramRuns.length > 0) plans.push({ pruneIndex: gramRuns, layout: 'gram', kernels });
  const rest = all.filter((i) => !gramRuns.includes(i));
  const fitsSparse = (i: number) =>
    widths[i] / params.d <= limit && 2 * params.m * widths[i] * (params.n + 1) <= SPARSE_MAX_FLOATS;
  const dense = rest.filter((i) => !fitsSparse(i));
  // Sparse runs go into bands of similar width, so padding to the band's
  // widest column wastes little; each band is one batch.
  const sparse = rest.filter(fitsSparse).sort((a, b) => widths[b] - widths[a]);
  if (dense.length > 0) plans.push({ pruneIndex: dense, layout: 'dense', kernels });
  let band: number[] = [];
  const close = () => {
    if (band.length > 0)
      plans.push({ pruneIndex: band.sort((a, b) => a - b), layout: 'sparse', kernels });
    band = [];
  };
  for (const i of sparse) {
    const widest = band.length > 0 ? widths[band[0]] : widths[i];
    const floats = 2 * params.m * (band.length + 1) * widest * (params.n + 1);
    if (widths[i] < BAND_RATIO * widest || floats > SPARSE_MAX_FLOATS) close();
    band.push(i);
  }
  close();
  return plans;
}
