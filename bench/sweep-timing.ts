/**
 * How long the default sweep takes in headless Chromium, batched versus one
 * run at a time (issue 4's closing question). Not part of the test suite:
 *
 *   node --import tsx bench/sweep-timing.ts [--steps STEPS.jsonl]
 *     [--dist DIR] [--skip-batched] [--single 0,0.5,0.9,0.98] [--single-steps 50,200]
 *
 * --dist: a build of its own (`vite build --outDir DIR`) so that other test
 * runs rebuilding dist/ meanwhile cannot pull the files from under it.
 * --single: time only these rates as single runs; other rates use the
 * nearest timed one (the engine's cost per step depends on the density).
 *
 * It drives the built app through the sweep panel (default parameters, the
 * live run paused) and times "Run" to "finished" for a fixed number of steps:
 * eps = 1e-8 keeps every run going, so a session of N steps costs exactly
 * setup + N steps. Two step counts give the cost of one step (difference)
 * and of the setup (intercept); every timing is taken warm (a first, cold
 * run compiles the WebGL programs and is discarded).
 *
 * A real sweep stops each run at eps. With --steps STEPS.jsonl (one JSON line per
 * run: {seed, prune, steps}, e.g. from a float32 replay of the same
 * experiments) the script also prices the full default sweep:
 *   batched:        setup + sum over seeds of (most steps of any run of the seed) x group step
 *   one at a time:  sum over runs of (setup + steps x single step at that rate)
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, serveBuiltSite, serveStatic } from '../tests/e2e/static-server';
import { DEFAULT_SWEEP_PRUNES, DEFAULT_SWEEP_SEEDS, nearestPrune } from '../src/model/sweep';

const BASE = 'eps=1e-8';

async function openApp(url: string, maxSteps: number, page: Page): Promise<void> {
  await page.goto(`${url}?${BASE}&maxSteps=${maxSteps}`);
  // The live run would compete for the same (software) GPU: pause it.
  const pause = page.getByRole('button', { name: /Pause/ });
  await pause.waitFor({ timeout: 60_000 });
  await pause.click();
}

async function setList(page: Page, label: RegExp, values: readonly number[]): Promise<void> {
  const input = page.getByTestId('sweep-panel').getByLabel(label);
  await input.fill(values.join(', '));
  await input.press('Enter');
}

/** Seconds from Run to finished for one sweep of these rates x seeds. */
async function timeSweep(
  page: Page,
  prunes: readonly number[],
  seeds: readonly number[],
): Promise<number> {
  await setList(page, /Pruning rates/, prunes);
  await setList(page, /^Seeds/, seeds);
  const clear = page.getByTestId('sweep-panel').getByRole('button', { name: 'Clear results' });
  if (await clear.isEnabled()) await clear.click();
  const t0 = performance.now();
  await page.getByTestId('sweep-run').click();
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="sweep-progress"]')?.getAttribute('data-state') ===
      'finished',
    null,
    { timeout: 900_000, polling: 20 },
  );
  return (performance.now() - t0) / 1000;
}

interface Fit {
  setup: number;
  perStep: number;
}

/** Warm timings at two step counts: cost per step (slope) and per session (intercept). */
async function fit(
  url: string,
  page: Page,
  prunes: readonly number[],
  seeds: readonly number[],
  n1: number,
  n2: number,
): Promise<Fit> {
  await openApp(url, n1, page);
  await timeSweep(page, prunes, seeds); // cold: compiles the programs
  const t1 = await timeSweep(page, prunes, seeds);
  await openApp(url, n2, page);
  await timeSweep(page, prunes, seeds);
  const t2 = await timeSweep(page, prunes, seeds);
  const perStep = (t2 - t1) / (n2 - n1);
  return { setup: Math.max(0, t1 - n1 * perStep), perStep };
}

