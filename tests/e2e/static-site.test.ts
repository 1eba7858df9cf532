/**
 * The hosted site: `npm run build` output served from a sub-path by a plain
 * static server, as GitHub Pages would. Fails on any request to another host,
 * on any Content-Security-Policy violation (document or worker), and unless
 * training actually starts.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  DIST,
  builtPolicy,
  guardContext,
  launchChromium,
  readSteps,
  serveBuiltSite,
  type StaticServer,
  waitForSteps,
} from './static-server';

const SUB_PATH = '/some/sub/path/';

let server: StaticServer;
let browser: Browser;

before(async () => {
  server = await serveBuiltSite({ cspHeader: true, subPath: SUB_PATH });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('dist/ refers to its files relatively and to no other host', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  assert.ok(refs.length > 0, 'index.html loads something');
  for (const ref of refs) {
    // './assets/x.js' works under any sub-path; '/assets/x.js' or 'https://…' would not.
    assert.match(ref, /^\.\/|^[a-z0-9_-]+[./]/i, `relative reference: ${ref}`);
  }
  assert.ok(
    readdirSync(join(DIST, 'assets')).some((f) => f.endsWith('.wasm')),
    'wasm bundled',
  );
});

test('the built page carries a CSP without unsafe-eval or unsafe-inline scripts', () => {
  const policy = builtPolicy();
  const script = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
  assert.ok(script.includes("'self'"), policy);
  assert.ok(!script.includes("'unsafe-eval'"), policy);
  assert.ok(!script.includes("'unsafe-inline'"), policy);
  assert.match(policy, /object-src 'none'/);
});

test('from a sub-path of a static server: trains, local requests only, no CSP violation', async () => {
  const context = await browser.newContext();
  const guard = await guardContext(context, server.origin);
  const page = await context.newPage();
  // Violations in the document (the <meta> policy); the worker's are posted to the server.
  // Plain JavaScript: a function compiled by tsx would call helpers the page lacks.
  await page.addInitScript(`window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI));`);
  await page.goto(server.url);
  await waitForSteps(page, 1, 60_000);
  const first = await readSteps(page);
  await waitForSteps(page, first + 1, 30_000);
  await page.waitForTimeout(300); // let late CSP reports arrive

  const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  assert.deepEqual(guard.foreign, [], 'no request to any other host');
  assert.deepEqual(violations, [], 'no CSP violation in the document');
  assert.deepEqual(server.cspReports, [], 'no CSP violation reported (document or worker)');
  assert.deepEqual(guard.errors, [], 'no page or console errors');
  // A browser asks for /favicon.ico at the host root by itself; everything the app loads is under its sub-path.
  const outside = server.requests.filter((p) => !p.startsWith(SUB_PATH) && p !== '/favicon.ico');
  assert.deepEqual(outside, [], 'every request stays under the sub-path');

  // Control: the policy is enforced and both detectors see a violation.
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    await new Promise((r) => setTimeout(r, 200));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  assert.equal(ran, false, 'an inline script is blocked');
  await page.waitForTimeout(300);
  const seen = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  assert.ok(seen.length > 0, 'the document detector saw the control violation');
  assert.ok(server.cspReports.length > 0, 'the report endpoint got the control violation');
  await context.close();
});
