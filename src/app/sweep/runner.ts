/**
 * Drives a sweep or a phase diagram on its own training worker: the planned
 * batches go to the worker one after another (each one batched session),
 * every run is reported as soon as its status stops being 'running', and a
 * cancelled job keeps what finished, so resuming re-plans only the rest.
 * No React here; the panel subscribes to what it reports.
 */
import type { RunSnapshot, Snapshot } from '../../engine/session';
import type { Batch, RunResult } from '../../model/sweep';
import type { FromWorker, StartRequest } from '../../worker/protocol';

/** The part of TrainingClient the runner uses (a fake in tests). */
export interface ClientLike {
  start(req: StartRequest): number;
  pause(): void;
  resume(): void;
  stop(): void;
  terminate(): void;
}

export type JobKind = 'sweep' | 'phase';

export interface RunnerProgress {
  kind: JobKind | null;
  state: 'idle' | 'running' | 'cancelled' | 'finished' | 'error';
  /** Runs of the grid finished (including those finished before this job). */
  doneRuns: number;
  totalRuns: number;
  /** Upper bound on the seconds left (every unfinished run going to maxSteps); null before a rate is known. */
  etaSeconds: number | null;
  /** Batch being trained, 1-based, and how many there are in this job. */
  batch: number;
  batches: number;
  backend: string | null;
  message: string | null;
}

export interface RunnerListener {
  onResults(kind: JobKind, results: RunResult[]): void;
  onProgress(progress: RunnerProgress): void;
}

/** First snapshot after this many steps; the worker then stretches the interval toward TARGET_MS. */
const EVERY = 10;
/** Snapshot interval: frequent enough for a live chart, rare enough that reading back costs little. */
const TARGET_MS = 1500;

export const IDLE: RunnerProgress = {
  kind: null,
  state: 'idle',
  doneRuns: 0,
  totalRuns: 0,
  etaSeconds: null,
  batch: 0,
  batches: 0,
  backend: null,
  message: null,
};

export class SweepRunner {
  private readonly client: ClientLike;
  private readonly listener: RunnerListener;
  private progress: RunnerProgress = IDLE;
  private queue: Batch[] = [];
  private current: Batch | null = null;
  private finishedKeys = new Set<string>();
  private alreadyDone = 0;
  /** Seconds per (gradient step x run), from the worker's steps per second. */
  private costPerRunStep: number | null = null;
  private lastStep = 0;

  constructor(
    listener: RunnerListener,
    makeClient: (onMessage: (m: FromWorker) => void) => ClientLike,
  ) {
    this.listener = listener;
    this.client = makeClient((m) => this.onMessage(m));
  }

  get busy(): boolean {
    return this.progress.state === 'running';
  }

  /**
   * Trains `batches` one after another. `alreadyDone` of `totalRuns` grid
   * cells finished earlier (a resumed job).
   */
  run(kind: JobKind, batches: Batch[], alreadyDone: number, totalRuns: number): void {
    this.queue = [...batches];
    this.finishedKeys = new Set();
    this.alreadyDone = alreadyDone;
    this.costPerRunStep = null;
    this.update({
      ...IDLE,
      backend: this.progress.backend,
      kind,
      state: batches.length === 0 ? 'finished' : 'running',
      doneRuns: alreadyDone,
      totalRuns,
      batches: batches.length,
    });
    this.next();
  }

  cancel(): void {
    if (!this.busy) return;
    this.client.stop();
    this.current = null;
    this.queue = [];
    this.update({ ...this.progress, state: 'cancelled', etaSeconds: null });
  }

  /** Hidden tab: nothing trains, as for the live run. */
  pause(): void {
    if (this.busy) this.client.pause();
  }

  resume(): void {
    if (this.busy) this.client.resume();
  }

  dispose(): void {
    this.client.terminate();
  }

  private next(): void {
    const batch = this.queue.shift() ?? null;
    this.current = batch;
    if (!batch) {
      if (this.busy) this.update({ ...this.progress, state: 'finished', etaSeconds: 0 });
      return;
    }
    this.lastStep = 0;
    this.update({ ...this.progress, batch: this.progress.batches - this.queue.length });
    this.client.start({
      params: batch.params,
      prunes: batch.prunes,
      seeds: batch.seeds,
      every: EVERY,
      targetMs: TARGET_MS,
    });
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'ready') {
      this.update({ ...this.progress, backend: m.backend });
      return;
    }
    if (!this.busy || !this.current) return;
    if (m.type === 'error') {
      // A crashed or context-lost worker is replaced on the next start.
      this.client.terminate();
      this.current = null;
      this.queue = [];
      this.update({ ...this.progress, state: 'error', etaSeconds: null, message: m.message });
      return;
    }
    this.collect(this.current, m.snapshot);
    if (m.type === 'snapshot' && m.stepsPerSecond > 0) {
      const runs = this.current.prunes.length * this.current.seeds.length;
      this.costPerRunStep = 1 / (m.stepsPerSecond * runs);
    }
    this.lastStep = m.snapshot.step;
    this.update({ ...this.progress, etaSeconds: this.eta() });
    if (m.type === 'done') this.next();
  }

  private collect(batch: Batch, snapshot: Snapshot): void {
    const fresh: RunResult[] = [];
    for (const r of snapshot.runs) {
      // The session measures a finished run's test set at its last step; a
      // result is only taken with those metrics (testSteps === steps).
      if (r.status === 'running' || r.testSteps !== r.steps) continue;
      // Finished runs stay in every later snapshot unchanged; report each once.
      const key = `${batch.value}|${r.prune}|${r.seed}`;
      if (this.finishedKeys.has(key)) continue;
      this.finishedKeys.add(key);
      fresh.push(toResult(r, batch.value));
    }
    if (fresh.length === 0) return;
    this.listener.onResults(this.progress.kind ?? 'sweep', fresh);
    this.progress = { ...this.progress, doneRuns: this.alreadyDone + this.finishedKeys.size };
  }

  /** Upper bound: the current session runs to maxSteps, later ones cost runs x maxSteps each. */
  private eta(): number | null {
    const c = this.costPerRunStep;
    const cur = this.current;
    if (c === null || !cur) return null;
    const runsNow = cur.prunes.length * cur.seeds.length;
    let seconds = Math.max(0, cur.params.maxSteps - this.lastStep) * runsNow * c;
    for (const b of this.queue) seconds += b.params.maxSteps * b.prunes.length * b.seeds.length * c;
    return seconds;
  }

  private update(p: RunnerProgress): void {
    this.progress = p;
    this.listener.onProgress(p);
  }
}

function toResult(r: RunSnapshot, value: number | undefined): RunResult {
  return {
    prune: r.prune,
    seed: r.seed,
    ...(value === undefined ? {} : { value }),
    steps: r.steps,
    status: r.status === 'running' ? 'maxSteps' : r.status,
    trainLoss: r.trainLoss,
    trainAcc: r.trainAcc,
    testLoss: r.testLoss,
    testAcc: r.testAcc,
  };
}
