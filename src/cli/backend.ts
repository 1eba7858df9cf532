/**
 * Backend choice for the Node hosts (command line, tests, benchmarks).
 * WASM is the fastest backend that installs from the npm registry alone
 * (no native build); the pure-JS CPU backend is the fallback.
 */
import * as tf from '@tensorflow/tfjs-core';

export const NODE_BACKENDS = ['wasm', 'cpu'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

export async function useNodeBackend(name: NodeBackend = 'wasm'): Promise<NodeBackend> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  else await import('@tensorflow/tfjs-backend-cpu');
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`the ${name} backend could not be initialized`);
  await tf.ready();
  return name;
}
