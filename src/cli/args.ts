/**
 * Command-line arguments of `npm run sweep`. Parameter flags are read through
 * the one schema in model/params.ts, so the flags, their ranges and their
 * messages are exactly those of the URL and the controls.
 */
import { checkMemory } from '../model/memory';
import {
  DEFAULT_PARAMS,
  PARAM_NAMES,
  PARAM_SPECS,
  describeRange,
  formatNumber,
  isParamName,
  parseParam,
  validateParams,
  type ParamName,
  type Params,
} from '../model/params';
import { NODE_BACKENDS, type NodeBackend } from './backend';

export interface SweepArgs {
  /** Every parameter; `prune` and `seed` hold the first of the lists below. */
  params: Params;
  prunes: number[];
  seeds: number[];
  /** Gradient steps between two snapshots (progress, dump history). */
  every: number;
  /** Where --dump writes the whole run, or null. */
  dump: string | null;
  backend: NodeBackend;
  help: boolean;
}

/** A bad command line; the message is one line that names the problem. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const DEFAULT_EVERY = 100;
const MAX_EVERY = 1_000_000;

/** Flags that are not model parameters (prune and seed take lists here). */
const OPTION_FLAGS = ['prune', 'seeds', 'seed', 'every', 'dump', 'backend', 'help'] as const;

export function parseArgs(argv: readonly string[]): SweepArgs {
  // Help wins over everything else on the line, so a broken command can still ask for it.
  if (argv.includes('--help') || argv.includes('-h')) {
    return {
      params: { ...DEFAULT_PARAMS },
      prunes: [DEFAULT_PARAMS.prune],
      seeds: [DEFAULT_PARAMS.seed],
      every: DEFAULT_EVERY,
      dump: null,
      backend: 'wasm',
      help: true,
    };
  }
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--') || token === '--') {
      throw new UsageError(`unexpected argument "${clip(token)}"; flags look like --name value`);
    }
    const eq = token.indexOf('=');
    const flag = eq >= 0 ? token.slice(2, eq) : token.slice(2);
    if (!isKnownFlag(flag)) throw new UsageError(`unknown flag --${clip(flag)}${suggest(flag)}`);
    if (flag === 'help') throw new UsageError('--help takes no value');
    let value: string;
    if (eq >= 0) {
      value = token.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`--${flag} needs a value`);
      }
      value = next;
      i++;
    }
    if (given.has(flag)) throw new UsageError(`--${flag} is given more than once`);
    given.set(flag, value);
  }
  if (given.has('seed') && given.has('seeds')) {
    throw new UsageError('give either --seed or --seeds, not both');
  }

  const params: Params = { ...DEFAULT_PARAMS };
  for (const name of PARAM_NAMES) {
    if (name === 'prune' || name === 'seed') continue;
    const raw = given.get(name);
    if (raw !== undefined) params[name] = strict(name, raw);
  }
  const prunes = listOf('prune', given.get('prune'), params.prune);
  const seeds = listOf('seed', given.get('seeds') ?? given.get('seed'), params.seed);
  if (given.has('seed') && seeds.length > 1) {
    throw new UsageError('--seed takes one seed; use --seeds for a list');
  }
  params.prune = prunes[0];
  params.seed = seeds[0];

  const crossErrors = validateParams(params);
  if (crossErrors.length > 0) throw new UsageError(crossErrors.join('; '));

  const every = parseEvery(given.get('every'));
  const dump = given.get('dump') ?? null;
  if (dump !== null) {
    if (dump.trim() === '') throw new UsageError('--dump needs a file name');
    if (prunes.length !== 1 || seeds.length !== 1) {
      throw new UsageError(
        `--dump writes one run: give exactly one --prune and one --seed ` +
          `(got ${prunes.length} pruning rates and ${seeds.length} seeds)`,
      );
    }
  }
  const backend = parseBackend(given.get('backend'));

  const memory = checkMemory(params, prunes.length, seeds.length);
  if (memory) throw new UsageError(memory);

  return { params, prunes, seeds, every, dump, backend, help: false };
}

