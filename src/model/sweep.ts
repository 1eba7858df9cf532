/**
 * The threshold finder (issue 4), pure: the grids of a sweep and of a phase
 * diagram, how finished runs are grouped into batched sessions, how their
 * results are summarized per pruning rate, the threshold rule, the sweep's
 * URL keys and the exports. No tfjs, no DOM: the worker trains, the charts
 * draw, everything in between is computed (and unit-tested) here.
 */
import { checkMemory } from './memory';
import {
  PARAM_NAMES,
  PARAM_SPECS,
  formatNumber,
  nearestValid,
  parseParam,
  type ParamName,
  type Params,
} from './params';

// ---------------------------------------------------------------------------
// Grids

/**
 * Default pruning rates. Both forces of MODEL.md claim 3 are powers of the
 * density 1 - prune (SNR ~ (1 - prune)^(-1/2), signal-seeing neurons
 * ~ m (1 - prune)), so the grid is roughly even in log(1 - prune): coarse
 * where little changes (0 to 0.7) and dense from 0.75 to 0.98, where the
 * MODEL.md table moves from 0.77 up to 0.98 and back down to 0.54. It stops
 * at 0.98: at the default m = 40 a class then has no signal-seeing neuron
 * with chance 0.98^40 = 0.45, so rates beyond it only repeat the breakdown.
 */
export const DEFAULT_SWEEP_PRUNES: readonly number[] = [
  0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.96, 0.97, 0.98,
];

/** Four seeds: enough for a band that shows seed-to-seed spread, few enough to stay fast. */
export const DEFAULT_SWEEP_SEEDS: readonly number[] = [0, 1, 2, 3];

/** The phase diagram is one session per second-parameter value, so it uses fewer seeds. */
export const DEFAULT_PHASE_SEEDS: readonly number[] = [0, 1];

/** Second parameters a phase diagram may vary (each value changes the data or the network). */
export const PHASE_PARAMS = ['mu', 'n', 'm', 'sigmaP'] as const;
export type PhaseParam = (typeof PHASE_PARAMS)[number];
export const DEFAULT_PHASE_PARAM: PhaseParam = 'mu';

/** Multiples of the current value used when the URL gives no phase values. */
export const PHASE_FACTORS: readonly number[] = [0.5, 0.75, 1, 1.5, 2];

export const MAX_SWEEP_PRUNES = 40;
export const MAX_SWEEP_SEEDS = 16;
export const MAX_PHASE_VALUES = 10;

export function isPhaseParam(name: string): name is PhaseParam {
  return (PHASE_PARAMS as readonly string[]).includes(name);
}

/**
 * Phase values centred on the current parameters (x0.5 .. x2), snapped to
 * the parameter's valid range; integers are rounded and duplicates dropped.
 * The x1 value is the current value exactly, so that row repeats the sweep.
 */
export function defaultPhaseValues(param: PhaseParam, params: Params): number[] {
  const centre = params[param];
  return uniqueSorted(PHASE_FACTORS.map((f) => nearestValid(param, centre * f)));
}

export interface SweepGrid {
  prunes: number[];
  seeds: number[];
}

export interface PhaseGrid {
  param: PhaseParam;
  /** Values of the second parameter; null means "centred on the current parameters". */
  values: number[] | null;
  seeds: number[];
}

export interface SweepConfig {
  sweep: SweepGrid;
  phase: PhaseGrid;
}

export function defaultSweepConfig(): SweepConfig {
  return {
    sweep: { prunes: [...DEFAULT_SWEEP_PRUNES], seeds: [...DEFAULT_SWEEP_SEEDS] },
    phase: { param: DEFAULT_PHASE_PARAM, values: null, seeds: [...DEFAULT_PHASE_SEEDS] },
  };
}

/** The phase values actually used: the explicit list, or the default around `params`. */
export function phaseValuesFor(phase: PhaseGrid, params: Params): number[] {
  return phase.values ?? defaultPhaseValues(phase.param, params);
}

// ---------------------------------------------------------------------------
// Results, planning and resuming

/** What is kept of a finished run (the per-neuron arrays are dropped). */
export interface RunResult {
  prune: number;
  seed: number;
  /** Value of the phase diagram's second parameter; undefined for the plain sweep. */
  value?: number;
  steps: number;
  status: 'converged' | 'maxSteps' | 'diverged';
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
}

