/**
 * The app in real Chromium: it loads cleanly, trains on WebGL, draws, follows
 * the keyboard, and survives a bad link.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { StaticServer } from './static-server';
import {
  SMALL_QUERY,
  chartPoints,
  launchBrowser,
  openApp,
  screenshot,
  startApp,
  stepCount,
  waitForStep,
} from './helpers';

const CHARTS = ['chart-loss', 'chart-accuracy', 'chart-alignment', 'chart-neurons'];

let app: StaticServer;
let browser: Browser;

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.close();
});

test('loads without errors, trains on webgl, and the charts gain points', async () => {
  const { page, errors } = await openApp(browser, app.url);
  await page.getByTestId('backend').filter({ hasText: 'webgl' }).waitFor({ timeout: 30_000 });
  await waitForStep(page, 1, 90_000);
  for (const id of CHARTS) {
    await page.waitForFunction(
      (tid) =>
        Number(document.querySelector(`[data-testid="${tid}"]`)?.getAttribute('data-points')) > 0,
      id,
      { timeout: 10_000 },
    );
  }
  const before = await chartPoints(page, 'chart-loss');
  const step = await stepCount(page);
  await waitForStep(page, step + 1, 60_000);
  await page.waitForFunction(
    (n) =>
      Number(document.querySelector('[data-testid="chart-loss"]')?.getAttribute('data-points')) > n,
    before,
    { timeout: 10_000 },
  );
  assert.equal(await chartPoints(page, 'chart-neurons'), 80, 'one dot per neuron (2m = 80)');
  const tensors = await page.getByTestId('status').getAttribute('data-tensors');
  assert.ok(Number(tensors) > 0, 'the worker reports its tensor count');
  console.log(`screenshot: ${await screenshot(page, 'app-desktop')}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('arrow keys on the slider change the URL and restart training', async () => {
  const { page, errors } = await openApp(browser, app.url, `?${SMALL_QUERY}&prune=0.9&seed=3`);
  await waitForStep(page, 20);
  const slider = page.getByTestId('prune-slider');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('prune') !== '0.9');
  const prune = Number(new URL(page.url()).searchParams.get('prune'));
  assert.ok(
    prune > 0.9 && prune < 0.91,
    `one arrow step moves prune a little above 0.9 (got ${prune})`,
  );
  assert.equal(new URL(page.url()).searchParams.get('seed'), '3', 'the seed is kept');
  // A restart shows step 0 and then trains again.
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="step-count"]')?.textContent) < 20,
  );
  await waitForStep(page, 5);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('prune') === '0.9');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bad link names the bad values and still trains (on a phone-sized screen)', async () => {
  const bad = `?${SMALL_QUERY}&prune=banana&q=7&eta=-1&sweepRates=keep-me`;
  const { page, errors } = await openApp(browser, app.url, bad, { width: 390, height: 844 });
  const notice = page.getByTestId('url-notice');
  await notice.waitFor();
  const text = (await notice.textContent()) ?? '';
  for (const name of ['prune', 'q', 'eta']) assert.match(text, new RegExp(`${name}:`));
  await waitForStep(page, 5);
  const search = new URL(page.url()).searchParams;
  assert.equal(search.get('q'), '4', 'q = 7 becomes the nearest allowed value');
  assert.equal(search.get('sweepRates'), 'keep-me', 'keys owned by the sweep view are preserved');
  console.log(`screenshot: ${await screenshot(page, 'app-phone-bad-link')}`);
  assert.deepEqual(errors, []);
  await page.close();
});
