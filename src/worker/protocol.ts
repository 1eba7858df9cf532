/**
 * Messages between the app and the training worker. Every request carries a
 * runId; the worker drops work for a stale id and the app ignores replies
 * that are not for its current id, so no plot ever mixes two runs.
 */
import type { Snapshot } from '../engine/session';
import type { Params } from '../model/params';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export type ToWorker =
  | {
      type: 'start';
      runId: number;
      params: Params;
      /** Pruning rates and seeds trained together as one batched session. */
      prunes: number[];
      seeds: number[];
      /** Gradient steps between two metric snapshots. */
      every: number;
      /** Start paused (the app then sends 'step' or 'resume'). */
      paused?: boolean;
    }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'step'; runId: number; steps: number }
  | { type: 'stop'; runId: number };

export type FromWorker =
  | { type: 'ready'; backend: BackendName; fallbackReason?: string }
  | { type: 'snapshot'; runId: number; snapshot: Snapshot; stepsPerSecond: number }
  | { type: 'done'; runId: number; snapshot: Snapshot }
  | {
      type: 'error';
      runId: number | null;
      /** config: bad parameters; contextLost: WebGL context lost; internal: anything else. */
      kind: 'config' | 'contextLost' | 'internal';
      message: string;
    };
