/**
 * Drives a session to the end: step k times on the backend, read one
 * snapshot, repeat. Hosts that need finer control (the worker, with pause
 * and cancellation) call advance/snapshot themselves.
 */
import type { Snapshot, TrainingSession } from './session';

export async function runToEnd(
  session: TrainingSession,
  every: number,
  onSnapshot?: (s: Snapshot) => void,
): Promise<Snapshot> {
  let snap = await session.snapshot();
  onSnapshot?.(snap);
  while (!snap.done) {
    session.advance(every);
    snap = await session.snapshot();
    onSnapshot?.(snap);
  }
  return snap;
}
