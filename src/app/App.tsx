import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { checkMemory } from '../model/memory';
import {
  fixCrossParams,
  validateParams,
  type ParamName,
  type ParamNotice,
  type Params,
} from '../model/params';
import { PRESETS, type Preset } from '../model/presets';
import { createLineChart, type LineChartOptions } from '../charts/lineChart';
import { createNeuronChart } from '../charts/neuronChart';
import { AboutPanel } from './AboutPanel';
import { AdvancedPanel } from './AdvancedPanel';
import { ChartCard } from './ChartCard';
import {
  accuracyChartData,
  alignmentChartData,
  lossChartData,
  neuronChartData,
  pointCount,
} from './chartData';
import { downloadText } from './download';
import { exportStem, metricsCsv, metricsJson } from './exportData';
import { KeyNumbers } from './KeyNumbers';
import { Notices } from './Notices';
import { PruneSlider } from './PruneSlider';
import { describeStatus } from './status';
import { StatusBar } from './StatusBar';
import { livePrunes, useTraining } from './useTraining';
import { readParamsFromSearch, writeParamsToSearch } from './urlState';
import { SweepPanel } from './sweep/SweepPanel';
import type { DebugAction } from '../worker/protocol';

/** The line charts over training, in page order; their data comes from chartData.ts. */
const LINE_CARDS: readonly {
  id: 'loss' | 'accuracy' | 'alignment';
  title: string;
  caption: string;
  options: LineChartOptions;
}[] = [
  {
    id: 'loss',
    title: 'Loss',
    caption: 'Training and test loss, log scale. Faint lines: the same network, unpruned.',
    options: { title: 'Loss over training', yLabel: 'loss', yScale: 'log' },
  },
  {
    id: 'accuracy',
    title: 'Accuracy',
    caption: '50% is a coin flip. High train but chance test accuracy = memorized noise.',
    options: {
      title: 'Accuracy over training',
      yLabel: 'accuracy',
      yScale: 'linear',
      yDomain: [0, 1.02],
    },
  },
  {
    id: 'alignment',
    title: 'Signal vs noise',
    caption:
      'Alignment A: how much neurons learned the signal. Noise memorization: how much they fit the noise.',
    options: {
      title: 'Alignment and noise memorization over training',
      yLabel: 'inner product',
      yScale: 'linear',
    },
  },
];

/** Largest seed a "new seed" click draws (well inside the schema's range, short in URLs). */
const SEED_RANGE = 100_000;

// Snapshots re-render App several times a second; these panels only change
// with the parameters (their props are stable between snapshots), so they skip those renders.
const StillPruneSlider = memo(PruneSlider);
const StillAdvancedPanel = memo(AdvancedPanel);
const StillSweepPanel = memo(SweepPanel);
const StillAboutPanel = memo(AboutPanel);

function initialUrlState(): { params: Params; notices: ParamNotice[] } {
  return readParamsFromSearch(window.location.search);
}

/** Why a full parameter set cannot be trained, or null. */
export function refusal(params: Params): string | null {
  const errors = validateParams(params);
  if (errors.length > 0) return errors.join('; ');
  return checkMemory(params, livePrunes(params.prune).length, 1);
}

/** "Dense: memorizes noise" → ["Dense", "memorizes noise"], for a two-line button. */
function splitTitle(title: string): [string, string | null] {
  const at = title.indexOf(':');
  return at < 0 ? [title, null] : [title.slice(0, at), title.slice(at + 1).trim()];
}

function samePresetParams(a: Params, b: Params): boolean {
  return (Object.keys(a) as ParamName[]).every((k) => a[k] === b[k]);
}

