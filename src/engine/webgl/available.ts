/**
 * Fused programs run through the WebGL backend's compileAndRun. The engine
 * stays backend-agnostic: it only asks the active backend, structurally,
 * whether it can run a GPGPU program, and never imports the WebGL package.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-webgl's GPGPUProgram these programs use. */
export interface FusedProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
}

export interface ProgramBackend {
  compileAndRun(program: FusedProgram, inputs: tf.TensorInfo[]): tf.TensorInfo;
}

export function programBackend(): ProgramBackend | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend() as unknown as Partial<ProgramBackend>;
  return typeof backend.compileAndRun === 'function' ? (backend as ProgramBackend) : null;
}

export function fusedKernelsAvailable(): boolean {
  return programBackend() !== null;
}

/** Runs a program and wraps its output as a tensor the engine (and tf.tidy) tracks. */
export function runProgram(program: FusedProgram, inputs: tf.Tensor[]): tf.Tensor {
  const backend = programBackend();
  if (!backend) throw new Error('fused kernels need the WebGL backend');
  return tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(program, inputs));
}
