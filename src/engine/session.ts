/**
 * A training session: K = seeds x prunes runs stepped together on whatever
 * tfjs backend the host selected. The worker, the command line, the
 * benchmarks and the tests all drive this one class.
 *
 * Runs that share a seed share the data and initial weights (coupled masks)
 * and are batched as columns of one weight matrix; each seed is one group.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkMemory } from '../model/memory';
import { validateParams, type Params } from '../model/params';
import { drawExperiment, type Experiment, type MaskStructure } from '../model/sampling';
import { disposeGroup, uploadGroup, type Group, type SeedData } from './group';
import { planGroups, type EngineTuning, type GroupPlan } from './plan';
import { accuracy, logisticLoss, outputs } from './step';
import { GramTrainer } from './gram';
import { makeTrainer } from './make-trainer';
import type { Trainer } from './trainer';

export type RunStatus = 'running' | 'converged' | 'maxSteps' | 'diverged';

export interface RunSnapshot {
  prune: number;
  seed: number;
  /** Gradient steps this run has taken (it stops early when converged or diverged). */
  steps: number;
  status: RunStatus;
  trainLoss: number;
  trainAcc: number;
  /** Test metrics as of `testSteps` (a snapshot may skip the test set; see SnapshotOptions). */
  testLoss: number;
  testAcc: number;
  /** The run's step count when testLoss and testAcc were measured. */
  testSteps: number;
  /** A_{j,r} = j <w~_{j,r}, mu> / |mu| per neuron, class +1 first (length 2m). */
  alignment: Float32Array;
  /** max_i <w~_{j,r}, xi_i> over the training points of the neuron's class (length 2m). */
  neuronNoise: Float32Array;
  /** Mean over training points of max_r <w~_{y_i,r}, xi_i>. */
  noiseMemorization: number;
  /** Largest alignment in class +1 and in class -1. */
  maxAlignment: [number, number];
  /** Mean alignment over the neurons whose mask keeps a signal coordinate (NaN if none). */
  meanSignalAlignment: number;
  structure: MaskStructure;
}

export interface Snapshot {
  /** The most gradient steps any run has taken. */
  step: number;
  runs: RunSnapshot[];
  /** True when no run is still training. */
  done: boolean;
}

export interface SnapshotOptions {
  /**
   * Evaluate the test set (default true). The test set is the costly part of
   * a snapshot (nTest·d·2m multiply-adds per run, far more than a Gram step),
   * so a live host may skip it on most snapshots; the last measured values
   * are then repeated with their testSteps. A snapshot that finds every run
   * finished always evaluates it.
   */
  test?: boolean;
}

export interface SessionSpec {
  /** All parameters; `prune` and `seed` are replaced by the lists below. */
  params: Params;
  prunes: readonly number[];
  seeds: readonly number[];
  /** How the engine lays out and steps the runs; results agree within float tolerance. */
  tuning?: EngineTuning;
}

/** One batch of runs stepped together: some pruning rates of one seed. */
interface Batch {
  group: Group;
  trainer: Trainer;
  /** Index into `prunes` of each of the batch's runs. */
  pruneIndex: number[];
  seedIndex: number;
}

