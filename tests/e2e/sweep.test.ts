/**
 * The threshold finder in real Chromium (WebGL through SwiftShader), on a
 * small problem given through the URL: a sweep completes and draws one point
 * per rate, bad sweep keys are named in a notice, clicking the chart moves
 * the slider, and a cancelled phase diagram resumes with only what is left.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  chartPoints,
  guardContext,
  launchChromium,
  serveBuiltSite,
  type StaticServer,
} from './static-server';

const SMALL = 'd=200&n=20&nTest=100&m=10&maxSteps=300';

let server: StaticServer;
let browser: Browser;

before(async () => {
  server = await serveBuiltSite({ subPath: '/' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function progress(page: Page): Promise<{ state: string; done: number; total: number }> {
  const el = page.getByTestId('sweep-progress');
  return {
    state: (await el.getAttribute('data-state')) ?? '',
    done: Number(await el.getAttribute('data-done')),
    total: Number(await el.getAttribute('data-total')),
  };
}

async function waitForState(page: Page, state: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (s) =>
      document.querySelector('[data-testid="sweep-progress"]')?.getAttribute('data-state') === s,
    state,
    { timeout, polling: 100 },
  );
}

test('a small sweep completes, draws a point per rate, and a click moves the slider', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const guard = await guardContext(context, server.origin);
  const page = await context.newPage();
  await page.goto(`${server.url}?${SMALL}&prune=0.9&sweepPrunes=0,0.5,0.9,abc&sweepSeeds=0,1`);

  // The bad entry is named, the rest of the grid is kept.
  await assert.doesNotReject(page.getByTestId('sweep-notice').waitFor({ timeout: 20_000 }));
  assert.match((await page.getByTestId('sweep-notice').textContent()) ?? '', /sweepPrunes: "abc"/);
  assert.equal(await chartPoints(page, 'sweep'), 0);

  await page.getByTestId('sweep-run').click();
  await waitForState(page, 'finished');
  assert.deepEqual(await progress(page), { state: 'finished', done: 6, total: 6 });
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="chart-sweep"]')?.getAttribute('data-points') === '3',
    null,
    { timeout: 5_000 },
  );
  assert.equal(await page.locator('[data-testid="chart-sweep"] svg circle').count(), 3);
  assert.match((await page.getByTestId('sweep-threshold').textContent()) ?? '', /Best rate: ρ = /);
  assert.equal(await page.getByTestId('sweep-run').isDisabled(), true, 'nothing left to run');

  // Clicking at the dot of ρ = 0.5 moves the main slider there (and the URL with it).
  const dot = await page.locator('[data-testid="chart-sweep"] svg circle').nth(1).boundingBox();
  assert.ok(dot);
  await page.mouse.click(dot.x + dot.width / 2, dot.y + dot.height / 2);
  await page.waitForFunction(
    () => new URLSearchParams(location.search).get('prune') === '0.5',
    null,
    {
      timeout: 5_000,
    },
  );
  assert.match(page.url(), /sweepPrunes=0(,|%2C)0\.5(,|%2C)0\.9/, 'the app keeps the sweep keys');

  mkdirSync('test-results', { recursive: true });
  await page.getByTestId('sweep-panel').screenshot({ path: 'test-results/sweep.png' });
  assert.deepEqual(guard.errors, []);
  await context.close();
});

test('a cancelled phase diagram resumes with only the unfinished runs', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const guard = await guardContext(context, server.origin);
  const page = await context.newPage();
  await page.goto(
    `${server.url}?${SMALL}&sweepPrunes=0,0.5,0.9&phaseParam=n&phaseValues=10,20&phaseSeeds=0`,
  );
  await page.getByTestId('phase-run').click();
  // The first value's session finishes first (values run one after another).
  await page.waitForFunction(
    () =>
      Number(document.querySelector('[data-testid="sweep-progress"]')?.getAttribute('data-done')) >=
      3,
    null,
    { timeout: 60_000, polling: 50 },
  );
  const cancel = page.getByTestId('phase-cancel');
  if (await cancel.isVisible()) await cancel.click();
  const stopped = await progress(page);
  t.diagnostic(`stopped: ${stopped.state} with ${stopped.done} of ${stopped.total} runs`);
  assert.equal(stopped.total, 6);
  if (stopped.state === 'cancelled') {
    const left = 6 - stopped.done;
    assert.ok(left > 0);
    assert.match(
      (await page.getByTestId('phase-run').textContent()) ?? '',
      new RegExp(`${left} left`),
    );
    await page.getByTestId('phase-run').click();
    const resumed = await progress(page);
    assert.equal(resumed.done, stopped.done, 'finished runs are kept, not retrained');
  }
  await waitForState(page, 'finished');
  assert.deepEqual(await progress(page), { state: 'finished', done: 6, total: 6 });
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="chart-phase"]')?.getAttribute('data-points') === '6',
    null,
    { timeout: 5_000 },
  );
  assert.equal(await page.locator('[data-testid="chart-phase"] svg rect.cell').count(), 6);
  assert.deepEqual(guard.errors, []);
  await context.close();
});
