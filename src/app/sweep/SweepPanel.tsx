/**
 * The threshold finder (issue 4): trains every pruning rate of a grid x
 * several seeds at once on a second worker, draws test accuracy against the
 * pruning rate as runs finish, marks the best and breakdown rates, puts the
 * analysis' quantities beside it, and runs a phase diagram over a second
 * parameter. The grids live in the URL (sweep* / phase* keys), the results
 * in memory and in the exports.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { createPhaseChart, type PhaseChartData } from '../../charts/phase-chart';
import { createSweepChart, formatRate, type SweepChartData } from '../../charts/sweep-chart';
import { createTheoryChart, type TheoryChartData } from '../../charts/theory-chart';
import { PARAM_SPECS, formatNumber, type Params } from '../../model/params';
import {
  MAX_PHASE_VALUES,
  MAX_SWEEP_PRUNES,
  MAX_SWEEP_SEEDS,
  PHASE_PARAMS,
  THRESHOLD_RULE,
  aggregate,
  applySweepQuery,
  axisGrid,
  axisMaxPrune,
  cellKey,
  findThreshold,
  isPhaseParam,
  paramsFingerprint,
  parseSweepQuery,
  phaseParamHint,
  phaseRows,
  phaseValuesFor,
  planBatches,
  planPhase,
  resultsToCsv,
  resultsToJson,
  type RunResult,
  type SweepConfig,
  type SweepNotice,
} from '../../model/sweep';
import { theoryCurve } from '../../model/theory';
import { ChartCard } from '../ChartCard';
import { GridActions } from './GridActions';
import { downloadText } from '../download';
import { D3Mount } from './D3Mount';
import { ListField } from './ListField';
import type { JobKind } from './runner';
import { SweepProgress } from './SweepProgress';
import { useSweepRunner } from './useSweepRunner';
import './sweep.css';

export interface SweepPanelProps {
  /** The current parameters of the live run (the sweep varies prune and seed). */
  params: Params;
  /** Move the main slider to this pruning rate (clicking the sweep chart). */
  onPickPrune: (prune: number) => void;
}

/** Finished runs of one kind, valid for the parameters with this fingerprint. */
interface ResultSet {
  fingerprint: string;
  results: Map<string, RunResult>;
}

const EMPTY: ResultSet = { fingerprint: '', results: new Map() };

function keyOf(r: RunResult): string {
  return cellKey(r.prune, r.seed, r.value);
}

/** Phase results depend on every parameter but prune, seed and the varied one. */
function phaseFingerprint(params: Params, param: string): string {
  return `${param}|${paramsFingerprint({ ...params, [param]: 0 })}`;
}

function writeUrl(config: SweepConfig): void {
  const search = applySweepQuery(window.location.search, config);
  const url = `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`;
  window.history.replaceState(window.history.state, '', url);
}

