// Station "1D conv = matrix": the lecture's z = W x with W banded, built live by the wasm core
// (conv_matrix_1d) from the student's filter, for the student's own signal.
// Hovering z_i (in the plot or the vector), a row of W, or x_j links the three views.
import { h, button, select, slider, message } from '../lib/dom.js';
import { makeCanvas, drawLegend } from '../lib/canvas.js';
import {
  parseNumber, cellText, sub, prepareCanvas, eventPoint, font, drawCells, frame, veil, brackets,
  absMax, ROW_COLOR, COL_COLOR, MIN_NUMBER_CELL,
} from '../lib/matrixview.js';

const N_MIN = 8, N_MAX = 64, N_DEFAULT = 12;
const X_LIMIT = 1.5; // the signal editor's y range is ±X_LIMIT
const LENGTHS = [3, 5, 7, 9]; // filter lengths 2m + 1 offered
const MAX_CELL = 44; // px: largest matrix cell
const MAX_FIG_HEIGHT = 660; // px: the matrix figure never gets taller than this

/** Filter presets (cell texts, so fractions stay readable). The slide's [1, −2, 1] first. */
export const FILTERS = [
  { id: 'second-diff', label: 'Slide: [1, −2, 1]', cells: ['1', '-2', '1'] },
  { id: 'first-diff', label: 'Difference [−1, 0, 1]', cells: ['-1', '0', '1'] },
  { id: 'average', label: 'Average of 3', cells: ['1/3', '1/3', '1/3'] },
  { id: 'gauss5', label: 'Smooth [1 4 6 4 1]/16', cells: ['1/16', '4/16', '6/16', '4/16', '1/16'] },
  { id: 'identity', label: 'Identity', cells: ['0', '1', '0'] },
];

/** Deterministic pseudo-random numbers (mulberry32), so "noisy sine" is the same every time. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Signal presets of length n, values within ±X_LIMIT. */
export const SIGNALS = {
  step: { label: 'Step', make: (n) => Array.from({ length: n }, (_, i) => (i < Math.floor(n / 2) ? 0 : 1)) },
  spike: { label: 'Spike', make: (n) => Array.from({ length: n }, (_, i) => (i === Math.floor(n / 2) ? 1 : 0)) },
  sine: {
    label: 'Noisy sine',
    make: (n) => {
      const r = rng(340);
      return Array.from({ length: n }, (_, i) => +(0.8 * Math.sin((2 * Math.PI * 2 * i) / n) + 0.3 * (r() - 0.5)).toFixed(2));
    },
  },
};

const clampX = (v) => Math.max(-X_LIMIT, Math.min(X_LIMIT, v));
const round2 = (v) => Math.round(v * 100) / 100;

/** Resamples a signal to length n by linear interpolation (keeps a hand-drawn shape). */
function resample(x, n) {
  if (x.length === n) return x.slice();
  if (x.length === 1) return Array(n).fill(x[0]);
  return Array.from({ length: n }, (_, i) => {
    const t = (i * (x.length - 1)) / (n - 1), k = Math.floor(t), f = t - k;
    return round2(k + 1 < x.length ? x[k] * (1 - f) + x[k + 1] * f : x[k]);
  });
}

