/** Messages between the bench page's driver and its worker. */
import type { CaseResult, CaseSpec } from '../measure';
import type { PieceTiming } from './profile';
import type { Params } from '../../src/model/params';

export interface WeightsRequest {
  params: Params;
  steps: number;
}

export interface BenchRequest {
  cases: CaseSpec[];
  /** The same cases one run at a time (labels kept). */
  oneAtATime: CaseSpec[];
  weights: WeightsRequest | null;
  /** Repetitions per piece of the step profile; 0 skips it. */
  profileReps: number;
}

export interface BenchReply {
  backend: string;
  renderer: string;
  cases: CaseResult[];
  oneAtATime: CaseResult[];
  /** Initial and trained weights of the weights request, for the NumPy check. */
  weights: {
    init: number[];
    /** Trained by the engine's own choice (Gram at prune 0.9), forced dense and forced sparse. */
    trained: number[];
    trainedDense: number[];
    trainedSparse: number[];
    trainLoss: number;
  } | null;
  profile: PieceTiming[];
  error?: string;
}