export function SweepPanel({ params, onPickPrune }: SweepPanelProps) {
  const [initial] = useState(() => parseSweepQuery(new URLSearchParams(window.location.search)));
  const [config, setConfigState] = useState<SweepConfig>(initial.config);
  const [notices, setNotices] = useState<SweepNotice[]>(initial.notices);
  const [sweep, setSweep] = useState<ResultSet>(EMPTY);
  const [phase, setPhase] = useState<ResultSet>(EMPTY);
  const [planError, setPlanError] = useState<string | null>(null);

  const onResults = useCallback((kind: JobKind, results: RunResult[]) => {
    const merge = (prev: ResultSet): ResultSet => {
      const next = new Map(prev.results);
      for (const r of results) next.set(keyOf(r), r);
      return { fingerprint: prev.fingerprint, results: next };
    };
    if (kind === 'sweep') setSweep(merge);
    else setPhase(merge);
  }, []);
  const { progress, runner } = useSweepRunner(onResults);

  const setConfig = (next: SweepConfig) => {
    setConfigState(next);
    writeUrl(next);
  };

  // ----- sweep
  const { prunes, seeds } = config.sweep;
  const fp = paramsFingerprint(params);
  const sweepStale = sweep.results.size > 0 && sweep.fingerprint !== fp;
  const sweepRuns = useMemo(
    () =>
      [...sweep.results.values()].filter((r) => prunes.includes(r.prune) && seeds.includes(r.seed)),
    [sweep, prunes, seeds],
  );
  const points = useMemo(
    () => aggregate(sweepRuns, prunes, seeds.length),
    [sweepRuns, prunes, seeds],
  );
  const threshold = useMemo(() => findThreshold(points), [points]);
  const sweepTotal = prunes.length * seeds.length;
  const sweepDone = sweepStale ? 0 : sweepRuns.length;
  const axisMax = axisMaxPrune(prunes, params.prune);

  const busy = progress.state === 'running';
  const busyWith = busy ? progress.kind : null;

  const runSweep = () => {
    const base = sweep.fingerprint === fp ? sweep.results : new Map<string, RunResult>();
    const done = new Set(
      [...base.values()]
        .filter((r) => prunes.includes(r.prune) && seeds.includes(r.seed))
        .map(keyOf),
    );
    const plan = planBatches(params, prunes, seeds, done);
    if (!plan.ok) {
      setPlanError(plan.error);
      return;
    }
    setPlanError(null);
    setSweep({ fingerprint: fp, results: base });
    runner.run('sweep', plan.batches, done.size, sweepTotal);
  };

  // ----- phase diagram
  const phaseParam = config.phase.param;
  const phaseValues = phaseValuesFor(config.phase, params);
  const phaseSeeds = config.phase.seeds;
  const pfp = phaseFingerprint(params, phaseParam);
  const phaseStale = phase.results.size > 0 && phase.fingerprint !== pfp;
  const phaseRuns = useMemo(
    () =>
      [...phase.results.values()].filter(
        (r) =>
          r.value !== undefined &&
          phaseValues.includes(r.value) &&
          prunes.includes(r.prune) &&
          phaseSeeds.includes(r.seed),
      ),
    // phaseValues is rebuilt every render; its text identifies it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [phase, phaseValues.join(','), prunes, phaseSeeds],
  );
  const phaseTotal = phaseValues.length * prunes.length * phaseSeeds.length;
  const phaseDone = phaseStale ? 0 : phaseRuns.length;

  const runPhase = () => {
    const base = phase.fingerprint === pfp ? phase.results : new Map<string, RunResult>();
    const done = new Set(
      [...base.values()]
        .filter(
          (r) =>
            r.value !== undefined &&
            phaseValues.includes(r.value) &&
            prunes.includes(r.prune) &&
            phaseSeeds.includes(r.seed),
        )
        .map(keyOf),
    );
    const plan = planPhase(params, prunes, config.phase, done);
    if (!plan.ok) {
      setPlanError(plan.error);
      return;
    }
    setPlanError(null);
    setPhase({ fingerprint: pfp, results: base });
    runner.run('phase', plan.batches, done.size, phaseTotal);
  };

  // ----- charts
  const onPickRef = useRef(onPickPrune);
  onPickRef.current = onPickPrune;
  const sweepData: SweepChartData = useMemo(
    () => ({
      points: sweepStale ? aggregate([], prunes, seeds.length) : points,
      threshold: sweepStale ? findThreshold([]) : threshold,
      current: params.prune,
      maxSteps: params.maxSteps,
      axisMax,
    }),
    [points, threshold, params.prune, params.maxSteps, axisMax, sweepStale, prunes, seeds],
  );
  const sweepPoints = sweepData.points.filter((p) => p.finished > 0).length;

  const theoryData: TheoryChartData = useMemo(
    () => ({
      curve: theoryCurve(params, axisGrid(axisMax)),
      grid: theoryCurve(params, prunes),
      atCurrent: theoryCurve(params, [params.prune])[0],
      current: params.prune,
      axisMax,
      best: sweepStale ? null : threshold.best,
      breakdown: sweepStale ? null : threshold.breakdown,
    }),
    [params, prunes, axisMax, threshold, sweepStale],
  );

  const phaseData: PhaseChartData = useMemo(
    () => ({
      paramLabel: PARAM_SPECS[phaseParam].label,
      prunes,
      rows: phaseRows(phaseStale ? [] : phaseRuns, prunes, phaseValues, phaseSeeds.length),
      formatValue: (v: number) => formatNumber(Number(v.toPrecision(3))),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [phaseParam, prunes, phaseRuns, phaseValues.join(','), phaseSeeds, phaseStale],
  );
  const phasePoints = phaseData.rows.reduce(
    (a, r) => a + r.cells.filter((c) => c.finished > 0).length,
    0,
  );

  // ----- export
  const exportRuns = () => ({
    sweepRuns: sweepStale ? [] : sweepRuns,
    phaseRuns: phaseStale ? [] : phaseRuns,
  });
  const exportCsv = () => {
    const e = exportRuns();
    downloadText(
      resultsToCsv(e.sweepRuns, e.phaseRuns, phaseParam),
      'pruneviz-sweep.csv',
      'text/csv',
    );
  };
  const exportJson = () => {
    const e = exportRuns();
    const json = resultsToJson(params, config, e.sweepRuns, e.phaseRuns);
    downloadText(JSON.stringify(json, null, 2), 'pruneviz-sweep.json', 'application/json');
  };
  const nothingToExport = sweepDone === 0 && phaseDone === 0;

  const sweepLabel =
    sweepDone === 0
      ? '▶ Run sweep'
      : sweepDone < sweepTotal
        ? `▶ Resume sweep (${sweepTotal - sweepDone} left)`
        : '✓ Sweep complete';

  const phaseLabel =
    phaseDone === 0
      ? '▶ Run phase diagram'
      : phaseDone < phaseTotal
        ? `▶ Resume (${phaseTotal - phaseDone} left)`
        : '✓ Phase diagram complete';

  return (
    <>
      <section className="card sweep-panel" aria-labelledby="sweep-title" data-testid="sweep-panel">
        <div className="sweep-head">
          <h2 id="sweep-title">Threshold finder: every pruning rate at once</h2>
          <p className="summary-hint">
            One slider position is one run; the paper&apos;s claims are about the whole curve. This
            trains all rates × seeds together in a second worker, with the other parameters as set
            above.
          </p>
        </div>

        {notices.length > 0 && (
          <div className="notice" role="alert" data-testid="sweep-notice">
            <div>
              <strong>Some sweep settings in the link were not valid:</strong>
              <ul>
                {notices.map((n, i) => (
                  <li key={`${n.key}-${i}`}>{n.message}</li>
                ))}
              </ul>
            </div>
            <button type="button" className="small" onClick={() => setNotices([])}>
              Dismiss
            </button>
          </div>
        )}

        <div className="sweep-fields">
          <ListField
            label="Pruning rates"
            urlKey="sweepPrunes"
            param="prune"
            max={MAX_SWEEP_PRUNES}
            values={prunes}
            hint={`up to ${MAX_SWEEP_PRUNES} rates from 0 to 0.999; the phase diagram uses them too`}
            disabled={busy}
            onCommit={(v) => setConfig({ ...config, sweep: { ...config.sweep, prunes: v } })}
          />
          <ListField
            label="Seeds"
            urlKey="sweepSeeds"
            param="seed"
            max={MAX_SWEEP_SEEDS}
            values={seeds}
            hint="each seed draws its own data, initial weights and masks"
            disabled={busy}
            onCommit={(v) => setConfig({ ...config, sweep: { ...config.sweep, seeds: v } })}
          />
        </div>

        <GridActions
          kind="sweep"
          running={busyWith === 'sweep'}
          runDisabled={busy || (sweepDone === sweepTotal && !sweepStale)}
          busyTitle={busy ? 'The phase diagram is running; cancel it first' : undefined}
          runLabel={sweepStale ? '▶ Run sweep' : sweepLabel}
          onRun={runSweep}
          onCancel={() => runner.cancel()}
          clearDisabled={busy || sweep.results.size === 0}
          onClear={() => setSweep(EMPTY)}
          plan={
            <>
              {sweepTotal} runs ({prunes.length} rates × {seeds.length} seeds), each up to{' '}
              {formatNumber(params.maxSteps)} steps
            </>
          }
        >
          <span className="sweep-exports" role="group" aria-label="Export sweep results">
            <button
              type="button"
              className="small"
              data-testid="sweep-export-csv"
              disabled={nothingToExport}
              onClick={exportCsv}
            >
              CSV
            </button>
            <button
              type="button"
              className="small"
              data-testid="sweep-export-json"
              disabled={nothingToExport}
              onClick={exportJson}
            >
              JSON
            </button>
          </span>
        </GridActions>

        {planError && (
          <p className="sweep-error" role="alert">
            {planError}
          </p>
        )}
        {progress.kind === 'sweep' && <SweepProgress progress={progress} />}
        {sweepStale && (
          <p className="sweep-stale" role="status">
            The parameters changed since the last sweep, so its results are hidden. Run the sweep
            again for the current parameters.
          </p>
        )}

        <ChartCard
          testId="chart-sweep"
          title="Test accuracy against the pruning rate"
          caption={
            <>
              Each dot: mean over seeds after training to eps or maxSteps; the shaded band spans the
              lowest to the highest seed. Below: steps each rate needed (hollow: some seed stopped
              at maxSteps without reaching eps). Click a rate, or focus the chart and use the arrow
              keys and Enter, to move the slider there.
            </>
          }
          create={(root) =>
            createSweepChart(root, {
              title: 'Test accuracy against the pruning rate',
              onPick: (p) => onPickRef.current(p),
            })
          }
          data={sweepData}
          points={sweepPoints}
          fileName="pruneviz-sweep"
        />

        <ThresholdSummary
          best={sweepData.threshold.best}
          bestAcc={sweepData.threshold.bestTestAcc}
          breakdown={sweepData.threshold.breakdown}
          breakdownAcc={sweepData.threshold.breakdownTestAcc}
          provisional={sweepData.threshold.provisional}
          note={sweepData.threshold.note}
          any={sweepPoints > 0}
        />

        <div className="sweep-theory">
          <h3>What the analysis predicts, on the same axis</h3>
          <p className="summary-hint">
            The two forces of claim 3, computed from the parameters (no training). They explain the
            measured curve above; they do not replace it.
          </p>
          <D3Mount
            testId="chart-theory"
            create={(root) => createTheoryChart(root, 'Quantities from the analysis against ρ')}
            data={theoryData}
          />
        </div>
      </section>

      <section className="card sweep-panel" aria-labelledby="phase-title" data-testid="phase-panel">
        <div className="sweep-head">
          <h2 id="phase-title">Phase diagram: pruning rate × one more parameter</h2>
          <p className="summary-hint">
            Where pruning helps, where it is harmless and where it breaks learning, as the signal
            strength, the data size, the width or the noise change. Each value is one batched
            session, trained one after another.
          </p>
        </div>
        <div className="sweep-fields">
          <div className="param-field sweep-field">
            <label htmlFor="phase-param">
              Second parameter <span className="param-name">phaseParam</span>
            </label>
            <select
              id="phase-param"
              value={phaseParam}
              disabled={busy}
              onChange={(e) => {
                const v = e.target.value;
                if (isPhaseParam(v))
                  setConfig({ ...config, phase: { ...config.phase, param: v, values: null } });
              }}
            >
              {PHASE_PARAMS.map((p) => (
                <option key={p} value={p}>
                  {PARAM_SPECS[p].label}
                </option>
              ))}
            </select>
            <p className="param-hint">{PARAM_SPECS[phaseParam].description}</p>
          </div>
          <ListField
            key={phaseParam}
            label="Values"
            urlKey="phaseValues"
            param={phaseParam}
            max={MAX_PHASE_VALUES}
            values={phaseValues}
            hint={`${phaseParamHint(phaseParam)}; by default ×0.5 … ×2 of the current value`}
            disabled={busy}
            onCommit={(v) => setConfig({ ...config, phase: { ...config.phase, values: v } })}
          />
          <ListField
            label="Seeds"
            urlKey="phaseSeeds"
            param="seed"
            max={MAX_SWEEP_SEEDS}
            values={phaseSeeds}
            hint="fewer than the sweep: the diagram costs one sweep per value"
            disabled={busy}
            onCommit={(v) => setConfig({ ...config, phase: { ...config.phase, seeds: v } })}
          />
        </div>
        <GridActions
          kind="phase"
          running={busyWith === 'phase'}
          runDisabled={busy || (phaseDone === phaseTotal && !phaseStale)}
          busyTitle={busy ? 'The sweep is running; cancel it first' : undefined}
          runLabel={phaseStale ? '▶ Run phase diagram' : phaseLabel}
          onRun={runPhase}
          onCancel={() => runner.cancel()}
          clearDisabled={busy || phase.results.size === 0}
          onClear={() => setPhase(EMPTY)}
          plan={
            <>
              {phaseTotal} runs ({phaseValues.length} values × {prunes.length} rates ×{' '}
              {phaseSeeds.length} seeds)
            </>
          }
        />
        {progress.kind === 'phase' && <SweepProgress progress={progress} />}
        {phaseStale && (
          <p className="sweep-stale" role="status">
            The parameters changed since the last phase diagram, so its results are hidden.
          </p>
        )}
        <div className="sweep-phase">
          <ChartCard
            testId="chart-phase"
            title={`Mean test accuracy over ρ × ${phaseParam}`}
            caption={
              <>
                Dark: chance (0.5) or worse; light: perfect. Outlined: each row&apos;s best rate
                (solid) and breakdown rate (dashed), by the same rule as the sweep.
              </>
            }
            create={(root) => createPhaseChart(root, 'Phase diagram of mean test accuracy')}
            data={phaseData}
            points={phasePoints}
            fileName="pruneviz-phase"
          />
        </div>
      </section>
    </>
  );
}

interface ThresholdSummaryProps {
  best: number | null;
  bestAcc: number;
  breakdown: number | null;
  breakdownAcc: number;
  provisional: boolean;
  note: string;
  any: boolean;
}

function ThresholdSummary(p: ThresholdSummaryProps) {
  return (
    <div className="sweep-threshold" data-testid="sweep-threshold">
      {!p.any ? (
        <p>Run the sweep to find the threshold.</p>
      ) : (
        <p>
          <span className="sweep-best">
            Best rate: <strong>ρ = {p.best === null ? '–' : formatRate(p.best)}</strong> (mean test
            accuracy {p.bestAcc.toFixed(2)}).
          </span>{' '}
          {p.breakdown !== null ? (
            <span className="sweep-breakdown">
              Breakdown: <strong>ρ = {formatRate(p.breakdown)}</strong> (test{' '}
              {p.breakdownAcc.toFixed(2)}, back near chance while the training set is still fit).
            </span>
          ) : (
            <span>No breakdown: {p.note}.</span>
          )}
          {p.provisional && <em> Provisional: some runs have not finished.</em>}
        </p>
      )}
      <details>
        <summary>
          <span className="summary-hint">How the threshold is found</span>
        </summary>
        <p className="sweep-rule">{THRESHOLD_RULE}</p>
      </details>
    </div>
  );
}
