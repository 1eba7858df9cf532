import type { RunSnapshot } from '../engine/session';

interface KeyNumbersProps {
  main: RunSnapshot | null;
  baseline: RunSnapshot | null;
  m: number;
}

function pct(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '–' : `${Math.round(x * 100)}%`;
}

/** The three numbers a classroom should read off the projector. */
export function KeyNumbers({ main, baseline, m }: KeyNumbersProps) {
  const seeing = main?.structure.signalNeurons;
  return (
    <dl className="key-numbers">
      <div className="key">
        <dt>Test accuracy</dt>
        <dd>
          <span className="big">{pct(main?.testAcc)}</span>
          {baseline && <span className="vs">dense: {pct(baseline.testAcc)}</span>}
        </dd>
      </div>
      <div className="key">
        <dt>Train accuracy</dt>
        <dd>
          <span className="big">{pct(main?.trainAcc)}</span>
          {baseline && <span className="vs">dense: {pct(baseline.trainAcc)}</span>}
        </dd>
      </div>
      <div className="key">
        <dt>Neurons that see the signal</dt>
        <dd>
          <span className="big">{seeing ? `${seeing[0]} + ${seeing[1]}` : '–'}</span>
          <span className="vs">
            of {m} + {m}
          </span>
        </dd>
      </div>
    </dl>
  );
}
