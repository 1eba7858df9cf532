/**
 * The Gram layout. Every gradient of MODEL.md is a combination of the
 * training noise patches and mu, masked by the neuron's mask, so a neuron's
 * weights never leave
 *
 *   w~_c(t) = M_c ⊙ w_c(0) + M_c ⊙ (Σ_i beta[c, i] xAug_i),   xAug = [xi_1..xi_n; mu],
 *
 * where beta accumulates -eta times the gradient coefficients of step.ts
 * (the "signal and noise coefficients" of the paper's analysis). With the
 * per-neuron Gram matrix G_c[i, k] = <M_c ⊙ xAug_i, xAug_k>, the products a
 * step needs are
 *
 *   zAug[k, c] = <w~_c, xAug_k> = start[c, k] + Σ_i G_c[k, i] beta[c, i],
 *
 * so a step costs (n+1)² multiply-adds per neuron instead of 2(n+1)·d (dense)
 * or 2(n+1)·K (sparse), whatever d and the density. It is the same gradient
 * descent, reordered: results agree with the dense layout within float32
 * rounding (tests/unit/layouts.test.ts). The weights themselves are rebuilt only
 * when a snapshot asks for test-set products or the weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../model/params';
import type { Experiment } from '../model/sampling';
import type { Group } from './group';
import { coefficients, nextCounters, type RunCounters } from './step';
import type { Kernels, Trainer } from './trainer';
import { runProgram, type FusedProgram } from './webgl/available';
import { coefficientsProgram, countersProgram, outputsProgram } from './webgl/programs';

/** The gathered data of one chunk of columns ([chunk, n+1, K]) stays below this. */
const CHUNK_FLOATS = 4 * 1024 * 1024;

/** Padded widths are multiples of this: a slider move rarely meets a new shape. */
const WIDTH_STEP = 64;

/**
 * G_c for every column of a group, [C, n+1, n+1]. Columns that keep every
 * input share one Gram matrix, xAug xAug^T; the others gather their kept
 * coordinates (chunk by chunk, to bound the temporaries) and multiply.
 */
export function gramMatrices(
  params: Pick<Params, 'd' | 'm'>,
  prunes: readonly number[],
  ex: Pick<Experiment, 'maskUniforms'>,
  xAug: tf.Tensor2D,
): tf.Tensor3D {
  const { d, m } = params;
  const rows = xAug.shape[0];
  const neurons = 2 * m;
  const kept: number[][] = [];
  prunes.forEach((prune) => {
    for (let k = 0; k < neurons; k++) {
      const list: number[] = [];
      for (let i = 0; i < d; i++) if (ex.maskUniforms[k * d + i] >= prune) list.push(i);
      kept.push(list);
    }
  });
  return tf.tidy(() => {
    let full: tf.Tensor3D | null = null;
    const fullGram = () =>
      (full ??= tf.reshape(tf.matMul(xAug, xAug, false, true), [1, rows, rows]));
    const parts: tf.Tensor3D[] = [];
    let c = 0;
    while (c < kept.length) {
      if (kept[c].length === d) {
        let end = c;
        while (end < kept.length && kept[end].length === d) end++;
        parts.push(tf.tile(fullGram(), [end - c, 1, 1]));
        c = end;
        continue;
      }
      // A chunk of partly pruned columns, padded to its widest one, rounded
      // up so nearby pruning rates share shapes (and compiled GPU programs).
      let end = c;
      let width = 1;
      while (end < kept.length && kept[end].length < d) {
        const w = Math.max(width, Math.ceil(kept[end].length / WIDTH_STEP) * WIDTH_STEP);
        if (end > c && (end - c + 1) * w * rows > CHUNK_FLOATS) break;
        width = w;
        end++;
      }
      const count = end - c;
      const coordinate = new Int32Array(count * width);
      const valid = new Float32Array(count * width);
      for (let j = 0; j < count; j++) {
        kept[c + j].forEach((i, slot) => {
          coordinate[j * width + slot] = i;
          valid[j * width + slot] = 1;
        });
      }
      // [C, n+1, K]: both operands of the product then read along texture
      // rows, several times faster on software WebGL than down columns.
      const picked = tf.gather(xAug, tf.tensor1d(coordinate, 'int32'), 1);
      const masked = tf.mul(picked, tf.tensor2d(valid, [1, count * width]));
      const gathered = tf.transpose(tf.reshape(masked, [rows, count, width]), [1, 0, 2]);
      parts.push(tf.matMul(gathered as tf.Tensor3D, gathered as tf.Tensor3D, false, true));
      c = end;
    }
    return (parts.length === 1 ? parts[0] : tf.concat(parts, 0)) as tf.Tensor3D;
  });
}

