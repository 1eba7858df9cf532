// temporary probe (deleted before report)
import { useNodeBackend } from '../src/cli/backend';
import { DEFAULT_PARAMS } from '../src/model/params';
import { TrainingSession } from '../src/engine/session';
import * as tf from '@tensorflow/tfjs-core';
const backend = (process.argv[2] ?? 'wasm') as 'wasm' | 'cpu';
await useNodeBackend(backend);
const params = { ...DEFAULT_PARAMS };
for (const prune of [0, 0.5, 0.9, 0.98]) {
  const row: string[] = [];
  let ref: Float32Array | null = null;
  for (const layout of ['dense', 'sparse'] as const) {
    const s = TrainingSession.create({ params, prunes: [prune], seeds: [0], tuning: { layout } });
    s.advance(2);
    await s.snapshot();
    const steps = backend === 'cpu' ? 5 : 20;
    const t0 = performance.now();
    s.advance(steps);
    const snap = await s.snapshot();
    const ms = (performance.now() - t0) / steps;
    const w = (await s.weights())[0];
    if (!ref) ref = w;
    else {
      let e = 0,
        mx = 0;
      for (let i = 0; i < w.length; i++) {
        e = Math.max(e, Math.abs(w[i] - ref[i]));
        mx = Math.max(mx, Math.abs(ref[i]));
      }
      row.push(`maxdiff ${e.toExponential(2)} / ${mx.toExponential(2)}`);
    }
    row.push(`${layout} ${ms.toFixed(2)} ms loss ${snap.runs[0].trainLoss.toFixed(6)}`);
    s.dispose();
  }
  console.log(prune, row.join(' | '), tf.memory().numTensors);
}
