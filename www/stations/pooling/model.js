// Station "Conv → ReLU → pool": its layer, its URL state and the bookkeeping of the shift
// experiment (DOM-free; tests/js/pooling.test.mjs). Convolution, ReLU, pooling and the relative
// change of a map under a shift are the wasm core's; this module says what to compute.
import { schema } from '../../lib/state.js';
import { areaResample, centreSquare } from '../../lib/resample.js';

/** px, side of the square input the student can choose. */
export const SIZES = [64, 128, 256];
/** px; the crop keeps this margin so every shift reads real pixels. */
export const MAX_SHIFT = 6;
export const BORDER = 'reflect';
/** ms, flip period of the "Flip" animation. */
export const ALTERNATE_MS = 700;
export const POOL_MAX = 8;

/** The convolutional layer: fixed filters, as a trained first layer often learns. */
export const FILTERS = [
  { id: 'sobel-x', name: 'Sobel x', what: 'vertical edges', k: [-1, 0, 1, -2, 0, 2, -1, 0, 1] },
  { id: 'sobel-y', name: 'Sobel y', what: 'horizontal edges', k: [-1, -2, -1, 0, 0, 0, 1, 2, 1] },
  { id: 'laplace', name: 'Laplacian', what: 'dark spots, thin lines', k: [0, 1, 0, 1, -4, 1, 0, 1, 0] },
  { id: 'blur', name: 'Blur', what: 'local brightness', k: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16), shown: [1, 2, 1, 2, 4, 2, 1, 2, 1], div: 16 },
];
/** The three columns of the layer grid, with the colours of their bars and curves. */
export const STAGES = [
  { id: 'none', name: 'no pooling', color: '#6b7280' },
  { id: 'max', name: 'max pool', color: '#c4374b' },
  { id: 'avg', name: 'average pool', color: '#2458c6' },
];
export const DIRECTIONS = [
  { value: 'right', label: '→ right', words: 'right', dr: 0, dc: 1 },
  { value: 'down', label: '↓ down', words: 'down', dr: 1, dc: 0 },
  { value: 'diag', label: '↘ diagonal', words: 'diagonal', dr: 1, dc: 1 },
];

/** The address: res(olution), pool size, stride, shift (px), dir(ection), img = the sample. */
export const STATE = schema([
  { name: 'res', type: 'enum', values: SIZES.map(String), default: '128' },
  { name: 'size', type: 'int', min: 1, max: POOL_MAX, default: 2 },
  { name: 'stride', type: 'int', min: 1, max: POOL_MAX, default: 2 },
  { name: 'shift', type: 'int', min: 0, max: MAX_SHIFT, default: 1 },
  { name: 'dir', type: 'enum', values: DIRECTIONS.map((d) => d.value), default: 'right' },
  { name: 'img', type: 'text', optional: true },
]);

/** The station's state from parsed URL values; `toState` writes it back. */
export function createPoolingModel(initial = STATE.defaults()) {
  const m = {
    S: Number(initial.res),
    size: initial.size,
    stride: initial.stride,
    shift: initial.shift,
    dir: initial.dir,
    /** Which input the maps show: the original or the shifted one. */
    showShifted: false,
    direction: () => DIRECTIONS.find((d) => d.value === m.dir),
    /** Shift in px (rows, columns) of an input moved by k px in the chosen direction. */
    offset(k) { const d = m.direction(); return [d.dr * k, d.dc * k]; },
    toState: (sampleId = null) => ({ res: String(m.S), size: m.size, stride: m.stride, shift: m.shift, dir: m.dir, img: sampleId }),
  };
  return m;
}

/** The (S + 2·MAX_SHIFT)² grey base every shifted input is cut from: the photo's centre square. */
export function inputBase(gray, S) {
  const B = S + 2 * MAX_SHIFT;
  return areaResample(gray, B, B, centreSquare(gray.width, gray.height));
}

/** The S × S window of the base, moved so its content shifts by (dr, dc) px (right/down > 0). */
export function crop(base, S, dr, dc) {
  if (Math.abs(dr) > MAX_SHIFT || Math.abs(dc) > MAX_SHIFT) throw new Error(`a shift is at most ${MAX_SHIFT} px`);
  const B = S + 2 * MAX_SHIFT;
  const out = new Float32Array(S * S);
  // Content moves right/down by d: output (r, c) reads base (r − d), the window moves up/left.
  const top = MAX_SHIFT - dr, left = MAX_SHIFT - dc;
  for (let r = 0; r < S; r++) out.set(base.subarray((top + r) * B + left, (top + r) * B + left + S), r * S);
  return out;
}

/** The printed working of the output size: formula, shape and what the stride does. */
export function shapeText(S, size, stride, outR, outC) {
  const how = stride > size ? ' (skips pixels)' : stride < size ? ' (windows overlap)' : '';
  return {
    formula: `⌊(${S}−${size})/${stride}⌋+1 = ${outR}`,
    shape: `${S}×${S} → ${outR}×${outC}`,
    pool: `pool ${size} × ${size}, stride ${stride}${how}`,
  };
}

/** Mean over the filters of change[filter][stage][k], for one stage and shift k. */
export const meanChange = (change, stage, k) => change.reduce((a, c) => a + c[stage][k], 0) / change.length;

/** A fraction as a whole percentage, as the summary prints it ("12 %"). */
export const wholePercent = (v) => `${Math.round(100 * v)}\u00a0%`;

/**
 * Tick step (as a fraction) for the change axis running 0 … top: the first of 5 %, 10 %, 20 %,
 * 25 %, 50 %, 100 % that gives at most 4 intervals.
 */
export const tickStep = (top) => [0.05, 0.1, 0.2, 0.25, 0.5, 1].find((t) => top / t <= 4) || 1;
