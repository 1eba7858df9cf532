/**
 * The browser half of `npm run bench`: the engine on tfjs's WebGL backend in
 * a module worker, as in the app. Software WebGL (SwiftShader) is allowed so
 * the figures can be measured on a machine without a GPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { timeCase, timeOneAtATime, weightsAfter } from '../measure';
import { profileStep } from './profile';
import type { BenchReply, BenchRequest } from './protocol';

async function webgl(): Promise<string> {
  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  if (!(await tf.setBackend('webgl')))
    throw new Error('the webgl backend could not be initialized');
  await tf.ready();
  const canvas = new OffscreenCanvas(1, 1);
  const gl = canvas.getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
}

async function run(req: BenchRequest): Promise<BenchReply> {
  const renderer = await webgl();
  const cases = [];
  for (const c of req.cases) cases.push(await timeCase(c));
  const oneAtATime = [];
  for (const c of req.oneAtATime) oneAtATime.push(await timeOneAtATime(c));
  let weights: BenchReply['weights'] = null;
  if (req.weights) {
    const before = await weightsAfter(req.weights.params, 0);
    const after = await weightsAfter(req.weights.params, req.weights.steps);
    const dense = await weightsAfter(req.weights.params, req.weights.steps, { layout: 'dense' });
    const sparse = await weightsAfter(req.weights.params, req.weights.steps, { layout: 'sparse' });
    weights = {
      init: Array.from(before.weights),
      trained: Array.from(after.weights),
      trainedDense: Array.from(dense.weights),
      trainedSparse: Array.from(sparse.weights),
      trainLoss: after.trainLoss,
    };
  }
  const profile = req.profileReps > 0 ? await profileStep(req.profileReps) : [];
  return { backend: tf.getBackend(), renderer, cases, oneAtATime, weights, profile };
}

self.onmessage = (e: MessageEvent<BenchRequest>) => {
  run(e.data).then(
    (reply) => self.postMessage(reply),
    (err: unknown) =>
      self.postMessage({
        backend: tf.getBackend(),
        renderer: '',
        cases: [],
        oneAtATime: [],
        weights: null,
        profile: [],
        error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err),
      } satisfies BenchReply),
  );
};