interface Options {
  steps?: string;
  dist?: string;
  batched: boolean;
  /** Time only one seed's group of the batched sweep (the 64-run session is slow on software GL). */
  groupOnly: boolean;
  /** Rates timed as single runs; the others use the nearest timed rate. */
  single: number[];
  singleSteps: [number, number];
  /** Repeats of the interleaved mode (0: off). */
  interleaved: number;
}

function options(argv: string[]): Options {
  const o: Options = {
    batched: true,
    groupOnly: false,
    single: [...DEFAULT_SWEEP_PRUNES],
    singleSteps: [50, 200],
    interleaved: 0,
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const next = () => argv[++k] ?? '';
    if (a === '--steps') o.steps = next();
    else if (a === '--dist') o.dist = next();
    else if (a === '--skip-batched') o.batched = false;
    else if (a === '--group-only') o.groupOnly = true;
    else if (a === '--interleaved') o.interleaved = Number(next());
    else if (a === '--single') o.single = next().split(',').map(Number);
    else if (a === '--single-steps') {
      const [x, y] = next().split(',').map(Number);
      o.singleSteps = [x, y];
    }
  }
  return o;
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const server = o.dist
    ? await serveStatic({ root: o.dist, subPath: '/' })
    : await serveBuiltSite({ subPath: '/' });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const prunes = DEFAULT_SWEEP_PRUNES;
  const seeds = DEFAULT_SWEEP_SEEDS;
  const full = 4000;
  const runs = o.steps
    ? readFileSync(o.steps, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { seed: number; prune: number; steps: number })
    : [];
  try {
    if (o.interleaved > 0) {
      await interleaved(server.url, page, o, runs);
      return;
    }
    if (o.batched) {
      const all = o.groupOnly ? null : await fit(server.url, page, prunes, seeds, 4, 12);
      if (all)
        console.log(
          `batched, ${prunes.length} rates x ${seeds.length} seeds in one session: ` +
            `${all.perStep.toFixed(3)} s/step, setup ${all.setup.toFixed(1)} s; ` +
            `every run to maxSteps: ${fmt(all.setup + full * all.perStep)}`,
        );
      const group = await fit(server.url, page, prunes, [seeds[0]], 3, 9);
      console.log(
        `batched, one seed (${prunes.length} runs): ${group.perStep.toFixed(3)} s/step, setup ${group.setup.toFixed(1)} s`,
      );
      if (runs.length > 0) {
        let batched = all?.setup ?? group.setup;
        for (const s of seeds) {
          const most = Math.max(...runs.filter((r) => r.seed === s).map((r) => r.steps));
          batched += most * group.perStep;
        }
        console.log(`default sweep batched, with the given steps: ${fmt(batched)}`);
      }
    }
    const [n1, n2] = o.singleSteps;
    const at1 = await singleTimes(server.url, page, o.single, n1);
    const at2 = await singleTimes(server.url, page, o.single, n2);
    const single = new Map<number, Fit>();
    for (const p of o.single) {
      const t1 = at1.get(p) ?? NaN;
      const perStep = ((at2.get(p) ?? NaN) - t1) / (n2 - n1);
      const f = { setup: Math.max(0, t1 - n1 * perStep), perStep };
      single.set(p, f);
      console.log(
        `single run, prune ${p}: ${(1000 * f.perStep).toFixed(1)} ms/step, setup ${f.setup.toFixed(2)} s`,
      );
    }
    const fitAt = (p: number): Fit => single.get(nearestPrune(o.single, p) ?? p) as Fit;
    const naive =
      seeds.length * prunes.reduce((a, p) => a + fitAt(p).setup + full * fitAt(p).perStep, 0);
    console.log(`one at a time, every run to maxSteps: ${fmt(naive)}`);
    if (runs.length > 0) {
      const oneAtATime = runs.reduce(
        (a, r) => a + fitAt(r.prune).setup + r.steps * fitAt(r.prune).perStep,
        0,
      );
      const totalSteps = runs.reduce((a, r) => a + r.steps, 0);
      console.log(
        `default sweep one at a time, with the given steps (${runs.length} runs, ${totalSteps} steps): ${fmt(oneAtATime)}`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * For a machine shared with other work: one seed's batched group and the
 * single runs are timed alternately, `repeats` times at two step counts,
 * and the fastest of each is kept (the least disturbed by other load).
 */
async function interleaved(
  url: string,
  page: Page,
  o: Options,
  runs: { seed: number; prune: number; steps: number }[],
): Promise<void> {
  const [n1, n2] = o.singleSteps;
  const best = new Map<string, number>();
  for (const n of [n1, n2]) {
    await openApp(url, n, page);
    await timeSweep(page, DEFAULT_SWEEP_PRUNES, [0]); // cold
    for (const p of o.single) await timeSweep(page, [p], [0]); // cold
    for (let r = 0; r < o.interleaved; r++) {
      const keep = (k: string, t: number) => best.set(k, Math.min(best.get(k) ?? Infinity, t));
      keep(`group|${n}`, await timeSweep(page, DEFAULT_SWEEP_PRUNES, [0]));
      for (const p of o.single) keep(`${p}|${n}`, await timeSweep(page, [p], [0]));
    }
  }
  const fitOf = (k: string): Fit => {
    const t1 = best.get(`${k}|${n1}`) ?? NaN;
    const perStep = ((best.get(`${k}|${n2}`) ?? NaN) - t1) / (n2 - n1);
    return { setup: Math.max(0, t1 - n1 * perStep), perStep };
  };
  const group = fitOf('group');
  console.log(
    `one seed's batched group (${DEFAULT_SWEEP_PRUNES.length} runs): ${(1000 * group.perStep).toFixed(0)} ms/step, setup ${group.setup.toFixed(1)} s`,
  );
  const single = new Map<number, Fit>();
  for (const p of o.single) {
    single.set(p, fitOf(String(p)));
    console.log(
      `single run at ${p}: ${(1000 * fitOf(String(p)).perStep).toFixed(1)} ms/step, setup ${fitOf(String(p)).setup.toFixed(2)} s`,
    );
  }
  const fitAt = (p: number): Fit => single.get(nearestPrune(o.single, p) ?? p) as Fit;
  const full = 4000;
  const seeds = DEFAULT_SWEEP_SEEDS;
  console.log(
    `every run to maxSteps: batched ${fmt(group.setup + seeds.length * full * group.perStep)}, ` +
      `one at a time ${fmt(seeds.length * DEFAULT_SWEEP_PRUNES.reduce((a, p) => a + fitAt(p).setup + full * fitAt(p).perStep, 0))}`,
  );
  if (runs.length > 0) {
    let batched = group.setup;
    for (const s of seeds) {
      batched += Math.max(...runs.filter((r) => r.seed === s).map((r) => r.steps)) * group.perStep;
    }
    const one = runs.reduce(
      (a, r) => a + fitAt(r.prune).setup + r.steps * fitAt(r.prune).perStep,
      0,
    );
    console.log(
      `default sweep with the given steps (${runs.reduce((a, r) => a + r.steps, 0)} steps in all): ` +
        `batched ${fmt(batched)}, one at a time ${fmt(one)}`,
    );
  }
}

/** Warm seconds of one run at every rate, for `maxSteps` steps, in one page. */
async function singleTimes(
  url: string,
  page: Page,
  prunes: readonly number[],
  maxSteps: number,
): Promise<Map<number, number>> {
  await openApp(url, maxSteps, page);
  const out = new Map<number, number>();
  for (const p of prunes) {
    await timeSweep(page, [p], [0]); // cold: the sparse layout's shapes depend on the rate
    out.set(p, await timeSweep(page, [p], [0]));
  }
  return out;
}

function fmt(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(2)} h`;
}

void main();
