/**
 * The run's metrics as CSV (one row per recorded step and run) and JSON
 * (parameters, provenance, the same rows, and the final per-neuron state).
 */
import type { RunSnapshot } from '../engine/session';
import { PARAM_NAMES, type Params } from '../model/params';
import { PAPER_CITATION } from './AboutPanel';
import type { RunHistory, RunPoint } from './runHistory';

const COLUMNS: (keyof RunPoint)[] = [
  'step',
  'trainLoss',
  'testLoss',
  'trainAcc',
  'testAcc',
  'maxAlignPlus',
  'maxAlignMinus',
  'meanSignalAlignment',
  'noiseMemorization',
];

export interface ExportInput {
  params: Params;
  main: RunHistory;
  baseline: RunHistory | null;
  latestMain: RunSnapshot | null;
  backend: string | null;
}

function csvNumber(x: number): string {
  return Number.isFinite(x)
    ? String(x)
    : Number.isNaN(x)
      ? 'NaN'
      : x > 0
        ? 'Infinity'
        : '-Infinity';
}

export function metricsCsv(input: ExportInput): string {
  const header = ['run', 'prune', 'seed', ...COLUMNS].join(',');
  const rows: string[] = [header];
  const add = (label: string, h: RunHistory) => {
    for (const p of h.points) {
      rows.push(
        [label, csvNumber(h.prune), String(h.seed), ...COLUMNS.map((c) => csvNumber(p[c]))].join(
          ',',
        ),
      );
    }
  };
  add('pruned', input.main);
  if (input.baseline) add('dense', input.baseline);
  return `${rows.join('\n')}\n`;
}

/** JSON cannot hold NaN or ∞; they become null. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function rowsOf(h: RunHistory): Record<string, number | null>[] {
  return h.points.map((p) => Object.fromEntries(COLUMNS.map((c) => [c, finiteOrNull(p[c])])));
}

export function metricsJson(input: ExportInput, now = new Date()): string {
  const { params, main, baseline, latestMain } = input;
  const doc = {
    generator: 'pruneviz',
    exportedAt: now.toISOString(),
    paper: PAPER_CITATION,
    backend: input.backend,
    params: Object.fromEntries(PARAM_NAMES.map((k) => [k, params[k]])),
    runs: [
      { run: 'pruned', prune: main.prune, seed: main.seed, points: rowsOf(main) },
      ...(baseline
        ? [{ run: 'dense', prune: baseline.prune, seed: baseline.seed, points: rowsOf(baseline) }]
        : []),
    ],
    final: latestMain
      ? {
          status: latestMain.status,
          steps: latestMain.steps,
          signalNeurons: latestMain.structure.signalNeurons,
          density: latestMain.structure.density,
          survivingWeights: latestMain.structure.survivingWeights,
          neurons: Array.from(latestMain.alignment, (a, i) => ({
            class: i < latestMain.alignment.length / 2 ? 1 : -1,
            alignment: finiteOrNull(a),
            noise: finiteOrNull(latestMain.neuronNoise[i]),
            seesSignal: latestMain.structure.seesSignal[i],
          })),
        }
      : null,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A file name stem that says what is in the file. */
export function exportStem(params: Params): string {
  return `pruneviz-prune${params.prune}-seed${params.seed}`;
}
