/**
 * Hostile links in a real browser: the page names every bad parameter in a
 * notice, never turns a URL value into markup or script, and still trains.
 * A size that would exhaust memory is refused with the amount it needs, and
 * the page stays usable.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ParamName } from '../../src/model/params';
import {
  guardContext,
  launchChromium,
  readSteps,
  serveBuiltSite,
  waitForSteps,
  type PageGuard,
  type StaticServer,
} from './static-server';

/** Sets window.__pwned when it runs; the marker attribute finds elements injected from the URL. */
const SCRIPT = '<script data-pwn>window.__pwned=1</script>';
const IMG = '"><img data-pwn src="pwned.png" onerror="window.__pwned=1">';
const SVG = "<svg data-pwn onload='window.__pwned=1'></svg>";

interface HostileCase {
  title: string;
  query: Record<string, string>;
  named: ParamName[];
}

// Small d keeps each load fast; the point is the handling of the bad values.
const CASES: HostileCase[] = [
  {
    title: 'script and attribute-breaking payloads',
    query: { d: SCRIPT, mu: IMG, seed: SVG, n: '40' },
    named: ['d', 'mu', 'seed'],
  },
  {
    title: 'NaN, Infinity, negative, 1e309, wrong q',
    query: { eta: 'NaN', sigma0: '-1', m: '-Infinity', maxSteps: '1e309', q: '7', d: '500' },
    named: ['eta', 'sigma0', 'm', 'maxSteps', 'q'],
  },
  {
    title: 'empty, unicode, s > d, unknown keys',
    query: { prune: '', n: '５０', s: '900', d: '300', __proto__x: '1', foo: IMG },
    named: ['prune', 'n', 's'],
  },
];

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let guard: PageGuard;

before(async () => {
  server = await serveBuiltSite();
  // URL handling does not depend on the backend; WASM starts in a fraction of
  // the time software WebGL needs to compile its shaders, so this file stays fast.
  browser = await launchChromium(['--use-gl=disabled']);
  context = await browser.newContext();
  guard = await guardContext(context, server.origin);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function urlFor(query: Record<string, string>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) search.append(k, v);
  return `${server.url}?${search.toString()}`;
}

/** Anything from a payload that made it into the DOM or ran. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    if ((window as unknown as { __pwned?: unknown }).__pwned !== undefined)
      found.push('script ran');
    for (const el of document.querySelectorAll('[data-pwn], [onerror], [onload]')) {
      found.push(el.outerHTML.slice(0, 80));
    }
    return found;
  });
}

for (const c of CASES) {
  test(`hostile link (${c.title}): notice names ${c.named.join(', ')}; nothing injected; trains`, async () => {
    const page = await context.newPage();
    await page.goto(urlFor(c.query));
    const notice = page.getByTestId('url-notice');
    await notice.waitFor({ timeout: 15_000 });
    const text = (await notice.textContent()) ?? '';
    for (const name of c.named) {
      assert.ok(text.includes(`${name}:`), `notice names ${name}: ${text}`);
    }
    await waitForSteps(page, 2, 45_000);
    assert.deepEqual(await injected(page), [], 'no payload became markup or ran');
    assert.ok(
      !server.requests.some((p) => p.endsWith('pwned.png')),
      'no payload image was fetched',
    );
    // The corrected values, not the payloads, are what the address bar now shares.
    const search = new URL(page.url()).searchParams;
    for (const name of c.named) assert.ok(Number.isFinite(Number(search.get(name))), name);
    await page.close();
  });
}

test('a size too big for memory is refused with the amount needed; the page keeps working', async () => {
  const page = await context.newPage();
  // Each value is in range, but together they need more than the memory budget.
  await page.goto(urlFor({ d: '20000', nTest: '20000' }));
  const status = page.getByTestId('status');
  await page.waitForFunction(
    () => /GiB/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''),
    null,
    { timeout: 30_000 },
  );
  assert.match((await status.textContent()) ?? '', /needs about [\d.]+ GiB/);
  assert.equal(await readSteps(page), 0, 'nothing was trained');

  // A field edit that keeps the set too big is refused in place, with the amount.
  await page.getByText('All parameters').click();
  const m = page.locator('#param-m');
  await m.fill('1000');
  await m.press('Enter');
  const fieldError = page.locator('#param-m-error');
  await fieldError.waitFor({ timeout: 5_000 });
  assert.match((await fieldError.textContent()) ?? '', /needs about [\d.]+ GiB/);

  // A preset brings back a trainable experiment: the page was never stuck.
  await page.getByRole('button', { name: /learns the signal/i }).click();
  await waitForSteps(page, 2, 45_000);
  assert.doesNotMatch((await status.textContent()) ?? '', /GiB/);
  await page.close();
});

test('no page errors and no request to another host across all hostile links', () => {
  assert.deepEqual(guard.foreign, []);
  assert.deepEqual(guard.errors, []);
});