function isKnownFlag(flag: string): boolean {
  return isParamName(flag) || (OPTION_FLAGS as readonly string[]).includes(flag);
}

function strict(name: ParamName, raw: string): number {
  const parsed = parseParam(name, raw);
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.value;
}

/** A comma-separated list of values of one parameter, each parsed strictly. */
function listOf(name: 'prune' | 'seed', raw: string | undefined, fallback: number): number[] {
  if (raw === undefined) return [fallback];
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) {
    throw new UsageError(
      `${name}: "${clip(raw)}" has an empty item; expected a list like 0,0.5,0.9`,
    );
  }
  const values = items.map((item) => strict(name, item));
  const seen = new Set<number>();
  for (const v of values) {
    if (seen.has(v)) throw new UsageError(`${name}: ${formatNumber(v)} is listed twice`);
    seen.add(v);
  }
  return values;
}

function parseEvery(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_EVERY;
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isInteger(v) || v < 1 || v > MAX_EVERY) {
    throw new UsageError(
      `every: "${clip(raw)}" is not allowed; expected an integer from 1 to ${formatNumber(MAX_EVERY)}`,
    );
  }
  return v;
}

function parseBackend(raw: string | undefined): NodeBackend {
  if (raw === undefined) return 'wasm';
  const found = NODE_BACKENDS.find((b) => b === raw);
  if (!found) {
    throw new UsageError(
      `backend: "${clip(raw)}" is not available; expected one of ${NODE_BACKENDS.join(', ')}`,
    );
  }
  return found;
}

/** A hint for a near miss such as --seeds/--seed, --steps/--maxSteps or wrong case. */
function suggest(flag: string): string {
  const all = [...PARAM_NAMES.filter((n) => n !== 'prune' && n !== 'seed'), ...OPTION_FLAGS];
  const lower = flag.toLowerCase();
  const hit = all.find(
    (f) => f.toLowerCase() === lower || (lower.length >= 3 && f.toLowerCase().includes(lower)),
  );
  return hit ? ` (did you mean --${hit}?)` : '; see --help';
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function usage(): string {
  const lines = [
    'Usage: npm run sweep -- [--<param> <value> ...] [--prune 0,0.5,0.9] [--seeds 0,1,2 | --seed 0]',
    '                        [--every k] [--dump FILE] [--backend wasm|cpu]',
    '',
    'Trains every pruning rate x seed as one batched session and prints one JSON',
    'object per run per line on stdout, as each run finishes:',
    '  {"prune","seed","steps","status","trainLoss","trainAcc","testLoss","testAcc","signalNeurons":[plus,minus]}',
    'status is "converged", "maxSteps" or "diverged" (losses of a diverged run are null).',
    'Progress and the backend go to stderr.',
    '',
    'Options:',
    `  --prune LIST     pruning rates, ${describeRange('prune')} (default ${formatNumber(DEFAULT_PARAMS.prune)})`,
    `  --seeds LIST     seeds, ${describeRange('seed')} (default ${DEFAULT_PARAMS.seed})`,
    '  --seed S         one seed',
    `  --every K        gradient steps between snapshots (default ${DEFAULT_EVERY})`,
    '  --dump FILE      with one prune and one seed: write the whole run as JSON (config,',
    '                   train {y, xi}, test {y, xi}, init {w}, mask, history every K steps)',
    '  --backend NAME   wasm (default, fastest) or cpu',
    '  --help           this text',
    '',
    'Parameters (MODEL.md):',
  ];
  for (const name of PARAM_NAMES) {
    if (name === 'prune' || name === 'seed') continue;
    const p = PARAM_SPECS[name];
    const flag = `  --${name}`.padEnd(13);
    lines.push(`${flag}${p.description}`);
    lines.push(`${' '.repeat(13)}${describeRange(name)}; default ${formatNumber(p.default)}`);
  }
  return lines.join('\n');
}
