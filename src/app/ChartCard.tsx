import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { cancelDraw, drawOnNextFrame } from '../charts/frame';
import { pngBlob, svgBlob } from '../charts/exportImage';
import type { Chart } from '../charts/lineChart';
import { downloadBlob } from './download';

interface ChartCardProps<D> {
  testId: string;
  title: string;
  /** One plain sentence on how to read the chart. */
  caption: ReactNode;
  create: (root: HTMLElement) => Chart<D>;
  data: D;
  /** Marks the chart draws for this data (goes to data-points once drawn). */
  points: number;
  /** File name stem for exports. */
  fileName: string;
}

/**
 * Mounts a d3 chart once and hands it new data at most once per frame.
 * `points`, when given, goes to the root's data-points once that data is
 * drawn, so tests can wait for the drawing rather than the render.
 */
export function useD3Chart<D>(
  create: (root: HTMLElement) => Chart<D>,
  data: D,
  points?: number,
): { rootRef: RefObject<HTMLDivElement | null>; chartRef: RefObject<Chart<D> | null> } {
  const rootRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<Chart<D> | null>(null);
  // The first create wins: a chart is built once, not on every render's new closure.
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
    const root = rootRef.current;
    if (!chart || !root) return;
    drawOnNextFrame(chart, () => {
      chart.update(data);
      if (points !== undefined) root.dataset.points = String(points);
    });
  }, [data, points]);

  return { rootRef, chartRef };
}

/** A titled d3 chart that redraws at most once per frame and exports itself. */
export function ChartCard<D>({
  testId,
  title,
  caption,
  create,
  data,
  points,
  fileName,
}: ChartCardProps<D>) {
  const { rootRef, chartRef } = useD3Chart(create, data, points);

  const exportAs = async (kind: 'png' | 'svg') => {
    const svg = chartRef.current?.svg();
    if (!svg) return;
    const blob = kind === 'svg' ? svgBlob(svg) : await pngBlob(svg);
    downloadBlob(blob, `${fileName}.${kind}`);
  };

  const headingId = `${testId}-title`;
  return (
    <figure className="card chart-card" aria-labelledby={headingId}>
      <div className="chart-head">
        <h2 id={headingId}>{title}</h2>
        <div className="chart-exports" role="group" aria-label={`Export ${title}`}>
          <button type="button" className="small" onClick={() => void exportAs('png')}>
            PNG
          </button>
          <button type="button" className="small" onClick={() => void exportAs('svg')}>
            SVG
          </button>
        </div>
      </div>
      <div ref={rootRef} className="chart-root" data-testid={testId} data-points="0" />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
