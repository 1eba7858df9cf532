/**
 * The maths of one full-batch gradient step (MODEL.md "Training"), written
 * for R runs that share one seed's data and differ only in their masks.
 *
 * Layout: the R runs' first layers sit side by side as the columns of one
 * [d, C] matrix, C = R * 2m; run r owns columns r*2m .. r*2m+2m-1, the first m
 * of them class +1, the next m class -1. Weights are stored already masked,
 * so the effective weights w~ are the stored ones. The training noise patches
 * and the signal vector are stacked as one [n+1, d] matrix, so one product
 * gives every <w~, xi_i> and <w~, mu>, and one product gives the gradient.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Tensors of one seed group that do not change during training. */
export interface GroupData {
  /** Rows xi_1..xi_n then mu: [n+1, d]. */
  xAug: tf.Tensor2D;
  /** Transposed copy [d, n+1], so the gradient product is a plain one. */
  xAugT: tf.Tensor2D;
  /** Training labels as a column [n, 1]. */
  y: tf.Tensor2D;
  /** Sums each run's neurons with sign j/m: [C, R]. */
  readout: tf.Tensor2D;
  /** Spreads a per-run value to its columns with factor j/(m n): [R, C]. */
  spreadScaled: tf.Tensor2D;
  q: number;
  n: number;
}

/** sigma(z) = max(0, z)^q and its derivative, sharing the powers. */
export function activation(z: tf.Tensor, q: number): { act: tf.Tensor; dact: tf.Tensor } {
  const r = tf.relu(z);
  switch (q) {
    case 1:
      return { act: r, dact: tf.step(z) };
    case 2:
      return { act: tf.square(r), dact: tf.mul(r, 2) };
    case 3: {
      const r2 = tf.square(r);
      return { act: tf.mul(r2, r), dact: tf.mul(r2, 3) };
    }
    case 4: {
      const r2 = tf.square(r);
      const r3 = tf.mul(r2, r);
      return { act: tf.square(r2), dact: tf.mul(r3, 4) };
    }
    default:
      throw new Error(`q must be 1, 2, 3 or 4, got ${q}`);
  }
}

/** sigma(z) alone, for evaluation. */
export function activate(z: tf.Tensor, q: number): tf.Tensor {
  const r = tf.relu(z);
  if (q === 1) return r;
  const r2 = tf.square(r);
  if (q === 2) return r2;
  return q === 3 ? tf.mul(r2, r) : tf.square(r2);
}

/**
 * Network outputs f for a batch of noise pre-activations z = <w~, xi_i>
 * ([rows, C]) and signal pre-activations a = <w~, mu> ([1, C]).
 */
export function outputs(
  z: tf.Tensor2D,
  a: tf.Tensor2D,
  y: tf.Tensor2D,
  readout: tf.Tensor2D,
  q: number,
): tf.Tensor2D {
  // <w~, x1> = <w~, y mu> = y <w~, mu>: the signal patch costs one row.
  const h = tf.add(activate(z, q), activate(tf.mul(y, a), q)) as tf.Tensor2D;
  return tf.matMul(h, readout);
}

/** Mean logistic loss per run: [R] from f [rows, R] and y [rows, 1]. */
export function logisticLoss(f: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
  return tf.mean(tf.softplus(tf.neg(tf.mul(y, f))), 0) as tf.Tensor1D;
}

/** Fraction of rows with sign f = y per run; f = 0 counts as wrong. */
export function accuracy(f: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
  return tf.mean(tf.cast(tf.greater(tf.mul(y, f), 0), 'float32'), 0) as tf.Tensor1D;
}

export interface LossAndGradient {
  /** Training loss per run at w: [R]. */
  loss: tf.Tensor1D;
  /** Whether the loss and every output of the run are finite: [R] bool. */
  finite: tf.Tensor1D;
  /** Gradient of each run's loss with respect to its effective weights: [d, C]. */
  grad: tf.Tensor2D;
}

/** Loss, finiteness and the gradient's coefficients, from the products z. */
export interface Coefficients {
  loss: tf.Tensor1D;
  finite: tf.Tensor1D;
  /**
   * [n+1, C]: rows 0..n-1 weigh the noise patches xi_i, row n weighs mu, so
   * the gradient of column c is xAug^T coef[:, c] (dense or gathered).
   */
  coef: tf.Tensor2D;
}

/**
 * Everything of the backward pass except the last product with the data,
 * from zAug = xAug w~ ([n+1, C]); the dense and the sparse layouts share it.
 */
