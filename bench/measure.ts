/**
 * Timing of engine sessions, shared by the Node benchmark and the browser
 * bench worker so both hosts measure the same thing: queue `every` steps,
 * read one snapshot (as the app does), repeat; warm-up steps first so
 * shader compilation and first uploads are not counted.
 */
import type { Params } from '../src/model/params';
import { drawExperiment, type Experiment } from '../src/model/sampling';
import { TrainingSession } from '../src/engine/session';
import type { EngineTuning } from '../src/engine/plan';

export interface CaseSpec {
  label: string;
  params: Params;
  prunes: number[];
  seeds: number[];
  tuning?: EngineTuning;
  steps: number;
  every: number;
  /** Timed rounds of `steps` steps; the fastest counts (the machine is shared). */
  rounds?: number;
}

export interface CaseResult {
  label: string;
  /** Wall time per queued step of the whole session (all its runs). */
  msPerStep: number;
  runs: number;
  /** Layout and kernels of each batch, as the engine chose them. */
  plan: string;
}

const WARMUP_STEPS = 2;

// Steps are timed with a cheap progress read every `every` steps (what a
// host needs to pace itself); metrics snapshots (a test-set product) are
// the app's choice of cadence and are left out.

// Sampling is host JavaScript, not training: draw each seed once and reuse it.
const experiments = new Map<string, Experiment>();

function experimentOf(params: Params, seed: number): Experiment {
  const key = JSON.stringify({ ...params, seed, prune: 0, maxSteps: 0 });
  let ex = experiments.get(key);
  if (!ex) {
    ex = drawExperiment({ ...params, seed });
    experiments.set(key, ex);
  }
  return ex;
}

export async function timeCase(spec: CaseSpec): Promise<CaseResult> {
  const session = TrainingSession.create(
    {
      params: { ...spec.params, maxSteps: spec.steps * (spec.rounds ?? 1) + WARMUP_STEPS + 1 },
      prunes: spec.prunes,
      seeds: spec.seeds,
      tuning: spec.tuning,
    },
    spec.seeds.map((seed) => experimentOf(spec.params, seed)),
  );
  try {
    session.advance(WARMUP_STEPS);
    await session.progress();
    let ms = Infinity;
    for (let round = 0; round < (spec.rounds ?? 1); round++) {
      const start = performance.now();
      for (let done = 0; done < spec.steps; done += spec.every) {
        session.advance(Math.min(spec.every, spec.steps - done));
        await session.progress();
      }
      ms = Math.min(ms, performance.now() - start);
    }
    return {
      label: spec.label,
      msPerStep: ms / spec.steps,
      runs: session.runCount,
      plan: describePlan(session),
    };
  } finally {
    session.dispose();
  }
}

/** The same runs one session at a time (K = 1 each), summed. */
export async function timeOneAtATime(spec: CaseSpec): Promise<CaseResult> {
  let ms = 0;
  const plans = new Set<string>();
  for (const seed of spec.seeds) {
    for (const prune of spec.prunes) {
      const r = await timeCase({ ...spec, prunes: [prune], seeds: [seed] });
      ms += r.msPerStep;
      plans.add(r.plan);
    }
  }
  return {
    label: spec.label,
    msPerStep: ms,
    runs: spec.prunes.length * spec.seeds.length,
    plan: [...plans].join(' / '),
  };
}

function describePlan(session: TrainingSession): string {
  const parts = new Map<string, number>();
  for (const b of session.plan) {
    const key = `${b.layout}/${b.kernels}`;
    parts.set(key, (parts.get(key) ?? 0) + b.prunes.length);
  }
  return [...parts].map(([k, runs]) => `${k}×${runs}`).join(' + ');
}

/** Masked weights of one run after `steps` steps from the initial ones, [2m][d] flat. */
export async function weightsAfter(
  params: Params,
  steps: number,
  tuning?: EngineTuning,
): Promise<{ weights: Float32Array; trainLoss: number }> {
  const session = TrainingSession.create(
    {
      params: { ...params, maxSteps: Math.max(1, steps) },
      prunes: [params.prune],
      seeds: [params.seed],
      tuning,
    },
    [experimentOf(params, params.seed)],
  );
  try {
    session.advance(steps);
    const snap = await session.snapshot();
    const [weights] = await session.weights();
    return { weights, trainLoss: snap.runs[0].trainLoss };
  } finally {
    session.dispose();
  }
}
