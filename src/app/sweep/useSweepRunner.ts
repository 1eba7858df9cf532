/**
 * React side of the sweep runner: one SweepRunner (with its own worker,
 * separate from the live run's) for the panel's lifetime, its progress as
 * state, finished runs handed to the caller, and training paused while the
 * tab is hidden, like the live run.
 */
import { useEffect, useRef, useState } from 'react';
import type { RunResult } from '../../model/sweep';
import { TrainingClient } from '../../worker/client';
import { IDLE, SweepRunner, type JobKind, type RunnerProgress } from './runner';

export function useSweepRunner(onResults: (kind: JobKind, results: RunResult[]) => void) {
  const [progress, setProgress] = useState<RunnerProgress>(IDLE);
  const onResultsRef = useRef(onResults);
  onResultsRef.current = onResults;
  const runnerRef = useRef<SweepRunner | null>(null);

  // The worker itself is only spawned by the first start (TrainingClient is lazy).
  if (runnerRef.current === null) {
    runnerRef.current = new SweepRunner(
      {
        onResults: (kind, results) => onResultsRef.current(kind, results),
        onProgress: setProgress,
      },
      (onMessage) => new TrainingClient(onMessage),
    );
  }

  useEffect(() => {
    const runner = runnerRef.current;
    const onVisibility = () => {
      if (document.hidden) runner?.pause();
      else runner?.resume();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      runner?.dispose();
    };
  }, []);

  return { progress, runner: runnerRef.current };
}
