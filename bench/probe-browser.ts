import { runInBrowser } from './browser-driver';
import { DEFAULT_PARAMS } from '../src/model/params';
const p = { ...DEFAULT_PARAMS };
const cases = [];
for (const prune of [0.9, 0.98]) {
  cases.push({
    label: `plain ${prune}`,
    params: p,
    prunes: [prune],
    seeds: [0],
    tuning: { kernels: 'tfjs', layout: 'dense' } as const,
    steps: 20,
    every: 10,
  });
  cases.push({
    label: `fused dense ${prune}`,
    params: p,
    prunes: [prune],
    seeds: [0],
    tuning: { layout: 'dense' } as const,
    steps: 20,
    every: 10,
  });
  cases.push({
    label: `tfjs sparse ${prune}`,
    params: p,
    prunes: [prune],
    seeds: [0],
    tuning: { kernels: 'tfjs', layout: 'sparse' } as const,
    steps: 20,
    every: 10,
  });
  cases.push({
    label: `fused sparse ${prune}`,
    params: p,
    prunes: [prune],
    seeds: [0],
    tuning: { layout: 'sparse' } as const,
    steps: 20,
    every: 10,
  });
}
const t0 = Date.now();
const r = await runInBrowser({ cases, oneAtATime: [], weights: null, profileReps: 10 }, 300000);
console.log(r.error, r.backend, r.renderer);
for (const c of r.cases)
  console.log(
    c.label.padEnd(20),
    c.msPerStep.toFixed(2),
    c.plan,
    c.trainLoss.map((x) => x.toFixed(6)).join(','),
  );
for (const x of r.profile) console.log(x.piece.padEnd(40), x.ms.toFixed(2));
console.log((Date.now() - t0) / 1000, 's');
