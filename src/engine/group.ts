/**
 * Uploads one seed's experiment as the tensors of one group: R pruning rates
 * side by side as the columns of one weight matrix (see step.ts for the
 * layout). Shared by the training session and the tests.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../model/params';
import { maskStructure, type Experiment, type MaskStructure } from '../model/sampling';
import type { GroupData, GroupState, StepConstants } from './step';

export interface Group {
  seed: number;
  data: GroupData;
  testX: tf.Tensor2D;
  testY: tf.Tensor2D;
  /** 0 where the column's class matches the point's label, -1e30 elsewhere: [n, C]. */
  ownClassBias: tf.Tensor2D;
  constants: StepConstants;
  state: GroupState;
  structures: MaskStructure[];
  /** False once a snapshot showed every run of the group finished. */
  live: boolean;
}

/** The tensors of a seed's data, which the groups of one seed can share. */
export type SeedData = Pick<GroupData, 'xAug' | 'xAugT' | 'y'> & Pick<Group, 'testX' | 'testY'>;

/**
 * `shared`: the data tensors of another group of the same seed, reused
 * instead of uploaded again (disposing a tensor twice is harmless in tfjs).
 */
export function uploadGroup(
  params: Params,
  prunes: readonly number[],
  seed: number,
  ex: Experiment,
  shared?: SeedData,
): Group {
  const { d, n, nTest, m, eta, eps, q } = params;
  const runs = prunes.length;
  const neurons = 2 * m;
  const cols = runs * neurons;

  const xAugHost = new Float32Array((n + 1) * d);
  xAugHost.set(ex.train.xi);
  xAugHost.set(ex.signal, n * d);

  // Column c = r*2m + k holds neuron k of run r; the sampled arrays are [2m][d].
  const w0 = new Float32Array(d * cols);
  const etaMask = new Float32Array(d * cols);
  const columnRun = new Int32Array(cols);
  const structures: MaskStructure[] = [];
  for (let r = 0; r < runs; r++) {
    const prune = prunes[r];
    structures.push(maskStructure(ex.maskUniforms, prune, params));
    for (let k = 0; k < neurons; k++) {
      const col = r * neurons + k;
      columnRun[col] = r;
      for (let i = 0; i < d; i++) {
        const keep = ex.maskUniforms[k * d + i] >= prune;
        w0[i * cols + col] = keep ? ex.init[k * d + i] : 0;
        etaMask[i * cols + col] = keep ? eta : 0;
      }
    }
  }

  const readout = new Float32Array(cols * runs);
  const spread = new Float32Array(runs * cols);
  for (let col = 0; col < cols; col++) {
    const r = columnRun[col];
    const j = col % neurons < m ? 1 : -1;
    readout[col * runs + r] = j / m;
    spread[r * cols + col] = j / (m * n);
  }

  const bias = new Float32Array(n * cols);
  for (let i = 0; i < n; i++) {
    for (let col = 0; col < cols; col++) {
      const j = col % neurons < m ? 1 : -1;
      bias[i * cols + col] = j === ex.train.y[i] ? 0 : -1e30;
    }
  }

  const xAug = shared?.xAug ?? tf.tensor2d(xAugHost, [n + 1, d]);
  const data: GroupData = {
    xAug,
    xAugT: shared?.xAugT ?? tf.tidy(() => tf.transpose(xAug)),
    y: shared?.y ?? tf.tensor2d(ex.train.y, [n, 1]),
    readout: tf.tensor2d(readout, [cols, runs]),
    spreadScaled: tf.tensor2d(spread, [runs, cols]),
    q,
    n,
  };
  return {
    seed,
    data,
    testX: shared?.testX ?? tf.tensor2d(ex.test.xi, [nTest, d]),
    testY: shared?.testY ?? tf.tensor2d(ex.test.y, [nTest, 1]),
    ownClassBias: tf.tensor2d(bias, [n, cols]),
    constants: {
      etaMask: tf.tensor2d(etaMask, [d, cols]),
      columnRun: tf.tensor1d(columnRun, 'int32'),
      eps,
    },
    state: {
      w: tf.tensor2d(w0, [d, cols]),
      active: tf.ones([runs]),
      diverged: tf.zeros([runs]),
      steps: tf.zeros([runs]),
    },
    structures,
    live: true,
  };
}

export function disposeGroup(g: Group): void {
  const d = g.data;
  tf.dispose([d.xAug, d.xAugT, d.y, d.readout, d.spreadScaled, g.testX, g.testY]);
  tf.dispose([g.ownClassBias, g.constants.etaMask, g.constants.columnRun]);
  disposeState(g.state);
}

export function disposeState(s: GroupState): void {
  tf.dispose([s.w, s.active, s.diverged, s.steps]);
}
