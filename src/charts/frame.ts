/**
 * Coalesces chart redraws: snapshots may arrive faster than the screen
 * refreshes, and only the newest data matters. Each frame draws one chart
 * (oldest request first), and chart frames are at least MIN_GAP_MS apart, so
 * a frame's script, layout and paint cover one chart and the page leaves
 * most of the CPU to training. On a busy machine (software WebGL training
 * beside the page) a frame that redrew every chart ran 50-90 ms.
 */
const jobs = new Map<object, () => void>();
let handle = 0;
let lastDraw = -Infinity;

/** About 25 chart redraws a second in all: each of four charts still moves about 6 times a second. */
const MIN_GAP_MS = 40;

function flush(now: number): void {
  handle = 0;
  if (now - lastDraw < MIN_GAP_MS) {
    handle = requestAnimationFrame(flush);
    return;
  }
  const next = jobs.entries().next();
  if (next.done) return;
  const [key, job] = next.value;
  jobs.delete(key);
  lastDraw = now;
  job();
  if (jobs.size > 0) handle = requestAnimationFrame(flush);
}

/** Runs `draw` on a coming frame; a later call with the same key replaces it. */
export function drawOnNextFrame(key: object, draw: () => void): void {
  jobs.set(key, draw);
  if (handle === 0) handle = requestAnimationFrame(flush);
}

export function cancelDraw(key: object): void {
  jobs.delete(key);
}
