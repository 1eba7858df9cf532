/**
 * Steps a group with a handful of fused WebGL programs per step instead of
 * about forty tfjs ops: the two products (tfjs's packed matMul, batched per
 * column in the sparse layout), then outputs, counters, coefficients and the
 * masked update. The counters live in one [3, R] texture; nothing is read back.
 *
 * Layouts are chosen so every product reads its inner dimension along
 * texture rows (measured: the same product read down columns ran up to ~5x
 * slower on SwiftShader): dense weights are kept transposed, [C, d] (the
 * gradient [d, C] is read transposed by the update), and the sparse layout
 * keeps a second copy of the gathered data, [C, n+1, K].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../../model/params';
import type { Group } from '../group';
import { densify, disposeSparse, sparseProducts, type SparseData } from '../sparse';
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
  /** Dense: w~ transposed, [C, d]. Sparse: slot values, [C, K]. */
  private weights: tf.Tensor2D;
  /** Rows: active, diverged, steps; one column per run. */
  private status: tf.Tensor2D;
  /** Dense: eta times the mask, [C, d]. Sparse: eta on real slots, [C, K]. */
  private readonly mask: tf.Tensor2D;
  /** Sparse only: the gathered data as [C, n+1, K]. */
  private readonly gatheredT: tf.Tensor3D | null;

  private constructor(
    readonly layout: Layout,
    private readonly g: Group,
    private readonly programs: Programs,
    weights: tf.Tensor2D,
    private readonly sparse: SparseData | null,
  ) {
    this.weights = weights;
    this.mask = sparse ? sparse.etaValid : (tf.transpose(g.constants.etaMask) as tf.Tensor2D);
    this.gatheredT = sparse ? (tf.transpose(sparse.gathered, [0, 2, 1]) as tf.Tensor3D) : null;
    const s = g.state;
    this.status = tf.tidy(() => tf.stack([s.active, s.diverged, s.steps]) as tf.Tensor2D);
  }

  static dense(g: Group, params: Params): FusedTrainer {
    const sizes = sizesOf(g, params);
    const programs: Programs = {
      outputs: outputsProgram(sizes, 'dense'),
      counters: countersProgram(sizes, params.eps),
      coefficients: coefficientsProgram(sizes, params.eta, 'dense'),
      update: maskedUpdateProgram([columnsOf(sizes), params.d], 'dense'),
    };
    const weights = tf.transpose(g.state.w) as tf.Tensor2D;
    return new FusedTrainer('dense', g, programs, weights, null);
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
    const { g, programs: p, sparse, gatheredT } = this;
    const { xAug, y } = g.data;
    const w = this.weights;
    const status = this.status;
    const next = tf.tidy(() => {
      // The products stay tfjs's packed matMul: in measurements it beat
      // hand-written unpacked loops over the same data by several times.
      const z =
        sparse && gatheredT
          ? tf.matMul(gatheredT, tf.reshape(w, [w.shape[0], w.shape[1], 1]))
          : tf.matMul(xAug, w, false, true);
      const f = runProgram(p.outputs, [z, y]);
      const counters = runProgram(p.counters, [f, y, status]);
      const coef = runProgram(p.coefficients, [z, f, y, counters]);
      const grad = sparse
        ? tf.matMul(sparse.gathered, coef as tf.Tensor3D)
        : tf.matMul(g.data.xAugT, coef as tf.Tensor2D);
      const weights = runProgram(p.update, [w, grad, this.mask]) as tf.Tensor2D;
      return { weights, counters: counters as tf.Tensor2D };
    });
    tf.dispose([w, status]);
    this.weights = next.weights;
    this.status = next.counters;
  }

  products(x: tf.Tensor2D): tf.Tensor2D {
    return this.sparse
      ? tf.matMul(x, densify(this.sparse, this.weights, x.shape[1]))
      : tf.matMul(x, this.weights, false, true);
  }

  trainProducts(): tf.Tensor2D {
    if (!this.sparse) return this.products(this.g.data.xAug);
    return sparseProducts(this.sparse, this.weights);
  }

  counters(): RunCounters {
    const [active, diverged, steps] = tf.unstack(this.status) as tf.Tensor1D[];
    return { active, diverged, steps };
  }

  denseWeights(): tf.Tensor2D {
    if (!this.sparse) return tf.transpose(this.weights);
    const d = this.g.data.xAug.shape[1];
    return tf.tidy(() => densify(this.sparse!, this.weights, d));
  }

  dispose(): void {
    tf.dispose([this.weights, this.status, this.mask]);
    if (this.gatheredT) this.gatheredT.dispose();
    if (this.sparse) disposeSparse(this.sparse);
  }
}

function sizesOf(g: Group, params: Params): Sizes {
  return { n: params.n, m: params.m, runs: g.state.active.shape[0], q: params.q };
}

function columnsOf(s: Sizes): number {
  return s.runs * 2 * s.m;
}