type GramState = RunCounters & {
  /** -eta times the accumulated gradient coefficients, [C, n+1, 1]. */
  beta: tf.Tensor3D;
};

interface GramPrograms {
  outputs: FusedProgram;
  counters: FusedProgram;
  /** Coefficients fused with the accumulation: beta - eta·coef. */
  accumulate: FusedProgram;
}

export class GramTrainer implements Trainer {
  readonly layout = 'gram';
  private state: GramState;
  /** G_c, [C, n+1, n+1]. */
  private readonly gram: tf.Tensor3D;
  /** zAug at the initial weights, [C, n+1, 1]. */
  private readonly start: tf.Tensor3D;
  /** Counters of the fused path, one [3, R] texture (rows active, diverged, steps). */
  private status: tf.Tensor2D | null = null;
  private readonly programs: GramPrograms | null;
  private readonly eta: number;
  private readonly neurons: number;
  private frozen = false;

  /**
   * `source`: the experiment, to compute the Gram matrices and the starting
   * products, or those tensors already computed (taken over, see subset).
   */
  constructor(
    private readonly g: Group,
    params: Params,
    prunes: readonly number[],
    source: Pick<Experiment, 'maskUniforms'> | { gram: tf.Tensor3D; start: tf.Tensor3D },
    readonly kernels: Kernels,
  ) {
    const { xAug } = g.data;
    this.eta = params.eta;
    this.neurons = 2 * params.m;
    const cols = g.constants.columnRun.shape[0];
    const rows = params.n + 1;
    if ('gram' in source) {
      this.gram = source.gram;
      this.start = source.start;
    } else {
      this.gram = gramMatrices(params, prunes, source, xAug);
      this.start = tf.tidy(() => {
        const z0 = tf.matMul(xAug, g.state.w); // [n+1, C]
        return tf.reshape(tf.transpose(z0), [cols, rows, 1]) as tf.Tensor3D;
      });
    }
    const s = g.state;
    this.state = {
      beta: tf.zeros([cols, rows, 1]),
      active: tf.clone(s.active),
      diverged: tf.clone(s.diverged),
      steps: tf.clone(s.steps),
    };
    if (kernels === 'webgl') {
      const sizes = { n: params.n, m: params.m, runs: prunes.length, q: params.q };
      this.programs = {
        outputs: outputsProgram(sizes, 'sparse'),
        counters: countersProgram(sizes, params.eps),
        accumulate: coefficientsProgram(sizes, params.eta, 'sparse', true),
      };
      this.status = tf.tidy(() => tf.stack([s.active, s.diverged, s.steps]) as tf.Tensor2D);
    } else {
      this.programs = null;
    }
  }

  /** zAug as [C, n+1, 1]: the products of every column with every row of xAug. */
  private columnProducts(beta: tf.Tensor3D): tf.Tensor3D {
    return tf.add(this.start, tf.matMul(this.gram, beta)) as tf.Tensor3D;
  }

  step(): void {
    if (this.frozen) throw new Error('a frozen trainer cannot step');
    if (this.programs) this.fusedStep(this.programs);
    else this.plainStep();
  }

  private plainStep(): void {
    const { g } = this;
    const s = this.state;
    const eta = this.eta;
    const next = tf.tidy((): GramState => {
      const [cols, rows] = s.beta.shape;
      const zAug = tf.transpose(tf.reshape(this.columnProducts(s.beta), [cols, rows]));
      const { loss, finite, coef } = coefficients(g.data, zAug as tf.Tensor2D);
      const counters = nextCounters(s, loss, finite, g.constants.eps);
      const live = tf.mul(coef, tf.gather(counters.active, g.constants.columnRun));
      const delta = tf.reshape(tf.transpose(live), [cols, rows, 1]);
      return { beta: tf.sub(s.beta, tf.mul(delta, eta)) as tf.Tensor3D, ...counters };
    });
    tf.dispose([s.beta, s.active, s.diverged, s.steps]);
    this.state = next;
  }

