/**
 * Accessibility: axe-core finds no serious or critical violation (with the
 * parameters panel open, so its fields are checked too), and the keyboard
 * alone reaches the slider and every button, and moves the slider.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, serveBuiltSite, waitForSteps, type StaticServer } from './static-server';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let server: StaticServer;
let browser: Browser;
let page: Page;

before(async () => {
  server = await serveBuiltSite();
  // The page's markup does not depend on the backend; WASM starts faster than software WebGL.
  browser = await launchChromium(['--use-gl=disabled']);
  // axe is injected as an inline script, which the page's CSP rightly forbids.
  const context = await browser.newContext({ bypassCSP: true });
  page = await context.newPage();
  await page.goto(`${server.url}?d=500`);
  await waitForSteps(page, 2, 45_000);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('axe-core: no serious or critical violations', async () => {
  // Open every collapsed panel so its contents are checked as well.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = (vs: AxeViolation[]) =>
    vs.map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  if (violations.length > bad.length)
    console.log('axe (minor):', summary(violations.filter((v) => !bad.includes(v))));
  assert.deepEqual(summary(bad), []);
});

test('Tab reaches the slider and every button, each with a visible focus ring', async () => {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.locator('body').focus();
  const buttons = await page.locator('button:visible').count();
  const reached = new Set<string>();
  let sliderReached = false;
  const noFocusRing: string[] = [];
  // Enough presses to pass every focusable element once.
  const limit = (await page.locator('a, button, input, select, summary, [tabindex]').count()) + 5;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      // Past the last control, focus leaves the page (body): nothing to check there.
      if (!el || el === document.body) return null;
      return {
        tag: el.tagName.toLowerCase(),
        testId: el.dataset.testid ?? '',
        label: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60),
        visibleFocus:
          getComputedStyle(el).outlineStyle !== 'none' || getComputedStyle(el).boxShadow !== 'none',
      };
    });
    if (!focused) continue;
    if (focused.testId === 'prune-slider') sliderReached = true;
    if (!focused.visibleFocus) noFocusRing.push(`${focused.tag} ${focused.label}`);
    if (focused.tag === 'button') reached.add(focused.label);
  }
  assert.ok(sliderReached, 'Tab reaches the pruning slider');
  assert.ok(
    reached.size >= Math.min(buttons, 6),
    `Tab reached ${reached.size} of ${buttons} buttons: ${[...reached].join(' | ')}`,
  );
  for (const name of ['Pause', 'Step', 'Reset', 'New seed']) {
    assert.ok(
      [...reached].some((l) => l.includes(name)),
      `Tab reaches "${name}"`,
    );
  }

  assert.deepEqual(noFocusRing, [], 'every focused control shows a focus indicator');
});

test('arrow keys move the pruning slider both ways', async () => {
  // From the default 0.90 the arrow keys must change the rate both ways (a
  // keyboard user has no other way to fine-tune it).
  const slider = page.getByTestId('prune-slider');
  for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowRight', 'ArrowRight', 'ArrowRight']) {
    await slider.focus();
    const before = new URL(page.url()).searchParams.get('prune');
    await page.keyboard.press(key);
    const moved = await page
      .waitForFunction((p) => new URL(location.href).searchParams.get('prune') !== p, before, {
        timeout: 2_000,
      })
      .then(() => true)
      .catch(() => false);
    assert.ok(moved, `${key} changes the pruning rate (stuck at ${before})`);
  }
});
