/**
 * Where a step's time goes on WebGL: each piece of the fused step run alone
 * many times, with one download at the end so queued GPU work is counted.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_PARAMS } from '../../src/model/params';
import { runProgram, type FusedProgram } from '../../src/engine/webgl/available';
import * as P from '../../src/engine/webgl/programs';

export interface PieceTiming {
  piece: string;
  ms: number;
}

async function timePiece(piece: string, reps: number, f: () => tf.Tensor): Promise<PieceTiming> {
  const warm = f();
  await warm.data();
  warm.dispose();
  const start = performance.now();
  let last: tf.Tensor | null = null;
  for (let i = 0; i < reps; i++) {
    last?.dispose();
    last = f();
  }
  await last!.data();
  last!.dispose();
  return { piece, ms: (performance.now() - start) / reps };
}

/** Pieces of one default-preset step (K = 1), sparse width for prune 0.9. */
export async function profileStep(reps: number): Promise<PieceTiming[]> {
  const { d, n, m, q } = DEFAULT_PARAMS;
  const cols = 2 * m;
  const width = Math.round(0.12 * d);
  const sizes = { n, m, runs: 1, q };
  const r = (shape: number[]) => tf.randomNormal(shape, 0, 0.01, 'float32', 1);
  const xAug = r([n + 1, d]) as tf.Tensor2D;
  const xAugT = r([d, n + 1]) as tf.Tensor2D;
  const w = r([d, cols]) as tf.Tensor2D;
  const wT = r([cols, d]) as tf.Tensor2D;
  const mask = tf.onesLike(wT);
  const z = r([n + 1, cols]);
  const zT = r([cols, n + 1]);
  const f = r([n, 1]);
  const y = tf.ones([n, 1]);
  const s = tf.ones([3, 1]);
  const v = r([cols, width]);
  const g = r([cols, width, n + 1]);
  const gT = r([cols, n + 1, width]);
  const pieces: [string, () => tf.Tensor][] = [];
  const add = (piece: string, fn: () => tf.Tensor) => pieces.push([piece, fn]);
  add('plain: tf.matMul xAug·w [61×2000·2000×80]', () => tf.matMul(xAug, w));
  add('plain: tf.matMul xAugT·coef [2000×61·61×80]', () => tf.matMul(xAugT, z));
  add('engine dense: xAug·wTᵀ (rows contiguous)', () => tf.matMul(xAug, wT, false, true));
  add('engine dense: coefᵀ·xAug → [80×2000]', () => tf.matMul(z, xAug, true, false));
  add('fused outputs', () => runProgram(P.outputsProgram(sizes, 'dense'), [z, y]));
  add('fused counters', () => runProgram(P.countersProgram(sizes, 0.05), [f, y, s]));
  add('fused coefficients', () =>
    runProgram(P.coefficientsProgram(sizes, 20, 'dense'), [z, f, y, s]),
  );
  add('fused masked update [80×2000]', () =>
    runProgram(P.maskedUpdateProgram([cols, d], 'dense'), [wT, w, mask]),
  );
  add(`first try: batched v·G (sparse products, K=${width})`, () =>
    tf.matMul(tf.reshape(v, [cols, 1, width]), g as tf.Tensor3D),
  );
  add(`engine sparse: batched Gᵀ·v (products)`, () =>
    tf.matMul(gT as tf.Tensor3D, tf.reshape(v, [cols, width, 1])),
  );
  add(`engine sparse: batched G·coef (gradient)`, () =>
    tf.matMul(g as tf.Tensor3D, tf.reshape(zT, [cols, n + 1, 1])),
  );
  const gram = r([cols, n + 1, n + 1]) as tf.Tensor3D;
  const beta = r([cols, n + 1, 1]) as tf.Tensor3D;
  add('gram: batched G·beta [80×61×61·61×1]', () => tf.matMul(gram, beta));
  add('gram: fused outputs', () => runProgram(P.outputsProgram(sizes, 'sparse'), [beta, y]));
  add('gram: fused coefficients + accumulate', () =>
    runProgram(P.coefficientsProgram(sizes, 20, 'sparse', true), [beta, f, y, s, beta]),
  );
  const rows = n + 1;
  const gram3: FusedProgram = {
    variableNames: ['G', 'B', 'S'],
    outputShape: [cols, rows, 1],
    userCode: `void main() {
      ivec3 rc = getOutputCoords();
      float sum = getS(rc.x, rc.y, 0);
      for (int k = 0; k < ${rows}; k++) sum += getG(rc.x, rc.y, k) * getB(rc.x, k, 0);
      setOutput(sum);
    }`,
  };
  add('tried: gram product as an unpacked loop, 3D', () => runProgram(gram3, [gram, beta, beta]));
  const gram2d = tf.reshape(gram, [cols * rows, rows]);
  const beta2d = tf.reshape(beta, [cols, rows]);
  const gram2: FusedProgram = {
    variableNames: ['G', 'B', 'S'],
    outputShape: [cols, rows],
    userCode: `void main() {
      ivec2 rc = getOutputCoords();
      int row = rc.x * ${rows} + rc.y;
      float sum = getS(rc.x, rc.y);
      for (int k = 0; k < ${rows}; k++) sum += getG(row, k) * getB(rc.x, k);
      setOutput(sum);
    }`,
  };
  add('tried: gram product as an unpacked loop, 2D', () =>
    runProgram(gram2, [gram2d, beta2d, beta2d]),
  );
  const one: FusedProgram = {
    variableNames: ['A'],
    outputShape: [1, 1],
    userCode: 'void main() { setOutput(getA(0, 0) + 1.0); }',
  };
  add('one-texel program', () => runProgram(one, [s]));
  add('10 chained one-texel programs (per program)', () => {
    let t = runProgram(one, [s]);
    for (let k = 0; k < 9; k++) {
      const next = runProgram(one, [t]);
      t.dispose();
      t = next;
    }
    return t;
  });
  const onGpu = runProgram(one, [y]);
  add('one-texel program, GPU input', () => runProgram(one, [onGpu]));
  add('tiny tf.add [1]', () => tf.add(s, 1));
  add('readback only', () => tf.clone(s));
  // Round-robin rounds, best of each: load spikes on a shared machine hit
  // one round of a piece, not all of them.
  const best = new Map<string, number>();
  for (let round = 0; round < 3; round++) {
    for (const [piece, fn] of pieces) {
      const t = await timePiece(piece, reps, fn);
      best.set(piece, Math.min(best.get(piece) ?? Infinity, t.ms));
    }
  }
  const out: PieceTiming[] = [...best].map(([piece, ms]) => ({
    piece,
    ms: piece.startsWith('10 chained') ? ms / 10 : ms,
  }));
  tf.dispose([
    xAug,
    xAugT,
    w,
    wT,
    mask,
    z,
    zT,
    f,
    y,
    s,
    v,
    g,
    gT,
    gram,
    beta,
    onGpu,
    gram2d,
    beta2d,
  ]);
  return out;
}
