/**
 * The live run as React state: owns one TrainingClient, turns worker
 * messages into chart-ready histories, and exposes the user's intents.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { RunSnapshot } from '../engine/session';
import type { Params } from '../model/params';
import { TrainingClient } from '../worker/client';
import type { BackendName, ErrorKind, FromWorker } from '../worker/protocol';
import { appendSnapshot, emptyHistory, type RunHistory } from './runHistory';

export type Phase = 'starting' | 'running' | 'paused' | 'done' | 'error';

export interface TrainingState {
  runId: number;
  phase: Phase;
  backend: BackendName | null;
  fallbackReason: string | null;
  /** Steps the session has taken (the longer of the pruned run and the baseline). */
  step: number;
  main: RunHistory;
  baseline: RunHistory | null;
  latestMain: RunSnapshot | null;
  latestBaseline: RunSnapshot | null;
  stepsPerSecond: number;
  /** The worker's fitted cost of a step and of a snapshot read (ms). */
  timing: { stepMs: number; readMs: number } | null;
  numTensors: number | null;
  error: { kind: ErrorKind; message: string } | null;
}

type Action =
  | {
      type: 'started';
      runId: number;
      prune: number;
      seed: number;
      baseline: boolean;
      paused: boolean;
    }
  | { type: 'message'; message: FromWorker }
  | { type: 'paused' }
  | { type: 'resumed' };

export const initialTraining: TrainingState = {
  runId: 0,
  phase: 'starting',
  backend: null,
  fallbackReason: null,
  step: 0,
  main: emptyHistory(0, 0),
  baseline: null,
  latestMain: null,
  latestBaseline: null,
  stepsPerSecond: 0,
  timing: null,
  numTensors: null,
  error: null,
};

/** Pruning rates of one live session: the chosen rate and, unless it is 0, the dense baseline. */
export function livePrunes(prune: number): number[] {
  return prune === 0 ? [0] : [prune, 0];
}

export function trainingReducer(state: TrainingState, action: Action): TrainingState {
  switch (action.type) {
    case 'started':
      return {
        ...state,
        runId: action.runId,
        phase: action.paused ? 'paused' : 'starting',
        step: 0,
        main: emptyHistory(action.prune, action.seed),
        baseline: action.baseline ? emptyHistory(0, action.seed) : null,
        latestMain: null,
        latestBaseline: null,
        stepsPerSecond: 0,
        error: null,
      };
    case 'paused':
      return state.phase === 'running' || state.phase === 'starting'
        ? { ...state, phase: 'paused' }
        : state;
    case 'resumed':
      return state.phase === 'paused' ? { ...state, phase: 'running' } : state;
    case 'message':
      return onMessage(state, action.message);
  }
}

function onMessage(state: TrainingState, m: FromWorker): TrainingState {
  switch (m.type) {
    case 'ready':
      return { ...state, backend: m.backend, fallbackReason: m.fallbackReason ?? null };
    case 'error':
      return { ...state, phase: 'error', error: { kind: m.kind, message: m.message } };
    case 'snapshot':
    case 'done': {
      if (m.runId !== state.runId) return state;
      const [main, baseline] = m.snapshot.runs;
      const next: TrainingState = {
        ...state,
        step: m.snapshot.step,
        main: main ? appendSnapshot(state.main, main) : state.main,
        baseline:
          state.baseline && baseline ? appendSnapshot(state.baseline, baseline) : state.baseline,
        latestMain: main ?? state.latestMain,
        latestBaseline: baseline ?? state.latestBaseline,
        numTensors: m.numTensors,
      };
      if (m.type === 'done') return { ...next, phase: 'done' };
      return {
        ...next,
        stepsPerSecond: m.stepsPerSecond,
        timing: m.timing ?? state.timing,
        phase: state.phase === 'paused' ? 'paused' : 'running',
      };
    }
  }
}

export interface Training {
  state: TrainingState;
  start(params: Params, paused: boolean): void;
  pause(): void;
  resume(): void;
  step(n: number): void;
  /** New worker after a crash or lost context; the same run starts over. */
  restart(): void;
  /** Test hook for fault injection (issue 6). */
  client(): TrainingClient | null;
}

/** Steps per snapshot at least, and the interval the worker aims for between snapshots. */
const EVERY = 1;
const TARGET_MS = 90;

export function useTraining(): Training {
  const [state, dispatch] = useReducer(trainingReducer, initialTraining);
  const clientRef = useRef<TrainingClient | null>(null);
  const lastStart = useRef<{ params: Params; paused: boolean } | null>(null);

  useEffect(() => {
    const client = new TrainingClient((message) => dispatch({ type: 'message', message }));
    clientRef.current = client;
    if (lastStart.current) startOn(client, lastStart.current.params, lastStart.current.paused);
    return () => {
      client.terminate();
      clientRef.current = null;
    };
  }, []);

  const startOn = (client: TrainingClient, params: Params, paused: boolean) => {
    const runId = client.start({
      params,
      prunes: livePrunes(params.prune),
      seeds: [params.seed],
      every: EVERY,
      targetMs: TARGET_MS,
      paused,
    });
    dispatch({
      type: 'started',
      runId,
      prune: params.prune,
      seed: params.seed,
      baseline: params.prune !== 0,
      paused,
    });
  };

  const start = useCallback((params: Params, paused: boolean) => {
    lastStart.current = { params, paused };
    if (clientRef.current) startOn(clientRef.current, params, paused);
  }, []);

  const pause = useCallback(() => {
    clientRef.current?.pause();
    if (lastStart.current) lastStart.current.paused = true;
    dispatch({ type: 'paused' });
  }, []);

  const resume = useCallback(() => {
    clientRef.current?.resume();
    if (lastStart.current) lastStart.current.paused = false;
    dispatch({ type: 'resumed' });
  }, []);

  const step = useCallback((n: number) => clientRef.current?.step(n), []);

  const restart = useCallback(() => {
    const client = clientRef.current;
    if (!client || !lastStart.current) return;
    client.terminate();
    startOn(client, lastStart.current.params, lastStart.current.paused);
  }, []);

  const client = useCallback(() => clientRef.current, []);

  return { state, start, pause, resume, step, restart, client };
}
