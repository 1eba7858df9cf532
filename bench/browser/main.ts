/** Bench page: hands a request to a fresh worker and resolves with its reply. */
import type { BenchReply, BenchRequest } from './protocol';

declare global {
  interface Window {
    runBench(req: BenchRequest): Promise<BenchReply>;
  }
}

window.runBench = (req) =>
  new Promise((resolve) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<BenchReply>) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      resolve({
        backend: '',
        renderer: '',
        cases: [],
        oneAtATime: [],
        weights: null,
        profile: [],
        error: e.message,
      });
    };
    worker.postMessage(req);
  });
document.body.dataset.ready = 'true';
