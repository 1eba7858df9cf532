/**
 * The one parameter table. Every host (engine, URL, command line, controls,
 * presets, exports) reads names, defaults, ranges and descriptions from here,
 * so the vocabulary of MODEL.md is written down exactly once.
 */

export const PARAM_NAMES = [
  'd',
  'n',
  'nTest',
  'm',
  'mu',
  's',
  'sigmaP',
  'sigma0',
  'q',
  'eta',
  'eps',
  'maxSteps',
  'prune',
  'seed',
] as const;

export type ParamName = (typeof PARAM_NAMES)[number];
export type Params = Record<ParamName, number>;

export type ParamKind = 'int' | 'float' | 'choice';
export type ParamGroup = 'data' | 'network' | 'training' | 'pruning';

export interface ParamSpec {
  readonly name: ParamName;
  readonly kind: ParamKind;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** Allowed values for kind 'choice'. */
  readonly choices?: readonly number[];
  /** Controls use a log scale for parameters that span decades. */
  readonly scale: 'linear' | 'log';
  readonly group: ParamGroup;
  readonly label: string;
  readonly description: string;
}

const spec = (s: ParamSpec): ParamSpec => s;

export const PARAM_SPECS: Readonly<Record<ParamName, ParamSpec>> = {
  d: spec({
    name: 'd',
    kind: 'int',
    default: 2000,
    min: 2,
    max: 20000,
    scale: 'log',
    group: 'data',
    label: 'dimension d',
    description: 'Dimension of each patch (signal patch and noise patch are both in R^d).',
  }),
  n: spec({
    name: 'n',
    kind: 'int',
    default: 60,
    min: 2,
    max: 5000,
    scale: 'log',
    group: 'data',
    label: 'training points n',
    description: 'Number of training points; gradient descent is full-batch over all of them.',
  }),
  nTest: spec({
    name: 'nTest',
    kind: 'int',
    default: 1000,
    min: 10,
    max: 20000,
    scale: 'log',
    group: 'data',
    label: 'test points nTest',
    description: 'Size of the fresh test set drawn from the same distribution (same signal).',
  }),
  m: spec({
    name: 'm',
    kind: 'int',
    default: 40,
    min: 1,
    max: 1000,
    scale: 'log',
    group: 'network',
    label: 'neurons per class m',
    description: 'Neurons per class; the network has 2m first-layer filters.',
  }),
  mu: spec({
    name: 'mu',
    kind: 'float',
    default: 0.8,
    min: 0.001,
    max: 100,
    scale: 'log',
    group: 'data',
    label: 'signal strength mu',
    description: 'Norm of the signal vector: the signal patch is y times a vector of norm mu.',
  }),
  s: spec({
    name: 's',
    kind: 'int',
    default: 1,
    min: 1,
    max: 20000,
    scale: 'log',
    group: 'data',
    label: 'signal sparsity s',
    description:
      'The signal lives on the first s coordinates, each mu/sqrt(s); s must not exceed d.',
  }),
  sigmaP: spec({
    name: 'sigmaP',
    kind: 'float',
    default: 4 / Math.sqrt(2000),
    min: 1e-6,
    max: 100,
    scale: 'log',
    group: 'data',
    label: 'noise scale sigmaP',
    description: 'Standard deviation of each coordinate of the noise patch.',
  }),
  sigma0: spec({
    name: 'sigma0',
    kind: 'float',
    default: 0.01,
    min: 1e-6,
    max: 10,
    scale: 'log',
    group: 'network',
    label: 'init scale sigma0',
    description: 'Standard deviation of the initial first-layer weights.',
  }),
  q: spec({
    name: 'q',
    kind: 'choice',
    default: 3,
    min: 1,
    max: 4,
    choices: [1, 2, 3, 4],
    scale: 'linear',
    group: 'network',
    label: 'activation power q',
    description: 'Polynomial ReLU sigma(z) = max(0, z)^q; q = 1 is the plain ReLU.',
  }),
  eta: spec({
    name: 'eta',
    kind: 'float',
    // MODEL.md's setting uses 20; 100 gives the same three regimes in about a
    // fifth of the steps (see presets.ts), which matters for a live demo.
    default: 100,
    min: 1e-6,
    max: 1e6,
    scale: 'log',
    group: 'training',
    label: 'learning rate eta',
    description: 'Step size of full-batch gradient descent on the logistic loss.',
  }),
  eps: spec({
    name: 'eps',
    kind: 'float',
    default: 0.05,
    min: 1e-8,
    max: 0.69,
    scale: 'log',
    group: 'training',
    label: 'target loss eps',
    description: 'Training stops (converged) once the training loss is at most eps.',
  }),
  maxSteps: spec({
    name: 'maxSteps',
    kind: 'int',
    // Heavily pruned networks have small outputs and train slowly.
    default: 10000,
    min: 1,
    max: 1000000,
    scale: 'log',
    group: 'training',
    label: 'step limit maxSteps',
    description: 'Training stops after this many gradient steps if it has not converged.',
  }),
  prune: spec({
    name: 'prune',
    kind: 'float',
    default: 0.9,
    min: 0,
    max: 0.999,
    scale: 'linear',
    group: 'pruning',
    label: 'pruning rate prune',
    description: 'Each first-layer weight is removed at initialization with this probability.',
  }),
  seed: spec({
    name: 'seed',
    kind: 'int',
    default: 0,
    min: 0,
    max: 2147483647,
    scale: 'linear',
    group: 'pruning',
    label: 'seed',
    description:
      'Seeds the data, the initial weights and the mask draws; same seed, same experiment.',
  }),
};

