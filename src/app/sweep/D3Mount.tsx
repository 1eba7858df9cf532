/**
 * Mounts a d3 chart module once and hands it new data at most once per
 * frame. For charts without the export buttons of ChartCard (the theory
 * panel is several small plots, not one exportable figure).
 */
import type { Chart } from '../../charts/lineChart';
import { useD3Chart } from '../ChartCard';

interface D3MountProps<D> {
  testId: string;
  className?: string;
  create: (root: HTMLElement) => Chart<D>;
  data: D;
}

export function D3Mount<D>({ testId, className, create, data }: D3MountProps<D>) {
  const { rootRef } = useD3Chart(create, data);
  return <div ref={rootRef} className={className} data-testid={testId} />;
}