export function App() {
  const [initial] = useState(initialUrlState);
  const [params, setParams] = useState<Params>(initial.params);
  const [notices, setNotices] = useState<ParamNotice[]>(initial.notices);
  const [playing, setPlaying] = useState(true);
  const [aboutOpen, setAboutOpen] = useState(false);
  /** Bumped by Reset: same parameters, fresh run. */
  const [generation, setGeneration] = useState(0);
  const training = useTraining();
  const { state, start, pause, resume, client } = training;
  const playingRef = useRef(playing);
  playingRef.current = playing;

  // Every parameter change (and Reset) starts a new run; the newest wins.
  useEffect(() => {
    start(params, !playingRef.current);
  }, [params, generation, start]);

  // The address bar always reproduces the run; keys owned by others are kept.
  useEffect(() => {
    const search = writeParamsToSearch(params, window.location.search);
    if (search !== window.location.search) {
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}${search}${window.location.hash}`,
      );
    }
  }, [params]);

  // A hidden tab trains nothing; it picks up where it was when shown again.
  useEffect(() => {
    const onVisibility = () => {
      if (!playingRef.current) return;
      if (document.hidden) pause();
      else resume();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [pause, resume]);

  // Test hook for fault injection (issue 6): window.__pruneviz.debug('crash').
  useEffect(() => {
    const hook = { debug: (action: DebugAction) => client()?.debug(action) };
    (window as unknown as { __pruneviz?: typeof hook }).__pruneviz = hook;
  }, [client]);

  const setPrune = useCallback(
    (prune: number) => setParams((p) => (p.prune === prune ? p : { ...p, prune })),
    [],
  );

  const commitParam = useCallback(
    (name: ParamName, value: number): string | null => {
      const next = { ...params, [name]: value };
      const fixes = fixCrossParams(next);
      const refused = refusal(next);
      if (refused) return refused;
      if (fixes.length > 0) setNotices(fixes);
      setParams(next);
      return null;
    },
    [params],
  );

  const applyPreset = (preset: Preset) => setParams({ ...preset.params });
  const newSeed = () =>
    setParams((p) => {
      let seed = p.seed;
      while (seed === p.seed) seed = Math.floor(Math.random() * SEED_RANGE);
      return { ...p, seed };
    });
  const reset = () => setGeneration((g) => g + 1);

  const done = state.phase === 'done';
  const togglePlay = () => {
    if (done) {
      setPlaying(true);
      reset();
    } else if (playing) {
      setPlaying(false);
      training.pause();
    } else {
      setPlaying(true);
      training.resume();
    }
  };
  const step = () => {
    if (playing) {
      setPlaying(false);
      training.pause();
    }
    training.step(1);
  };

  // Space toggles play/pause anywhere outside a form control (handy at a projector).
  const togglePlayRef = useRef(togglePlay);
  togglePlayRef.current = togglePlay;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== ' ' || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      // A control that handled the key itself (the sweep chart's rate picker) keeps it.
      if (e.defaultPrevented) return;
      if (target?.closest('input, select, textarea, button, summary, a, [contenteditable]')) return;
      e.preventDefault();
      togglePlayRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const status = describeStatus(state, params);
  const loss = useMemo(
    () => lossChartData(state.main, state.baseline, params.eps, params.maxSteps),
    [state.main, state.baseline, params.eps, params.maxSteps],
  );
  const accuracy = useMemo(
    () => accuracyChartData(state.main, state.baseline, params.maxSteps),
    [state.main, state.baseline, params.maxSteps],
  );
  const alignment = useMemo(
    () => alignmentChartData(state.main, params.maxSteps),
    [state.main, params.maxSteps],
  );
  const neurons = useMemo(() => neuronChartData(state.latestMain), [state.latestMain]);
  const lineData = { loss, accuracy, alignment };

  const exportInput = {
    params,
    main: state.main,
    baseline: state.baseline,
    latestMain: state.latestMain,
    backend: state.backend,
  };
  const stem = exportStem(params);

  return (
    <div className="app">
      <header className="masthead">
        <div>
          <h1>
            prune<span>viz</span>
          </h1>
        </div>
        <p className="lead">
          Prune a network at random before training, then watch what it learns: the{' '}
          <strong>signal</strong> or the <strong>noise</strong>.
        </p>
        <a className="about-link" href="#about" onClick={() => setAboutOpen(true)}>
          What am I looking at?
        </a>
      </header>

      <main>
        <Notices notices={notices} onDismiss={() => setNotices([])} />

        <div className="workspace">
          <div className="sidebar">
            <section className="card control-card" aria-label="Pruning and training controls">
              <StillPruneSlider prune={params.prune} onChange={setPrune} />
              <div className="control-row">
                <div className="buttons" role="group" aria-label="Training">
                  <button
                    type="button"
                    className="primary"
                    onClick={togglePlay}
                    aria-keyshortcuts="Space"
                    title="Play or pause (Space)"
                  >
                    {done ? '↻ Run again' : playing ? '❚❚ Pause' : '▶ Play'}
                  </button>
                  <button
                    type="button"
                    onClick={step}
                    disabled={done}
                    title="Take one gradient step (pauses)"
                  >
                    Step
                  </button>
                  <button type="button" onClick={reset} title="Start this run again from step 0">
                    Reset
                  </button>
                  <button
                    type="button"
                    onClick={newSeed}
                    title="Draw new data, initial weights and masks"
                  >
                    New seed
                  </button>
                </div>
                <div className="presets" role="group" aria-label="Presets">
                  <span className="presets-label">Presets:</span>
                  {PRESETS.map((p) => {
                    const [name, gist] = splitTitle(p.title);
                    return (
                      <button
                        key={p.id}
                        type="button"
                        className="preset"
                        title={p.summary}
                        aria-pressed={samePresetParams(p.params, params)}
                        onClick={() => applyPreset(p)}
                      >
                        <span className="preset-name">{name}</span>
                        {gist && <span className="preset-gist">{gist}</span>}
                      </button>
                    );
                  })}
                </div>
              </div>
              <KeyNumbers main={state.latestMain} baseline={state.latestBaseline} m={params.m} />
            </section>

            <StatusBar
              view={status}
              seed={params.seed}
              state={state}
              onRestart={training.restart}
            />
          </div>

          <section className="charts" aria-label="Live charts">
            {LINE_CARDS.map((card) => (
              <ChartCard
                key={card.id}
                testId={`chart-${card.id}`}
                title={card.title}
                caption={card.caption}
                create={(root) => createLineChart(root, card.options)}
                data={lineData[card.id]}
                points={pointCount(lineData[card.id])}
                fileName={`${stem}-${card.id}`}
              />
            ))}
            <ChartCard
              testId="chart-neurons"
              title="Every neuron, now"
              caption="One dot per neuron. Up: learned the signal. Right: memorized noise. Filled: its mask kept the signal."
              create={(root) =>
                createNeuronChart(root, 'Each neuron: signal alignment against noise memorization')
              }
              data={neurons}
              points={pointCount(neurons)}
              fileName={`${stem}-neurons`}
            />
          </section>
        </div>

        <section className="export-row" aria-label="Export metrics">
          <span>Metrics of this run:</span>
          <button
            type="button"
            className="small"
            onClick={() => downloadText(metricsCsv(exportInput), `${stem}.csv`, 'text/csv')}
          >
            CSV
          </button>
          <button
            type="button"
            className="small"
            onClick={() =>
              downloadText(metricsJson(exportInput), `${stem}.json`, 'application/json')
            }
          >
            JSON
          </button>
        </section>

        <StillAdvancedPanel params={params} onCommit={commitParam} />

        <StillSweepPanel params={params} onPickPrune={setPrune} />

        <StillAboutPanel open={aboutOpen} onToggle={setAboutOpen} />
      </main>

      <footer className="footer">
        Trains in your browser with TensorFlow.js in a Web Worker; nothing is sent anywhere.
      </footer>
    </div>
  );
}
