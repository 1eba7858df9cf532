/**
 * A trainer steps one group's runs in one layout (dense [d, C] weights or
 * sparse kept-slot values [C, K]) with one kind of kernels (plain tfjs ops on
 * any backend, or fused WebGL programs). The session picks one per group and
 * only talks to this interface.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Group } from './group';
import { densify, disposeSparse, sparseGradient, sparseProducts, type SparseData } from './sparse';
import { coefficients, nextCounters, type GroupState, type RunCounters } from './step';

export type Layout = 'dense' | 'sparse' | 'gram';
export type Kernels = 'tfjs' | 'webgl';

export interface Trainer {
  readonly layout: Layout;
  readonly kernels: Kernels;
  /** Queues one gradient step of every run; nothing is read back. */
  step(): void;
  /** x w~ for rows x ([rows, d]): [rows, C]. Call inside tf.tidy. */
  products(x: tf.Tensor2D): tf.Tensor2D;
  /** xAug w~, [n+1, C]: what a step computes first, the cheapest way the layout has. Call inside tf.tidy. */
  trainProducts(): tf.Tensor2D;
  /** Steps, active and diverged per run. Call inside tf.tidy. */
  counters(): RunCounters;
  /** A new [d, C] tensor of the masked weights. */
  denseWeights(): tf.Tensor2D;
  /** Frees what the trainer added to the group (not the group itself). */
  dispose(): void;
}

/**
 * tfjs ops in the dense layout: step.ts's gradientStep, except that frozen
 * runs are zeroed in the small coefficient matrix [n+1, C] rather than in
 * the [d, C] gradient, which saves one pass over the weights.
 */
export class DenseTrainer implements Trainer {
  readonly layout = 'dense';
  readonly kernels = 'tfjs';
  constructor(private readonly g: Group) {}

  step(): void {
    const g = this.g;
    const next = tf.tidy((): GroupState => {
      const { data, constants: c, state: s } = g;
      const { loss, finite, coef } = coefficients(data, tf.matMul(data.xAug, s.w));
      const counters = nextCounters(s, loss, finite, c.eps);
      const live = tf.mul(coef, tf.gather(counters.active, c.columnRun)) as tf.Tensor2D;
      const update = tf.mul(tf.matMul(data.xAugT, live), c.etaMask);
      return { w: tf.sub(s.w, update) as tf.Tensor2D, ...counters };
    });
    tf.dispose([g.state.w, g.state.active, g.state.diverged, g.state.steps]);
    g.state = next;
  }

  products(x: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(x, this.g.state.w);
  }

  trainProducts(): tf.Tensor2D {
    return this.products(this.g.data.xAug);
  }

  counters(): RunCounters {
    return this.g.state;
  }

  denseWeights(): tf.Tensor2D {
    return tf.clone(this.g.state.w);
  }

  dispose(): void {}
}

type SparseState = RunCounters & { v: tf.Tensor2D };

/** tfjs ops in the sparse layout; the reference for the fused WebGL version. */
export class SparseTrainer implements Trainer {
  readonly layout = 'sparse';
  readonly kernels = 'tfjs';
  private state: SparseState;

  constructor(
    private readonly g: Group,
    private readonly sparse: SparseData,
    init: Float32Array,
  ) {
    const cols = g.constants.columnRun.shape[0];
    this.state = {
      v: tf.tensor2d(init, [cols, sparse.width]),
      active: tf.clone(g.state.active),
      diverged: tf.clone(g.state.diverged),
      steps: tf.clone(g.state.steps),
    };
  }

  step(): void {
    const { g, sparse } = this;
    const s = this.state;
    const next = tf.tidy((): SparseState => {
      const { loss, finite, coef } = coefficients(g.data, sparseProducts(sparse, s.v));
      const counters = nextCounters(s, loss, finite, g.constants.eps);
      const live = tf.mul(coef, tf.gather(counters.active, g.constants.columnRun)) as tf.Tensor2D;
      const update = tf.mul(sparseGradient(sparse, live), sparse.etaValid);
      return { v: tf.sub(s.v, update) as tf.Tensor2D, ...counters };
    });
    tf.dispose([s.v, s.active, s.diverged, s.steps]);
    this.state = next;
  }

  products(x: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(x, densify(this.sparse, this.state.v, x.shape[1]));
  }

  trainProducts(): tf.Tensor2D {
    return sparseProducts(this.sparse, this.state.v);
  }

  counters(): RunCounters {
    return this.state;
  }

  denseWeights(): tf.Tensor2D {
    const d = this.g.data.xAug.shape[1];
    return tf.tidy(() => densify(this.sparse, this.state.v, d));
  }

  dispose(): void {
    const s = this.state;
    tf.dispose([s.v, s.active, s.diverged, s.steps]);
    disposeSparse(this.sparse);
  }
}
