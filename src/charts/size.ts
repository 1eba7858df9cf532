/**
 * A chart's box and text scale, read once and then only when the browser
 * reports a resize. Charts redraw on every training snapshot; reading
 * clientWidth or computed styles there would force a style and layout pass
 * of the whole page per chart per frame (measured: most of a 50-85 ms frame).
 */
import { chartScale } from './palette';

export interface ChartSize {
  width: number;
  height: number;
  /** Text scale (see chartScale). */
  k: number;
}

export interface SizeTracker {
  current(): ChartSize;
  disconnect(): void;
}

export function trackSize(root: HTMLElement, onResize: () => void): SizeTracker {
  let size: ChartSize = { width: root.clientWidth, height: root.clientHeight, k: chartScale(root) };
  const observer = new ResizeObserver((entries) => {
    const entry = entries[entries.length - 1];
    if (!entry) return;
    // Layout is fresh when observers run, so reading styles here costs nothing extra.
    // The chart roots have no padding, so the content box is their client box.
    size = {
      width: entry.contentRect.width,
      height: entry.contentRect.height,
      k: chartScale(root),
    };
    onResize();
  });
  observer.observe(root);
  return { current: () => size, disconnect: () => observer.disconnect() };
}

/** A cache key for an axis: redrawing one rebuilds its ticks, so skip it when nothing moved. */
export function axisKey(domain: readonly unknown[], range: readonly number[], ...rest: unknown[]) {
  return [...domain.map(Number), ...range, ...rest].join('|');
}
