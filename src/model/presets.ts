/**
 * The paper's three regimes as ready-made settings. Each one is checked
 * against this engine by tests/unit/presets.test.ts, not copied from the paper.
 */
import { DEFAULT_PARAMS, type Params } from './params';

export interface Preset {
  id: 'dense' | 'mild' | 'heavy';
  title: string;
  /** One plain sentence on what a person should see. */
  summary: string;
  params: Params;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'dense',
    title: 'Dense: memorizes noise',
    summary:
      'No pruning. Training loss reaches ~0, but by fitting the noise of the training points: test accuracy stays near a coin flip.',
    params: { ...DEFAULT_PARAMS, prune: 0 },
  },
  {
    id: 'mild',
    title: 'Pruned: learns the signal',
    summary:
      'Prune 90% of the weights at random. Neurons that still see the signal learn it faster than they memorize noise: test accuracy jumps.',
    params: { ...DEFAULT_PARAMS, prune: 0.9 },
  },
  {
    id: 'heavy',
    title: 'Over-pruned: memorizes again',
    summary:
      'Prune 98%. Almost no neuron sees the signal any more, so the network can only fit the training points by memorizing noise.',
    params: { ...DEFAULT_PARAMS, prune: 0.98 },
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
