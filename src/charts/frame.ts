/**
 * Coalesces chart redraws to one per animation frame: snapshots may arrive
 * faster than the screen refreshes, and only the newest data matters.
 */
const jobs = new Map<object, () => void>();
let handle = 0;

function flush(): void {
  handle = 0;
  const due = [...jobs.values()];
  jobs.clear();
  for (const job of due) job();
}

/** Runs `draw` on the next frame; a later call with the same key replaces it. */
export function drawOnNextFrame(key: object, draw: () => void): void {
  jobs.set(key, draw);
  if (handle === 0) handle = requestAnimationFrame(flush);
}

export function cancelDraw(key: object): void {
  jobs.delete(key);
}
