import type { StatusView } from './status';
import type { TrainingState } from './useTraining';

interface StatusBarProps {
  view: StatusView;
  seed: number;
  state: TrainingState;
  onRestart: () => void;
}

export function StatusBar({ view, seed, state, onRestart }: StatusBarProps) {
  const rate = state.phase === 'running' && state.stepsPerSecond > 0;
  return (
    <div className={`status-bar tone-${view.tone}`}>
      <p
        className="status-text"
        data-testid="status"
        data-tone={view.tone}
        data-phase={state.phase}
        data-tensors={state.numTensors ?? undefined}
        role="status"
        aria-live="polite"
      >
        <span className="status-dot" aria-hidden="true" />
        {view.text}
      </p>
      {view.restartable && (
        <button type="button" className="primary" onClick={onRestart}>
          Restart training
        </button>
      )}
      <dl className="status-facts">
        <div>
          <dt>step</dt>
          <dd data-testid="step-count">{state.step}</dd>
        </div>
        <div>
          <dt>seed</dt>
          <dd data-testid="seed">{seed}</dd>
        </div>
        <div>
          <dt>speed</dt>
          <dd
            data-testid="steps-per-second"
            title={
              state.timing
                ? `one step ≈ ${state.timing.stepMs.toFixed(1)} ms, one snapshot read ≈ ${state.timing.readMs.toFixed(0)} ms`
                : undefined
            }
          >
            {rate ? `${Math.round(state.stepsPerSecond)} steps/s` : '–'}
          </dd>
        </div>
        <div>
          <dt>backend</dt>
          <dd>
            <span data-testid="backend">{state.backend ?? '…'}</span>
            {state.fallbackReason && (
              <span className="fallback" title={state.fallbackReason}>
                {' '}
                (fallback: {state.fallbackReason})
              </span>
            )}
          </dd>
        </div>
      </dl>
    </div>
  );
}
