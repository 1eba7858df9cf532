/**
 * GLSL for the elementwise and reduction parts of one step, each a single
 * WebGL program instead of a dozen tfjs ops (each op costs a launch and a
 * texture round trip). Sizes are baked into the source: tfjs caches one
 * compiled program per distinct source.
 *
 * Shared conventions: n training points, m neurons per class, C columns
 * (run r owns columns r*2m .. r*2m+2m-1, class +1 first), R runs. The
 * products z = <w~, xi_i> (rows 0..n-1) and a = <w~, mu> (row n) come as
 * Z [n+1, C] in the dense layout, or as [C, n+1, 1] straight out of the
 * sparse layout's batched product (no reshape program needed).
 */
import type { FusedProgram } from './available';

export interface Sizes {
  n: number;
  m: number;
  runs: number;
  q: number;
}

function float(x: number): string {
  return x.toExponential(9);
}

/** sigma(z) = max(0, z)^q and sigma'(z), written out for the given q. */
function activationCode(q: number): string {
  const power = (v: string, k: number) => (k === 0 ? '1.0' : Array(k).fill(v).join(' * '));
  return `
    float act(float z) { float r = max(z, 0.0); return ${power('r', q)}; }
    float dact(float z) { float r = max(z, 0.0); return ${q === 1 ? 'z > 0.0 ? 1.0 : 0.0' : `${float(q)} * ${power('r', q - 1)}`}; }
  `;
}

export type ProductsLayout = 'dense' | 'sparse';

/** Reads z(i, c) in either layout of the products. */
function productsAccessor(layout: ProductsLayout): string {
  return layout === 'sparse'
    ? 'float zAt(int i, int c) { return getZ(c, i, 0); }'
    : 'float zAt(int i, int c) { return getZ(i, c); }';
}

/** f [n, R]: the network output of each run at each training point. */
export function outputsProgram(s: Sizes, layout: ProductsLayout): FusedProgram {
  const { n, m, runs, q } = s;
  return {
    variableNames: ['Z', 'Y'],
    outputShape: [n, runs],
    userCode: `
      ${activationCode(q)}
      ${productsAccessor(layout)}
      void main() {
        ivec2 rc = getOutputCoords();
        int i = rc.x;
        int first = rc.y * ${2 * m};
        float y = getY(i, 0);
        float plus = 0.0;
        float minus = 0.0;
        for (int k = 0; k < ${m}; k++) {
          plus += act(zAt(i, first + k)) + act(y * zAt(${n}, first + k));
          minus += act(zAt(i, first + ${m} + k)) + act(y * zAt(${n}, first + ${m} + k));
        }
        setOutput((plus - minus) / ${float(m)});
      }
    `,
  };
}

/**
 * Next counters [3, R] (active, diverged, steps) from the outputs F [n, R]
 * and the previous counters S [3, R]; a run stops when its loss at the
 * current weights is <= eps or not finite, exactly as step.ts nextCounters.
 */
export function countersProgram(s: Sizes, eps: number): FusedProgram {
  const { n, runs } = s;
  return {
    variableNames: ['F', 'Y', 'S'],
    outputShape: [3, runs],
    userCode: `
      void main() {
        ivec2 rc = getOutputCoords();
        int r = rc.y;
        float total = 0.0;
        bool finite = true;
        for (int i = 0; i < ${n}; i++) {
          float f = getF(i, r);
          // NaN fails every comparison, so this also catches NaN.
          if (!(abs(f) < 3.0e38)) finite = false;
          float x = -getY(i, 0) * f;
          total += max(x, 0.0) + log(1.0 + exp(-abs(x)));
        }
        float loss = total / ${float(n)};
        if (!(abs(loss) < 3.0e38)) finite = false;
        float running = getS(0, r);
        float next = (finite && loss > ${float(eps)}) ? running : 0.0;
        float value;
        if (rc.x == 0) value = next;
        else if (rc.x == 1) value = getS(1, r) + (finite ? 0.0 : running);
        else value = getS(2, r) + next;
        setOutput(value);
      }
    `,
  };
}

/**
 * The gradient's coefficients times eta for every active run, zero for
 * frozen runs: step.ts coefficients().coef times eta, as [n+1, C] in the
 * dense layout or [C, n+1, 1] (ready for the batched product with the
 * gathered data) in the sparse one. The update's mask only selects.
 * With `accumulate`, it returns B - eta·coef for a fifth input B [C, n+1, 1]
 * (the Gram layout's running coefficients), saving a program per step.
 */
export function coefficientsProgram(
  s: Sizes,
  eta: number,
  layout: ProductsLayout,
  accumulate = false,
): FusedProgram {
  const { n, m, runs, q } = s;
  const cols = runs * 2 * m;
  const sparse = layout === 'sparse';
  if (accumulate && !sparse)
    throw new Error('accumulating coefficients needs the [C, n+1, 1] layout');
  return {
    variableNames: accumulate ? ['Z', 'F', 'Y', 'S', 'B'] : ['Z', 'F', 'Y', 'S'],
    outputShape: sparse ? [cols, n + 1, 1] : [n + 1, cols],
    userCode: `
      ${activationCode(q)}
      ${productsAccessor(layout)}
      float lossSlope(int i, int r) {
        float y = getY(i, 0);
        return -y / (1.0 + exp(y * getF(i, r)));
      }
      void main() {
        ${sparse ? 'ivec3' : 'ivec2'} rc = getOutputCoords();
        int i = ${sparse ? 'rc.y' : 'rc.x'};
        int c = ${sparse ? 'rc.x' : 'rc.y'};
        int r = c / ${2 * m};
        float sgn = (c - r * ${2 * m}) < ${m} ? 1.0 : -1.0;
        float scale = sgn * ${float(eta / (m * n))};
        float value = 0.0;
        if (getS(0, r) > 0.5) {
          if (i < ${n}) {
            value = scale * lossSlope(i, r) * dact(zAt(i, c));
          } else {
            float a = zAt(${n}, c);
            float sum = 0.0;
            for (int t = 0; t < ${n}; t++) {
              float y = getY(t, 0);
              sum += lossSlope(t, r) * dact(y * a) * y;
            }
            value = scale * sum;
          }
        }
        setOutput(${accumulate ? 'getB(c, i, 0) - value' : 'value'});
      }
    `,
  };
}

/**
 * W - G where the mask M keeps the weight, exactly 0 elsewhere: [rows, cols].
 * The gradient G comes transposed, [cols, rows] (dense), or as
 * [rows, cols, 1] (the sparse layout's batched product).
 */
export function maskedUpdateProgram(shape: [number, number], layout: ProductsLayout): FusedProgram {
  // Sparse: G is [C, K, 1]; dense: G is the plain product xAug^T coef, [d, C].
  const grad = layout === 'sparse' ? 'getG(rc.x, rc.y, 0)' : 'getG(rc.y, rc.x)';
  return {
    variableNames: ['W', 'G', 'M'],
    outputShape: shape,
    userCode: `
      void main() {
        ivec2 rc = getOutputCoords();
        setOutput(getM(rc.x, rc.y) > 0.0 ? getW(rc.x, rc.y) - ${grad} : 0.0);
      }
    `,
  };
}