/** Stable key of one grid cell; numbers are written exactly so 0.1 + 0.2 never collides with 0.3. */
export function cellKey(prune: number, seed: number, value?: number): string {
  return value === undefined ? `${prune}|${seed}` : `${value}|${prune}|${seed}`;
}

/** One batched training session: every prune x every seed, with these parameters. */
export interface Batch {
  params: Params;
  prunes: number[];
  seeds: number[];
  /** Phase value of this batch (undefined for the plain sweep). */
  value?: number;
}

export type PlanResult = { ok: true; batches: Batch[] } | { ok: false; error: string };

/**
 * Sessions that train exactly the unfinished cells of `prunes x seeds`.
 * Seeds whose unfinished rates are the same share one session (the engine
 * batches runs of different seeds as separate groups of one session); a
 * session that would not fit the memory budget is split by seed, then by
 * rate. Resuming a cancelled sweep re-runs only what is unfinished.
 */
export function planBatches(
  params: Params,
  prunes: readonly number[],
  seeds: readonly number[],
  done: ReadonlySet<string>,
  value?: number,
): PlanResult {
  const bySet = new Map<string, { prunes: number[]; seeds: number[] }>();
  for (const seed of seeds) {
    const todo = prunes.filter((p) => !done.has(cellKey(p, seed, value)));
    if (todo.length === 0) continue;
    const key = todo.join(',');
    const entry = bySet.get(key);
    if (entry) entry.seeds.push(seed);
    else bySet.set(key, { prunes: todo, seeds: [seed] });
  }
  const batches: Batch[] = [];
  for (const { prunes: ps, seeds: ss } of bySet.values()) {
    const split = fitToMemory(params, ps, ss);
    if (!split.ok) return split;
    for (const b of split.parts) batches.push({ params, prunes: b.prunes, seeds: b.seeds, value });
  }
  return { ok: true, batches };
}

function fitToMemory(
  params: Params,
  prunes: number[],
  seeds: number[],
): { ok: true; parts: SweepGrid[] } | { ok: false; error: string } {
  if (!checkMemory(params, prunes.length, seeds.length)) {
    return { ok: true, parts: [{ prunes, seeds }] };
  }
  if (seeds.length > 1) {
    const parts: SweepGrid[] = [];
    for (const s of seeds) {
      const r = fitToMemory(params, prunes, [s]);
      if (!r.ok) return r;
      parts.push(...r.parts);
    }
    return { ok: true, parts };
  }
  if (prunes.length > 1) {
    const half = Math.ceil(prunes.length / 2);
    const a = fitToMemory(params, prunes.slice(0, half), seeds);
    if (!a.ok) return a;
    const b = fitToMemory(params, prunes.slice(half), seeds);
    if (!b.ok) return b;
    return { ok: true, parts: [...a.parts, ...b.parts] };
  }
  return { ok: false, error: checkMemory(params, 1, 1) ?? 'this configuration is too large' };
}

/** The whole phase diagram: one parameter set per value, values one after another. */
export function planPhase(
  params: Params,
  prunes: readonly number[],
  phase: PhaseGrid,
  done: ReadonlySet<string>,
): PlanResult {
  const batches: Batch[] = [];
  for (const value of phaseValuesFor(phase, params)) {
    const p: Params = { ...params, [phase.param]: value };
    if (p.s > p.d) p.s = p.d;
    const r = planBatches(p, prunes, phase.seeds, done, value);
    if (!r.ok) return { ok: false, error: `${phase.param} = ${formatNumber(value)}: ${r.error}` };
    batches.push(...r.batches);
  }
  return { ok: true, batches };
}

/**
 * The parameters a sweep's results depend on: everything but prune and seed,
 * which the sweep itself varies. Results of another fingerprint are stale.
 */
