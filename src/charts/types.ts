/** Plain data the chart modules draw; prepared by pure functions in src/app/chartData.ts. */

export interface XY {
  x: number;
  y: number;
}

export interface LineSeries {
  id: string;
  label: string;
  color: string;
  /** SVG dash array, e.g. '6 4'; solid when absent. */
  dash?: string;
  /** Drawn thin and translucent: context, not the subject (the dense baseline). */
  faint?: boolean;
  points: XY[];
}

export interface LineChartData {
  series: LineSeries[];
  /** Horizontal reference lines, e.g. the target loss eps or chance accuracy. */
  rules?: { y: number; label: string }[];
  /** Fixes the x domain (0..maxSteps-ish) so a run does not rescale while it grows. */
  xMax?: number;
}

export interface NeuronPoint {
  /** Index among the 2m neurons, class +1 first. */
  index: number;
  /** +1 or -1. */
  cls: 1 | -1;
  /** Neuron–feature alignment A_{j,r}. */
  alignment: number;
  /** max_i <w~_{j,r}, xi_i> over the neuron's own-class training points. */
  noise: number;
  seesSignal: boolean;
}

export interface NeuronChartData {
  neurons: NeuronPoint[];
}
