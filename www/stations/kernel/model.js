// Station "Your 3×3 kernel": its state, URL schema and validation (DOM-free; tests/js/kernel.test.mjs).
// The filtering itself is the wasm core's (RgbaImage.filter); this module reads and checks the
// kernel the student types and writes out the worked example of one output pixel.
import { parseNumber } from '../../lib/parse.js';
import { schema } from '../../lib/state.js';
import { short } from '../../lib/format.js';

/** Kernel rows = cols. */
export const SIZE = 3;
export const CELLS = SIZE * SIZE;

/** Presets: cell texts (fractions stay readable) and the display mode that suits them. */
export const PRESETS = [
  { id: 'identity', label: 'Identity', cells: ['0', '0', '0', '0', '1', '0', '0', '0', '0'], display: 'clamp' },
  { id: 'box', label: 'Box blur', cells: Array(9).fill('1/9'), display: 'clamp' },
  { id: 'gaussian', label: 'Gaussian blur', cells: ['1/16', '2/16', '1/16', '2/16', '4/16', '2/16', '1/16', '2/16', '1/16'], display: 'clamp' },
  { id: 'sharpen', label: 'Sharpen', cells: ['0', '-1', '0', '-1', '5', '-1', '0', '-1', '0'], display: 'clamp' },
  { id: 'laplacian', label: 'Laplacian', cells: ['0', '1', '0', '1', '-4', '1', '0', '1', '0'], display: 'abs' },
  { id: 'outline', label: 'Outline', cells: ['-1', '-1', '-1', '-1', '8', '-1', '-1', '-1', '-1'], display: 'clamp' },
  { id: 'sobel-x', label: 'Sobel x', cells: ['-1', '0', '1', '-2', '0', '2', '-1', '0', '1'], display: 'abs' },
  { id: 'sobel-y', label: 'Sobel y', cells: ['-1', '-2', '-1', '0', '0', '0', '1', '2', '1'], display: 'abs' },
  { id: 'emboss', label: 'Emboss', cells: ['-2', '-1', '0', '-1', '1', '1', '0', '1', '2'], display: 'clamp' },
  { id: 'slide', label: 'Lecture slide', cells: ['-2', '-1', '0', '-1', '0', '1', '0', '1', '2'], display: 'rescale' },
];

export const BORDERS = [
  { value: 'reflect', label: 'reflect (d c b a | a b c d)' },
  { value: 'constant', label: 'constant (zeros)' },
  { value: 'mirror', label: 'mirror (d c b | a b c d)' },
  { value: 'nearest', label: 'nearest (a a a | a b c d)' },
  { value: 'wrap', label: 'wrap (b c d | a b c d)' },
];
export const DISPLAYS = [
  { value: 'clamp', label: 'clamp to 0…255' },
  { value: 'abs', label: '|value|, clamped (edges)' },
  { value: 'rescale', label: 'rescale min…max → 0…255' },
];

/**
 * The largest |weight| a cell takes: a weight of 10⁶ already saturates every pixel, and 1e308
 * would become ∞ in float32 (the filter's type), so larger ones are refused by the cell.
 */
const MAX_WEIGHT = 1e6;

/**
 * Reads a kernel cell: a number (`-0.5`, `2e-1`) or a fraction (`1/16`, `-3/4`), |w| ≤ 10⁶.
 * Returns {value} or {error} with a message a student understands.
 */
export const parseCell = (text) => parseNumber(text, { maxAbs: MAX_WEIGHT, minAbs: 1e-30 });

/** The URL state: k = the nine cell texts, op, b(order), d(isplay), img = the sample shown. */
export const STATE = schema([
  { name: 'k', type: 'list', lengths: [CELLS], item: (t) => !parseCell(t).error, default: PRESETS[2].cells },
  { name: 'op', type: 'enum', values: ['corr', 'conv'], default: 'corr' },
  { name: 'b', type: 'enum', values: BORDERS.map((b) => b.value), default: 'reflect' },
  { name: 'd', type: 'enum', values: DISPLAYS.map((d) => d.value), default: 'clamp' },
  { name: 'img', type: 'text', optional: true },
]);

/** "Row 2, column 3" of cell i. */
export const cellName = (i) => `Row ${Math.floor(i / SIZE) + 1}, column ${(i % SIZE) + 1}`;

