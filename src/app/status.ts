/** The status line's words, from the training state. Pure, so it is unit-tested. */
import { formatNumber, type Params } from '../model/params';
import type { TrainingState } from './useTraining';

export type Tone = 'running' | 'paused' | 'good' | 'warn' | 'error';

export interface StatusView {
  tone: Tone;
  text: string;
  /** Whether a Restart button makes sense (the worker or its GPU context is gone). */
  restartable: boolean;
}

function loss(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : String(x);
}

export function describeStatus(state: TrainingState, params: Params): StatusView {
  const { error, latestMain: run, latestBaseline: base } = state;
  if (state.phase === 'error' && error) {
    switch (error.kind) {
      case 'contextLost':
        return {
          tone: 'error',
          text: `The WebGL context was lost, so training stopped. ${error.message}`,
          restartable: true,
        };
      case 'crashed':
        return {
          tone: 'error',
          text: `The training worker crashed: ${error.message}`,
          restartable: true,
        };
      case 'config':
        return {
          tone: 'error',
          text: `These parameters cannot be trained: ${error.message}`,
          restartable: false,
        };
      case 'internal':
        return { tone: 'error', text: `Training failed: ${error.message}`, restartable: true };
    }
  }
  if (!run) {
    return state.phase === 'paused'
      ? { tone: 'paused', text: 'Paused before the first step.', restartable: false }
      : {
          tone: 'running',
          text: state.backend
            ? `Starting: drawing the data and preparing ${state.backend} programs…`
            : 'Starting: loading TensorFlow.js in a worker…',
          restartable: false,
        };
  }
  const baselineNote =
    base && base.status === 'running' && run.status !== 'running'
      ? ' The dense baseline is still training.'
      : '';
  switch (run.status) {
    case 'converged':
      return {
        tone: 'good',
        text: `Converged at step ${run.steps}: training loss ${loss(run.trainLoss)} ≤ eps = ${formatNumber(params.eps)}.${baselineNote}`,
        restartable: false,
      };
    case 'maxSteps':
      return {
        tone: 'warn',
        text: `Stopped at maxSteps = ${params.maxSteps}: training loss ${loss(run.trainLoss)} is still above eps = ${formatNumber(params.eps)}. Raise maxSteps to train longer.${baselineNote}`,
        restartable: false,
      };
    case 'diverged':
      return {
        tone: 'error',
        text: `Diverged at step ${run.steps}: the loss became infinite or NaN. Try a smaller learning rate eta (now ${formatNumber(params.eta)}).${baselineNote}`,
        restartable: false,
      };
    case 'running':
      return state.phase === 'paused'
        ? { tone: 'paused', text: `Paused at step ${run.steps}.`, restartable: false }
        : {
            tone: 'running',
            text: `Training… (until loss ≤ ${formatNumber(params.eps)} or step ${params.maxSteps})`,
            restartable: false,
          };
  }
}
