/**
 * A long session: the slider is dragged hundreds of times while training runs.
 * The worker's tensor count and the page's JS heap must stay flat, and no
 * point of a superseded run may show up after a newer run started.
 *
 * SOAK_SECONDS sets the duration of the dragging (default 30, which keeps the suite short;
 * use e.g. SOAK_SECONDS=1800 for a classroom-length run).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, CDPSession, Page } from 'playwright-core';
import {
  guardContext,
  launchChromium,
  readSteps,
  serveBuiltSite,
  waitForSteps,
  type StaticServer,
} from './static-server';

const SOAK_MS = 1000 * Number(process.env.SOAK_SECONDS ?? 30);
const MIN_MOVES = 200;
/** Slider travel used, as fractions of its range: prune ≈ 0.9 … 0.99, always with a dense baseline. */
const LOW = 0.4;
const HIGH = 0.95;

let server: StaticServer;
let browser: Browser;

before(async () => {
  server = await serveBuiltSite();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface Monitor {
  inputs: number;
  /** Decreases of step count or plotted points with no slider input since the previous one. */
  stale: string[];
  decreases: number;
}

/**
 * Watches, inside the page, every change of the step count and of the loss
 * chart's point count. Within one run both only grow; a run starts only after
 * a slider input. So a decrease with no slider input since the previous
 * decrease means points of a superseded run came back.
 *
 * Plain JavaScript in a string: a function compiled by tsx would carry
 * helper calls (__name) that do not exist in the page.
 */
const MONITOR_SCRIPT = `(() => {
  const monitor = { inputs: 0, stale: [], decreases: 0 };
  window.__soak = monitor;
  const last = new Map();
  const inputSinceDrop = new Map();
  function read(key, value) {
    const before = last.get(key);
    last.set(key, value);
    if (before === undefined || Number.isNaN(value) || value >= before) return;
    // A long run's history is thinned to every other point: a legitimate halving.
    if (key === 'points' && value >= Math.floor(before / 2)) return;
    monitor.decreases += 1;
    if (!inputSinceDrop.get(key)) monitor.stale.push(key + ': ' + before + ' -> ' + value);
    inputSinceDrop.set(key, false);
  }
  document.addEventListener('input', (e) => {
    if (!e.target || !e.target.dataset || e.target.dataset.testid !== 'prune-slider') return;
    monitor.inputs += 1;
    inputSinceDrop.set('steps', true);
    inputSinceDrop.set('points', true);
  }, true);
  new MutationObserver(() => {
    const steps = document.querySelector('[data-testid="step-count"]');
    if (steps) read('steps', Number(steps.textContent.replace(/[^0-9]/g, '') || NaN));
    const chart = document.querySelector('[data-testid="chart-loss"]');
    const points = chart && chart.getAttribute('data-points');
    if (points !== null && points !== undefined) read('points', Number(points));
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();`;

/**
 * A pointer drag as the page sees it: an input event about every 16 ms (60 Hz),
 * each with a new value (React listens to 'input' through the native setter).
 */
const DRAG_SCRIPT = `async ([from, to]) => {
  const slider = document.querySelector('[data-testid="prune-slider"]');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const step = from < to ? 1 : -1;
  let moves = 0;
  for (let v = from; v !== to + step; v += step) {
    setValue.call(slider, String(v));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    moves += 1;
    await new Promise((r) => setTimeout(r, 16));
  }
  slider.dispatchEvent(new Event('change', { bubbles: true }));
  return moves;
}`;

async function heapBytes(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

async function tensors(page: Page): Promise<number> {
  const value = await page.getByTestId('status').getAttribute('data-tensors');
  return value === null ? NaN : Number(value);
}

interface Sample {
  t: number;
  heap: number;
  tensors: number;
}

/** One burst of slider moves: a drag across part of the range, then arrow keys and a fill(). */
async function dragBurst(page: Page): Promise<number> {
  const slider = page.getByTestId('prune-slider');
  const max = Number(await slider.getAttribute('max'));
  const pick = () => Math.round(max * (LOW + Math.random() * (HIGH - LOW)));
  const dragged = await page.evaluate(`(${DRAG_SCRIPT})([${pick()}, ${pick()}])`);
  await slider.focus();
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowLeft']) await page.keyboard.press(key);
  await slider.fill(String(pick()));
  return Number(dragged) + 4;
}

/** A sample taken once the current run has trained a little, so runs are comparable. */
async function settleAndSample(page: Page, cdp: CDPSession, t0: number): Promise<Sample> {
  const before = await readSteps(page);
  await waitForSteps(page, Math.max(2, before + 1), 30_000).catch(() => undefined);
  return { t: Date.now() - t0, heap: await heapBytes(cdp), tensors: await tensors(page) };
}

test(`soak: ${SOAK_MS / 1000} s of slider drags; tensors and heap stay flat; no stale points`, async () => {
  const context = await browser.newContext();
  const guard = await guardContext(context, server.origin);
  await context.addInitScript(MONITOR_SCRIPT);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(`${server.url}?prune=0.9`);
  await waitForSteps(page, 2, 45_000);

  // Warm up (first sessions compile shaders and fill caches), then measure from there.
  let moves = await dragBurst(page);
  const t0 = Date.now();
  const samples: Sample[] = [await settleAndSample(page, cdp, t0)];
  let lastSample = t0;
  // Runs for SOAK_MS and at least MIN_MOVES moves; a machine too slow to make
  // them in three times the budget fails on the move count below.
  const elapsed = () => Date.now() - t0;
  while ((elapsed() < SOAK_MS || moves < MIN_MOVES) && elapsed() < 3 * SOAK_MS) {
    moves += await dragBurst(page);
    // Let the newest run train for a moment, as a person watching would.
    await page.waitForTimeout(300);
    if (Date.now() - lastSample > SOAK_MS / 2) {
      samples.push(await settleAndSample(page, cdp, t0));
      lastSample = Date.now();
    }
  }
  samples.push(await settleAndSample(page, cdp, t0));
  // Training still progresses at the end.
  const end = await readSteps(page);
  await waitForSteps(page, end + 1, 30_000);

  const monitor = await page.evaluate(() => (window as unknown as { __soak: Monitor }).__soak);
  const report = samples.map(
    (s) => `${(s.t / 1000).toFixed(0)}s ${(s.heap / 2 ** 20).toFixed(1)}MiB ${s.tensors}t`,
  );
  console.log(
    `soak: ${moves} moves, ${monitor.inputs} inputs, ${monitor.decreases} resets; ${report.join(' | ')}`,
  );

  assert.ok(moves >= MIN_MOVES, `hundreds of slider moves (${moves})`);
  assert.ok(
    monitor.inputs >= MIN_MOVES * 0.9,
    `the page saw the slider inputs (${monitor.inputs})`,
  );
  assert.deepEqual(monitor.stale, [], 'no superseded run came back');

  const counts = samples.map((s) => s.tensors);
  assert.ok(counts.every(Number.isFinite), `data-tensors is reported: ${counts.join(',')}`);
  // The same configuration (pruned run + dense baseline) holds the same tensors every time.
  assert.ok(Math.max(...counts) <= counts[0], `tensor count flat: ${counts.join(', ')}`);

  // Heap: the last samples may not exceed the first by more than a little
  // (one run's history is bounded; hundreds of leaked runs would not be).
  const first = samples[0].heap;
  const lastHeap = Math.min(...samples.slice(-2).map((s) => s.heap));
  assert.ok(
    lastHeap <= first * 1.25 + 4 * 2 ** 20,
    `heap flat: ${(first / 2 ** 20).toFixed(1)} MiB -> ${(lastHeap / 2 ** 20).toFixed(1)} MiB`,
  );
  assert.deepEqual(guard.errors, []);
  await context.close();
});
