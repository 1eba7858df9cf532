/**
 * Steps a group with a handful of fused WebGL programs per step instead of
 * about forty tfjs ops: the products (tfjs's packed matMul in the dense
 * layout, one gather-free program over the pre-gathered data in the sparse
 * one), then outputs, counters, coefficients and the masked update. The
 * counters live in one [3, R] texture; nothing is read back.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../../model/params';
import type { Group } from '../group';
import { densify, disposeSparse, type SparseData } from '../sparse';
import type { RunCounters } from '../step';
import type { Kernels, Layout, Trainer } from '../trainer';
import { runProgram, type FusedProgram } from './available';
import {
  coefficientsProgram,
  countersProgram,
  maskedUpdateProgram,
  outputsProgram,
  type Sizes,
} from './programs';

interface Programs {
  outputs: FusedProgram;
  counters: FusedProgram;
  coefficients: FusedProgram;
  update: FusedProgram;
}

export class FusedTrainer implements Trainer {
  readonly kernels: Kernels = 'webgl';
  private weights: tf.Tensor2D;
  /** Rows: active, diverged, steps; one column per run. */
  private status: tf.Tensor2D;

  private constructor(
    readonly layout: Layout,
    private readonly g: Group,
    private readonly programs: Programs,
    weights: tf.Tensor2D,
    private readonly sparse: SparseData | null,
  ) {
    this.weights = weights;
    const s = g.state;
    this.status = tf.tidy(() => tf.stack([s.active, s.diverged, s.steps]) as tf.Tensor2D);
  }

  static dense(g: Group, params: Params): FusedTrainer {
    const sizes = sizesOf(g, params);
    const programs: Programs = {
      outputs: outputsProgram(sizes, 'dense'),
      counters: countersProgram(sizes, params.eps),
      coefficients: coefficientsProgram(sizes, params.eta, 'dense'),
      update: maskedUpdateProgram([params.d, columnsOf(sizes)], 'dense'),
    };
    return new FusedTrainer('dense', g, programs, tf.clone(g.state.w), null);
  }

  static sparse(g: Group, params: Params, sparse: SparseData, init: Float32Array): FusedTrainer {
    const sizes = sizesOf(g, params);
    const cols = columnsOf(sizes);
    const programs: Programs = {
      outputs: outputsProgram(sizes, 'sparse'),
      counters: countersProgram(sizes, params.eps),
      coefficients: coefficientsProgram(sizes, params.eta, 'sparse'),
      update: maskedUpdateProgram([cols, sparse.width], 'sparse'),
    };
    const weights = tf.tensor2d(init, [cols, sparse.width]);
    return new FusedTrainer('sparse', g, programs, weights, sparse);
  }

  step(): void {
    const { g, programs: p, sparse } = this;
    const { xAug, xAugT, y } = g.data;
    const w = this.weights;
    const status = this.status;
    const next = tf.tidy(() => {
      // The products stay tfjs's packed matMul (batched per column in the
      // sparse layout): in measurements it beat hand-written unpacked loops.
      const z = sparse
        ? tf.matMul(tf.reshape(w, [w.shape[0], 1, w.shape[1]]), sparse.gathered)
        : tf.matMul(xAug, w);
      const f = runProgram(p.outputs, [z, y]);
      const counters = runProgram(p.counters, [f, y, status]);
      const coef = runProgram(p.coefficients, [z, f, y, counters]);
      const grad = sparse
        ? tf.matMul(sparse.gathered, coef as tf.Tensor3D)
        : tf.matMul(xAugT, coef as tf.Tensor2D);
      const mask = sparse ? sparse.etaValid : g.constants.etaMask;
      const weights = runProgram(p.update, [w, grad, mask]) as tf.Tensor2D;
      return { weights, counters: counters as tf.Tensor2D };
    });
    tf.dispose([w, status]);
    this.weights = next.weights;
    this.status = next.counters;
  }

  products(x: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(
      x,
      this.sparse ? densify(this.sparse, this.weights, x.shape[1]) : this.weights,
    );
  }

  counters(): RunCounters {
    const [active, diverged, steps] = tf.unstack(this.status) as tf.Tensor1D[];
    return { active, diverged, steps };
  }

  denseWeights(): tf.Tensor2D {
    if (!this.sparse) return tf.clone(this.weights);
    const d = this.g.data.xAug.shape[1];
    return tf.tidy(() => densify(this.sparse!, this.weights, d));
  }

  dispose(): void {
    tf.dispose([this.weights, this.status]);
    if (this.sparse) disposeSparse(this.sparse);
  }
}

function sizesOf(g: Group, params: Params): Sizes {
  return { n: params.n, m: params.m, runs: g.state.active.shape[0], q: params.q };
}

function columnsOf(s: Sizes): number {
  return s.runs * 2 * s.m;
}
