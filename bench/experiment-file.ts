/**
 * Writes one experiment drawn by the engine's sampler as the binary file
 * bench/numpy_baseline.py reads, so both implementations train on the very
 * same numbers: a 4-byte header length, a JSON header with the parameters,
 * then float32 arrays xi [n][d], y [n], mu [d], init [2m][d], mask [2m][d].
 */
import { writeFileSync } from 'node:fs';
import type { Params } from '../src/model/params';
import { maskFor, type Experiment } from '../src/model/sampling';

export function writeExperimentFile(path: string, params: Params, ex: Experiment): void {
  const header = Buffer.from(JSON.stringify({ params }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  const mask = Float32Array.from(maskFor(ex.maskUniforms, params.prune));
  const parts = [ex.train.xi, ex.train.y, ex.signal, ex.init, mask].map((a) =>
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
  );
  writeFileSync(path, Buffer.concat([length, header, ...parts]));
}
