/// <reference lib="webworker" />
/**
 * The training worker: owns tfjs, runs one TrainingSession at a time in a
 * loop of advance(every) / await snapshot(), and posts each snapshot. A new
 * 'start' supersedes the current run; a burst of starts (a dragged slider)
 * collapses to the newest before any session is built.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, TrainingSession, type Snapshot } from '../engine/session';
import { checkMemory } from '../model/memory';
import { validateParams, type Params } from '../model/params';
import { drawExperiment, type Experiment } from '../model/sampling';
import { selectBackend, webglContext } from './backend';
import { Pacer, spacingCap, TestSchedule } from './pacing';
import type { FromWorker, StartRequest, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

interface Run {
  id: number;
  req: StartRequest;
  session: TrainingSession | null;
  paused: boolean;
  /** Single steps asked for while paused and not yet taken. */
  stepBudget: number;
  stopped: boolean;
  pacer: Pacer;
  stepsPerSecond: number;
  tests: TestSchedule;
}

/** Upper bound on steps between two snapshots, so pause and restart stay prompt. */
const MAX_EVERY = 500;
/** The charts should move at least this often, even on a slow software GPU. */
const MAX_INTERVAL_MS = 1200;
const MAX_READ_SHARE = 0.25;
/** Most of the time a live run's reads may take for the test set (see TestSchedule). */
const TEST_SHARE = 1 / 3;
const FIRST_TEST_DELAY_MS = 400;
const POINTS_PER_DOUBLING = 6;
const CONTEXT_POLL_MS = 250;

let pending: Run | null = null;
let current: Run | null = null;
let contextLost = false;
let wake: (() => void) | null = null;

const post = (m: FromWorker): void => self.postMessage(m);

function kick(): void {
  const w = wake;
  wake = null;
  w?.();
}

const sleep = (): Promise<void> =>
  new Promise((resolve) => {
    wake = resolve;
  });

const yieldToMessages = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function runById(id: number): Run | null {
  if (pending?.id === id) return pending;
  if (current?.id === id) return current;
  return null;
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'start': {
      const { runId } = msg;
      const req: StartRequest = {
        params: msg.params,
        prunes: msg.prunes,
        seeds: msg.seeds,
        every: msg.every,
        targetMs: msg.targetMs,
        paused: msg.paused,
      };
      pending = {
        id: runId,
        req,
        session: null,
        paused: req.paused ?? false,
        stepBudget: 0,
        stopped: false,
        pacer: pacerFor(req),
        stepsPerSecond: 0,
        tests: new TestSchedule(TEST_SHARE, FIRST_TEST_DELAY_MS),
      };
      break;
    }
    case 'debug':
      debug(msg.action);
      return;
    default: {
      // Requests for any other runId are stale and dropped.
      const run = runById(msg.runId);
      if (!run) return;
      if (msg.type === 'pause') run.paused = true;
      else if (msg.type === 'resume') run.paused = false;
      else if (msg.type === 'step') run.stepBudget += Math.max(0, Math.floor(msg.steps));
      else if (msg.type === 'stop') run.stopped = true;
    }
  }
  kick();
};

function debug(action: 'loseContext' | 'crash'): void {
  if (action === 'crash') {
    // Thrown from a task of its own so it is uncaught, like a real crash.
    setTimeout(() => {
      throw new Error('worker crash requested by a debug message');
    }, 0);
    return;
  }
  const lose = webglContext()?.getExtension('WEBGL_lose_context');
  if (lose) lose.loseContext();
  else
    post({
      type: 'error',
      runId: current?.id ?? null,
      kind: 'internal',
      message: `cannot lose a WebGL context on the ${tf.getBackend()} backend`,
    });
}

function onContextLost(): void {
  if (contextLost) return;
  contextLost = true;
  post({
    type: 'error',
    // Worker-wide, not about one run: never filtered as stale.
    runId: null,
    kind: 'contextLost',
    message: 'The WebGL context was lost (GPU reset or too much GPU memory in use).',
  });
  kick();
}

function watchContext(): void {
  const gl = webglContext();
  const canvas = gl?.canvas;
  if (canvas && 'addEventListener' in canvas) {
    canvas.addEventListener('webglcontextlost', onContextLost);
  }
}

/**
 * One snapshot read. After a context loss tfjs never settles the read, so
 * the read races a poll of isContextLost().
 */
async function read(session: TrainingSession, test = true): Promise<Snapshot | null> {
  const gl = webglContext();
  if (!gl) return session.snapshot({ test });
  let timer: ReturnType<typeof setInterval> | undefined;
  const lost = new Promise<null>((resolve) => {
    timer = setInterval(() => {
      if (gl.isContextLost()) {
        onContextLost();
        resolve(null);
      }
    }, CONTEXT_POLL_MS);
  });
  try {
    return await Promise.race([session.snapshot({ test }), lost]);
  } finally {
    clearInterval(timer);
  }
}

function disposeRun(run: Run | null): void {
  run?.session?.dispose();
  if (run) run.session = null;
}

