/**
 * The time series of one run as the charts and exports see it. Pure data
 * functions (no DOM), so they are unit-tested in Node.
 */
import type { RunSnapshot } from '../engine/session';

export interface RunPoint {
  step: number;
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
  /** Largest alignment in class +1 and in class -1. */
  maxAlignPlus: number;
  maxAlignMinus: number;
  /** Mean alignment over the signal-seeing neurons (NaN when there are none). */
  meanSignalAlignment: number;
  noiseMemorization: number;
}

export interface RunHistory {
  prune: number;
  seed: number;
  /** Thinned so the charts never hold more than about maxPoints. */
  points: RunPoint[];
  /** Steps a new point must be past the previous one to be kept (grows when thinning). */
  minGap: number;
}

/** Enough for a smooth curve on a 4K screen, few enough to redraw every frame. */
export const MAX_POINTS = 1200;

export function emptyHistory(prune: number, seed: number): RunHistory {
  return { prune, seed, points: [], minGap: 0 };
}

export function pointOf(run: RunSnapshot): RunPoint {
  // Test metrics measured at an earlier step are not this step's: a gap,
  // which the test curves skip (they join the steps where it was measured).
  const fresh = run.testSteps === run.steps;
  return {
    step: run.steps,
    trainLoss: run.trainLoss,
    testLoss: fresh ? run.testLoss : NaN,
    trainAcc: run.trainAcc,
    testAcc: fresh ? run.testAcc : NaN,
    maxAlignPlus: run.maxAlignment[0],
    maxAlignMinus: run.maxAlignment[1],
    meanSignalAlignment: run.meanSignalAlignment,
    noiseMemorization: run.noiseMemorization,
  };
}

/**
 * Adds a run's snapshot. A run that has stopped (converged while its batch
 * mate trains on) adds nothing new; the last point is replaced rather than
 * duplicated when it is closer than minGap, so the tip of a curve is always
 * the newest value.
 */
export function appendSnapshot(
  history: RunHistory,
  run: RunSnapshot,
  maxPoints = MAX_POINTS,
): RunHistory {
  const point = pointOf(run);
  const points = history.points;
  const last = points[points.length - 1];
  if (last && point.step < last.step) return history;
  if (last && point.step === last.step) {
    if (samePoint(last, point)) return history;
    return { ...history, points: [...points.slice(0, -1), point] };
  }
  const prev = points[points.length - 2];
  // The tip moves along until it is a full gap past the point before it.
  // A tip that carries a test measurement stays unless the new point has one too.
  const replaceTip =
    last && prev && last.step - prev.step < history.minGap && (!hasTest(last) || hasTest(point));
  const next = replaceTip ? [...points.slice(0, -1), point] : [...points, point];
  if (next.length <= maxPoints) return { ...history, points: next };
  return thin({ ...history, points: next }, maxPoints);
}

function samePoint(a: RunPoint, b: RunPoint): boolean {
  return (Object.keys(a) as (keyof RunPoint)[]).every((k) => Object.is(a[k], b[k]));
}

function hasTest(p: RunPoint): boolean {
  return !Number.isNaN(p.testLoss);
}

/**
 * Keeps every other point (and always the first and last), then widens the
 * gap. A dropped point's test measurement is kept with it when its kept
 * neighbour has none, so sparse test curves do not thin twice as fast.
 */
export function thin(history: RunHistory, maxPoints = MAX_POINTS): RunHistory {
  const pts = history.points;
  const everyOther = (_: RunPoint, i: number) => i % 2 === 0 || i === pts.length - 1;
  let kept = pts.filter((p, i) => everyOther(p, i) || (hasTest(p) && !hasTest(pts[i - 1])));
  // Test measured every other point: keeping them all would not thin at all.
  if (kept.length > 0.75 * pts.length) kept = pts.filter(everyOther);
  const span = kept.length > 1 ? kept[kept.length - 1].step - kept[0].step : 0;
  return {
    ...history,
    points: kept,
    minGap: Math.max(history.minGap * 2, span / Math.max(1, maxPoints / 2)),
  };
}
