/**
 * The pruning slider's scale: a grid of readable rates that gets finer toward
 * the top, where the paper's threshold lives. Steps are 0.05 below 0.5 and
 * 0.0005 between 0.98 and 0.99, so more than half of the slider's travel
 * (and of the arrow-key presses) is spent above 0.9.
 */

/** [from, to, step]: the grid's segments, from 0 to 0.99. */
const SEGMENTS: readonly [number, number, number][] = [
  [0, 0.5, 0.05],
  [0.5, 0.8, 0.02],
  [0.8, 0.9, 0.005],
  [0.9, 0.95, 0.002],
  [0.95, 0.98, 0.001],
  [0.98, 0.99, 0.0005],
];

function buildGrid(): number[] {
  const grid: number[] = [];
  for (const [from, to, step] of SEGMENTS) {
    const count = Math.round((to - from) / step);
    // Each segment adds its start; the very last rate closes the grid.
    for (let i = 0; i < count; i++) grid.push(Number((from + i * step).toFixed(4)));
  }
  grid.push(SEGMENTS[SEGMENTS.length - 1][1]);
  return grid;
}

const GRID: readonly number[] = buildGrid();

/** Slider positions run from 0 to SLIDER_STEPS. */
export const SLIDER_STEPS = GRID.length - 1;

export function pruneFromPosition(position: number): number {
  return GRID[Math.min(SLIDER_STEPS, Math.max(0, Math.round(position)))];
}

/** The nearest position; rates off the grid (from a URL) land on their nearest neighbour. */
export function positionFromPrune(prune: number): number {
  let lo = 0;
  let hi = SLIDER_STEPS;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (GRID[mid] <= prune) lo = mid;
    else hi = mid;
  }
  return Math.abs(GRID[hi] - prune) < Math.abs(GRID[lo] - prune) ? hi : lo;
}

/** Rates worth a tick label under the slider. */
export const SLIDER_TICKS: readonly number[] = [0, 0.8, 0.9, 0.95, 0.98, 0.99];

/** 0.9 → "0.90", 0.935 → "0.935", 0.9845 → "0.9845": as many decimals as the rate has. */
export function formatPrune(prune: number): string {
  for (const digits of [2, 3, 4]) {
    const text = prune.toFixed(digits);
    if (Number(text) === prune) return text;
  }
  return String(prune);
}

/** Density 1 − ρ as a percentage with sensible precision. */
export function formatDensity(prune: number): string {
  const pct = (1 - prune) * 100;
  if (pct >= 10) return `${pct.toFixed(0)}%`;
  if (pct >= 1) return `${Number(pct.toFixed(1))}%`;
  return `${Number(pct.toFixed(2))}%`;
}
