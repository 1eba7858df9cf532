/**
 * Quantities from the analysis (MODEL.md, theory panel). They explain the
 * measured curves; they are never used in place of a measurement.
 */
import type { Params } from './params';

type TheoryParams = Pick<Params, 'd' | 'n' | 'm' | 'mu' | 's' | 'sigmaP' | 'q'>;

/** Per-neuron signal-to-noise ratio of a signal-seeing neuron: grows with pruning. */
export function snr(p: TheoryParams, prune: number): number {
  return p.mu / (p.sigmaP * Math.sqrt((1 - prune) * p.d));
}

/** n * SNR^q: large means signal learning wins inside a neuron, small means noise wins. */
export function competitionIndex(p: TheoryParams, prune: number): number {
  return p.n * Math.pow(snr(p, prune), p.q);
}

/**
 * Probability that one neuron's mask keeps at least one of the s signal
 * coordinates: 1 - prune^s (MODEL.md gives the s = 1 case, 1 - prune).
 */
export function seeSignalProbability(p: Pick<Params, 's'>, prune: number): number {
  return 1 - Math.pow(prune, p.s);
}

/** Expected signal-seeing neurons per class, m (1 - prune^s): shrinks with pruning. */
export function expectedSignalNeurons(p: Pick<Params, 'm' | 's'>, prune: number): number {
  return p.m * seeSignalProbability(p, prune);
}

/** Chance that a class has no signal-seeing neuron at all, (prune^s)^m. */
export function noSignalNeuronChance(p: Pick<Params, 'm' | 's'>, prune: number): number {
  return Math.pow(prune, p.s * p.m);
}

export interface TheoryPoint {
  prune: number;
  snr: number;
  competitionIndex: number;
  expectedSignalNeurons: number;
  noSignalNeuronChance: number;
}

export function theoryCurve(p: TheoryParams, prunes: readonly number[]): TheoryPoint[] {
  return prunes.map((prune) => ({
    prune,
    snr: snr(p, prune),
    competitionIndex: competitionIndex(p, prune),
    expectedSignalNeurons: expectedSignalNeurons(p, prune),
    noSignalNeuronChance: noSignalNeuronChance(p, prune),
  }));
}
