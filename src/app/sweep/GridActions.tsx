/**
 * The action bar shared by the sweep and the phase diagram: run or cancel,
 * clear, what the grid will cost, and (for the sweep) export buttons.
 */
import type { ReactNode } from 'react';

export interface GridActionsProps {
  /** Prefix of the data-testid hooks: `${kind}-run`, `${kind}-cancel`. */
  kind: 'sweep' | 'phase';
  running: boolean;
  runDisabled: boolean;
  /** Why Run is disabled while the other grid trains. */
  busyTitle?: string;
  runLabel: string;
  onRun: () => void;
  onCancel: () => void;
  clearDisabled: boolean;
  onClear: () => void;
  /** One line on the grid's size. */
  plan: ReactNode;
  children?: ReactNode;
}

export function GridActions(props: GridActionsProps) {
  return (
    <div className="sweep-actions">
      {props.running ? (
        <button
          type="button"
          className="primary"
          data-testid={`${props.kind}-cancel`}
          onClick={props.onCancel}
        >
          ■ Cancel
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          data-testid={`${props.kind}-run`}
          disabled={props.runDisabled}
          title={props.busyTitle}
          onClick={props.onRun}
        >
          {props.runLabel}
        </button>
      )}
      <button
        type="button"
        className="small"
        disabled={props.clearDisabled}
        onClick={props.onClear}
      >
        Clear results
      </button>
      <span className="sweep-plan">{props.plan}</span>
      {props.children}
    </div>
  );
}