export const DEFAULT_PARAMS: Readonly<Params> = Object.freeze(
  Object.fromEntries(PARAM_NAMES.map((k) => [k, PARAM_SPECS[k].default])) as Params,
);

export function isParamName(name: string): name is ParamName {
  return (PARAM_NAMES as readonly string[]).includes(name);
}

export function describeRange(name: ParamName): string {
  const p = PARAM_SPECS[name];
  if (p.kind === 'choice') return `one of ${(p.choices ?? []).join(', ')}`;
  // Integer bounds are printed in full: a seed range reads 2147483647, not 2.147483647e+9.
  if (p.kind === 'int') return `an integer from ${p.min} to ${p.max}`;
  return `a number from ${formatNumber(p.min)} to ${formatNumber(p.max)}`;
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential();
  return String(Number(x.toPrecision(6)));
}

/**
 * Plain decimal or scientific notation only: Number() would also accept
 * '0x10', '0b11' and '0o17', which a person editing a link does not mean.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function parseDecimal(raw: string): number {
  const text = raw.trim();
  if (/^[+-]?infinity$/i.test(text)) return Number(text);
  return DECIMAL.test(text) ? Number(text) : NaN;
}

export type ParseResult = { ok: true; value: number } | { ok: false; error: string };

/** Strict parse of one value (command line, form input): valid or a message. */
export function parseParam(name: ParamName, raw: string): ParseResult {
  const p = PARAM_SPECS[name];
  const text = raw.trim();
  const value = parseDecimal(text);
  const range = describeRange(name);
  if (!Number.isFinite(value)) {
    return { ok: false, error: `${name}: "${truncate(raw)}" is not a number; expected ${range}` };
  }
  return checkValue(name, value, p, range);
}

function checkValue(name: ParamName, value: number, p: ParamSpec, range: string): ParseResult {
  if (p.kind === 'choice' && !(p.choices ?? []).includes(value)) {
    return {
      ok: false,
      error: `${name}: ${formatNumber(value)} is not allowed; expected ${range}`,
    };
  }
  if (p.kind === 'int' && !Number.isInteger(value)) {
    return {
      ok: false,
      error: `${name}: ${formatNumber(value)} is not an integer; expected ${range}`,
    };
  }
  if (value < p.min || value > p.max) {
    return {
      ok: false,
      error: `${name}: ${formatNumber(value)} is out of range; expected ${range}`,
    };
  }
  return { ok: true, value };
}

/** Nearest valid value for a (possibly invalid) number; NaN goes to the default. */
export function nearestValid(name: ParamName, value: number): number {
  const p = PARAM_SPECS[name];
  if (Number.isNaN(value)) return p.default;
  if (p.kind === 'choice') {
    const choices = p.choices ?? [p.default];
    return choices.reduce((best, c) => (Math.abs(c - value) < Math.abs(best - value) ? c : best));
  }
  let v = Math.min(p.max, Math.max(p.min, value));
  if (p.kind === 'int') v = Math.round(v);
  return v;
}

export interface ParamNotice {
  name: ParamName;
  /** The raw text that was given. */
  given: string;
  /** The value used instead. */
  used: number;
  message: string;
}

/**
 * Lenient parse (shared URL, pasted links): every bad value is replaced by the
 * nearest valid one and reported, so a bad link still opens a working run.
 */
export function parseParamsLenient(
  raw: Partial<Record<string, string>>,
  base: Params = DEFAULT_PARAMS,
): { params: Params; notices: ParamNotice[] } {
  const params: Params = { ...base };
  const notices: ParamNotice[] = [];
  for (const name of PARAM_NAMES) {
    const text = raw[name];
    if (text === undefined) continue;
    const parsed = parseParam(name, text);
    if (parsed.ok) {
      params[name] = parsed.value;
    } else {
      const num = parseDecimal(text);
      const used = nearestValid(name, num);
      params[name] = used;
      notices.push({
        name,
        given: truncate(text),
        used,
        message: `${parsed.error}; using ${formatNumber(used)}`,
      });
    }
  }
  for (const fix of fixCrossParams(params)) notices.push(fix);
  return { params, notices };
}

/** Constraints that involve more than one parameter, repaired in place. */
export function fixCrossParams(params: Params): ParamNotice[] {
  const notices: ParamNotice[] = [];
  if (params.s > params.d) {
    const given = String(params.s);
    params.s = params.d;
    notices.push({
      name: 's',
      given,
      used: params.s,
      message: `s: ${given} exceeds d = ${params.d}; using ${params.d}`,
    });
  }
  return notices;
}

/** Strict validation of a whole parameter set: a list of messages, empty when valid. */
export function validateParams(params: Params): string[] {
  const errors: string[] = [];
  for (const name of PARAM_NAMES) {
    const r = checkValue(name, params[name], PARAM_SPECS[name], describeRange(name));
    if (!Number.isFinite(params[name])) errors.push(`${name}: not a finite number`);
    else if (!r.ok) errors.push(r.error);
  }
  if (params.s > params.d)
    errors.push(`s: ${params.s} exceeds d = ${params.d}; s must be at most d`);
  return errors;
}

function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
