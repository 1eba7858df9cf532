/**
 * How much memory a training session needs, so oversized configurations are
 * refused up front with a figure instead of crashing a tab or a GPU.
 */
import { formatNumber, type Params } from './params';

/** Default budget for the tensors of one session (GPU textures or WASM heap). */
export const MEMORY_BUDGET_BYTES = 1536 * 1024 * 1024;

const FLOAT = 4;

/** Largest Gram-layout batch, in floats ([C, n+1, n+1]); engine/plan.ts keeps to it. */
export const GRAM_MAX_FLOATS = 32 * 1024 * 1024;

/**
 * Bytes of tensor memory for `runsPerSeed` pruning rates times `seeds` seeds.
 * Counts the uploaded data (training patches twice: as given and transposed),
 * the test set, the weights, the masks, the Gram matrices, and the largest
 * temporaries of one step and one snapshot. Host-side copies of the data are about a quarter of
 * this again.
 */
export function sessionBytes(
  p: Pick<Params, 'd' | 'n' | 'nTest' | 'm'>,
  runsPerSeed: number,
  seeds: number,
): number {
  const cols = runsPerSeed * 2 * p.m;
  const data = 2 * (p.n + 1) * p.d + p.nTest * p.d + p.nTest;
  const weights = 4 * p.d * cols; // weights, scaled masks, gradient, updated weights
  const stepTemps = 8 * (p.n + 1) * cols;
  const snapshotTemps = 6 * p.nTest * cols;
  // The Gram layout's [C, n+1, n+1] matrices; the engine only picks it when
  // they fit GRAM_MAX_FLOATS per batch (engine/plan.ts), so this is an upper bound.
  const gram = Math.min(cols * (p.n + 1) ** 2, GRAM_MAX_FLOATS);
  return seeds * FLOAT * (data + weights + stepTemps + snapshotTemps + gram);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${formatNumber(Number((bytes / 1024 ** 3).toFixed(2)))} GiB`;
  return `${formatNumber(Number((bytes / 1024 ** 2).toFixed(1)))} MiB`;
}

/** A message when the session would exceed the budget, else null. */
export function checkMemory(
  p: Pick<Params, 'd' | 'n' | 'nTest' | 'm'>,
  runsPerSeed = 1,
  seeds = 1,
  budget = MEMORY_BUDGET_BYTES,
): string | null {
  const need = sessionBytes(p, runsPerSeed, seeds);
  if (need <= budget) return null;
  const runs = runsPerSeed * seeds;
  return (
    `this configuration needs about ${formatBytes(need)} of memory for ${runs} run${runs === 1 ? '' : 's'} ` +
    `(d = ${p.d}, n = ${p.n}, nTest = ${p.nTest}, m = ${p.m}); the limit is ${formatBytes(budget)}. ` +
    `Reduce d, nTest, m or the number of runs.`
  );
}