export function coefficients(data: GroupData, zAug: tf.Tensor2D): Coefficients {
  const { y, readout, spreadScaled, q, n } = data;
  const cols = zAug.shape[1];
  const z = tf.slice(zAug, [0, 0], [n, cols]) as tf.Tensor2D;
  const a = tf.slice(zAug, [n, 0], [1, cols]) as tf.Tensor2D;
  const ya = tf.mul(y, a);
  const noise = activation(z, q);
  const signal = activation(ya, q);
  const f = tf.matMul(tf.add(noise.act, signal.act) as tf.Tensor2D, readout);
  const yf = tf.mul(y, f);
  const loss = tf.mean(tf.softplus(tf.neg(yf)), 0) as tf.Tensor1D;
  const finite = tf.logicalAnd(tf.isFinite(loss), tf.isFinite(tf.sum(f, 0))) as tf.Tensor1D;
  // g_i = -y_i / (1 + exp(y_i f_i)), spread to every column with j/(m n).
  const g = tf.mul(tf.neg(y), tf.sigmoid(tf.neg(yf))) as tf.Tensor2D;
  const gc = tf.matMul(g, spreadScaled);
  const coefNoise = tf.mul(gc, noise.dact);
  const coefSignal = tf.sum(tf.mul(tf.mul(gc, signal.dact), y), 0, true);
  const coef = tf.concat([coefNoise, coefSignal], 0) as tf.Tensor2D;
  return { loss, finite, coef };
}

/** Hand-written backward pass of MODEL.md; tests check it against tf.grad. */
export function lossAndGradient(data: GroupData, w: tf.Tensor2D): LossAndGradient {
  const { loss, finite, coef } = coefficients(data, tf.matMul(data.xAug, w));
  const grad = tf.matMul(data.xAugT, coef) as tf.Tensor2D;
  return { loss, finite, grad };
}

/** Per-run state that changes every step. */
// A type alias (not an interface) so tf.tidy accepts it as a tensor container.
export type GroupState = {
  w: tf.Tensor2D;
  /** 1 while the run trains, 0 once it converged or diverged: [R]. */
  active: tf.Tensor1D;
  /** 1 once the run's loss or outputs stopped being finite: [R]. */
  diverged: tf.Tensor1D;
  /** Gradient steps taken by each run: [R]. */
  steps: tf.Tensor1D;
};

export interface StepConstants {
  /** eta times the 0/1 masks: [d, C]. */
  etaMask: tf.Tensor2D;
  /** Run index of each column: [C] int32. */
  columnRun: tf.Tensor1D;
  eps: number;
}

/** The per-run bookkeeping of GroupState, shared by every layout. */
export type RunCounters = Pick<GroupState, 'active' | 'diverged' | 'steps'>;

/**
 * Freezes runs whose loss at the current weights is <= eps (converged) or not
 * finite (diverged), and counts a step for the others.
 */
export function nextCounters(
  s: RunCounters,
  loss: tf.Tensor1D,
  finite: tf.Tensor1D,
  eps: number,
): RunCounters {
  const keepGoing = tf.cast(tf.logicalAnd(tf.greater(loss, eps), finite), 'float32');
  const active = tf.mul(s.active, keepGoing) as tf.Tensor1D;
  const blewUp = tf.mul(s.active, tf.cast(tf.logicalNot(finite), 'float32'));
  const diverged = tf.add(s.diverged, blewUp) as tf.Tensor1D;
  const steps = tf.add(s.steps, active) as tf.Tensor1D;
  return { active, diverged, steps };
}

/**
 * One gradient step for every run of the group. A run whose loss is already
 * <= eps (converged) or not finite (diverged) is frozen, so batched runs stop
 * exactly where they would alone, with no read back to the host.
 */
export function gradientStep(data: GroupData, c: StepConstants, s: GroupState): GroupState {
  const { loss, finite, grad } = lossAndGradient(data, s.w);
  const counters = nextCounters(s, loss, finite, c.eps);
  const perColumn = tf.gather(counters.active, c.columnRun);
  const w = tf.sub(s.w, tf.mul(tf.mul(grad, c.etaMask), perColumn)) as tf.Tensor2D;
  return { w, ...counters };
}

/** Training loss per run by the forward pass alone (tests differentiate it with tf.grad). */
export function trainingLoss(data: GroupData, w: tf.Tensor2D): tf.Tensor1D {
  const { xAug, y, readout, q, n } = data;
  const cols = w.shape[1];
  const zAug = tf.matMul(xAug, w);
  const z = tf.slice(zAug, [0, 0], [n, cols]) as tf.Tensor2D;
  const a = tf.slice(zAug, [n, 0], [1, cols]) as tf.Tensor2D;
  return logisticLoss(outputs(z, a, y, readout, q), y);
}
