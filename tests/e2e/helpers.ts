/**
 * Shared helpers for the browser tests: serve the built app on loopback and
 * drive it in Debian's Chromium (WebGL2 through SwiftShader, also inside the
 * worker). Typical use:
 *
 *   const app = await startApp();                  // builds dist/ if stale, serves it
 *   const browser = await launchBrowser();         // ['--use-gl=disabled'] for no WebGL
 *   const { page, errors } = await openApp(browser, app.url, '?prune=0.9');
 *   await waitForStep(page, 5);
 *   assert.deepEqual(errors, []);
 *   await browser.close(); await app.close();
 *
 * Small parameters (SMALL_QUERY) keep a test fast on a loaded 2-core runner.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  REPO_ROOT,
  ensureBuild,
  launchChromium,
  serveStatic,
  type ServeOptions,
  type StaticServer,
} from './static-server';

/** A model small enough that a step takes a few ms even on software WebGL. */
export const SMALL_QUERY = 'd=200&n=20&nTest=200&m=10&maxSteps=4000';

/** Where tests put screenshots (git-ignored). */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');

/** Builds dist/ when it is older than its sources, then serves it on a free loopback port. */
export async function startApp(options: ServeOptions = {}): Promise<StaticServer> {
  ensureBuild();
  return serveStatic(options);
}

/** Debian's Chromium that can reach loopback only (see static-server.ts). */
export async function launchBrowser(extraFlags: string[] = []): Promise<Browser> {
  return launchChromium(extraFlags);
}

export interface OpenedApp {
  page: Page;
  /** Console errors and uncaught page errors, as they happen. */
  errors: string[];
}

/** Opens the app at `url` + `query` and collects every console error and page error. */
export async function openApp(
  browser: Browser,
  url: string,
  query = '',
  viewport = { width: 1280, height: 800 },
): Promise<OpenedApp> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url + query);
  return { page, errors };
}

/** The step count the app shows. */
export async function stepCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('step-count').textContent());
}

/** Waits until the app shows at least `min` steps. */
export async function waitForStep(page: Page, min: number, timeout = 60_000): Promise<number> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="step-count"]')?.textContent) >= n,
    min,
    { timeout },
  );
  return stepCount(page);
}

/** How many points a chart root says it plots (its data-points attribute). */
export async function chartPoints(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute('data-points'));
}

/** Saves a screenshot under test-results/ and returns its path. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
