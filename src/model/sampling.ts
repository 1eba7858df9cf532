/**
 * Draws one experiment (MODEL.md "Data" and "Random pruning at
 * initialization") as plain typed arrays. No tfjs here: the engine uploads
 * these, the command line dumps them, the tests inspect them.
 */
import type { Params } from './params';
import { Rng } from './random';

/** Row-major [rows][d] matrices flattened into one array. */
export interface Dataset {
  /** Labels, +1 or -1, length rows. */
  y: Float32Array;
  /** Noise patches xi, row-major [rows][d]. */
  xi: Float32Array;
  rows: number;
}

export interface Experiment {
  /** Signal vector mu (length d): mu/sqrt(s) on the first s coordinates. */
  signal: Float32Array;
  train: Dataset;
  test: Dataset;
  /**
   * Initial weights before masking, row-major [2m][d]: rows 0..m-1 are class
   * +1, rows m..2m-1 class -1.
   */
  init: Float32Array;
  /**
   * One uniform per weight, same layout as init. A weight survives pruning
   * rate rho iff its uniform is >= rho, so masks are nested across rates.
   */
  maskUniforms: Float64Array;
}

type DataParams = Pick<
  Params,
  'd' | 'n' | 'nTest' | 'm' | 'mu' | 's' | 'sigmaP' | 'sigma0' | 'seed'
>;

export function signalVector(p: Pick<Params, 'd' | 'mu' | 's'>): Float32Array {
  const v = new Float32Array(p.d);
  const value = p.mu / Math.sqrt(p.s);
  for (let k = 0; k < p.s; k++) v[k] = value;
  return v;
}

function drawDataset(
  seed: number,
  rows: number,
  d: number,
  sigmaP: number,
  which: 'train' | 'test',
): Dataset {
  const labels = new Rng(seed, which === 'train' ? 'trainLabels' : 'testLabels');
  const noise = new Rng(seed, which === 'train' ? 'trainNoise' : 'testNoise');
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = labels.uniform() < 0.5 ? 1 : -1;
  const xi = new Float32Array(rows * d);
  for (let k = 0; k < xi.length; k++) xi[k] = sigmaP * noise.normal();
  return { y, xi, rows };
}

export function drawExperiment(p: DataParams): Experiment {
  const neurons = 2 * p.m;
  const initRng = new Rng(p.seed, 'init');
  const init = new Float32Array(neurons * p.d);
  for (let k = 0; k < init.length; k++) init[k] = p.sigma0 * initRng.normal();
  const maskRng = new Rng(p.seed, 'mask');
  const maskUniforms = new Float64Array(neurons * p.d);
  for (let k = 0; k < maskUniforms.length; k++) maskUniforms[k] = maskRng.uniform();
  return {
    signal: signalVector(p),
    train: drawDataset(p.seed, p.n, p.d, p.sigmaP, 'train'),
    test: drawDataset(p.seed, p.nTest, p.d, p.sigmaP, 'test'),
    init,
    maskUniforms,
  };
}

/** 0/1 mask for one pruning rate, same [2m][d] layout as the uniforms. */
export function maskFor(uniforms: Float64Array, prune: number): Uint8Array {
  const mask = new Uint8Array(uniforms.length);
  for (let k = 0; k < uniforms.length; k++) mask[k] = uniforms[k] >= prune ? 1 : 0;
  return mask;
}

export interface MaskStructure {
  /** Per neuron (2m, class +1 first): does its mask keep a signal coordinate? */
  seesSignal: boolean[];
  /** Signal-seeing neurons in class +1 and class -1. */
  signalNeurons: [number, number];
  /** Surviving weights over all 2m neurons. */
  survivingWeights: number;
  totalWeights: number;
  /** Measured fraction of weights kept. */
  density: number;
}

export function maskStructure(
  uniforms: Float64Array,
  prune: number,
  p: Pick<Params, 'd' | 'm' | 's'>,
): MaskStructure {
  const neurons = 2 * p.m;
  const seesSignal: boolean[] = [];
  let surviving = 0;
  const counts: [number, number] = [0, 0];
  for (let r = 0; r < neurons; r++) {
    let sees = false;
    const row = r * p.d;
    for (let k = 0; k < p.d; k++) {
      if (uniforms[row + k] >= prune) {
        surviving++;
        if (k < p.s) sees = true;
      }
    }
    seesSignal.push(sees);
    if (sees) counts[r < p.m ? 0 : 1]++;
  }
  return {
    seesSignal,
    signalNeurons: counts,
    survivingWeights: surviving,
    totalWeights: neurons * p.d,
    density: surviving / (neurons * p.d),
  };
}
