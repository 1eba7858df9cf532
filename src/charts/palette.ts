/**
 * Okabe–Ito colours: distinguishable with every common colour-vision
 * deficiency and dark enough to read on a washed-out projector. Train and
 * test also differ by dash, so the charts survive greyscale printing.
 */
export const PALETTE = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  green: '#009E73',
  orange: '#E69F00',
  // Okabe–Ito sky (#56B4E9) darkened to 3.7:1 on white (WCAG non-text contrast), still lighter than blue.
  sky: '#2B8CC4',
  purple: '#CC79A7',
  yellow: '#F0E442',
  ink: '#1d2230',
  muted: '#5b6275',
  grid: '#e3e6ee',
  paper: '#ffffff',
} as const;

export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/**
 * Chart text follows the page's font size (larger on a projector, smaller on
 * a phone): 12px at the page's 16px, scaled from there.
 */
export function chartScale(root: HTMLElement): number {
  const pagePx = parseFloat(getComputedStyle(root).fontSize);
  return Number.isFinite(pagePx) && pagePx > 0 ? pagePx / 16 : 1;
}
