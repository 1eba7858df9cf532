/**
 * Messages between the app and the training worker. Every request carries a
 * runId; the worker drops work for a stale id and the app ignores replies
 * that are not for its current id, so no plot ever mixes two runs.
 */
import type { Snapshot } from '../engine/session';
import type { Params } from '../model/params';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export interface StartRequest {
  params: Params;
  /** Pruning rates and seeds trained together as one batched session. */
  prunes: number[];
  seeds: number[];
  /** Gradient steps between two metric snapshots (the minimum when targetMs is set). */
  every: number;
  /**
   * When set, the worker grows the steps per snapshot so that snapshots come
   * about this many milliseconds apart: a fast GPU then spends its time
   * training instead of waiting on read-backs.
   */
  targetMs?: number;
  /** Start paused (the app then sends 'step' or 'resume'). */
  paused?: boolean;
}

/** Faults a test can trigger on purpose (issue 6): a lost GL context, an uncaught error. */
export type DebugAction = 'loseContext' | 'crash';

export type ToWorker =
  | ({ type: 'start'; runId: number } & StartRequest)
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'step'; runId: number; steps: number }
  | { type: 'stop'; runId: number }
  | { type: 'debug'; action: DebugAction };

export type ErrorKind =
  /** Bad parameters or a configuration too large to fit in memory. */
  | 'config'
  /** The WebGL context was lost; the worker must be restarted. */
  | 'contextLost'
  /** The worker died (uncaught error or failed to load); reported by the client. */
  | 'crashed'
  /** Anything else thrown while training. */
  | 'internal';

export type FromWorker =
  | { type: 'ready'; backend: BackendName; fallbackReason?: string }
  | {
      type: 'snapshot';
      runId: number;
      snapshot: Snapshot;
      stepsPerSecond: number;
      /** tf.memory().numTensors after the read, for leak checks. */
      numTensors: number;
      /** Fitted cost of one step and of one snapshot read, once known. */
      timing?: { stepMs: number; readMs: number };
    }
  | { type: 'done'; runId: number; snapshot: Snapshot; numTensors: number }
  | { type: 'error'; runId: number | null; kind: ErrorKind; message: string };