function report(run: Run, snapshot: Snapshot): void {
  const numTensors = tf.memory().numTensors;
  if (snapshot.done) post({ type: 'done', runId: run.id, snapshot, numTensors });
  else
    post({
      type: 'snapshot',
      runId: run.id,
      snapshot,
      stepsPerSecond: run.stepsPerSecond,
      numTensors,
      timing: run.pacer.estimate() ?? undefined,
    });
}

/**
 * Experiments of the last session, by seed and data parameters. Dragging the
 * slider changes only the masks, so the data and initial weights (the slow
 * part of building a session) are drawn once per seed.
 */
let experiments = new Map<string, Experiment>();

function experimentKey(p: Params, seed: number): string {
  return [p.d, p.n, p.nTest, p.m, p.mu, p.s, p.sigmaP, p.sigma0, seed].join(',');
}

function createSession(req: StartRequest): TrainingSession {
  const spec = { params: req.params, prunes: req.prunes, seeds: req.seeds };
  const valid =
    validateParams(req.params).length === 0 &&
    checkMemory(req.params, req.prunes.length, req.seeds.length) === null;
  // Invalid requests go straight to create(), which names every problem.
  if (!valid) return TrainingSession.create(spec);
  const next = new Map<string, Experiment>();
  for (const seed of req.seeds) {
    const key = experimentKey(req.params, seed);
    next.set(key, experiments.get(key) ?? drawExperiment({ ...req.params, seed }));
  }
  experiments = next;
  return TrainingSession.create(
    spec,
    req.seeds.map((seed) => next.get(experimentKey(req.params, seed)) as Experiment),
  );
}

function buildPending(): void {
  const run = pending;
  if (!run) return;
  pending = null;
  disposeRun(current);
  current = run;
  if (run.stopped) return;
  try {
    run.session = createSession(run.req);
  } catch (err) {
    current = null;
    post({
      type: 'error',
      runId: run.id,
      kind: err instanceof ConfigError ? 'config' : 'internal',
      message: err instanceof Error ? err.message : String(err),
    });
  }
}

function pacerFor(req: StartRequest): Pacer {
  const every = Math.max(1, Math.floor(req.every));
  return new Pacer({
    minEvery: every,
    // Without targetMs the caller asked for exactly `every` steps per snapshot.
    maxEvery: req.targetMs ? Math.max(every, MAX_EVERY) : every,
    targetMs: req.targetMs ?? 0,
    maxIntervalMs: Math.max(req.targetMs ?? 0, MAX_INTERVAL_MS),
    maxReadShare: MAX_READ_SHARE,
  });
}

async function trainOnce(run: Run, session: TrainingSession): Promise<void> {
  const k = run.paused
    ? Math.min(run.stepBudget, MAX_EVERY)
    : Math.min(
        run.pacer.next(),
        run.req.targetMs ? spacingCap(session.step, POINTS_PER_DOUBLING) : Infinity,
      );
  if (run.paused) run.stepBudget -= k;
  const t0 = performance.now();
  const test = run.paused || run.tests.due(t0);
  const taken = session.advance(k);
  const snapshot = await read(session, test);
  if (snapshot === null || run !== current || pending) return; // lost or superseded
  const now = performance.now();
  const elapsed = now - t0;
  run.tests.record(test, now, elapsed);
  if (taken > 0 && elapsed > 0) {
    const rate = (1000 * taken) / elapsed;
    run.stepsPerSecond = run.stepsPerSecond > 0 ? 0.7 * run.stepsPerSecond + 0.3 * rate : rate;
    if (!run.paused && run.tests.pacerShouldObserve(test)) run.pacer.observe(taken, elapsed);
  }
  report(run, snapshot);
}

async function drive(): Promise<void> {
  for (;;) {
    if (contextLost) {
      disposeRunsAfterLoss();
      return;
    }
    try {
      if (pending) {
        // Let queued messages land first: only the newest start gets built.
        await yieldToMessages();
        if (!pending) continue;
        buildPending();
        const run = current;
        if (run?.session) {
          // Training metrics only: a new slider position shows its first
          // points at once, and the test set follows a moment later.
          const first = await read(run.session, false);
          run.tests.started(performance.now());
          if (first && run === current && !pending) report(run, first);
        }
        continue;
      }
      const run = current;
      const session = run?.session;
      if (!run || !session) {
        await sleep();
        continue;
      }
      if (run.stopped) {
        disposeRun(run);
        current = null;
        continue;
      }
      if (session.done || (run.paused && run.stepBudget === 0)) {
        await sleep();
        continue;
      }
      await trainOnce(run, session);
    } catch (err) {
      const run = current;
      disposeRun(run);
      current = null;
      post({
        type: 'error',
        runId: run?.id ?? null,
        kind: 'internal',
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
}

function disposeRunsAfterLoss(): void {
  // The GPU textures are gone; dropping references is all that is left to do.
  current = null;
  pending = null;
}

self.addEventListener('unhandledrejection', (e) => {
  post({
    type: 'error',
    runId: current?.id ?? null,
    kind: 'internal',
    message: e.reason instanceof Error ? e.reason.message : String(e.reason),
  });
});

async function main(): Promise<void> {
  try {
    const choice = await selectBackend();
    watchContext();
    post({ type: 'ready', ...choice });
  } catch (err) {
    post({
      type: 'error',
      runId: null,
      kind: 'internal',
      message: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  await drive();
}

void main();