/** Experiment-level error: the configuration is invalid or too large. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export class TrainingSession {
  readonly params: Params;
  readonly prunes: readonly number[];
  readonly seeds: readonly number[];
  /** Batches still stepped and measured. */
  private batches: Batch[];
  private readonly experiments: Experiment[];
  private readonly compacting: boolean;
  /** Each seed's data tensors, shared by its batches. */
  private readonly shared: (SeedData | undefined)[] = [];
  /**
   * Runs taken out of their batch once finished (see compact), by flat
   * index (seed-major): their last snapshot, and the frozen batch that
   * still holds their weights.
   */
  private readonly retired = new Map<number, { run: RunSnapshot; batch: Batch }>();
  /** Batches whose unfinished runs moved on to a smaller batch. */
  private readonly frozen: Batch[] = [];
  private readonly signalNorm: number;
  private stepCount = 0;
  private disposed = false;
  private lastDone = false;
  /** Last measured test metrics per run, seed-major. */
  private testCache: { loss: number; acc: number; steps: number }[] = [];

  private constructor(spec: SessionSpec, experiments: Experiment[]) {
    this.params = { ...spec.params };
    this.prunes = [...spec.prunes];
    this.seeds = [...spec.seeds];
    this.signalNorm = this.params.mu;
    this.batches = [];
    this.experiments = experiments;
    this.compacting = spec.tuning?.compact ?? true;
    experiments.forEach((ex, seedIndex) => {
      for (const plan of planGroups(this.params, this.prunes, ex, spec.tuning)) {
        const batch = this.upload(plan, ex, seedIndex, this.shared[seedIndex]);
        const g = batch.group;
        this.shared[seedIndex] ??= { ...g.data, testX: g.testX, testY: g.testY };
        this.batches.push(batch);
      }
    });
  }

  private upload(plan: GroupPlan, ex: Experiment, seedIndex: number, shared?: SeedData): Batch {
    const prunes = plan.pruneIndex.map((i) => this.prunes[i]);
    const group = uploadGroup(this.params, prunes, this.seeds[seedIndex], ex, shared);
    const trainer = makeTrainer(group, plan, this.params, prunes, ex);
    return { group, trainer, pruneIndex: plan.pruneIndex, seedIndex };
  }

  /** Layout and kernels of each batch, for benchmarks and tests. */
  get plan(): { prunes: number[]; seed: number; layout: string; kernels: string }[] {
    return this.batches.map((b) => ({
      prunes: b.pruneIndex.map((i) => this.prunes[i]),
      seed: this.seeds[b.seedIndex],
      layout: b.trainer.layout,
      kernels: b.trainer.kernels,
    }));
  }

  /** Validates, draws every seed's experiment and uploads it to the backend. */
  static create(spec: SessionSpec, experiments?: Experiment[]): TrainingSession {
    const errors = validateParams(spec.params);
    if (spec.prunes.length === 0) errors.push('prune: at least one pruning rate is needed');
    if (spec.seeds.length === 0) errors.push('seed: at least one seed is needed');
    for (const p of spec.prunes) {
      if (!(p >= 0 && p < 1))
        errors.push(`prune: ${p} is out of range; expected a number in [0, 1)`);
    }
    for (const s of spec.seeds) {
      if (!(Number.isInteger(s) && s >= 0 && s <= 2147483647)) {
        errors.push(`seed: ${s} is not an integer from 0 to 2147483647`);
      }
    }
    const memory = checkMemory(spec.params, spec.prunes.length, spec.seeds.length);
    if (memory) errors.push(memory);
    if (errors.length > 0) throw new ConfigError(errors.join('\n'));
    const exps = experiments ?? spec.seeds.map((seed) => drawExperiment({ ...spec.params, seed }));
    return new TrainingSession(spec, exps);
  }

  get step(): number {
    return this.stepCount;
  }

  /** Known from the last snapshot: every run has finished. */
  get done(): boolean {
    return this.lastDone || this.stepCount >= this.params.maxSteps;
  }

  get runCount(): number {
    return this.prunes.length * this.seeds.length;
  }

  /**
   * Queues up to `steps` gradient steps (never past maxSteps) without reading
   * anything back. Returns how many were queued.
   */
  advance(steps: number): number {
    this.assertLive();
    const todo = Math.max(0, Math.min(Math.floor(steps), this.params.maxSteps - this.stepCount));
    for (const b of this.batches) {
      if (!b.group.live) continue;
      for (let t = 0; t < todo; t++) b.trainer.step();
    }
    this.stepCount += todo;
    return todo;
  }

  /** Reads the metrics of every run with one asynchronous download. */
  async snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
    this.assertLive();
    const test = options.test ?? true;
    let snap = await this.measure(this.batches.map((b) => b.pruneIndex.map(() => test)));
    if (!test) {
      // A run seen finished gets its test metrics at its last step (its
      // weights no longer change), so a result is never reported stale.
      const due = this.batches.map((b) =>
        b.pruneIndex.map((p) => {
          const r = snap.runs[b.seedIndex * this.prunes.length + p];
          return r.status !== 'running' && r.testSteps !== r.steps;
        }),
      );
      if (due.some((d) => d.includes(true))) snap = await this.measure(due);
    }
    if (!snap.done && this.compacting) this.compact(snap);
    return snap;
  }

  /** Metrics of every batch, with the test set for the runs flagged in `test` (per batch, per run). */
  private async measure(test: boolean[][]): Promise<Snapshot> {
    const flat = tf.tidy(() => tf.concat(this.batches.map((b, i) => this.metricsOf(b, test[i]))));
    const values = await flat.data<'float32'>();
    flat.dispose();
    return this.parse(values, test);
  }

  /**
   * A batch steps until its slowest run ends, and a finished run's columns
   * cost as much as a live one's. Once at least half of a Gram batch has
   * finished, its unfinished runs move, state and all, to a new batch of
   * their own; the finished ones are reported from this (test-evaluated)
   * snapshot from then on. A default sweep's light rates converge in tens of
   * steps and its heavy ones take thousands, so this saves most of its work.
   */
  private compact(snap: Snapshot): void {
    const runs = this.prunes.length;
    this.batches = this.batches.map((b) => {
      if (!(b.trainer instanceof GramTrainer) || !b.group.live) return b;
      const flat = (r: number) => b.seedIndex * runs + b.pruneIndex[r];
      const positions = b.pruneIndex.map((_, r) => r);
      const active = positions.filter((r) => snap.runs[flat(r)].status === 'running');
      if (active.length === 0 || 2 * active.length > b.pruneIndex.length) return b;
      for (const r of positions) {
        if (!active.includes(r)) this.retired.set(flat(r), { run: snap.runs[flat(r)], batch: b });
      }
      const pruneIndex = active.map((r) => b.pruneIndex[r]);
      const prunes = pruneIndex.map((i) => this.prunes[i]);
      const seed = this.seeds[b.seedIndex];
      const ex = this.experiments[b.seedIndex];
      const group = uploadGroup(this.params, prunes, seed, ex, this.shared[b.seedIndex]);
      const trainer = GramTrainer.subset(b.trainer, group, this.params, prunes, active);
      b.trainer.freeze();
      this.frozen.push(b);
      return { group, trainer, pruneIndex, seedIndex: b.seedIndex };
    });
  }

  /**
   * Steps taken by each run (seed-major), with one tiny download: a cheap way
   * to wait for queued steps without computing the metrics of a snapshot.
   */
  async progress(): Promise<number[]> {
    this.assertLive();
    const flat = tf.tidy(() => tf.concat(this.batches.map((b) => b.trainer.counters().steps)));
    const values = await flat.data<'float32'>();
    flat.dispose();
    const runs = this.prunes.length;
    const out = new Array<number>(this.seeds.length * runs);
    let k = 0;
    for (const b of this.batches) {
      for (const p of b.pruneIndex) out[b.seedIndex * runs + p] = Math.round(values[k++]);
    }
    for (const [index, r] of this.retired) out[index] = r.run.steps;
    return out;
  }

  /** Current (masked) weights of every run, [2m][d] row-major per run, seed-major order. */
  async weights(): Promise<Float32Array[]> {
    this.assertLive();
    const { d, m } = this.params;
    const runs = this.prunes.length;
    const out: Float32Array[] = new Array<Float32Array>(this.seeds.length * runs);
    for (const b of [...this.batches, ...this.frozen]) {
      const t = tf.tidy(() => tf.transpose(b.trainer.denseWeights()));
      const v = await t.data<'float32'>();
      t.dispose();
      b.pruneIndex.forEach((p, r) => {
        const index = b.seedIndex * runs + p;
        // A frozen batch only speaks for the runs it retired.
        if (this.frozen.includes(b) && this.retired.get(index)?.batch !== b) return;
        out[index] = v.slice(r * 2 * m * d, (r + 1) * 2 * m * d);
      });
    }
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of [...this.batches, ...this.frozen]) {
      b.trainer.dispose();
      disposeGroup(b.group);
    }
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('this training session has been disposed');
  }

  /**
   * One flat vector per group: 8 values per run (train loss/acc, test
   * loss/acc, noise memorization, steps, active, diverged), then alignment
   * and per-neuron noise for every column.
   */
  private metricsOf(b: Batch, test: boolean[]): tf.Tensor1D {
    const { n, m, q } = this.params;
    const g = b.group;
    const runs = b.pruneIndex.length;
    const cols = runs * 2 * m;
    const { y, readout } = g.data;
    const zAug = b.trainer.trainProducts();
    const z = tf.slice(zAug, [0, 0], [n, cols]) as tf.Tensor2D;
    const a = tf.slice(zAug, [n, 0], [1, cols]) as tf.Tensor2D;
    const f = outputs(z, a, y, readout, q);
    let testMetrics: tf.Tensor1D[];
    if (test.every(Boolean)) {
      const ft = outputs(b.trainer.products(g.testX), a, g.testY, readout, q);
      testMetrics = [logisticLoss(ft, g.testY), accuracy(ft, g.testY)];
    } else if (test.some(Boolean)) {
      // Only some runs: the test product of their columns alone (it is the
      // costly part, nTest·d per column), NaN for the others.
      const picked = tf.tensor1d(
        test.flatMap((want, r) =>
          want ? Array.from({ length: 2 * m }, (_, k) => r * 2 * m + k) : [],
        ),
        'int32',
      );
      const weights = tf.gather(b.trainer.denseWeights(), picked, 1) as tf.Tensor2D;
      const ft = outputs(
        tf.matMul(g.testX, weights) as tf.Tensor2D,
        tf.gather(a, picked, 1) as tf.Tensor2D,
        g.testY,
        tf.gather(readout, picked) as tf.Tensor2D,
        q,
      );
      const wanted = tf.tensor1d(test.map(Number), 'bool');
      const nan = tf.fill([runs], NaN);
      testMetrics = [
        tf.where(wanted, logisticLoss(ft, g.testY), nan) as tf.Tensor1D,
        tf.where(wanted, accuracy(ft, g.testY), nan) as tf.Tensor1D,
      ];
    } else {
      testMetrics = [tf.fill([runs], NaN), tf.fill([runs], NaN)];
    }
    const sign = tf.tensor1d(Array.from({ length: cols }, (_, c) => (c % (2 * m) < m ? 1 : -1)));
    const alignment = tf.div(tf.mul(tf.reshape(a, [cols]), sign), this.signalNorm);
    const ownClass = tf.add(z, g.ownClassBias);
    const neuronNoise = tf.max(ownClass, 0);
    const perPoint = tf.max(tf.reshape(ownClass, [n, runs, 2 * m]), 2);
    const memorization = tf.mean(perPoint, 0);
    const counters = b.trainer.counters();
    return tf.concat([
      logisticLoss(f, y),
      accuracy(f, y),
      ...testMetrics,
      memorization,
      counters.steps,
      counters.active,
      counters.diverged,
      alignment,
      neuronNoise,
    ]) as tf.Tensor1D;
  }

  private parse(values: Float32Array, test: boolean[][]): Snapshot {
    const { m, maxSteps, eps } = this.params;
    const neurons = 2 * m;
    const out: RunSnapshot[] = new Array<RunSnapshot>(this.seeds.length * this.prunes.length);
    let base = 0;
    this.batches.forEach((b, batchIndex) => {
      const g = b.group;
      const runs = b.pruneIndex.length;
      const field = (k: number, r: number) => values[base + k * runs + r];
      let anyRunning = false;
      for (let r = 0; r < runs; r++) {
        const trainLoss = field(0, r);
        const active = field(6, r) > 0.5;
        const diverged = field(7, r) > 0.5 || !Number.isFinite(trainLoss);
        let status: RunStatus;
        if (diverged) status = 'diverged';
        else if (!active || trainLoss <= eps) status = 'converged';
        else if (this.stepCount >= maxSteps) status = 'maxSteps';
        else status = 'running';
        if (status === 'running') anyRunning = true;
        const colBase = base + 8 * runs + r * neurons;
        const alignment = values.slice(colBase, colBase + neurons);
        const noiseBase = base + 8 * runs + runs * neurons + r * neurons;
        const neuronNoise = values.slice(noiseBase, noiseBase + neurons);
        const structure = g.structures[r];
        const index = b.seedIndex * this.prunes.length + b.pruneIndex[r];
        const steps = Math.round(field(5, r));
        if (test[batchIndex][r])
          this.testCache[index] = { loss: field(2, r), acc: field(3, r), steps };
        const measured = this.testCache[index] ?? { loss: NaN, acc: NaN, steps: 0 };
        out[index] = {
          prune: this.prunes[b.pruneIndex[r]],
          seed: g.seed,
          steps,
          status,
          trainLoss,
          trainAcc: field(1, r),
          testLoss: measured.loss,
          testAcc: measured.acc,
          testSteps: measured.steps,
          alignment,
          neuronNoise,
          noiseMemorization: field(4, r),
          ...alignmentSummary(alignment, structure, m),
          structure,
        };
      }
      g.live = anyRunning;
      base += 8 * runs + 2 * runs * neurons;
    });
    for (const [index, r] of this.retired) out[index] = r.run;
    this.lastDone = out.every((r) => r.status !== 'running');
    // Once runs stop, the session's counter runs on to the end of its round;
    // the step a person reads is the furthest any run went.
    const step = out.reduce((most, r) => Math.max(most, r.steps), 0);
    return { step, runs: out, done: this.lastDone };
  }
}

function alignmentSummary(
  alignment: Float32Array,
  structure: MaskStructure,
  m: number,
): Pick<RunSnapshot, 'maxAlignment' | 'meanSignalAlignment'> {
  let maxPlus = -Infinity;
  let maxMinus = -Infinity;
  let sum = 0;
  let count = 0;
  for (let k = 0; k < alignment.length; k++) {
    if (k < m) maxPlus = Math.max(maxPlus, alignment[k]);
    else maxMinus = Math.max(maxMinus, alignment[k]);
    if (structure.seesSignal[k]) {
      sum += alignment[k];
      count++;
    }
  }
  return { maxAlignment: [maxPlus, maxMinus], meanSignalAlignment: count > 0 ? sum / count : NaN };
}
