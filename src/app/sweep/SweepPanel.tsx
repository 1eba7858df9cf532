// Owned by the sweep view (issue 4); the app shell renders it below the live run.
import type { Params } from '../../model/params';

export interface SweepPanelProps {
  /** The current parameters of the live run (the sweep varies prune and seed). */
  params: Params;
  /** Move the main slider to this pruning rate (clicking the sweep chart). */
  onPickPrune: (prune: number) => void;
}

export function SweepPanel(_props: SweepPanelProps) {
  return null;
}
