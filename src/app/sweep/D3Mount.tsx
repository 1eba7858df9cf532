/**
 * Mounts a d3 chart module once and hands it new data at most once per
 * frame. For charts without the export buttons of ChartCard (the theory
 * panel is several small plots, not one exportable figure).
 */
import { useEffect, useRef } from 'react';
import { cancelDraw, drawOnNextFrame } from '../../charts/frame';
import type { Chart } from '../../charts/lineChart';

interface D3MountProps<D> {
  testId: string;
  className?: string;
  create: (root: HTMLElement) => Chart<D>;
  data: D;
}

export function D3Mount<D>({ testId, className, create, data }: D3MountProps<D>) {
  const rootRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<Chart<D> | null>(null);
  const createRef = useRef(create);

  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const chart = createRef.current(root);
    chartRef.current = chart;
    return () => {
      cancelDraw(chart);
      chart.destroy();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    drawOnNextFrame(chart, () => chart.update(data));
  }, [data]);

  return <div ref={rootRef} className={className} data-testid={testId} />;
}
