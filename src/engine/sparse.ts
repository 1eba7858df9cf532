/**
 * The sparse layout: each neuron keeps only its surviving inputs, listed and
 * padded to the largest count K over the group's columns. The data are
 * gathered once per column ([C, K, n+1]: xAug's values at the kept
 * coordinates), so a step's two products cost C*K*(n+1) multiply-adds
 * instead of d*C*(n+1): the work falls with the density.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../model/params';
import type { Experiment } from '../model/sampling';

/** Host-side index of the kept inputs of every column of a group. */
export interface SparseIndex {
  /** Padded number of slots per column, K. */
  width: number;
  /** Column c's kept coordinates in slots c*K .. c*K+K-1; padding points at 0. */
  coordinate: Int32Array;
  /** 1 for a real slot, 0 for padding: [C*K]. */
  valid: Float32Array;
  /** Initial (masked) weight of each slot, 0 in padding: [C*K]. */
  init: Float32Array;
  /**
   * Where weight (i, c) lives, row-major [d][C]: its flat slot, or C*K (one
   * extra zero) where pruned; used to rebuild the dense matrix.
   */
  slotOf: Int32Array;
}

/** Tensors of a sparse group that do not change during training. */
export interface SparseData {
  width: number;
  /** xAug[i, coordinate(c, k)] at [c, k, i]; 0 in padding: [C, K, n+1]. */
  gathered: tf.Tensor3D;
  /** eta on real slots, 0 on padding: [C, K]. */
  etaValid: tf.Tensor2D;
  slotOf: tf.Tensor1D;
}

/** Column c = r*2m + k holds neuron k of run r, as in the dense layout. */
export function sparseIndex(
  params: Pick<Params, 'd' | 'm'>,
  prunes: readonly number[],
  ex: Pick<Experiment, 'maskUniforms' | 'init'>,
): SparseIndex {
  const { d, m } = params;
  const neurons = 2 * m;
  const cols = prunes.length * neurons;
  const width = sparseWidth(params, prunes, ex.maskUniforms);
  const coordinate = new Int32Array(cols * width);
  const valid = new Float32Array(cols * width);
  const init = new Float32Array(cols * width);
  const slotOf = new Int32Array(d * cols).fill(cols * width);
  prunes.forEach((prune, r) => {
    for (let k = 0; k < neurons; k++) {
      const col = r * neurons + k;
      let slot = col * width;
      for (let i = 0; i < d; i++) {
        if (ex.maskUniforms[k * d + i] < prune) continue;
        coordinate[slot] = i;
        valid[slot] = 1;
        init[slot] = ex.init[k * d + i];
        slotOf[i * cols + col] = slot;
        slot++;
      }
    }
  });
  return { width, coordinate, valid, init, slotOf };
}

function keptCount(uniforms: Float64Array, start: number, d: number, prune: number): number {
  let count = 0;
  for (let i = 0; i < d; i++) if (uniforms[start + i] >= prune) count++;
  return count;
}

/** Largest padded width over the group's columns, without building the index. */
export function sparseWidth(
  params: Pick<Params, 'd' | 'm'>,
  prunes: readonly number[],
  uniforms: Float64Array,
): number {
  let width = 1;
  for (const prune of prunes) {
    for (let k = 0; k < 2 * params.m; k++) {
      width = Math.max(width, keptCount(uniforms, k * params.d, params.d, prune));
    }
  }
  return width;
}

/** Uploads the index and gathers the data on the backend (no host copy of [C, K, n+1]). */
export function uploadSparse(index: SparseIndex, xAugT: tf.Tensor2D, eta: number): SparseData {
  const { width } = index;
  const cols = index.valid.length / width;
  const rows = xAugT.shape[1];
  const gathered = tf.tidy(() => {
    const picked = tf.gather(xAugT, tf.tensor1d(index.coordinate, 'int32'));
    const masked = tf.mul(picked, tf.tensor2d(index.valid, [cols * width, 1]));
    return tf.reshape(masked, [cols, width, rows]) as tf.Tensor3D;
  });
  return {
    width,
    gathered,
    etaValid: tf.tidy(() => tf.mul(tf.tensor2d(index.valid, [cols, width]), eta) as tf.Tensor2D),
    slotOf: tf.tensor1d(index.slotOf, 'int32'),
  };
}

export function disposeSparse(s: SparseData): void {
  tf.dispose([s.gathered, s.etaValid, s.slotOf]);
}

/** zAug = xAug w~ ([n+1, C]) from the slot values v ([C, K]). */
export function sparseProducts(s: SparseData, v: tf.Tensor2D): tf.Tensor2D {
  const [cols, width] = v.shape;
  const zT = tf.matMul(tf.reshape(v, [cols, 1, width]), s.gathered);
  return tf.transpose(tf.reshape(zT, [cols, s.gathered.shape[2]])) as tf.Tensor2D;
}

/** Gradient at the kept slots, [C, K], from the coefficients [n+1, C]. */
export function sparseGradient(s: SparseData, coef: tf.Tensor2D): tf.Tensor2D {
  const [rows, cols] = coef.shape;
  const grad = tf.matMul(s.gathered, tf.reshape(tf.transpose(coef), [cols, rows, 1]));
  return tf.reshape(grad, [cols, s.width]) as tf.Tensor2D;
}

/** The dense [d, C] matrix of masked weights from the slot values. */
export function densify(s: SparseData, v: tf.Tensor2D, d: number): tf.Tensor2D {
  const cols = v.shape[0];
  const flat = tf.concat([tf.reshape(v, [v.size]), tf.zeros([1])]);
  return tf.reshape(tf.gather(flat, s.slotOf), [d, cols]) as tf.Tensor2D;
}
