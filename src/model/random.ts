/**
 * Seeded randomness outside tfjs, so one seed gives the same experiment on
 * every backend, in the browser and in Node.
 *
 * Generator: xoshiro128** (Blackman & Vigna, 2018), 32-bit state words, seeded
 * through splitmix32. Each quantity (training labels, training noise, test set,
 * initial weights, mask uniforms) draws from its own stream, keyed by
 * (seed, stream name), so changing nTest never changes the training data and
 * changing m never changes the data at all.
 */

export type StreamName =
  'trainLabels' | 'trainNoise' | 'testLabels' | 'testNoise' | 'init' | 'mask';

const STREAM_IDS: Record<StreamName, number> = {
  trainLabels: 1,
  trainNoise: 2,
  testLabels: 3,
  testNoise: 4,
  init: 5,
  mask: 6,
};

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  constructor(seed: number, stream: StreamName) {
    const mix = splitmix32((seed >>> 0) ^ Math.imul(STREAM_IDS[stream], 0x27d4eb2d));
    // A second mixing round decorrelates nearby seeds.
    mix();
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal by the Box–Muller transform (pairs, second one kept). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
