/**
 * Progress of a sweep or phase diagram: runs finished of the total, which
 * batched session is training, and an upper bound on the time left.
 */
import type { RunnerProgress } from './runner';

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  return `${h} h ${Math.round((seconds - 3600 * h) / 60)} min`;
}

export function SweepProgress({ progress: p }: { progress: RunnerProgress }) {
  const running = p.state === 'running';
  let text: string;
  if (p.state === 'running') {
    const eta =
      p.etaSeconds === null
        ? 'estimating time left…'
        : `at most ${formatDuration(p.etaSeconds)} left`;
    text = `Training session ${p.batch} of ${p.batches}${p.backend ? ` on ${p.backend}` : ''}: ${eta}`;
  } else if (p.state === 'finished') text = 'Finished.';
  else if (p.state === 'cancelled')
    text = 'Cancelled. Finished runs are kept; Resume trains only the rest.';
  else if (p.state === 'error')
    text = `Stopped by an error: ${p.message ?? 'unknown'}. Finished runs are kept; Resume retries the rest.`;
  else text = '';
  return (
    <div
      className={`sweep-progress state-${p.state}`}
      data-testid="sweep-progress"
      data-state={p.state}
      data-done={p.doneRuns}
      data-total={p.totalRuns}
      role="status"
    >
      <progress max={Math.max(1, p.totalRuns)} value={p.doneRuns} aria-label="Runs finished" />
      <span className="sweep-count">
        <strong>
          {p.doneRuns} / {p.totalRuns}
        </strong>{' '}
        runs finished
      </span>
      <span className={running ? 'sweep-eta' : 'sweep-eta done'}>{text}</span>
    </div>
  );
}
