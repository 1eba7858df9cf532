/**
 * Faults a classroom will meet: no WebGL at all, a lost WebGL context in the
 * middle of a run, a crashed worker, and a learning rate that diverges. Each
 * is said plainly on the page, and training goes on without a reload.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  guardContext,
  launchChromium,
  readSteps,
  serveBuiltSite,
  waitForSteps,
  type StaticServer,
} from './static-server';

let server: StaticServer;
let browser: Browser;

before(async () => {
  // With the CSP sent as a header too, the worker runs under it: the WASM
  // fallback is the path that needs 'wasm-unsafe-eval'.
  server = await serveBuiltSite({ cspHeader: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const statusText = async (page: Page): Promise<string> =>
  (await page.getByTestId('status').textContent()) ?? '';

async function waitForStatus(page: Page, pattern: RegExp, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ([source, flags]) =>
      new RegExp(source, flags).test(
        document.querySelector('[data-testid="status"]')?.textContent ?? '',
      ),
    [pattern.source, pattern.flags] as const,
    { timeout, polling: 100 },
  );
}

/** Fires a fault inside the worker through the app's test hook. */
async function injectFault(page: Page, action: 'loseContext' | 'crash'): Promise<void> {
  await page.evaluate((a) => {
    const hook = (window as unknown as { __pruneviz?: { debug(a: string): void } }).__pruneviz;
    if (!hook) throw new Error('window.__pruneviz test hook is missing');
    hook.debug(a);
  }, action);
}

/** Marks the document so a test can tell that recovery did not reload the page. */
const markPage = (page: Page): Promise<void> =>
  page.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });
const sameDocument = (page: Page): Promise<boolean> =>
  page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

test('without WebGL: falls back to wasm or cpu, says why, and trains', async () => {
  const noGl = await launchChromium(['--use-gl=disabled']);
  try {
    const context = await noGl.newContext();
    const guard = await guardContext(context, server.origin);
    const page = await context.newPage();
    await page.goto(`${server.url}?d=500`);
    await waitForSteps(page, 1, 45_000);
    const backend = (await page.getByTestId('backend').textContent()) ?? '';
    assert.match(backend, /^(wasm|cpu)$/, `backend shown: ${backend}`);
    // The reason is shown next to the backend name.
    const facts = (await page.getByTestId('backend').locator('xpath=..').textContent()) ?? '';
    assert.match(facts, /fallback/i);
    assert.match(facts, /webgl/i, `the reason names WebGL: ${facts}`);
    const first = await readSteps(page);
    await waitForSteps(page, first + 5, 30_000);
    assert.deepEqual(server.cspReports, [], 'the fallback runs under the CSP');
    assert.deepEqual(guard.foreign, []);
    assert.deepEqual(guard.errors, []);
  } finally {
    await noGl.close();
  }
});

/**
 * One page carries the remaining faults in turn (each software-WebGL page costs
 * seconds of shader compiling); each test still checks its own fault from a
 * training state, so a failure is reported under its own name.
 */
let shared: Page | null = null;
const restartButton = (page: Page) => page.getByRole('button', { name: /restart/i });

async function trainingPage(): Promise<Page> {
  if (!shared || shared.isClosed()) {
    shared = await browser.newPage();
    await shared.goto(`${server.url}?d=500`);
  }
  await waitForSteps(shared, (await readSteps(shared)) + 2, 45_000);
  return shared;
}

test('a diverging learning rate: status says diverged with a hint; the page keeps working', async () => {
  shared = await browser.newPage();
  const page = shared;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // At d = 500, any eta from 3e3 to 3e4 overflows to NaN within ~10 steps (measured on
  // cpu); far larger rates can instead saturate to a loss of exactly 0.
  await page.goto(`${server.url}?eta=1e4&d=500`);
  await waitForStatus(page, /diverged/i, 45_000);
  const text = await statusText(page);
  assert.match(text, /learning rate|eta/i, `a hint at the cause: ${text}`);

  // Lower eta in the parameters panel: a new run trains.
  await page.getByText('All parameters').click();
  const eta = page.locator('#param-eta');
  await eta.fill('20');
  await eta.press('Enter');
  await waitForStatus(page, /^(?!.*diverged)/i);
  await waitForSteps(page, (await readSteps(page)) + 3, 45_000);
  assert.doesNotMatch(await statusText(page), /diverged/i);
  assert.deepEqual(errors, []);
});

test('WebGL context lost mid-run: reported; Restart recovers without reload', async () => {
  const page = await trainingPage();
  assert.equal(await page.getByTestId('backend').textContent(), 'webgl');
  await markPage(page);

  await injectFault(page, 'loseContext');
  await waitForStatus(page, /context was lost/i);
  const frozen = await readSteps(page);
  await page.waitForTimeout(500);
  assert.equal(await readSteps(page), frozen, 'training stopped with the context');
  await restartButton(page).click();
  // A fresh run on a fresh context: the count starts over and grows.
  await waitForStatus(page, /^(?!.*lost)/i);
  await waitForSteps(page, (await readSteps(page)) + 3, 45_000);
  assert.equal(await page.getByTestId('backend').textContent(), 'webgl', 'WebGL again');
  assert.ok(await sameDocument(page), 'recovered without a reload');
});

test('worker crash: reported; Restart recovers without reload', async () => {
  const page = await trainingPage();
  await markPage(page);

  await injectFault(page, 'crash');
  await waitForStatus(page, /crash/i);
  await restartButton(page).click();
  await waitForStatus(page, /^(?!.*crash)/i);
  await waitForSteps(page, (await readSteps(page)) + 3, 45_000);
  assert.equal(await restartButton(page).count(), 0, 'Restart is gone once training runs');
  assert.ok(await sameDocument(page), 'recovered without a reload');
  await page.close();
});
