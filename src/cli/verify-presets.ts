/**
 * `npm run verify-presets [-- --seeds 0,1,2,3] [--backend wasm|cpu]`: trains
 * every preset at its real size and checks its claim (presets.ts). A preset
 * is one run with its own seed, so that run must show the claim (exit 1
 * otherwise); the other seeds are reported per run and counted, because the
 * heavy regime depends on the draw: a class that keeps one signal-seeing
 * neuron whose initial alignment has the right sign learns the signal
 * through it. Slow (minutes on wasm); the unit test checks the own seed only.
 */
import { pathToFileURL } from 'node:url';
import { runToEnd } from '../engine/run';
import { TrainingSession, type RunSnapshot } from '../engine/session';
import { formatNumber, parseParam, type Params } from '../model/params';
import { PRESETS, claimProblems, type Preset } from '../model/presets';
import { NODE_BACKENDS, useNodeBackend, type NodeBackend } from './backend';
import type { Output } from './sweep';

interface Options {
  seeds: number[];
  backend: NodeBackend;
}

function parseOptions(argv: readonly string[]): Options | string {
  const opts: Options = { seeds: [0, 1, 2, 3], backend: 'wasm' };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag !== '--seeds' && flag !== '--backend') return `unknown argument "${flag}"`;
    if (value === undefined) return `${flag} needs a value`;
    if (flag === '--backend') {
      const found = NODE_BACKENDS.find((b) => b === value);
      if (!found)
        return `backend: "${value}" is not available; expected one of ${NODE_BACKENDS.join(', ')}`;
      opts.backend = found;
    } else {
      const seeds: number[] = [];
      for (const item of value.split(',')) {
        const r = parseParam('seed', item);
        if (!r.ok) return r.error;
        seeds.push(r.value);
      }
      opts.seeds = seeds;
    }
  }
  return opts;
}

/** Presets that differ only in their pruning rate share one batched session. */
function groupByParams(presets: readonly Preset[]): Preset[][] {
  const groups = new Map<string, Preset[]>();
  for (const p of presets) {
    const key = JSON.stringify({ ...p.params, prune: 0, seed: 0 });
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()];
}

export interface PresetVerdict {
  preset: Preset;
  runs: RunSnapshot[];
  /** Problems at the preset's own seed. */
  ownSeed: string[];
  /** Seeds of `runs` whose run shows the claim. */
  holding: number[];
}

export async function verifyPresets(
  seeds: readonly number[],
  presets: readonly Preset[] = PRESETS,
  log: (line: string) => void = () => {},
): Promise<PresetVerdict[]> {
  const verdicts: PresetVerdict[] = [];
  for (const group of groupByParams(presets)) {
    const params: Params = group[0].params;
    const allSeeds = [...new Set([...group.map((p) => p.params.seed), ...seeds])];
    const prunes = group.map((p) => p.params.prune);
    const session = TrainingSession.create({ params, prunes, seeds: allSeeds });
    const started = Date.now();
    try {
      const snap = await runToEnd(session, 500, (s) =>
        log(`step ${s.step}/${params.maxSteps} (${((Date.now() - started) / 1000).toFixed(0)} s)`),
      );
      for (const preset of group) {
        const runs = snap.runs.filter((r) => r.prune === preset.params.prune);
        const own = runs.find((r) => r.seed === preset.params.seed);
        verdicts.push({
          preset,
          runs,
          ownSeed: own ? claimProblems(preset, own) : ['own seed missing'],
          holding: runs.filter((r) => claimProblems(preset, r).length === 0).map((r) => r.seed),
        });
      }
    } finally {
      session.dispose();
    }
  }
  return verdicts;
}

export function report(verdicts: PresetVerdict[]): string {
  const lines: string[] = [];
  for (const v of verdicts) {
    const { preset } = v;
    const p = preset.params;
    lines.push(
      `${preset.id}: prune ${formatNumber(p.prune)}, eta ${formatNumber(p.eta)}, maxSteps ${p.maxSteps}, own seed ${p.seed}`,
    );
    for (const r of v.runs) {
      lines.push(
        `  seed ${r.seed}: ${r.status} at step ${r.steps}, train loss ${r.trainLoss.toFixed(4)}, ` +
          `train acc ${r.trainAcc.toFixed(3)}, test acc ${r.testAcc.toFixed(3)}, ` +
          `signal neurons ${r.structure.signalNeurons.join('/')}`,
      );
    }
    lines.push(`  own seed: ${v.ownSeed.length === 0 ? 'claim holds' : v.ownSeed.join('; ')}`);
    const mean = (f: (r: RunSnapshot) => number) =>
      (v.runs.reduce((a, r) => a + f(r), 0) / v.runs.length).toFixed(3);
    lines.push(
      `  all seeds: claim holds for ${v.holding.length} of ${v.runs.length}; ` +
        `mean train acc ${mean((r) => r.trainAcc)}, mean test acc ${mean((r) => r.testAcc)}`,
    );
  }
  return lines.join('\n');
}

export async function main(
  argv: readonly string[],
  stdout: Output,
  stderr: Output,
): Promise<number> {
  const opts = parseOptions(argv);
  if (typeof opts === 'string') {
    stderr.write(`verify-presets: ${opts}\n`);
    return 2;
  }
  const backend = await useNodeBackend(opts.backend);
  stderr.write(`verify-presets: backend ${backend}, seeds ${opts.seeds.join(',')}\n`);
  const verdicts = await verifyPresets(opts.seeds, PRESETS, (line) =>
    stderr.write(`verify-presets: ${line}\n`),
  );
  stdout.write(`${report(verdicts)}\n`);
  const failed = verdicts.filter((v) => v.ownSeed.length > 0);
  if (failed.length > 0) {
    stderr.write(
      `verify-presets: claim fails at the preset's own seed for ${failed.map((v) => v.preset.id).join(', ')}\n`,
    );
    return 1;
  }
  return 0;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2), process.stdout, process.stderr);
}
