/**
 * `npm run sweep`: the engine headless. Trains pruning rates x seeds as one
 * batched session and prints one JSON object per run per line on stdout,
 * each as soon as its run finishes;
 * everything meant for a person (backend, progress, errors) goes to stderr,
 * so stdout can be piped straight into another program.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runToEnd } from '../engine/run';
import { TrainingSession, type RunSnapshot, type Snapshot } from '../engine/session';
import type { Params } from '../model/params';
import { drawExperiment, maskFor, type Experiment } from '../model/sampling';
import { UsageError, parseArgs, usage, type SweepArgs } from './args';
import { useNodeBackend } from './backend';

export interface Output {
  write(text: string): unknown;
}

export interface RunLine {
  prune: number;
  seed: number;
  steps: number;
  status: RunSnapshot['status'];
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
  signalNeurons: [number, number];
}

export interface HistoryPoint {
  step: number;
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
}

/** The file written by --dump (one run): everything needed to redo it elsewhere. */
export interface Dump {
  config: Params;
  train: { y: number[]; xi: number[][] };
  test: { y: number[]; xi: number[][] };
  /** Initial weights before masking, rows 0..m-1 class +1, then class -1: [2m][d]. */
  init: { w: number[][] };
  /** 1 where the weight survives pruning: [2m][d]. */
  mask: number[][];
  history: HistoryPoint[];
  result: RunLine;
}

/** Exit codes: 0 done, 1 the run failed, 2 the command line is wrong. */
export async function main(
  argv: readonly string[],
  stdout: Output,
  stderr: Output,
): Promise<number> {
  let args: SweepArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      stderr.write(`sweep: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    stdout.write(`${usage()}\n`);
    return 0;
  }
  // Open the dump file before training so a bad path fails in a second, not after an hour.
  let dumpFd: number | null = null;
  try {
    if (args.dump !== null) dumpFd = openSync(args.dump, 'w');
  } catch (e) {
    stderr.write(`sweep: cannot write --dump file "${args.dump}": ${oneLine(e)}\n`);
    return 1;
  }
  try {
    const backend = await useNodeBackend(args.backend);
    const { prunes, seeds, params } = args;
    stderr.write(
      `sweep: backend ${backend}; ${prunes.length * seeds.length} runs ` +
        `(${prunes.length} pruning rates x ${seeds.length} seeds), maxSteps ${params.maxSteps}\n`,
    );
    const experiments = seeds.map((seed) => drawExperiment({ ...params, seed }));
    const session = TrainingSession.create({ params, prunes, seeds }, experiments);
    const history: HistoryPoint[] = [];
    const progress = throttledProgress(stderr, params.maxSteps);
    // A run's line goes out as soon as a snapshot shows it finished (with its
    // test metrics at its last step), so a long sweep can be read as it goes.
    const printed = new Set<number>();
    const printFinished = (snap: Snapshot) =>
      snap.runs.forEach((r, i) => {
        if (printed.has(i) || r.status === 'running' || r.testSteps !== r.steps) return;
        printed.add(i);
        stdout.write(`${JSON.stringify(runLine(r))}\n`);
      });
    let final: Snapshot;
    try {
      final = await runToEnd(session, args.every, (snap) => {
        progress(snap);
        printFinished(snap);
        if (dumpFd !== null) history.push(historyPoint(snap));
      });
    } finally {
      session.dispose();
    }
    const lines = final.runs.map(runLine);
    if (dumpFd !== null) {
      writeDump(dumpFd, params, experiments[0], prunes[0], history, lines[0]);
      stderr.write(`sweep: wrote ${args.dump}\n`);
    }
    return 0;
  } catch (e) {
    stderr.write(`sweep: ${oneLine(e)}\n`);
    return 1;
  } finally {
    if (dumpFd !== null) closeSync(dumpFd);
  }
}

export function runLine(r: RunSnapshot): RunLine {
  return {
    prune: r.prune,
    seed: r.seed,
    steps: r.steps,
    status: r.status,
    trainLoss: r.trainLoss,
    trainAcc: r.trainAcc,
    testLoss: r.testLoss,
    testAcc: r.testAcc,
    signalNeurons: r.structure.signalNeurons,
  };
}

function historyPoint(snap: Snapshot): HistoryPoint {
  const r = snap.runs[0];
  return {
    step: snap.step,
    trainLoss: r.trainLoss,
    trainAcc: r.trainAcc,
    testLoss: r.testLoss,
    testAcc: r.testAcc,
  };
}

/**
 * Writes the dump piece by piece: the test set alone can run to hundreds of
 * megabytes of JSON, more than one JavaScript string may hold.
 */
export function writeDump(
  fd: number,
  params: Params,
  ex: Experiment,
  prune: number,
  history: HistoryPoint[],
  result: RunLine,
): void {
  const { d } = params;
  const put = (text: string) => writeSync(fd, text);
  put(`{"config":${JSON.stringify(params)}`);
  put(`,"train":{"y":${JSON.stringify(Array.from(ex.train.y))},"xi":`);
  putRows(put, ex.train.xi, d);
  put(`},"test":{"y":${JSON.stringify(Array.from(ex.test.y))},"xi":`);
  putRows(put, ex.test.xi, d);
  put('},"init":{"w":');
  putRows(put, ex.init, d);
  put('},"mask":');
  putRows(put, maskFor(ex.maskUniforms, prune), d);
  put(`,"history":${JSON.stringify(history)},"result":${JSON.stringify(result)}}`);
}

/**
 * A row-major array as a JSON array of rows. Nine significant digits give
 * back the exact float32, so a reader can redo the run bit for bit, without
 * the seventeen digits a float64 print of a float32 would take.
 */
function putRows(put: (text: string) => void, flat: Float32Array | Uint8Array, d: number): void {
  const exact = flat instanceof Uint8Array;
  put('[');
  for (let start = 0; start < flat.length; start += d) {
    const row = Array.from(flat.subarray(start, start + d));
    const text = exact ? row.join(',') : row.map((v) => Number(v.toPrecision(9))).join(',');
    put(`${start === 0 ? '' : ','}[${text}]`);
  }
  put(']');
}

/** At most one progress line a second, plus the last one. */
function throttledProgress(stderr: Output, maxSteps: number): (snap: Snapshot) => void {
  let last = 0;
  return (snap) => {
    const now = Date.now();
    if (!snap.done && now - last < 1000) return;
    last = now;
    const counts = new Map<string, number>();
    for (const r of snap.runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    const parts = [...counts].map(([status, k]) => `${k} ${status}`).join(', ');
    stderr.write(`sweep: step ${snap.step}/${maxSteps}: ${parts}\n`);
  };
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s*\n\s*/g, '; ');
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const code = await main(process.argv.slice(2), process.stdout, process.stderr);
  process.exitCode = code;
}