export function paramsFingerprint(params: Params): string {
  return PARAM_NAMES.filter((k) => k !== 'prune' && k !== 'seed')
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

// ---------------------------------------------------------------------------
// Aggregation

/** Chance accuracy: labels are +1 or -1 with probability 1/2 each. */
export const CHANCE = 0.5;

export interface RatePoint {
  prune: number;
  /** Runs planned at this rate (one per seed). */
  total: number;
  /** Finished runs whose metrics are finite (diverged runs are counted apart). */
  finished: number;
  diverged: number;
  converged: number;
  /** Over the finished, non-diverged runs; NaN when there are none. */
  meanTestAcc: number;
  /** The band across seeds is min..max: with 4 seeds, every seed stays visible. */
  minTestAcc: number;
  maxTestAcc: number;
  /** Sample standard deviation of test accuracy (0 for a single run); exported, not drawn. */
  sdTestAcc: number;
  meanTrainAcc: number;
  minTrainAcc: number;
  meanSteps: number;
  maxSteps: number;
}

/**
 * Per-rate summary of finished runs, in the grid's order. Rates with no
 * finished run are kept (finished = 0, means NaN) so the caller can tell
 * "not yet" from "not planned".
 */
export function aggregate(
  results: readonly RunResult[],
  prunes: readonly number[],
  seedCount: number,
): RatePoint[] {
  return prunes.map((prune) => {
    const at = results.filter((r) => r.prune === prune);
    const ok = at.filter(
      (r) => r.status !== 'diverged' && Number.isFinite(r.testAcc) && Number.isFinite(r.trainAcc),
    );
    const test = ok.map((r) => r.testAcc);
    const train = ok.map((r) => r.trainAcc);
    const steps = ok.map((r) => r.steps);
    return {
      prune,
      total: seedCount,
      finished: ok.length,
      diverged: at.length - ok.length,
      converged: ok.filter((r) => r.status === 'converged').length,
      meanTestAcc: mean(test),
      minTestAcc: test.length ? Math.min(...test) : NaN,
      maxTestAcc: test.length ? Math.max(...test) : NaN,
      sdTestAcc: sd(test),
      meanTrainAcc: mean(train),
      minTrainAcc: train.length ? Math.min(...train) : NaN,
      meanSteps: mean(steps),
      maxSteps: steps.length ? Math.max(...steps) : NaN,
    };
  });
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function sd(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  if (xs.length === 1) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

// ---------------------------------------------------------------------------
// The threshold rule

/**
 * The best rate must beat chance by more than this for a breakdown to mean
 * anything (otherwise nothing was learned anywhere).
 */
export const CHANCE_MARGIN = 0.1;
/**
 * Mean training accuracy at least this counts as "still fits the training
 * set". Not 1: heavily pruned networks train slowly (their outputs are
 * small), and at the default maxSteps = 4000 the runs at 0.96-0.98 stop with
 * training accuracy 0.8-0.9 while their test accuracy is back near 0.5:
 * already memorizing, just not finished.
 */
export const TRAIN_FIT = 0.8;

/**
 * Test accuracy at or below this counts as "fell back toward chance": more
 * than half-way from the best mean test accuracy back to chance (a
 * half-maximum, so the rule does not depend on how exactly the tail reaches
 * 0.5, which with 4 seeds and a few signal-seeing neurons it rarely does).
 */
export function fallbackLevel(bestTestAcc: number): number {
  return (bestTestAcc + CHANCE) / 2;
}

export const THRESHOLD_RULE =
  `Best rate: the pruning rate with the highest mean test accuracy over seeds (ties go to the ` +
  `smaller rate). Breakdown rate: the smallest measured rate above the best at which mean test ` +
  `accuracy has fallen at least half-way back from the best to chance (≤ (best + 0.5) / 2) while ` +
  `mean training accuracy is still ≥ ${TRAIN_FIT}: gradient descent still fits the training ` +
  `points, which at that test accuracy it can only do by memorizing their noise. There is no ` +
  `breakdown when the best is itself within ${CHANCE_MARGIN} of chance (nothing was learned), or ` +
  `when no rate above it qualifies. Rates without finished runs are skipped.`;

export interface Threshold {
  /** Rate of the highest mean test accuracy, or null without data. */
  best: number | null;
  bestTestAcc: number;
  /** Smallest rate above the best that fell half-way back to chance while fitting the training set. */
  breakdown: number | null;
  breakdownTestAcc: number;
  /**
   * True while a rate is still missing runs: more data may move either marker.
   */
  provisional: boolean;
  /** Plain sentence on why there is no breakdown (or no best), else ''. */
  note: string;
}

/** Applies THRESHOLD_RULE to the per-rate means; rates without finished runs are skipped. */
export function findThreshold(points: readonly RatePoint[]): Threshold {
  const measured = points
    .filter((p) => p.finished > 0 && Number.isFinite(p.meanTestAcc))
    .sort((a, b) => a.prune - b.prune);
  const provisional = points.some((p) => p.finished + p.diverged < p.total);
  const none: Threshold = {
    best: null,
    bestTestAcc: NaN,
    breakdown: null,
    breakdownTestAcc: NaN,
    provisional,
    note: 'no finished runs yet',
  };
  if (measured.length === 0) return none;
  let best = measured[0];
  for (const p of measured) if (p.meanTestAcc > best.meanTestAcc) best = p;
  const out: Threshold = {
    ...none,
    best: best.prune,
    bestTestAcc: best.meanTestAcc,
    note: '',
  };
  if (best.meanTestAcc <= CHANCE + CHANCE_MARGIN) {
    out.note = 'test accuracy never rises clearly above chance, so there is nothing to break down';
    return out;
  }
  const level = fallbackLevel(best.meanTestAcc);
  const above = measured.filter((p) => p.prune > best.prune);
  const hit = above.find((p) => p.meanTestAcc <= level && p.meanTrainAcc >= TRAIN_FIT);
  if (hit) {
    out.breakdown = hit.prune;
    out.breakdownTestAcc = hit.meanTestAcc;
    return out;
  }
  const unfit = above.find((p) => p.meanTestAcc <= level && p.meanTrainAcc < TRAIN_FIT);
  out.note = unfit
    ? `at ${formatNumber(unfit.prune)} test accuracy has fallen back but training accuracy is only ` +
      `${unfit.meanTrainAcc.toFixed(2)}: more steps (maxSteps) may be needed to tell`
    : 'no measured rate above the best falls back to chance; try heavier pruning';
  return out;
}

// ---------------------------------------------------------------------------
// Phase diagram cells

export interface PhaseCell {
  value: number;
  prune: number;
  total: number;
  finished: number;
  meanTestAcc: number;
  meanTrainAcc: number;
}

export interface PhaseRow {
  value: number;
  cells: PhaseCell[];
  threshold: Threshold;
}

/** One row per value: per-rate means and the same threshold rule as the sweep. */
export function phaseRows(
  results: readonly RunResult[],
  prunes: readonly number[],
  values: readonly number[],
  seedCount: number,
): PhaseRow[] {
  return values.map((value) => {
    const points = aggregate(
      results.filter((r) => r.value === value),
      prunes,
      seedCount,
    );
    return {
      value,
      cells: points.map((p) => ({
        value,
        prune: p.prune,
        total: p.total,
        finished: p.finished,
        meanTestAcc: p.meanTestAcc,
        meanTrainAcc: p.meanTrainAcc,
      })),
      threshold: findThreshold(points),
    };
  });
}

// ---------------------------------------------------------------------------
// Theory on the sweep's axis

/** The x axis of the sweep and theory charts: -log10(1 - prune), so the top end gets room. */
export function pruneToAxis(prune: number): number {
  return Math.log10(1 / (1 - prune));
}

export function axisToPrune(x: number): number {
  return 1 - Math.pow(10, -x);
}

/** Evenly spaced pruning rates on the chart axis from 0 to `maxPrune` (for smooth theory curves). */
export function axisGrid(maxPrune: number, count = 120): number[] {
  const top = pruneToAxis(maxPrune);
  return Array.from({ length: count }, (_, i) => axisToPrune((top * i) / (count - 1)));
}

/** The largest rate a sweep chart should show: the grid, the slider, and at least 0.99. */
export function axisMaxPrune(prunes: readonly number[], current?: number): number {
  return Math.min(0.999, Math.max(0.99, ...prunes, current ?? 0));
}

/** Index of the grid rate nearest to `prune` on the chart axis (clicking the chart). */
export function nearestPrune(prunes: readonly number[], prune: number): number | null {
  if (prunes.length === 0) return null;
  const x = pruneToAxis(Math.min(prune, 0.999));
  let best = prunes[0];
  for (const p of prunes) {
    if (Math.abs(pruneToAxis(p) - x) < Math.abs(pruneToAxis(best) - x)) best = p;
  }
  return best;
}

// ---------------------------------------------------------------------------
// URL keys

export interface SweepNotice {
  key: string;
  message: string;
}

/** Every key this view reads or writes; the app preserves keys starting with sweep / phase. */
export const SWEEP_URL_KEYS = [
  'sweepPrunes',
  'sweepSeeds',
  'phaseParam',
  'phaseValues',
  'phaseSeeds',
];

/**
 * Lenient parse of the sweep's URL keys: bad entries are dropped or moved to
 * the nearest valid value, each with a notice; a list left empty falls back
 * to its default. Missing keys mean defaults (no notice).
 */
export function parseSweepQuery(query: URLSearchParams | Record<string, string | undefined>): {
  config: SweepConfig;
  notices: SweepNotice[];
} {
  const get = (k: string): string | undefined =>
    query instanceof URLSearchParams ? (query.get(k) ?? undefined) : query[k];
  const config = defaultSweepConfig();
  const notices: SweepNotice[] = [];

  const prunes = get('sweepPrunes');
  if (prunes !== undefined) {
    const r = parseNumberList('sweepPrunes', prunes, 'prune', MAX_SWEEP_PRUNES);
    notices.push(...r.notices);
    if (r.values.length > 0) config.sweep.prunes = r.values;
  }
  const seeds = get('sweepSeeds');
  if (seeds !== undefined) {
    const r = parseNumberList('sweepSeeds', seeds, 'seed', MAX_SWEEP_SEEDS);
    notices.push(...r.notices);
    if (r.values.length > 0) config.sweep.seeds = r.values;
  }
  const param = get('phaseParam');
  if (param !== undefined) {
    if (isPhaseParam(param.trim())) config.phase.param = param.trim() as PhaseParam;
    else
      notices.push({
        key: 'phaseParam',
        message: `phaseParam: "${truncate(param)}" is not one of ${PHASE_PARAMS.join(', ')}; using ${DEFAULT_PHASE_PARAM}`,
      });
  }
  const values = get('phaseValues');
  if (values !== undefined) {
    const r = parseNumberList('phaseValues', values, config.phase.param, MAX_PHASE_VALUES);
    notices.push(...r.notices);
    if (r.values.length > 0) config.phase.values = r.values;
  }
  const phaseSeeds = get('phaseSeeds');
  if (phaseSeeds !== undefined) {
    const r = parseNumberList('phaseSeeds', phaseSeeds, 'seed', MAX_SWEEP_SEEDS);
    notices.push(...r.notices);
    if (r.values.length > 0) config.phase.seeds = r.values;
  }
  return { config, notices };
}

/**
 * A comma-separated list validated entry by entry against one parameter's
 * range (prune, seed, or the phase parameter). Sorted, duplicates dropped.
 */
export function parseNumberList(
  key: string,
  raw: string,
  param: ParamName,
  max: number,
): { values: number[]; notices: SweepNotice[] } {
  const notices: SweepNotice[] = [];
  const values: number[] = [];
  const parts = raw
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  for (const part of parts) {
    const r = parseParam(param, part);
    if (r.ok) {
      values.push(r.value);
      continue;
    }
    const num = Number(part);
    if (!Number.isFinite(num)) {
      notices.push({ key, message: `${key}: ${r.error.replace(`${param}: `, '')}; dropped` });
      continue;
    }
    const used = nearestValid(param, num);
    values.push(used);
    notices.push({
      key,
      message: `${key}: ${r.error.replace(`${param}: `, '')}; using ${formatNumber(used)}`,
    });
  }
  let out = uniqueSorted(values);
  if (out.length > max) {
    notices.push({
      key,
      message: `${key}: ${out.length} values, at most ${max}; keeping the first ${max}`,
    });
    out = out.slice(0, max);
  }
  if (out.length === 0) {
    notices.push({
      key,
      message: `${key}: no valid value in "${truncate(raw)}"; using the default`,
    });
  }
  return { values: out, notices };
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function formatList(xs: readonly number[]): string {
  return xs.map(formatNumber).join(',');
}

/**
 * The sweep's URL keys for `config`; keys at their default are left out
 * (value null) so shared links stay short. The results are never in the URL.
 */
export function sweepQueryEntries(config: SweepConfig): Record<string, string | null> {
  const d = defaultSweepConfig();
  return {
    sweepPrunes: sameList(config.sweep.prunes, d.sweep.prunes)
      ? null
      : formatList(config.sweep.prunes),
    sweepSeeds: sameList(config.sweep.seeds, d.sweep.seeds) ? null : formatList(config.sweep.seeds),
    phaseParam: config.phase.param === d.phase.param ? null : config.phase.param,
    phaseValues: config.phase.values === null ? null : formatList(config.phase.values),
    phaseSeeds: sameList(config.phase.seeds, d.phase.seeds) ? null : formatList(config.phase.seeds),
  };
}

/** Writes the sweep keys into a query string, keeping every other key as it is. */
export function applySweepQuery(search: string, config: SweepConfig): string {
  const q = new URLSearchParams(search);
  for (const [k, v] of Object.entries(sweepQueryEntries(config))) {
    if (v === null) q.delete(k);
    else q.set(k, v);
  }
  // Commas are legible in a shared link; URLSearchParams would escape them.
  return q.toString().replace(/%2C/g, ',');
}

// ---------------------------------------------------------------------------
// Export

export const CSV_COLUMNS = [
  'kind',
  'phaseParam',
  'phaseValue',
  'prune',
  'seed',
  'status',
  'steps',
  'trainLoss',
  'trainAcc',
  'testLoss',
  'testAcc',
] as const;

/** One line per finished run; sweep runs first, then phase runs. */
export function resultsToCsv(
  sweep: readonly RunResult[],
  phase: readonly RunResult[],
  phaseParam: PhaseParam,
): string {
  const line = (kind: string, r: RunResult): string =>
    [
      kind,
      kind === 'phase' ? phaseParam : '',
      r.value ?? '',
      r.prune,
      r.seed,
      r.status,
      r.steps,
      r.trainLoss,
      r.trainAcc,
      r.testLoss,
      r.testAcc,
    ].join(',');
  const byGrid = (a: RunResult, b: RunResult) =>
    (a.value ?? 0) - (b.value ?? 0) || a.prune - b.prune || a.seed - b.seed;
  return [
    CSV_COLUMNS.join(','),
    ...[...sweep].sort(byGrid).map((r) => line('sweep', r)),
    ...[...phase].sort(byGrid).map((r) => line('phase', r)),
  ].join('\n');
}

export interface SweepExport {
  tool: 'pruneviz';
  paper: string;
  params: Params;
  sweep: SweepGrid & {
    runs: RunResult[];
    perRate: RatePoint[];
    threshold: Threshold;
    thresholdRule: string;
    band: string;
  };
  phase: {
    param: PhaseParam;
    values: number[];
    prunes: number[];
    seeds: number[];
    runs: RunResult[];
  };
}

export function resultsToJson(
  params: Params,
  config: SweepConfig,
  sweep: readonly RunResult[],
  phase: readonly RunResult[],
): SweepExport {
  const perRate = aggregate(sweep, config.sweep.prunes, config.sweep.seeds.length);
  return {
    tool: 'pruneviz',
    paper:
      'Yang, Liang, Guo, Wu, Wang: Random Pruning Over-parameterized Neural Networks Can Improve Generalization: A Training Dynamics Analysis. JMLR 26(84), 2025',
    params,
    sweep: {
      prunes: config.sweep.prunes,
      seeds: config.sweep.seeds,
      runs: [...sweep],
      perRate: perRate.map(finiteOrNull),
      threshold: findThreshold(perRate),
      thresholdRule: THRESHOLD_RULE,
      band: 'min..max of test accuracy across seeds',
    },
    phase: {
      param: config.phase.param,
      values: phaseValuesFor(config.phase, params),
      prunes: config.sweep.prunes,
      seeds: config.phase.seeds,
      runs: [...phase],
    },
  };
}

/** JSON has no NaN: write null for a rate with no finished run. */
function finiteOrNull(p: RatePoint): RatePoint {
  const out = { ...p } as Record<string, number | null>;
  for (const [k, v] of Object.entries(out))
    if (typeof v === 'number' && !Number.isFinite(v)) out[k] = null;
  return out as unknown as RatePoint;
}

// ---------------------------------------------------------------------------
// Small helpers

function uniqueSorted(xs: readonly number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Range text of a phase parameter, for the editor's hint. */
export function phaseParamHint(param: PhaseParam): string {
  const p = PARAM_SPECS[param];
  return `${p.label}: ${p.kind === 'int' ? 'integers' : 'numbers'} from ${formatNumber(p.min)} to ${formatNumber(p.max)}`;
}
