import type { CSSProperties } from 'react';
import {
  SLIDER_STEPS,
  SLIDER_TICKS,
  formatDensity,
  formatPrune,
  positionFromPrune,
  pruneFromPosition,
} from './pruneScale';

interface PruneSliderProps {
  prune: number;
  onChange: (prune: number) => void;
}

/** The one big control: pruning rate on a log-density scale (fine steps near 1). */
export function PruneSlider({ prune, onChange }: PruneSliderProps) {
  const position = positionFromPrune(prune);
  const density = formatDensity(prune);
  return (
    <div className="prune-slider">
      <div className="slider-readout">
        <label htmlFor="prune-slider" className="slider-label">
          Pruning rate
        </label>
        <output htmlFor="prune-slider" className="prune-value" aria-live="off">
          ρ = {formatPrune(prune)}
        </output>
        <span className="density">
          density 1 − ρ = <strong>{density}</strong> of weights kept
        </span>
      </div>
      <input
        id="prune-slider"
        data-testid="prune-slider"
        type="range"
        min={0}
        max={SLIDER_STEPS}
        step={1}
        value={position}
        aria-valuetext={`pruning rate ${formatPrune(prune)}, ${density} of weights kept`}
        onChange={(e) => onChange(pruneFromPosition(Number(e.currentTarget.value)))}
      />
      <div className="slider-ticks" aria-hidden="true">
        {SLIDER_TICKS.map((t) => (
          <span
            key={t}
            className="slider-tick"
            style={{ '--at': positionFromPrune(t) / SLIDER_STEPS } as CSSProperties}
          >
            {t === 0 ? '0' : formatPrune(t)}
          </span>
        ))}
      </div>
    </div>
  );
}