export function mount(root, ctx) {
  const { wasm } = ctx;
  const cleanup = [];
  const listen = (target, type, fn, opts) => { target.addEventListener(type, fn, opts); cleanup.push(() => target.removeEventListener(type, fn, opts)); };
  const css = h('link', { rel: 'stylesheet', href: new URL('./matrix1d.css', import.meta.url).href });
  document.head.append(css);
  cleanup.push(() => css.remove());

  // ---- state (restored from the URL hash) ----
  const params = ctx.hash.get();
  let n = Math.round(+params.get('n'));
  if (!(n >= N_MIN && n <= N_MAX)) n = N_DEFAULT;
  let mode = params.get('mode') === 'same' ? 'same' : 'valid';
  let cells = FILTERS[0].cells.slice();
  const wHash = (params.get('w') || '').split(',');
  if (LENGTHS.includes(wHash.length) && wHash.every((c) => !parseNumber(c).error)) cells = wHash;
  let kernel = cells.map((c) => parseNumber(c).value); // the last good filter
  let signalSource = 'step';
  let x = SIGNALS.step.make(n);
  const xHash = params.get('x') || '';
  if (SIGNALS[xHash]) { signalSource = xHash; x = SIGNALS[xHash].make(n); } else if (xHash) {
    const vals = xHash.split(',').map(Number);
    if (vals.length === n && vals.every(Number.isFinite)) { signalSource = 'custom'; x = vals.map(clampX); }
  }
  // What the model computed last: {W, rows, z, zConv, taps, error}.
  let model = null;
  let active = null; // {kind: 'row', r} | {kind: 'col', j} | null
  let drag = null; // {pointerId, last}

  // ---- layout ----
  const title = h('h2', {}, '1D convolution is a matrix multiplication');
  const lede = h('p', { class: 'lede' },
    'Each output is an inner product of the filter with a window of the signal, ',
    h('span', { class: 'formula inline' }, 'z', h('sub', {}, 'i'), ' = Σ', h('sub', {}, 'j=−m…m'), ' w', h('sub', {}, 'j'), ' x', h('sub', {}, 'i+j')),
    ', so one shifted copy of w per output, stacked, is a matrix W with z = W x: mostly zeros, and every row reuses the same 2m + 1 numbers. ',
    '(The lecture calls this convolution; strictly it is correlation, as w is not flipped, which is also what CNN libraries compute.)');

  // Signal controls.
  const signalBtns = Object.entries(SIGNALS).map(([id, s]) => {
    const b = button(s.label, () => { signalSource = id; x = s.make(n); update(); });
    b.setAttribute('data-signal', id);
    return b;
  });
  const nSlider = slider({
    label: 'Length n', min: N_MIN, max: N_MAX, step: 1, value: n, format: (v) => `${v}`,
    onInput: (v) => {
      n = v;
      x = signalSource === 'custom' ? resample(x, n).map(clampX) : SIGNALS[signalSource].make(n);
      active = null;
      update();
    },
  });
  nSlider.input.setAttribute('data-testid', 'n-slider');

  // Filter controls.
  const lengthSel = select({
    label: 'Length 2m+1',
    options: LENGTHS.map((L) => ({ value: String(L), label: `${L} (m=${(L - 1) / 2})` })),
    value: String(cells.length),
    onChange: (v) => setLength(+v),
  });
  lengthSel.input.setAttribute('data-testid', 'filter-length');
  const tapsEl = h('div', { class: 'm1d-taps', role: 'group', 'aria-label': 'Filter taps' });
  const filterMsgEl = h('div', { 'data-testid': 'filter-message' });
  const filterMsg = message(filterMsgEl);
  const filterBtns = FILTERS.map((f) => {
    const b = button(f.label, () => { cells = f.cells.slice(); lengthSel.set(String(cells.length)); buildTaps(); readTaps(); });
    b.setAttribute('data-filter', f.id);
    return b;
  });

  // Boundary.
  const modeValid = button('valid', () => setMode('valid'));
  const modeSame = button('same (zero border)', () => setMode('same'));
  modeValid.setAttribute('data-mode', 'valid');
  modeSame.setAttribute('data-mode', 'same');
  const modeGroup = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Boundary' }, modeValid, modeSame);

  const controls = h('div', { class: 'panel m1d-controls' },
    h('div', { class: 'm1d-group' }, h('h3', {}, 'Signal x'), h('div', { class: 'm1d-presets' }, signalBtns), nSlider.el),
    h('div', { class: 'm1d-group' }, h('h3', {}, 'Filter w'), lengthSel.el, tapsEl, filterMsgEl),
    h('div', { class: 'm1d-group' }, h('h3', {}, 'Try a filter'), h('div', { class: 'm1d-presets' }, filterBtns)));

  const signalCanvas = h('canvas', {
    class: 'm1d-signal', tabindex: '0', 'data-testid': 'signal-canvas',
    'aria-label': 'Signal x: drag the dots to change it; arrow keys select a sample and change its value',
  });
  const outputCanvas = h('canvas', { 'data-testid': 'output-canvas', tabindex: '0', 'aria-label': 'Output z: hover a sample to see which row of W computes it' });
  const readout = h('div', { class: 'm1d-readout', 'data-testid': 'readout', 'aria-live': 'polite' });
  const plots = h('div', { class: 'panel m1d-plots' },
    h('h3', {}, 'Signal x (drag the dots) and output z'),
    h('figure', { class: 'figure' }, signalCanvas),
    h('figure', { class: 'figure' }, outputCanvas,
      h('figcaption', {}, 'zᵢ sits under the centre of its window (shaded when you hover). Keyboard: focus a plot, then ←/→ (and ↑/↓ to edit x).')));

  const matCanvas = h('canvas', {
    tabindex: '0', 'data-testid': 'matrix-canvas',
    'aria-label': 'W x = z: hover or use the arrow keys to follow one row of W or one entry of x',
  });
  const figure = h('figure', { class: 'figure m1d-figure', 'data-testid': 'matrix-figure' }, matCanvas);
  const legend = makeCanvas(480, 88, { label: 'Colour scale of W', cls: 'm1d-legend' });
  const shapeEl = h('div', { class: 'm1d-shape', 'data-testid': 'w-shape' });
  const counters = h('dl', { class: 'm1d-counters', 'data-testid': 'counters' });
  const check = h('div', { class: 'm1d-check', 'data-testid': 'check' });
  const matMsgEl = h('div', { 'data-testid': 'matrix-message' });
  const matMsg = message(matMsgEl);
  const matrixPanel = h('div', { class: 'panel m1d-matrix' },
    h('div', { class: 'm1d-head' },
      h('h3', {}, 'The same computation as a matrix: W x = z'),
      h('div', { class: 'm1d-boundary' }, h('span', { class: 'm1d-label' }, 'Boundary'), modeGroup)),
    h('p', { class: 'note m1d-modenote' }, 'valid: W is (n − 2m) × n, only windows that fit inside x (the slide). same: W is n × n; windows read zeros past the ends, so those taps drop out of W.'),
    readout,
    matMsgEl,
    figure,
    h('div', { class: 'm1d-under' },
      legend, h('div', { class: 'note' }, 'colour of W’s entries; faint grey = exactly 0')));
  const countsPanel = h('div', { class: 'panel m1d-counts' },
    h('h3', {}, 'Counting W'), shapeEl, counters, check);

  root.append(title, lede, controls,
    h('div', { class: 'm1d-main' }, h('div', { class: 'm1d-left' }, plots, countsPanel), matrixPanel));

  // ---- filter editing ----
  let tapInputs = [];
  function buildTaps() {
    const m = (cells.length - 1) / 2;
    tapInputs = cells.map((text, t) => {
      const id = `m1d-tap-${t}`;
      const inp = h('input', {
        type: 'text', id, inputmode: 'decimal', value: text, autocomplete: 'off', spellcheck: 'false', 'data-tap': t,
      });
      inp.addEventListener('input', readTaps);
      return inp;
    });
    tapsEl.replaceChildren(...tapInputs.map((inp, t) => h('div', { class: 'm1d-tap' },
      h('label', { for: inp.id }, `w${sub(t - m)}`), inp)));
  }
  function readTaps() {
    cells = tapInputs.map((i) => i.value);
    const bad = [];
    const vals = cells.map((c, t) => {
      const p = parseNumber(c);
      tapInputs[t].setAttribute('aria-invalid', p.error ? 'true' : 'false');
      if (p.error) bad.push(`w${sub(t - (cells.length - 1) / 2)} ${p.error}`);
      return p.value;
    });
    if (bad.length) { filterMsg.error(`${bad[0]}. W keeps the last valid filter.`); return; }
    filterMsg.clear();
    kernel = vals;
    update();
  }
  function setLength(L) {
    // Keep the centre tap and its neighbours; pad with zeros or crop symmetrically.
    const old = cells, d = (L - old.length) / 2;
    cells = Array.from({ length: L }, (_, t) => old[t - d] ?? '0');
    buildTaps();
    readTaps();
  }
  function setMode(v) {
    mode = v;
    active = null;
    update();
  }

  // ---- model ----
  function compute() {
    const L = kernel.length, c = Math.floor(L / 2);
    const kf = Float32Array.from(kernel);
    const xf = Float32Array.from(x);
    try {
      const W = wasm.conv_matrix_1d(n, kf, mode);
      const rows = W.length / n;
      const taps = wasm.conv_matrix_1d_taps(n, L, mode);
      const z = wasm.matvec(W, rows, n, xf);
      const full = wasm.correlate1d(xf, kf, 'constant');
      const first = mode === 'valid' ? c : 0;
      const zConv = full.slice(first, first + rows);
      const perRow = wasm.nonzeros_per_row(W, rows, n);
      const distinct = wasm.distinct_nonzero_values(W);
      return { W, rows, taps, z, zConv, perRow, distinct, first, L, c, error: null };
    } catch (e) {
      return { error: e.message, L, c };
    }
  }

  // ---- geometry of the W x = z figure (CSS px) ----
  let geo = null;
  function layout(width) {
    const rows = model.rows;
    const labelW = 44, gapOp = 26, left = 8, right = 8;
    // Cells: as large as fits, at most MAX_CELL, and the figure no taller than MAX_FIG_HEIGHT.
    const vecExtra = (cell) => (cell >= MIN_NUMBER_CELL ? Math.max(cell, 58) : Math.max(cell, 16));
    let cell = MAX_CELL;
    const total = (c) => left + n * c + gapOp + vecExtra(c) + labelW + gapOp + vecExtra(c) + labelW + right;
    while (cell > 6 && (total(cell) > width || 64 + n * cell > MAX_FIG_HEIGHT)) cell--;
    const vw = vecExtra(cell);
    const top = 58;
    const Wx = left, Wy = top;
    const xX = Wx + n * cell + gapOp, xY = top;
    const eqX = xX + vw + labelW, zX = eqX + gapOp, zY = top;
    const widthUsed = Math.ceil(zX + vw + labelW + right);
    const height = Math.ceil(top + Math.max(n, rows) * cell + 14);
    return { cell, vw, Wx, Wy, xX, xY, eqX, zX, zY, rows, width: widthUsed, height, labelW };
  }

  function hitMatrix(p) {
    if (!geo) return null;
    const { cell, vw, Wx, Wy, xX, xY, zX, zY, rows } = geo;
    const r = Math.floor((p.y - Wy) / cell), c = Math.floor((p.x - Wx) / cell);
    if (p.x >= Wx && c < n && p.y >= Wy && r >= 0 && r < rows) return { kind: 'row', r, c };
    const j = Math.floor((p.y - xY) / cell);
    if (p.x >= xX && p.x < xX + vw + 30 && j >= 0 && j < n) return { kind: 'col', j };
    const rz = Math.floor((p.y - zY) / cell);
    if (p.x >= zX && p.x < zX + vw + 30 && rz >= 0 && rz < rows) return { kind: 'row', r: rz };
    return null;
  }

  /** Columns of row r that hold a tap (the window x_{i−m..i+m}, clipped to the signal). */
  function rowWindow(r) {
    let lo = n, hi = -1;
    for (let j = 0; j < n; j++) if (model.taps[r * n + j] >= 0) { lo = Math.min(lo, j); hi = Math.max(hi, j); }
    return { lo, hi };
  }
  /** Rows whose window includes x_j. */
  function colRows(j) {
    const out = [];
    for (let r = 0; r < model.rows; r++) if (model.taps[r * n + j] >= 0) out.push(r);
    return out;
  }

  function drawMatrix() {
    const avail = Math.max(320, figure.parentElement.clientWidth - 30);
    geo = layout(Math.min(avail, 1100));
    const { cell, vw, Wx, Wy, xX, xY, eqX, zX, zY, rows } = geo;
    const g = prepareCanvas(matCanvas, geo.width, geo.height);
    const wMax = absMax(kernel);
    const xMax = absMax(x), zMax = absMax(model.z);
    // Titles.
    g.fillStyle = '#1d2330';
    g.textAlign = 'center';
    g.textBaseline = 'alphabetic';
    g.font = font(20, 'bold');
    g.fillText(`W  (${rows} × ${n})`, Wx + (n * cell) / 2, 22);
    g.fillText('x', xX + vw / 2, 22);
    g.fillText('z', zX + vw / 2, 22);
    // Column indices of W (every k-th so they never collide).
    g.font = font(13);
    g.fillStyle = '#5b6475';
    const every = cell >= 24 ? 1 : cell >= 12 ? 4 : 8;
    for (let j = 0; j < n; j += every) g.fillText(String(j), Wx + (j + 0.5) * cell, Wy - 8);
    // W, x and z.
    drawCells(g, { x: Wx, y: Wy, rows, cols: n, cw: cell, ch: cell, value: (r, c) => model.W[r * n + c], max: wMax });
    drawCells(g, { x: xX, y: xY, rows: n, cols: 1, cw: vw, ch: cell, value: (r) => x[r], max: xMax });
    drawCells(g, { x: zX, y: zY, rows, cols: 1, cw: vw, ch: cell, value: (r) => model.z[r], max: zMax });
    brackets(g, Wx, Wy, n * cell, rows * cell);
    brackets(g, xX, xY, vw, n * cell);
    brackets(g, zX, zY, vw, rows * cell);
    // Entry labels beside the vectors (subscripts are sample indices).
    const labelEvery = cell >= 18 ? 1 : cell >= 9 ? 4 : 8;
    g.font = font(Math.min(16, Math.max(12, cell * 0.45)));
    g.textAlign = 'left';
    g.textBaseline = 'middle';
    g.fillStyle = '#5b6475';
    for (let j = 0; j < n; j += labelEvery) g.fillText(`x${sub(j)}`, xX + vw + 8, xY + (j + 0.5) * cell);
    for (let r = 0; r < rows; r += labelEvery) g.fillText(`z${sub(r + model.first)}`, zX + vw + 8, zY + (r + 0.5) * cell);
    // The "=" between x and z.
    g.font = font(30, 'bold');
    g.fillStyle = '#1d2330';
    g.textAlign = 'center';
    g.fillText('=', eqX + 8, Wy + (Math.min(rows, n) * cell) / 2);
    // Highlights.
    if (active && active.kind === 'row' && active.r < rows) {
      const r = active.r, { lo, hi } = rowWindow(r);
      veil(g, Wx, Wy, n * cell, r * cell);
      veil(g, Wx, Wy + (r + 1) * cell, n * cell, (rows - r - 1) * cell);
      veil(g, zX, zY, vw, r * cell);
      veil(g, zX, zY + (r + 1) * cell, vw, (rows - r - 1) * cell);
      if (hi >= lo) {
        veil(g, xX, xY, vw, lo * cell);
        veil(g, xX, xY + (hi + 1) * cell, vw, (n - hi - 1) * cell);
        frame(g, xX, xY + lo * cell, vw, (hi - lo + 1) * cell, ROW_COLOR, 4);
        frame(g, Wx + lo * cell, Wy + r * cell, (hi - lo + 1) * cell, cell, ROW_COLOR, 2);
      }
      frame(g, Wx, Wy + r * cell, n * cell, cell, ROW_COLOR, 4);
      frame(g, zX, zY + r * cell, vw, cell, ROW_COLOR, 4);
    } else if (active && active.kind === 'col' && active.j < n) {
      const j = active.j, rs = colRows(j);
      veil(g, Wx, Wy, j * cell, rows * cell);
      veil(g, Wx + (j + 1) * cell, Wy, (n - j - 1) * cell, rows * cell);
      veil(g, xX, xY, vw, j * cell);
      veil(g, xX, xY + (j + 1) * cell, vw, (n - j - 1) * cell);
      for (let r = 0; r < rows; r++) if (!rs.includes(r)) veil(g, zX, zY + r * cell, vw, cell);
      frame(g, Wx + j * cell, Wy, cell, rows * cell, COL_COLOR, 4);
      frame(g, xX, xY + j * cell, vw, cell, COL_COLOR, 4);
      if (rs.length) frame(g, zX, zY + rs[0] * cell, vw, rs.length * cell, COL_COLOR, 4);
    }
    matCanvas.dataset.layout = JSON.stringify({ cell, vw, Wx, Wy, xX, xY, zX, zY, rows, cols: n, width: geo.width, height: geo.height });
    figure.dataset.activeRow = active && active.kind === 'row' ? String(active.r) : '';
    figure.dataset.activeCol = active && active.kind === 'col' ? String(active.j) : '';
    drawLegend(legend, -wMax, wMax, { diverging: true });
  }

  // ---- the two signal plots ----
  const PLOT = { padL: 52, padR: 14 };
  let plotW = 600;
  const px = (i) => PLOT.padL + ((i + 0.5) * (plotW - PLOT.padL - PLOT.padR)) / n;
  const indexAt = (X) => Math.max(0, Math.min(n - 1, Math.floor(((X - PLOT.padL) * n) / (plotW - PLOT.padL - PLOT.padR))));

  function stemPlot(canvas, { height, values, first, yMax, color, label, band, bandColor, marks, markColor, dots }) {
    const g = prepareCanvas(canvas, plotW, height);
    const top = 12, bottom = 28;
    const py = (v) => top + ((yMax - v) / (2 * yMax)) * (height - top - bottom);
    // Band behind everything.
    if (band) {
      g.fillStyle = bandColor;
      g.fillRect(px(band.lo) - (px(1) - px(0)) / 2, top, (band.hi - band.lo + 1) * (px(1) - px(0)), height - top - bottom);
    }
    // Axes and ticks.
    g.strokeStyle = '#d9dee7';
    g.fillStyle = '#5b6475';
    g.font = font(13);
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const t of [-yMax, -yMax / 2, 0, yMax / 2, yMax]) {
      g.beginPath(); g.moveTo(PLOT.padL, py(t)); g.lineTo(plotW - PLOT.padR, py(t)); g.stroke();
      g.fillText(cellText(t), PLOT.padL - 6, py(t));
    }
    g.strokeStyle = '#8a93a5';
    g.beginPath(); g.moveTo(PLOT.padL, py(0)); g.lineTo(plotW - PLOT.padR, py(0)); g.stroke();
    g.textAlign = 'center';
    g.textBaseline = 'top';
    const every = n <= 16 ? 1 : n <= 32 ? 2 : 4;
    for (let i = 0; i < n; i += every) g.fillText(String(i), px(i), height - bottom + 6);
    g.save(); g.translate(16, (top + height - bottom) / 2); g.rotate(-Math.PI / 2);
    g.font = font(16, 'bold'); g.fillStyle = color; g.textAlign = 'center'; g.textBaseline = 'middle';
    g.fillText(label, 0, 0); g.restore();
    // Stems.
    const radius = Math.max(3.5, Math.min(8, (px(1) - px(0)) * 0.32));
    values.forEach((v, k) => {
      const i = k + first, X = px(i), Y = py(Math.max(-yMax, Math.min(yMax, v)));
      const hot = marks && marks.includes(i);
      g.strokeStyle = hot ? markColor : color;
      g.lineWidth = hot ? 3 : 2;
      g.beginPath(); g.moveTo(X, py(0)); g.lineTo(X, Y); g.stroke();
      g.beginPath(); g.arc(X, Y, hot ? radius + 2 : radius, 0, 2 * Math.PI);
      g.fillStyle = hot ? markColor : dots ? '#fff' : color;
      g.fill();
      g.lineWidth = 2; g.strokeStyle = hot ? markColor : color; g.stroke();
    });
    return py;
  }

  let signalPy = null;
  const SIGNAL_H = 230, OUTPUT_H = 190;
  function drawPlots() {
    plotW = Math.max(300, Math.min(900, plots.clientWidth - 34));
    let band = null, bandColor = null, marksX = null, marksZ = null, markColor = ROW_COLOR;
    if (model && !model.error && active && active.kind === 'row') {
      const { lo, hi } = rowWindow(active.r);
      if (hi >= lo) band = { lo, hi };
      bandColor = 'rgba(224,138,0,0.18)';
      marksZ = [active.r + model.first];
    } else if (model && !model.error && active && active.kind === 'col') {
      const rs = colRows(active.j);
      markColor = COL_COLOR;
      marksX = [active.j];
      marksZ = rs.map((r) => r + model.first);
      if (rs.length) { band = { lo: rs[0] + model.first, hi: rs[rs.length - 1] + model.first }; bandColor = 'rgba(123,44,191,0.12)'; }
    }
    signalPy = stemPlot(signalCanvas, {
      height: SIGNAL_H, values: x, first: 0, yMax: X_LIMIT, color: '#2458c6', label: 'x',
      band: active && active.kind === 'row' ? band : null, bandColor, marks: marksX, markColor, dots: true,
    });
    if (model && !model.error) {
      const zMax = Math.max(1, Math.ceil(absMax(model.z) * 2) / 2);
      stemPlot(outputCanvas, {
        height: OUTPUT_H, values: Array.from(model.z), first: model.first, yMax: zMax, color: '#b3261e', label: 'z',
        band: active && active.kind === 'col' ? band : null, bandColor, marks: marksZ, markColor,
      });
    } else {
      prepareCanvas(outputCanvas, plotW, OUTPUT_H);
    }
    const plotLayout = JSON.stringify({ width: plotW, padL: PLOT.padL, padR: PLOT.padR, n });
    signalCanvas.dataset.layout = plotLayout;
    outputCanvas.dataset.layout = plotLayout;
  }

  // ---- text: readout, counters, check ----
  function describe() {
    readout.classList.toggle('col', !!(active && active.kind === 'col'));
    if (!model || model.error) { readout.textContent = ''; return; }
    const m = model.c;
    const tapName = (t) => `w${sub(t - m)}`;
    if (active && active.kind === 'row') {
      const r = active.r, i = r + model.first;
      const terms = [], nums = [];
      for (let j = 0; j < n; j++) {
        const t = model.taps[r * n + j];
        if (t < 0) continue;
        terms.push(`${tapName(t)}·x${sub(j)}`);
        nums.push(`(${cellText(kernel[t], 3)})(${cellText(x[j], 2)})`);
      }
      const dropped = model.L - terms.length;
      readout.replaceChildren(...[
        h('div', {}, h('strong', {}, `Row ${r} of W computes z${sub(i)}`), ` from the window x${sub(i - m)} … x${sub(i - m + model.L - 1)}:`),
        h('div', { class: 'formula' }, `z${sub(i)} = ${terms.join(' + ')}\n    = ${nums.join(' + ')} = ${cellText(model.z[r], 3)}`),
        dropped > 0 ? h('div', { class: 'note' }, `${dropped} tap${dropped > 1 ? 's' : ''} would read past the end of x; the zero border makes ${dropped > 1 ? 'them' : 'it'} 0, so W has no entry there.`) : null,
      ].filter(Boolean));
    } else if (active && active.kind === 'col') {
      const j = active.j, rs = colRows(j);
      const uses = rs.map((r) => `z${sub(r + model.first)} (as ${tapName(model.taps[r * n + j])})`);
      readout.replaceChildren(
        h('div', {}, h('strong', {}, `Column ${j} of W multiplies x${sub(j)}`), '.'),
        h('div', {}, rs.length ? `x${sub(j)} enters ${rs.length} output${rs.length > 1 ? 's' : ''}: ${uses.join(', ')}.` : `No output uses x${sub(j)}: in valid mode the first and last m samples are only seen by windows that do not fit.`));
    } else {
      readout.replaceChildren(h('span', { class: 'note' }, 'Hover an output zᵢ (plot or vector), a row of W, or an entry of x to see which numbers meet. Keyboard: focus the figure and use the arrow keys.'));
    }
  }

  function describeCounts() {
    const { rows, perRow, distinct, L } = model;
    const entries = rows * n;
    const nnz = perRow.reduce((a, b) => a + b, 0);
    const nzTaps = kernel.filter((v) => v !== 0).length;
    const counts = new Map();
    perRow.forEach((k, r) => { if (!counts.has(k)) counts.set(k, []); counts.get(k).push(r); });
    const byCount = [...counts.entries()].sort((a, b) => b[1].length - a[1].length);
    let perRowText;
    if (byCount.length === 1) perRowText = `${byCount[0][0]} in every row`;
    else perRowText = `${byCount[0][0]} in most rows; ${byCount.slice(1).map(([k, rs]) => `${k} in row${rs.length > 1 ? 's' : ''} ${rs.join(', ')}`).join('; ')}`;
    const tapNote = nzTaps < L ? ` (${L - nzTaps} of the ${L} taps are 0)` : ` (= 2m + 1)`;
    const dd = (...c) => h('dd', {}, ...c);
    counters.replaceChildren(
      h('dt', {}, 'total entries'), dd(`${rows} × ${n} = ${entries.toLocaleString('en-US')}`),
      h('dt', {}, 'non-zeros'), dd(`${nnz} (${((100 * nnz) / entries).toFixed(1)} %)`),
      h('dt', {}, 'non-zeros per row'), h('dd', { 'data-testid': 'nnz-per-row' }, perRowText, h('span', { class: 'note' }, byCount.length === 1 ? tapNote : '')),
      h('dt', {}, 'free parameters'), dd(`${L}: w${sub(-(L - 1) / 2)} … w${sub((L - 1) / 2)} `, h('span', { class: 'note' }, `shared by every row (a dense ${rows} × ${n} matrix has ${entries.toLocaleString('en-US')})`)),
      h('dt', {}, 'distinct non-zero values'), h('dd', { 'data-testid': 'distinct' }, String(distinct),
        h('span', { class: 'note' }, distinct < nzTaps ? ' (some taps repeat a value)' : '')),
    );
  }

  function describeCheck() {
    let maxDiff = 0;
    for (let r = 0; r < model.rows; r++) maxDiff = Math.max(maxDiff, Math.abs(model.z[r] - model.zConv[r]));
    const ok = maxDiff <= 1e-5 * Math.max(1, absMax(model.zConv));
    check.replaceChildren(
      h('span', { class: ok ? 'good' : 'error' }, ok ? '✓ W x equals the convolution. ' : '✗ W x differs from the convolution. '),
      h('span', { class: 'note' }, `max |W x − correlate1d(x, w, zero border)${mode === 'valid' ? ' (interior)' : ''}| = ${maxDiff.toExponential(1)}`));
    check.dataset.maxDiff = String(maxDiff);
  }

  // ---- update cycle ----
  function saveHash() {
    const p = new URLSearchParams({ n: String(n), w: cells.join(','), mode });
    p.set('x', signalSource === 'custom' ? x.map(round2).join(',') : signalSource);
    ctx.hash.set(p);
  }

  function render() {
    drawPlots();
    if (model && !model.error) drawMatrix();
    describe();
  }

  function update() {
    model = compute();
    modeValid.setAttribute('aria-pressed', String(mode === 'valid'));
    modeSame.setAttribute('aria-pressed', String(mode === 'same'));
    for (const b of signalBtns) b.setAttribute('aria-pressed', String(b.dataset.signal === signalSource));
    readout.hidden = !!model.error;
    if (model.error) {
      matMsg.error(model.error);
      shapeEl.textContent = 'W: —';
      counters.replaceChildren();
      check.replaceChildren();
      prepareCanvas(matCanvas, 300, 40);
      geo = null;
    } else {
      matMsg.clear();
      if (active && active.kind === 'row' && active.r >= model.rows) active = null;
      shapeEl.textContent = `W is ${model.rows} × ${n}`;
      shapeEl.title = mode === 'valid' ? '(n − 2m) × n' : 'n × n';
      describeCounts();
      describeCheck();
    }
    render();
    saveHash();
  }

  // ---- interaction ----
  function setActive(next) {
    const same = JSON.stringify(next) === JSON.stringify(active);
    active = next;
    if (!same) render();
  }
  // pointermove for mice, pointerdown so a tap selects on touch screens.
  const onMatrixPointer = (ev) => {
    const hit = hitMatrix(eventPoint(matCanvas, ev, geo?.width || 1, geo?.height || 1));
    if (hit) setActive(hit.kind === 'row' ? { kind: 'row', r: hit.r } : { kind: 'col', j: hit.j });
  };
  listen(matCanvas, 'pointermove', onMatrixPointer);
  listen(matCanvas, 'pointerdown', onMatrixPointer);
  listen(matCanvas, 'pointerleave', () => setActive(null));
  listen(matCanvas, 'keydown', (ev) => {
    if (!model || model.error) return;
    const rows = model.rows;
    let next = null;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      const d = ev.key === 'ArrowDown' ? 1 : -1;
      const r = active && active.kind === 'row' ? active.r + d : 0;
      next = { kind: 'row', r: Math.max(0, Math.min(rows - 1, r)) };
    } else if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
      const d = ev.key === 'ArrowRight' ? 1 : -1;
      const j = active && active.kind === 'col' ? active.j + d : 0;
      next = { kind: 'col', j: Math.max(0, Math.min(n - 1, j)) };
    } else if (ev.key === 'Escape') next = null;
    else return;
    ev.preventDefault();
    setActive(next);
  });
  listen(matCanvas, 'blur', () => setActive(null));

  // Output plot: hovering z_i selects row i − first.
  const onOutputPointer = (ev) => {
    if (!model || model.error) return;
    const p = eventPoint(outputCanvas, ev, plotW, OUTPUT_H);
    const r = indexAt(p.x) - model.first;
    setActive(r >= 0 && r < model.rows ? { kind: 'row', r } : null);
  };
  listen(outputCanvas, 'pointermove', onOutputPointer);
  listen(outputCanvas, 'pointerdown', onOutputPointer);
  listen(outputCanvas, 'pointerleave', () => setActive(null));
  listen(outputCanvas, 'keydown', (ev) => {
    if (!model || model.error || !['ArrowLeft', 'ArrowRight'].includes(ev.key)) return;
    ev.preventDefault();
    const d = ev.key === 'ArrowRight' ? 1 : -1;
    const r = active && active.kind === 'row' ? active.r + d : 0;
    setActive({ kind: 'row', r: Math.max(0, Math.min(model.rows - 1, r)) });
  });

  // Signal plot: drag to draw, hover selects column j.
  function setSample(j, yPx) {
    const top = 12, bottom = 28;
    const v = X_LIMIT - ((yPx - top) / (SIGNAL_H - top - bottom)) * 2 * X_LIMIT;
    x[j] = round2(clampX(v));
  }
  listen(signalCanvas, 'pointerdown', (ev) => {
    ev.preventDefault();
    signalCanvas.setPointerCapture(ev.pointerId);
    const p = eventPoint(signalCanvas, ev, plotW, SIGNAL_H);
    const j = indexAt(p.x);
    drag = { pointerId: ev.pointerId, last: j };
    signalSource = 'custom';
    setSample(j, p.y);
    active = { kind: 'col', j };
    update();
  });
  listen(signalCanvas, 'pointermove', (ev) => {
    const p = eventPoint(signalCanvas, ev, plotW, SIGNAL_H);
    const j = indexAt(p.x);
    if (drag && ev.pointerId === drag.pointerId) {
      // Fill every sample the pointer crossed since the last event, so fast strokes leave no gaps.
      const a = Math.min(drag.last, j), b = Math.max(drag.last, j);
      for (let k = a; k <= b; k++) setSample(k, p.y);
      drag.last = j;
      active = { kind: 'col', j };
      update();
    } else setActive({ kind: 'col', j });
  });
  const endDrag = (ev) => { if (drag && ev.pointerId === drag.pointerId) drag = null; };
  listen(signalCanvas, 'pointerup', endDrag);
  listen(signalCanvas, 'pointercancel', endDrag);
  listen(signalCanvas, 'pointerleave', () => { if (!drag) setActive(null); });
  listen(signalCanvas, 'blur', () => { if (!drag) setActive(null); });
  listen(outputCanvas, 'blur', () => setActive(null));
  listen(signalCanvas, 'keydown', (ev) => {
    const hasCol = !!(active && active.kind === 'col');
    const j = hasCol ? active.j : 0;
    if (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight') {
      ev.preventDefault();
      // The first press selects x₀, as on the matrix and the output plot.
      setActive({ kind: 'col', j: hasCol ? Math.max(0, Math.min(n - 1, j + (ev.key === 'ArrowRight' ? 1 : -1))) : 0 });
    } else if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') {
      ev.preventDefault();
      const step = (ev.shiftKey ? 0.5 : 0.1) * (ev.key === 'ArrowUp' ? 1 : -1);
      x[j] = round2(clampX(x[j] + step));
      signalSource = 'custom';
      active = { kind: 'col', j };
      update();
    }
  });

  // Re-lay out when a panel's width changes (the stylesheet arriving, a window resize), but not
  // on our own height changes.
  const widths = new Map();
  let frameId = 0;
  const resize = new ResizeObserver((entries) => {
    let changed = false;
    for (const e of entries) {
      const w = Math.round(e.contentRect.width);
      if (widths.get(e.target) !== w) { widths.set(e.target, w); changed = true; }
    }
    if (!changed) return;
    cancelAnimationFrame(frameId);
    frameId = requestAnimationFrame(render);
  });
  resize.observe(plots);
  resize.observe(matrixPanel);
  cleanup.push(() => { resize.disconnect(); cancelAnimationFrame(frameId); });

  buildTaps();
  readTaps();
  return () => cleanup.forEach((fn) => fn());
}