  private fusedStep(p: GramPrograms): void {
    const { y } = this.g.data;
    const { beta } = this.state;
    const status = this.status!;
    const next = tf.tidy(() => {
      // One program for start + G·beta (the bias rides in the product).
      const z = tf.fused.matMul({ a: this.gram, b: beta, bias: this.start });
      const f = runProgram(p.outputs, [z, y]);
      const counters = runProgram(p.counters, [f, y, status]);
      const nextBeta = runProgram(p.accumulate, [z, f, y, counters, beta]) as tf.Tensor3D;
      return { beta: nextBeta, status: counters as tf.Tensor2D };
    });
    tf.dispose([beta, status]);
    this.state = { ...this.state, beta: next.beta };
    this.status = next.status;
  }

  /**
   * A trainer for runs `runs` (positions in this trainer) of `from`, on
   * their own group `g`, that goes on exactly where they are: it takes their
   * Gram matrices, starting products, coefficients and counters, so nothing
   * is computed again.
   */
  static subset(
    from: GramTrainer,
    g: Group,
    params: Params,
    prunes: readonly number[],
    runs: readonly number[],
  ): GramTrainer {
    const neurons = from.neurons;
    const columns = runs.flatMap((r) => Array.from({ length: neurons }, (_, k) => r * neurons + k));
    const picked = tf.tidy(() => {
      const c = from.counters();
      const byColumn = tf.tensor1d(columns, 'int32');
      const byRun = tf.tensor1d(Array.from(runs), 'int32');
      return {
        gram: tf.gather(from.gram, byColumn) as tf.Tensor3D,
        start: tf.gather(from.start, byColumn) as tf.Tensor3D,
        beta: tf.gather(from.state.beta, byColumn) as tf.Tensor3D,
        active: tf.gather(c.active, byRun) as tf.Tensor1D,
        diverged: tf.gather(c.diverged, byRun) as tf.Tensor1D,
        steps: tf.gather(c.steps, byRun) as tf.Tensor1D,
      };
    });
    const t = new GramTrainer(g, params, prunes, picked, from.kernels);
    const s = t.state;
    tf.dispose([s.beta, s.active, s.diverged, s.steps]);
    const { beta, active, diverged, steps } = picked;
    t.state = { beta, active, diverged, steps };
    if (t.status) {
      t.status.dispose();
      t.status = tf.tidy(() => tf.stack([active, diverged, steps]) as tf.Tensor2D);
    }
    return t;
  }

  /** Frees what only stepping needs; the weights stay readable. */
  freeze(): void {
    tf.dispose([this.gram, this.start]);
    this.frozen = true;
  }

  products(x: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(x, this.denseWeights());
  }

  trainProducts(): tf.Tensor2D {
    const [cols, rows] = this.state.beta.shape;
    return tf.transpose(tf.reshape(this.columnProducts(this.state.beta), [cols, rows]));
  }

  counters(): RunCounters {
    if (!this.status) return this.state;
    const [active, diverged, steps] = tf.unstack(this.status) as tf.Tensor1D[];
    return { active, diverged, steps };
  }

  denseWeights(): tf.Tensor2D {
    const { xAugT } = this.g.data;
    const { etaMask } = this.g.constants;
    const w0 = this.g.state.w;
    const [cols, rows] = this.state.beta.shape;
    return tf.tidy(() => {
      const moved = tf.matMul(xAugT, tf.reshape(this.state.beta, [cols, rows]), false, true);
      // Pruned weights stay exactly 0, even when a diverged run's sums are not finite.
      return tf.where(tf.notEqual(etaMask, 0), tf.add(w0, moved), tf.zerosLike(w0));
    });
  }

  dispose(): void {
    const s = this.state;
    tf.dispose([s.beta, s.active, s.diverged, s.steps]);
    if (!this.frozen) tf.dispose([this.gram, this.start]);
    if (this.status) this.status.dispose();
  }
}
