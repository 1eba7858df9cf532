/**
 * The app's handle on one training worker. It numbers requests with run ids,
 * drops replies for stale ids, and turns a dead worker (uncaught error,
 * failed load) into an ordinary 'crashed' error message. The live view and
 * the sweep view each own one instance; both are generic over prunes × seeds.
 */
import type { DebugAction, FromWorker, StartRequest, ToWorker } from './protocol';

export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' });

export class TrainingClient {
  private worker: Worker | null = null;
  private runId = 0;
  private lastRequest: StartRequest | null = null;
  private readonly onMessage: (m: FromWorker) => void;
  private readonly factory: WorkerFactory;

  constructor(onMessage: (m: FromWorker) => void, factory: WorkerFactory = defaultFactory) {
    this.onMessage = onMessage;
    this.factory = factory;
  }

  /** The id of the newest start; replies for any other id are dropped. */
  get currentRunId(): number {
    return this.runId;
  }

  /** Starts a new run; every older run id becomes stale. Returns the new id. */
  start(req: StartRequest): number {
    this.lastRequest = { ...req, prunes: [...req.prunes], seeds: [...req.seeds] };
    this.runId += 1;
    this.send({ type: 'start', runId: this.runId, ...this.lastRequest });
    return this.runId;
  }

  pause(): void {
    this.sendForRun({ type: 'pause', runId: this.runId });
  }

  resume(): void {
    this.sendForRun({ type: 'resume', runId: this.runId });
  }

  /** Takes n gradient steps while paused. */
  step(n: number): void {
    this.sendForRun({ type: 'step', runId: this.runId, steps: n });
  }

  stop(): void {
    this.sendForRun({ type: 'stop', runId: this.runId });
  }

  /** Test hook: trigger a fault inside the worker (issue 6). */
  debug(action: DebugAction): void {
    this.send({ type: 'debug', action });
  }

  /**
   * Replaces the worker (after a crash or a lost context) and, if a run was
   * started before, starts it again from step 0 under a new id, which it
   * returns; null when there was nothing to restart.
   */
  restart(): number | null {
    this.terminate();
    if (!this.lastRequest) return null;
    return this.start(this.lastRequest);
  }

  terminate(): void {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
  }

  private sendForRun(msg: ToWorker): void {
    if (this.runId > 0 && this.worker) this.worker.postMessage(msg);
  }

  private send(msg: ToWorker): void {
    this.ensureWorker().postMessage(msg);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.factory();
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      if (worker !== this.worker) return;
      const m = e.data;
      if ('runId' in m && m.runId !== null && m.runId !== this.runId) return;
      // A worker whose context is gone cannot train again: the next start gets a new one.
      if (m.type === 'error' && m.kind === 'contextLost') this.terminate();
      this.onMessage(m);
    };
    worker.onerror = (e: ErrorEvent) => {
      // Handled here and shown in the status line, not as a page error.
      e.preventDefault();
      if (worker !== this.worker) return;
      this.terminate();
      this.onMessage({
        type: 'error',
        runId: this.runId,
        kind: 'crashed',
        message: e.message || 'the training worker stopped unexpectedly',
      });
    };
    worker.onmessageerror = () => {
      if (worker !== this.worker) return;
      this.onMessage({
        type: 'error',
        runId: this.runId,
        kind: 'internal',
        message: 'a message from the training worker could not be read',
      });
    };
    this.worker = worker;
    return worker;
  }
}