/**
 * The station's state: what is typed (cells), the last valid kernel, op, border, display.
 * The kernel only changes when all nine cells read as numbers, so a typo never blanks the output.
 */
export function createKernelModel(initial = STATE.defaults()) {
  const m = {
    cells: initial.k.map((t) => String(t).trim()),
    kernel: Float32Array.from(initial.k.map((t) => parseCell(t).value)),
    op: initial.op,
    border: initial.b,
    display: initial.d,

    /**
     * Takes typed texts; returns the problems ([{ index, message }], empty when all are good).
     * On success the cells and the kernel are replaced; otherwise both stay.
     */
    setCells(texts) {
      const problems = [];
      const values = texts.map((t, i) => {
        const r = parseCell(t);
        if (r.error) problems.push({ index: i, message: `${cellName(i)} ${r.error}.` });
        return r.value;
      });
      if (!problems.length) {
        m.cells = texts.map((t) => String(t).trim());
        m.kernel = Float32Array.from(values);
      }
      return problems;
    },
    /** Applies a preset by id: its cells and its display mode. */
    applyPreset(id) {
      const p = PRESETS.find((q) => q.id === id);
      if (!p) throw new Error(`no preset "${id}"`);
      m.display = p.display;
      m.setCells(p.cells);
    },
    /** Sum of the weights. */
    sum: () => m.kernel.reduce((a, b) => a + b, 0),
    /** The sum and what it means for the picture. */
    sumText() {
      const s = m.sum();
      const note = Math.abs(s - 1) < 1e-6 ? ' (brightness kept)' : Math.abs(s) < 1e-6 ? ' (flat regions → 0)' : '';
      return `Sum of weights = ${short(s, 4)}${note}`;
    },
    /**
     * Divides by the sum so flat regions keep their brightness; a zero-sum kernel (an edge
     * detector) has its positive weights scaled to add up to 1 instead.
     * Returns { info } (cells replaced) or { error }.
     */
    normalise() {
      const s = m.sum();
      const scaled = (d) => Array.from(m.kernel, (v) => String(+(v / d).toPrecision(6)));
      if (Math.abs(s) > 1e-9) {
        m.setCells(scaled(s));
        return { info: `Divided every weight by the sum ${short(s, 4)}; the weights now add up to 1.` };
      }
      const pos = m.kernel.reduce((a, b) => a + Math.max(b, 0), 0);
      if (pos === 0) return { error: 'The kernel is all zeros; there is nothing to normalise.' };
      m.setCells(scaled(pos));
      return { info: 'The weights sum to 0 (an edge detector), so instead the positive weights were scaled to add up to 1.' };
    },
    /** The kernel actually applied (flipped in both directions for convolution), numbers and texts. */
    effective() {
      const flip = (a) => (m.op === 'conv' ? Array.from(a).reverse() : Array.from(a));
      return { values: flip(m.kernel), texts: flip(m.cells) };
    },
    /** Values for the address (the scaffold serialises them against STATE). */
    toState(sampleId = null) {
      return { k: m.cells, op: m.op, b: m.border, d: m.display, img: sampleId };
    },
    /** A file name for the downloaded output. */
    downloadName: () => `convlab-${m.op}-${m.cells.join('_').replace(/[^0-9._-]+/g, 'd')}.png`,
  };
  return m;
}

/**
 * The worked example at output pixel (x, y): per channel R, G, B the 3×3 neighbourhood
 * (index −1 = outside, read as 0 under the constant border), the terms "w·v" as typed and
 * their sum. `borderIndex(i, n)` maps an index past the edge like the core (wasm.border_index).
 */
export function workedExample(img, x, y, model, borderIndex) {
  const { values: w, texts } = model.effective();
  return ['R', 'G', 'B'].map((name, ch) => {
    const rows = [], terms = [];
    let sum = 0;
    for (let i = -1; i <= 1; i++) {
      const row = [];
      for (let j = -1; j <= 1; j++) {
        const yy = borderIndex(y + i, img.height), xx = borderIndex(x + j, img.width);
        const outside = yy < 0 || xx < 0;
        const v = outside ? 0 : img.rgba[4 * (yy * img.width + xx) + ch];
        const t = (i + 1) * SIZE + (j + 1);
        sum += w[t] * v;
        terms.push(`${texts[t]}·${v}`);
        row.push({ value: v, outside });
      }
      rows.push(row);
    }
    return { name, channel: ch, rows, terms, sum };
  });
}
