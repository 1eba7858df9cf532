/**
 * Backend choice inside the worker: WebGL first, then WASM, then the plain
 * CPU backend, remembering why each better one was refused so the status
 * line can say so.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import type { BackendName } from './protocol';

export interface BackendChoice {
  backend: BackendName;
  fallbackReason?: string;
}

async function tryBackend(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgl') {
      const missing = webglMissing();
      if (missing) return missing;
      await import('@tensorflow/tfjs-backend-webgl');
      // CI and many VMs only have software GL (SwiftShader); tfjs refuses it by default.
      tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    } else if (name === 'wasm') {
      const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
      const { WASM_PATHS } = await import('./wasmPaths');
      setWasmPaths(WASM_PATHS);
    } else {
      await import('@tensorflow/tfjs-backend-cpu');
    }
    // setBackend reports failure by returning false, not by throwing.
    const ok = await tf.setBackend(name);
    if (!ok) return `${name} could not be initialized`;
    await tf.ready();
    return null;
  } catch (err) {
    return `${name} failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Why this worker cannot have WebGL, or null; asked before tfjs tries (and logs). */
function webglMissing(): string | null {
  if (typeof OffscreenCanvas === 'undefined') {
    return 'webgl needs OffscreenCanvas in workers, which this browser lacks';
  }
  const gl =
    new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
  if (!gl) return 'webgl is not available in this browser (disabled or blocklisted)';
  // The probe's context is not needed again; browsers cap live contexts.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return null;
}

export async function selectBackend(
  order: readonly BackendName[] = ['webgl', 'wasm', 'cpu'],
): Promise<BackendChoice> {
  const reasons: string[] = [];
  for (const name of order) {
    const reason = await tryBackend(name);
    if (reason === null) {
      return reasons.length > 0
        ? { backend: name, fallbackReason: reasons.join('; ') }
        : { backend: name };
    }
    reasons.push(reason);
  }
  throw new Error(`no tfjs backend could be initialized: ${reasons.join('; ')}`);
}

/** The WebGL context tfjs draws into, or null on other backends. */
export function webglContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend() as MathBackendWebGL;
  return backend.gpgpu?.gl ?? null;
}
