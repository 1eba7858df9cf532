/**
 * How many steps to queue before the next snapshot. One round of k steps
 * and a read costs about t = stepMs·k + readMs; the read (metrics on the
 * whole test set, then a GPU→CPU download) can cost as much as dozens of
 * steps on a software GPU and a handful on a real one. The pacer fits both
 * costs from recent rounds and picks k so that reading takes at most about a
 * quarter of the time, snapshots are not closer than targetMs, and the
 * charts still move at least about once per maxIntervalMs.
 */
export interface PacingOptions {
  /** Fewest steps per snapshot. */
  minEvery: number;
  /** Most steps per snapshot. */
  maxEvery: number;
  /** Shortest wanted interval between snapshots. */
  targetMs: number;
  /** Longest wanted interval between snapshots (the charts should keep moving). */
  maxIntervalMs: number;
  /** Largest share of time spent reading rather than training. */
  maxReadShare: number;
}

interface Round {
  steps: number;
  ms: number;
}

const WINDOW = 8;

export class Pacer {
  private rounds: Round[] = [];
  private every: number;
  private seen = 0;
  private fit: { stepMs: number; readMs: number } | null = null;
  private readonly o: PacingOptions;

  constructor(options: PacingOptions) {
    this.o = options;
    this.every = options.minEvery;
  }

  /** Steps to queue for the next round. */
  next(): number {
    return this.every;
  }

  /** Fitted costs, or null until two different round sizes were seen. */
  estimate(): { stepMs: number; readMs: number } | null {
    return this.fit;
  }

  /** Least squares t = stepMs·k + readMs over the recent rounds; null if all k are equal. */
  private refit(): { stepMs: number; readMs: number } | null {
    const r = this.rounds;
    if (r.length < 2) return null;
    const n = r.length;
    const mk = r.reduce((s, x) => s + x.steps, 0) / n;
    const mt = r.reduce((s, x) => s + x.ms, 0) / n;
    const skk = r.reduce((s, x) => s + (x.steps - mk) ** 2, 0);
    if (skk === 0) return null;
    const skt = r.reduce((s, x) => s + (x.steps - mk) * (x.ms - mt), 0);
    const stepMs = Math.max(1e-3, skt / skk);
    const readMs = Math.max(0, mt - stepMs * mk);
    return { stepMs, readMs };
  }

  /** Records a round of `steps` steps plus one read that took `ms`. */
  observe(steps: number, ms: number): void {
    // The first round also compiles every GPU program: not representative.
    if (this.seen++ === 0 || steps <= 0) return;
    this.rounds.push({ steps, ms });
    if (this.rounds.length > WINDOW) this.rounds.shift();
    // Steady rounds of one size say nothing new about the split: keep the last fit.
    this.fit = this.refit() ?? this.fit;
    const fit = this.fit;
    const o = this.o;
    if (!fit) {
      // Vary the round size until the two costs can be told apart.
      this.every = Math.min(o.maxEvery, Math.max(o.minEvery, this.every * 2));
      return;
    }
    const { stepMs, readMs } = fit;
    const forShare = (readMs * (1 - o.maxReadShare)) / o.maxReadShare / stepMs;
    const forTarget = (o.targetMs - readMs) / stepMs;
    // When one read alone outlasts maxIntervalMs, at least train as long as it reads.
    const ceiling = Math.max(1, (o.maxIntervalMs - readMs) / stepMs, readMs / stepMs);
    const want = Math.min(Math.max(forShare, forTarget), ceiling);
    // At most double per round: the fit is only trusted near the sizes it has seen.
    const capped = Math.min(want, 2 * this.every);
    this.every = Math.round(Math.min(o.maxEvery, Math.max(o.minEvery, capped)));
  }
}

/**
 * Largest round at session step `step` that still gives live curves about
 * `pointsPerDoubling` snapshots per doubling of the step count: early
 * training changes fastest, and a run that converges in a few hundred steps
 * would otherwise be drawn from a handful of points.
 */
export function spacingCap(step: number, pointsPerDoubling: number): number {
  return Math.max(1, Math.ceil(step * (2 ** (1 / pointsPerDoubling) - 1)));
}

/**
 * When a snapshot should include the test set. It costs nTest·d·2m
 * multiply-adds per run, far more than a Gram-layout step, so it takes at
 * most about `share` of the time: every snapshot on a fast GPU, about once a
 * second on a software one. A new run shows its first points before its
 * first test evaluation.
 */
export class TestSchedule {
  private nextAt = 0;
  private inARow = 0;

  constructor(
    private readonly share: number,
    private readonly firstDelayMs: number,
  ) {}

  /** A run's first points are on screen at `now`. */
  started(now: number): void {
    this.nextAt = now + this.firstDelayMs;
  }

  due(now: number): boolean {
    return now >= this.nextAt;
  }

  /** A round ended at `now` after `elapsedMs`, with the test set or without. */
  record(test: boolean, now: number, elapsedMs: number): void {
    if (test) this.nextAt = now + (elapsedMs * (1 - this.share)) / this.share;
    this.inARow = test ? this.inARow + 1 : 0;
  }

  /**
   * Whether the pacer should learn from the last round: it sizes rounds by
   * the cost of a training-only read, so rounds with the test set count
   * only when there are no others (a fast GPU tests every time).
   */
  pacerShouldObserve(test: boolean): boolean {
    return !test || this.inARow > 3;
  }
}
