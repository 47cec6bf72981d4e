// Station "2D conv = matrix": a small image x, a 3×3 kernel w, and the doubly-block-Toeplitz
// matrix W (conv_matrix_2d in the wasm core) with W · vec(x) = vec(z), vec stacking image rows.
// Output pixel, row of W and the 3×3 window are linked on hover; the page checks on screen that
// reshaping W · vec(x) gives the same numbers as the direct correlation (correlate2d).
import { h, button, select, slider, message } from '../lib/dom.js';
import { makeCanvas, drawLegend, drawGray } from '../lib/canvas.js';
import {
  parseNumber, cellText, prepareCanvas, eventPoint, font, drawCells, frame, veil, brackets, absMax,
  grayColor, inkOn, ROW_COLOR, COL_COLOR,
} from '../lib/matrixview.js';
import { divergingColor } from '../lib/canvas.js';

const SIZE_MIN = 4, SIZE_MAX = 8, SIZE_DEFAULT = 6;
const K = 3; // kernel rows = cols
const MAX_CELL = 40; // px
const MAX_FIG_HEIGHT = 700; // px
const THUMB_W = 300; // px, photo thumbnail width
const PATCH_SCALES = [1, 2, 4, 8, 16, 32]; // photo pixels per image cell (block mean)

/** Kernel presets; the slide's kernel first. */
export const KERNELS = [
  { id: 'slide', label: 'Slide', cells: ['-2', '-1', '0', '-1', '0', '1', '0', '1', '2'] },
  { id: 'sobel-x', label: 'Sobel x', cells: ['-1', '0', '1', '-2', '0', '2', '-1', '0', '1'] },
  { id: 'box', label: 'Box blur', cells: Array(9).fill('1/9') },
  { id: 'laplacian', label: 'Laplacian', cells: ['0', '1', '0', '1', '-4', '1', '0', '1', '0'] },
  { id: 'identity', label: 'Identity', cells: ['0', '0', '0', '0', '1', '0', '0', '0', '0'] },
];

/** Image presets (small integers, so every product can be read off). */
const IMAGES = {
  // Bright lower-right corner: the edge runs across the slide kernel's direction (↘), so it responds.
  edge: { label: 'Diagonal edge', make: (R, C) => grid(R, C, (p, q) => (p + q >= Math.floor((R + C) / 2) ? 1 : 0)) },
  square: {
    label: 'Square',
    make: (R, C) => grid(R, C, (p, q) => (p >= Math.floor(R / 4) && p < R - Math.floor(R / 4) && q >= Math.floor(C / 4) && q < C - Math.floor(C / 4) ? 1 : 0)),
  },
  ramp: { label: 'Ramp', make: (R, C) => grid(R, C, (p, q) => q) },
  random: {
    label: 'Random 0–9',
    make: (R, C, seed = 1) => { const r = rng(seed); return grid(R, C, () => Math.floor(r() * 10)); },
  },
};
function grid(R, C, f) {
  const out = [];
  for (let p = 0; p < R; p++) for (let q = 0; q < C; q++) out.push(f(p, q));
  return out;
}
/** Deterministic pseudo-random numbers (mulberry32). */
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

export function mount(root, ctx) {
  const { wasm, images } = ctx;
  const cleanup = [];
  const listen = (target, type, fn, opts) => { target.addEventListener(type, fn, opts); cleanup.push(() => target.removeEventListener(type, fn, opts)); };
  const css = h('link', { rel: 'stylesheet', href: new URL('./matrix2d.css', import.meta.url).href });
  document.head.append(css);
  cleanup.push(() => css.remove());

  // ---- state (restored from the URL hash) ----
  const params = ctx.hash.get();
  const size = (v) => { const k = Math.round(+v); return k >= SIZE_MIN && k <= SIZE_MAX ? k : SIZE_DEFAULT; };
  let R = size(params.get('r')), C = size(params.get('c'));
  let mode = params.get('mode') === 'same' ? 'same' : 'valid';
  let kcells = KERNELS[0].cells.slice();
  const kHash = (params.get('k') || '').split(',');
  if (kHash.length === K * K && kHash.every((c) => !parseNumber(c).error)) kcells = kHash;
  let kernel = kcells.map((c) => parseNumber(c).value);
  let source = IMAGES[params.get('src')] || params.get('src') === 'photo' ? params.get('src') : 'edge';
  let seed = 1;
  let patch = { cx: +params.get('px') || null, cy: +params.get('py') || null, scale: PATCH_SCALES.includes(+params.get('s')) ? +params.get('s') : 16 };
  let xText = null; // the typed text of each image cell (custom images keep what was typed)
  let x = [];
  if (params.get('src') === 'custom') {
    const vals = (params.get('x') || '').split(',');
    if (vals.length === R * C && vals.every((v) => !parseNumber(v).error)) { source = 'custom'; xText = vals; }
  }
  let model = null;
  let active = null; // {kind: 'row', r, tap?} | {kind: 'col', j} | null

  // ---- layout ----
  const title = h('h2', {}, '2D convolution is a matrix multiplication too');
  const lede = h('p', { class: 'lede' },
    'Flatten the image row by row, ', h('strong', {}, 'vec(x) = [x₀,₀, x₀,₁, …, x₀,C−1, x₁,₀, …]'),
    ' (row-major, like numpy’s ravel), and every output pixel is one row of a matrix W times vec(x). W repeats one banded block per kernel row, and those blocks repeat down its block diagonals: a doubly block Toeplitz matrix. ',
    '(The lecture calls this convolution; it is correlation, as the kernel is not flipped.)');

  // Image controls.
  const srcBtns = [...Object.entries(IMAGES).map(([id, s]) => [id, s.label]), ['photo', 'Patch of the photo']].map(([id, label]) => {
    const b = button(label, () => {
      if (id === 'random' && source === 'random') seed++;
      source = id;
      loadSource();
      update();
    });
    b.setAttribute('data-source', id);
    return b;
  });
  const rowsSlider = slider({ label: 'Rows', min: SIZE_MIN, max: SIZE_MAX, step: 1, value: R, format: (v) => `${v}`, onInput: (v) => resize(v, C) });
  const colsSlider = slider({ label: 'Columns', min: SIZE_MIN, max: SIZE_MAX, step: 1, value: C, format: (v) => `${v}`, onInput: (v) => resize(R, v) });
  rowsSlider.input.setAttribute('data-testid', 'rows-slider');
  colsSlider.input.setAttribute('data-testid', 'cols-slider');

  // Photo patch picker.
  const sampleSel = select({
    label: 'Photo',
    options: [...images.samples.map((s) => ({ value: s.id, label: s.title })), { value: '', label: '(your own image)' }],
    value: images.current()?.sampleId || '',
    onChange: async (id) => { if (!id) return; try { photoMsg.clear(); await images.select(id); } catch (e) { photoMsg.error(e.message); } },
  });
  const scaleSel = select({
    label: 'Cell =',
    options: PATCH_SCALES.map((s) => ({ value: String(s), label: `${s} × ${s} px` })),
    value: String(patch.scale),
    onChange: (v) => { patch.scale = +v; loadSource(); update(); },
  });
  const thumb = makeCanvas(THUMB_W, 200, { label: 'The current photo: click or drag to choose the patch; arrow keys move it', cls: 'm2d-thumb' });
  thumb.tabIndex = 0;
  const photoMsgEl = h('div', {});
  const photoMsg = message(photoMsgEl);
  const photoBox = h('div', { class: 'm2d-photo', hidden: true }, sampleSel.el, scaleSel.el, thumb,
    h('div', { class: 'note' }, 'Click or drag to move the patch (yellow box); arrow keys too. Grey levels 0…1.'), photoMsgEl);

  // Image table (editable), kernel inputs, output table.
  const imageTable = h('table', { class: 'm2d-grid m2d-image', 'data-testid': 'image-table' });
  const imageMsgEl = h('div', { 'data-testid': 'image-message' });
  const imageMsg = message(imageMsgEl);
  const kernelInputs = kcells.map((text, i) => h('input', {
    type: 'text', inputmode: 'decimal', value: text, autocomplete: 'off', spellcheck: 'false', class: 'm2d-kcell',
    'data-cell': i, 'aria-label': `Kernel row ${Math.floor(i / K) + 1}, column ${(i % K) + 1}`,
  }));
  const kernelGrid = h('div', { class: 'm2d-kgrid', role: 'group', 'aria-label': '3 by 3 kernel' }, kernelInputs);
  const kernelMsgEl = h('div', { 'data-testid': 'kernel-message' });
  const kernelMsg = message(kernelMsgEl);
  const kernelBtns = KERNELS.map((k) => {
    const b = button(k.label, () => { kcells = k.cells.slice(); kernelInputs.forEach((inp, i) => { inp.value = kcells[i]; }); readKernel(); });
    b.setAttribute('data-kernel', k.id);
    return b;
  });
  const outTable = h('table', { class: 'm2d-grid m2d-out', 'data-testid': 'output-table' });
  const outCaption = h('figcaption', { 'data-testid': 'output-caption' });

  const modeValid = button('valid', () => setMode('valid'));
  const modeSame = button('same (zero border)', () => setMode('same'));
  modeValid.setAttribute('data-mode', 'valid');
  modeSame.setAttribute('data-mode', 'same');
  const modeGroup = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Boundary' }, modeValid, modeSame);

  const equation = h('div', { class: 'm2d-equation' },
    photoBox,
    h('figure', { class: 'figure' }, h('div', { class: 'm2d-title' }, 'image x'), imageTable, h('figcaption', {}, 'type to edit a pixel'), imageMsgEl),
    h('div', { class: 'm2d-op' }, '⋆'),
    h('figure', { class: 'figure' }, h('div', { class: 'm2d-title' }, 'kernel w'), kernelGrid, kernelMsgEl, h('div', { class: 'm2d-presets' }, kernelBtns)),
    h('div', { class: 'm2d-op' }, '='),
    h('figure', { class: 'figure' }, h('div', { class: 'm2d-title' }, 'output z'), outTable, outCaption));

  const controls = h('div', { class: 'panel m2d-controls' },
    h('div', { class: 'm2d-bar' },
      h('div', { class: 'm2d-group' }, h('h3', {}, 'Image x'), h('div', { class: 'm2d-presets' }, srcBtns)),
      h('div', { class: 'm2d-group' }, rowsSlider.el, colsSlider.el),
      h('div', { class: 'm2d-group' }, h('h3', {}, 'Boundary'), modeGroup)),
    equation);

  const check = h('div', { class: 'm2d-check', 'data-testid': 'check', 'aria-live': 'polite' });
  const readout = h('div', { class: 'm2d-readout', 'data-testid': 'readout', 'aria-live': 'polite' });
  const matCanvas = h('canvas', { tabindex: '0', 'data-testid': 'matrix-canvas', 'aria-label': 'W times vec(x) equals vec(z): hover or use the arrow keys to follow a row or a column' });
  const figure = h('figure', { class: 'figure m2d-figure', 'data-testid': 'matrix-figure' }, matCanvas);
  const shapeEl = h('div', { class: 'm2d-shape', 'data-testid': 'w-shape' });
  const legend = makeCanvas(480, 88, { label: 'Colour scale of W', cls: 'm2d-legend' });
  const counters = h('dl', { class: 'm2d-counters', 'data-testid': 'counters' });
  const matMsgEl = h('div', { 'data-testid': 'matrix-message' });
  const matMsg = message(matMsgEl);
  const matrixPanel = h('div', { class: 'panel m2d-matrix' },
    h('h3', {}, 'As a matrix: W · vec(x) = vec(z)'),
    h('p', { class: 'note m2d-order' }, 'Vectorisation order: row-major. Pixel (p, q) of the image is entry p·C + q of vec(x), so it multiplies column p·C + q of W; output pixel k of vec(z) is read back the same way. vec(x)ᵀ is drawn across the top so each column of W sits under its pixel.'),
    check, readout, matMsgEl, figure,
    h('div', { class: 'm2d-under' },
      h('div', {}, shapeEl, legend, h('div', { class: 'note' }, 'colour of W’s entries; faint grey = exactly 0')),
      counters));

  root.append(title, lede, controls, matrixPanel);

  // ---- image source ----
  function loadSource() {
    if (source === 'photo') { xText = samplePatch(); } else if (IMAGES[source]) {
      xText = IMAGES[source].make(R, C, seed).map(String);
    }
    photoBox.hidden = source !== 'photo';
  }
  function resize(r, c) {
    const old = xText, oldC = C;
    R = r; C = c;
    if (source === 'custom') {
      // Keep the top-left part of what was typed, pad with zeros.
      xText = grid(R, C, (p, q) => (q < oldC && old[p * oldC + q] !== undefined ? old[p * oldC + q] : '0'));
    } else loadSource();
    active = null;
    update();
  }
  function setMode(v) { mode = v; active = null; update(); }

  /** The block-mean grey levels of an R × C patch of the photo, 2 decimals (what is shown is what is used). */
  function samplePatch() {
    const gray = images.gray();
    if (!gray) { photoMsg.error('The photo is still loading; try again in a moment.'); return grid(R, C, () => '0'); }
    const { width, height, data } = gray;
    const s = Math.max(1, Math.min(patch.scale, Math.floor(width / C), Math.floor(height / R)));
    const pw = C * s, ph = R * s;
    if (patch.cx === null || !Number.isFinite(patch.cx)) { patch.cx = width / 2; patch.cy = height / 2; }
    const x0 = Math.round(Math.max(0, Math.min(width - pw, patch.cx - pw / 2)));
    const y0 = Math.round(Math.max(0, Math.min(height - ph, patch.cy - ph / 2)));
    patch.box = { x0, y0, pw, ph, s };
    return grid(R, C, (p, q) => {
      let sum = 0;
      for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) sum += data[(y0 + p * s + dy) * width + x0 + q * s + dx];
      return (sum / (s * s)).toFixed(2);
    });
  }
  function drawThumb() {
    const img = images.current();
    if (!img || source !== 'photo') return;
    const gray = images.gray();
    const tw = THUMB_W, th = Math.max(1, Math.round((THUMB_W * img.height) / img.width));
    // Downsample by sampling (the thumbnail is only for pointing).
    const small = new Float32Array(tw * th);
    for (let y = 0; y < th; y++) for (let xx = 0; xx < tw; xx++) {
      small[y * tw + xx] = gray.data[Math.floor((y * img.height) / th) * img.width + Math.floor((xx * img.width) / tw)];
    }
    drawGray(thumb, small, tw, th, { min: 0, max: 1 });
    if (patch.box) {
      const g = thumb.getContext('2d');
      const k = tw / img.width;
      const { x0, y0, pw, ph } = patch.box;
      g.lineWidth = 3; g.strokeStyle = '#ffd000';
      g.strokeRect(x0 * k - 1.5, y0 * k - 1.5, Math.max(3, pw * k) + 3, Math.max(3, ph * k) + 3);
      g.lineWidth = 1; g.strokeStyle = '#000';
      g.strokeRect(x0 * k - 3.5, y0 * k - 3.5, Math.max(3, pw * k) + 7, Math.max(3, ph * k) + 7);
    }
  }
  let thumbDrag = false;
  function movePatch(ev) {
    const img = images.current();
    if (!img) return;
    const r = thumb.getBoundingClientRect();
    patch.cx = ((ev.clientX - r.left) / r.width) * img.width;
    patch.cy = ((ev.clientY - r.top) / r.height) * img.height;
    loadSource();
    update();
  }
  listen(thumb, 'pointerdown', (ev) => { thumbDrag = true; thumb.setPointerCapture(ev.pointerId); movePatch(ev); });
  listen(thumb, 'pointermove', (ev) => { if (thumbDrag) movePatch(ev); });
  listen(thumb, 'pointerup', () => { thumbDrag = false; });
  listen(thumb, 'pointercancel', () => { thumbDrag = false; });
  listen(thumb, 'keydown', (ev) => {
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[ev.key];
    if (!step || !patch.box) return;
    ev.preventDefault();
    patch.cx += step[0] * patch.box.s * (ev.shiftKey ? C : 1);
    patch.cy += step[1] * patch.box.s * (ev.shiftKey ? R : 1);
    loadSource();
    update();
  });
  cleanup.push(images.subscribe(() => {
    sampleSel.set(images.current()?.sampleId || '');
    if (source === 'photo') { patch.cx = null; loadSource(); update(); }
  }));

  // ---- tables ----
  let imageInputs = [];
  let outCells = [];
  function buildImageTable() {
    imageInputs = [];
    const rowsEls = [];
    for (let p = 0; p < R; p++) {
      const tds = [];
      for (let q = 0; q < C; q++) {
        const j = p * C + q;
        const inp = h('input', {
          type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', value: xText[j],
          'data-pixel': j, 'aria-label': `Image pixel row ${p}, column ${q} (entry ${j} of vec(x))`,
        });
        inp.addEventListener('input', readImage);
        inp.addEventListener('focus', () => setActive({ kind: 'col', j }));
        inp.addEventListener('pointerenter', () => setActive({ kind: 'col', j }));
        imageInputs.push(inp);
        tds.push(h('td', {}, inp));
      }
      rowsEls.push(h('tr', {}, tds));
    }
    imageTable.replaceChildren(h('tbody', {}, rowsEls));
  }
  function readImage() {
    xText = imageInputs.map((i) => i.value);
    source = 'custom';
    const bad = [];
    const vals = xText.map((t, j) => {
      const p = parseNumber(t);
      imageInputs[j].setAttribute('aria-invalid', p.error ? 'true' : 'false');
      if (p.error) bad.push(`Pixel (${Math.floor(j / C)}, ${j % C}) ${p.error}`);
      return p.value;
    });
    if (bad.length) { imageMsg.error(`${bad[0]}. W · vec(x) keeps the last valid image.`); return; }
    imageMsg.clear();
    x = vals;
    update({ keepImageTable: true });
  }
  function readKernel() {
    kcells = kernelInputs.map((i) => i.value);
    const bad = [];
    const vals = kcells.map((t, i) => {
      const p = parseNumber(t);
      kernelInputs[i].setAttribute('aria-invalid', p.error ? 'true' : 'false');
      if (p.error) bad.push(`Kernel cell (${Math.floor(i / K) + 1}, ${(i % K) + 1}) ${p.error}`);
      return p.value;
    });
    if (bad.length) { kernelMsg.error(`${bad[0]}. W keeps the last valid kernel.`); return; }
    kernelMsg.clear();
    kernel = vals;
    update({ keepImageTable: true });
  }
  kernelInputs.forEach((inp) => listen(inp, 'input', readKernel));

  // ---- model ----
  function compute() {
    const kf = Float32Array.from(kernel), xf = Float32Array.from(x);
    try {
      const W = wasm.conv_matrix_2d(R, C, kf, K, K, mode);
      const N = R * C, M = W.length / N;
      const taps = wasm.conv_matrix_2d_taps(R, C, K, K, mode);
      const z = wasm.matvec(W, M, N, xf);
      const full = wasm.correlate2d(xf, R, C, kf, K, K, 'constant');
      const [OR, OC, a0, b0] = mode === 'valid' ? [R - K + 1, C - K + 1, 1, 1] : [R, C, 0, 0];
      const zConv = new Float32Array(M);
      for (let a = 0; a < OR; a++) for (let b = 0; b < OC; b++) zConv[a * OC + b] = full[(a + a0) * C + b + b0];
      const perRow = wasm.nonzeros_per_row(W, M, N);
      const distinct = wasm.distinct_nonzero_values(W);
      return { W, N, M, OR, OC, a0, b0, taps, z, zConv, perRow, distinct, error: null };
    } catch (e) {
      return { error: e.message };
    }
  }
  /** Input pixels (vec indices) in row r's window, and the kernel cell each one meets. */
  const rowEntries = (r) => {
    const out = [];
    for (let j = 0; j < model.N; j++) { const t = model.taps[r * model.N + j]; if (t >= 0) out.push({ j, t }); }
    return out;
  };
  const colRows = (j) => {
    const out = [];
    for (let r = 0; r < model.M; r++) if (model.taps[r * model.N + j] >= 0) out.push(r);
    return out;
  };
  /** Output pixel (a, b) in image coordinates for row r. */
  const outPixel = (r) => [Math.floor(r / model.OC) + model.a0, (r % model.OC) + model.b0];

  // ---- tables: colours and highlights ----
  let xLo = 0, xHi = 1;
  function paintTables() {
    xLo = Math.min(0, ...x); xHi = Math.max(1, ...x);
    const win = new Set(), winTap = new Map();
    let hotRows = new Set();
    if (active && active.kind === 'row') {
      for (const { j, t } of rowEntries(active.r)) { win.add(j); winTap.set(j, t); }
      hotRows = new Set([active.r]);
    } else if (active && active.kind === 'col') hotRows = new Set(colRows(active.j));
    imageInputs.forEach((inp, j) => {
      const rgb = grayColor(x[j] ?? 0, xLo, xHi);
      inp.style.background = `rgb(${rgb})`;
      inp.style.color = inkOn(rgb);
      const td = inp.parentElement;
      td.classList.toggle('in-window', win.has(j));
      td.classList.toggle('hot-col', !!(active && active.kind === 'col' && active.j === j));
      td.classList.toggle('tap-cell', !!(active && active.kind === 'row' && active.j === j));
    });
    kernelInputs.forEach((inp, t) => inp.classList.toggle('hot-tap', !!(active && active.kind === 'row' && active.tap === t)));
    outCells.forEach((td, r) => {
      td.classList.toggle('hot-row', active?.kind === 'row' && active.r === r);
      td.classList.toggle('uses-col', active?.kind === 'col' && hotRows.has(r));
    });
  }
  function buildOutTable() {
    if (!model || model.error) { outTable.replaceChildren(); outCells = []; outCaption.textContent = ''; return; }
    const zMax = absMax(model.z);
    outCells = [];
    const rowsEls = [];
    for (let a = 0; a < model.OR; a++) {
      const tds = [];
      for (let b = 0; b < model.OC; b++) {
        const r = a * model.OC + b;
        const v = model.z[r];
        const rgb = divergingColor(v / zMax);
        const td = h('td', {
          tabindex: '0', 'data-row': r, style: { background: `rgb(${rgb})`, color: inkOn(rgb) },
          'aria-label': `Output pixel (${a + model.a0}, ${b + model.b0}) = ${cellText(v, 3)}; row ${r} of W`,
        }, cellText(v, 2));
        td.addEventListener('pointerenter', () => setActive({ kind: 'row', r }));
        td.addEventListener('focus', () => setActive({ kind: 'row', r }));
        outCells.push(td);
        tds.push(td);
      }
      rowsEls.push(h('tr', {}, tds));
    }
    outTable.replaceChildren(h('tbody', {}, rowsEls));
    outCaption.textContent = mode === 'valid'
      ? `${model.OR} × ${model.OC}: only windows inside the image`
      : `${model.OR} × ${model.OC}: zeros outside the image`;
  }

  // ---- W figure ----
  let geo = null;
  function layout(width) {
    const { M, N } = model;
    const left = 86, gapTop = 16, eqW = 40, labelW = 56, right = 6, top = 34; // px; top leaves room for the "image row p" labels
    const vw = (c) => Math.max(c, 54);
    const total = (c) => left + N * c + eqW + vw(c) + labelW + right;
    const tall = (c) => top + c + gapTop + M * c + 10;
    let cell = MAX_CELL;
    while (cell > 5 && (total(cell) > width || tall(cell) > MAX_FIG_HEIGHT)) cell--;
    const Wx = left, stripY = top, Wy = top + cell + gapTop;
    const zX = Wx + N * cell + eqW, zY = Wy;
    return { cell, vw: vw(cell), Wx, Wy, stripY, zX, zY, width: Math.ceil(zX + vw(cell) + labelW + right), height: Math.ceil(Wy + M * cell + 10) };
  }

  function drawMatrix() {
    const avail = Math.max(360, figure.parentElement.clientWidth - 10);
    geo = layout(Math.min(avail, 1400));
    const { cell, vw, Wx, Wy, stripY, zX, zY } = geo;
    const { M, N, W } = model;
    const g = prepareCanvas(matCanvas, geo.width, geo.height);
    const wMax = absMax(kernel), zMax = absMax(model.z);
    // Labels.
    g.fillStyle = '#1d2330';
    g.font = font(18, 'bold');
    g.textAlign = 'right'; g.textBaseline = 'middle';
    g.fillText('vec(x)ᵀ', Wx - 10, stripY + cell / 2);
    g.fillText('W', Wx - 10, Wy + (M * cell) / 2);
    g.font = font(15);
    g.fillText(`${M} × ${N}`, Wx - 10, Wy + (M * cell) / 2 + 22);
    g.textAlign = 'center'; g.textBaseline = 'alphabetic';
    g.font = font(18, 'bold');
    g.fillText('vec(z)', zX + vw / 2, Wy - 8);
    // Image-row labels over each block of C columns.
    g.font = font(Math.min(15, Math.max(11, cell * 0.6)));
    g.fillStyle = '#5b6475';
    for (let p = 0; p < R; p++) {
      // The longest label that fits over its block of C columns.
      const label = [`image row ${p}`, `row ${p}`, `${p}`].find((t) => g.measureText(t).width <= C * cell - 6) ?? `${p}`;
      g.fillText(label, Wx + (p + 0.5) * C * cell, stripY - 10);
    }
    // vec(x) strip, W, vec(z).
    drawCells(g, { x: Wx, y: stripY, rows: 1, cols: N, cw: cell, ch: cell, value: (_, j) => x[j], color: (v) => grayColor(v, xLo, xHi), minFont: 12 });
    drawCells(g, { x: Wx, y: Wy, rows: M, cols: N, cw: cell, ch: cell, value: (r, j) => W[r * N + j], max: wMax, minFont: 10 });
    drawCells(g, { x: zX, y: zY, rows: M, cols: 1, cw: vw, ch: cell, value: (r) => model.z[r], max: zMax, minFont: 10 });
    brackets(g, Wx, Wy, N * cell, M * cell);
    brackets(g, zX, zY, vw, M * cell);
    // Block structure: one block column per image row, one block row per output row.
    g.save();
    g.strokeStyle = 'rgba(29,35,48,0.55)';
    g.lineWidth = 1.5;
    g.setLineDash([4, 3]);
    for (let p = 1; p < R; p++) {
      const X = Wx + p * C * cell;
      g.beginPath(); g.moveTo(X, stripY - 4); g.lineTo(X, stripY + cell + 2); g.moveTo(X, Wy - 2); g.lineTo(X, Wy + M * cell + 2); g.stroke();
    }
    for (let a = 1; a < model.OR; a++) {
      const Y = Wy + a * model.OC * cell;
      g.beginPath(); g.moveTo(Wx - 2, Y); g.lineTo(Wx + N * cell + 2, Y); g.stroke();
    }
    g.restore();
    // "=" and output labels.
    g.font = font(28, 'bold'); g.fillStyle = '#1d2330'; g.textAlign = 'center'; g.textBaseline = 'middle';
    g.fillText('=', zX - 22, Wy + (M * cell) / 2);
    const every = cell >= 16 ? 1 : cell >= 8 ? model.OC : 2 * model.OC;
    g.font = font(Math.min(14, Math.max(10, cell * 0.55)));
    g.fillStyle = '#5b6475'; g.textAlign = 'left';
    for (let r = 0; r < M; r += every) { const [a, b] = outPixel(r); g.fillText(`(${a},${b})`, zX + vw + 8, zY + (r + 0.5) * cell); }
    // Highlights.
    if (active && active.kind === 'row') {
      const r = active.r, ents = rowEntries(r);
      veil(g, Wx, Wy, N * cell, r * cell, 0.55);
      veil(g, Wx, Wy + (r + 1) * cell, N * cell, (M - r - 1) * cell, 0.55);
      veil(g, zX, zY, vw, r * cell, 0.55);
      veil(g, zX, zY + (r + 1) * cell, vw, (M - r - 1) * cell, 0.55);
      const inWin = new Set(ents.map((e) => e.j));
      for (let j = 0; j < N; j++) if (!inWin.has(j)) veil(g, Wx + j * cell, stripY, cell, cell, 0.7);
      // One frame per run of consecutive window columns: one run per image row (the blocks).
      for (const [lo, hi] of runs(ents.map((e) => e.j))) {
        frame(g, Wx + lo * cell, stripY, (hi - lo + 1) * cell, cell, ROW_COLOR, 3);
        frame(g, Wx + lo * cell, Wy + r * cell, (hi - lo + 1) * cell, cell, ROW_COLOR, 2);
      }
      frame(g, Wx, Wy + r * cell, N * cell, cell, ROW_COLOR, 4);
      frame(g, zX, zY + r * cell, vw, cell, ROW_COLOR, 4);
      if (active.j !== undefined) frame(g, Wx + active.j * cell, Wy + r * cell, cell, cell, '#111', 2);
    } else if (active && active.kind === 'col') {
      const j = active.j, rs = new Set(colRows(j));
      veil(g, Wx, Wy, j * cell, M * cell, 0.55);
      veil(g, Wx + (j + 1) * cell, Wy, (N - j - 1) * cell, M * cell, 0.55);
      for (let r = 0; r < M; r++) if (!rs.has(r)) veil(g, zX, zY + r * cell, vw, cell, 0.55);
      frame(g, Wx + j * cell, stripY, cell, cell, COL_COLOR, 4);
      frame(g, Wx + j * cell, Wy, cell, M * cell, COL_COLOR, 3);
      for (const [lo, hi] of runs([...rs])) frame(g, zX, zY + lo * cell, vw, (hi - lo + 1) * cell, COL_COLOR, 3);
    }
    matCanvas.dataset.layout = JSON.stringify({ cell, vw, Wx, Wy, stripY, zX, zY, rows: M, cols: N, width: geo.width, height: geo.height });
    figure.dataset.activeRow = active && active.kind === 'row' ? String(active.r) : '';
    figure.dataset.activeCol = active && active.kind === 'col' ? String(active.j) : '';
    drawLegend(legend, -wMax, wMax, { diverging: true });
  }
  /** Sorted integers → [[lo, hi], …] runs of consecutive values. */
  function runs(list) {
    const s = [...list].sort((a, b) => a - b), out = [];
    for (const v of s) { if (out.length && out[out.length - 1][1] === v - 1) out[out.length - 1][1] = v; else out.push([v, v]); }
    return out;
  }
  function hitMatrix(p) {
    if (!geo || !model || model.error) return null;
    const { cell, vw, Wx, Wy, stripY, zX, zY } = geo;
    const j = Math.floor((p.x - Wx) / cell), r = Math.floor((p.y - Wy) / cell);
    if (p.x >= Wx && j < model.N && p.y >= stripY && p.y < stripY + cell) return { kind: 'col', j };
    if (p.x >= Wx && j < model.N && p.y >= Wy && r < model.M) {
      const t = model.taps[r * model.N + j];
      return t >= 0 ? { kind: 'row', r, j, tap: t } : { kind: 'row', r };
    }
    const rz = Math.floor((p.y - zY) / cell);
    if (p.x >= zX && p.x < zX + vw + 50 && p.y >= zY && rz < model.M) return { kind: 'row', r: rz };
    return null;
  }

  // ---- text ----
  function describe() {
    readout.classList.toggle('col', active?.kind === 'col');
    if (!model || model.error) { readout.replaceChildren(); return; }
    if (active && active.kind === 'row') {
      const r = active.r, [a, b] = outPixel(r), ents = rowEntries(r);
      const terms = ents.map(({ j, t }) => `(${cellText(kernel[t], 3)})(${cellText(x[j], 2)})`);
      const cols = runs(ents.map((e) => e.j)).map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}–${hi}`));
      const parts = [
        h('div', {}, h('strong', {}, `Row ${r} of W = output pixel (${a}, ${b})`),
          `: its non-zeros sit in columns ${cols.join(', ')} of W, the 3×3 window around pixel (${a}, ${b}), one run of 3 per image row.`),
        h('div', { class: 'formula' }, `z(${a},${b}) = ${terms.join(' + ')} = ${cellText(model.z[r], 3)}`),
      ];
      if (active.tap !== undefined) {
        const u = Math.floor(active.tap / K), v = active.tap % K;
        parts.push(h('div', { class: 'note' }, `Entry W[${r}, ${active.j}] = ${cellText(kernel[active.tap], 3)} is kernel cell (row ${u + 1}, column ${v + 1}), meeting pixel (${Math.floor(active.j / C)}, ${active.j % C}).`));
      }
      if (ents.length < K * K) parts.push(h('div', { class: 'note' }, `${K * K - ents.length} of the 9 window cells lie outside the image: the zero border drops them from W.`));
      readout.replaceChildren(...parts);
    } else if (active && active.kind === 'col') {
      const j = active.j, p = Math.floor(j / C), q = j % C, rs = colRows(j);
      readout.replaceChildren(
        h('div', {}, h('strong', {}, `Column ${j} of W multiplies pixel (${p}, ${q})`), ` = ${cellText(x[j], 3)} (row-major: ${p}·${C} + ${q} = ${j}).`),
        h('div', {}, rs.length
          ? `It enters ${rs.length} output pixel${rs.length > 1 ? 's' : ''}: ${rs.map((r) => `(${outPixel(r).join(',')})`).join(', ')}, each time through a different kernel cell.`
          : 'No output uses it: in valid mode the border pixels are only seen by windows that do not fit.'));
    } else {
      readout.replaceChildren(h('span', { class: 'note' }, 'Hover an output pixel, a row of W or an entry of vec(x); or focus the figure and use the arrow keys (↑/↓ rows, ←/→ columns).'));
    }
  }
  function describeCounts() {
    const { M, N, perRow, distinct } = model;
    const entries = M * N, nnz = perRow.reduce((s, v) => s + v, 0);
    const nzTaps = kernel.filter((v) => v !== 0).length;
    const counts = new Map();
    perRow.forEach((k) => counts.set(k, (counts.get(k) || 0) + 1));
    const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const perRowText = byCount.length === 1
      ? `${byCount[0][0]} in every row`
      : byCount.map(([k, nrows]) => `${k} in ${nrows} row${nrows > 1 ? 's' : ''}`).join(', ');
    const note = nzTaps < K * K ? ` (${K * K - nzTaps} of the 9 kernel cells are 0)` : '';
    counters.replaceChildren(
      h('dt', {}, 'total entries'), h('dd', {}, `${M} × ${N} = ${entries.toLocaleString('en-US')}`),
      h('dt', {}, 'non-zeros'), h('dd', {}, `${nnz} (${((100 * nnz) / entries).toFixed(1)} %)`),
      h('dt', {}, 'non-zeros per row'), h('dd', { 'data-testid': 'nnz-per-row' }, perRowText, h('span', { class: 'note' }, note)),
      h('dt', {}, 'free parameters'), h('dd', {}, '9 (the kernel) ', h('span', { class: 'note' }, `vs ${entries.toLocaleString('en-US')} for a dense ${M} × ${N} layer`)),
      h('dt', {}, 'distinct non-zero values'), h('dd', { 'data-testid': 'distinct' }, String(distinct)),
    );
  }
  function describeCheck() {
    let maxDiff = 0;
    for (let r = 0; r < model.M; r++) maxDiff = Math.max(maxDiff, Math.abs(model.z[r] - model.zConv[r]));
    const ok = maxDiff <= 1e-5 * Math.max(1, absMax(model.zConv));
    const crop = mode === 'valid' ? `[1:${R - 1}, 1:${C - 1}]` : '';
    check.dataset.maxDiff = String(maxDiff);
    check.dataset.agree = String(ok);
    check.replaceChildren(
      h('span', { class: ok ? 'good m2d-verdict' : 'error m2d-verdict' }, ok ? '✓ Same numbers. ' : '✗ Different numbers! '),
      `Reshaping W · vec(x) (${model.M} values) into ${model.OR} × ${model.OC} gives the direct convolution correlate2d(x, w, border "constant")${crop} computed by the wasm core: max |difference| = ${maxDiff.toExponential(1)}.`);
  }

  // ---- update cycle ----
  function saveHash() {
    const p = new URLSearchParams({ r: String(R), c: String(C), mode, k: kcells.join(','), src: source });
    if (source === 'custom') p.set('x', xText.join(','));
    if (source === 'photo' && patch.cx !== null) { p.set('px', String(Math.round(patch.cx))); p.set('py', String(Math.round(patch.cy))); p.set('s', String(patch.scale)); }
    // The patch position only means something on the same photo: keep it in the address too.
    if (source === 'photo' && images.current()?.sampleId) p.set('img', images.current().sampleId);
    ctx.hash.set(p);
  }
  function render() {
    paintTables();
    if (model && !model.error) drawMatrix();
    describe();
  }
  function update({ keepImageTable = false } = {}) {
    if (!keepImageTable) {
      x = xText.map((t) => parseNumber(t).value ?? 0);
      buildImageTable();
      imageMsg.clear();
    }
    rowsSlider.set(R); colsSlider.set(C);
    model = compute();
    modeValid.setAttribute('aria-pressed', String(mode === 'valid'));
    modeSame.setAttribute('aria-pressed', String(mode === 'same'));
    for (const b of srcBtns) b.setAttribute('aria-pressed', String(b.dataset.source === source));
    if (model.error) {
      matMsg.error(model.error);
      shapeEl.textContent = 'W: —';
      counters.replaceChildren(); check.replaceChildren();
      prepareCanvas(matCanvas, 300, 40);
      geo = null;
    } else {
      matMsg.clear();
      if (active && ((active.kind === 'row' && active.r >= model.M) || (active.kind === 'col' && active.j >= model.N))) active = null;
      shapeEl.textContent = `W is ${model.M} × ${model.N}`;
      describeCounts();
      describeCheck();
    }
    buildOutTable();
    drawThumb();
    render();
    saveHash();
  }
  function setActive(next) {
    const same = JSON.stringify(next) === JSON.stringify(active);
    active = next;
    if (!same) render();
  }

  // ---- interaction on W ----
  // pointermove for mice, pointerdown so a tap selects on touch screens.
  const onMatrixPointer = (ev) => { const hit = hitMatrix(eventPoint(matCanvas, ev, geo?.width || 1, geo?.height || 1)); if (hit) setActive(hit); };
  listen(matCanvas, 'pointermove', onMatrixPointer);
  listen(matCanvas, 'pointerdown', onMatrixPointer);
  listen(matCanvas, 'pointerleave', () => setActive(null));
  listen(matCanvas, 'blur', () => setActive(null));
  listen(matCanvas, 'keydown', (ev) => {
    if (!model || model.error) return;
    let next;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      const r = active?.kind === 'row' ? active.r + (ev.key === 'ArrowDown' ? 1 : -1) : 0;
      next = { kind: 'row', r: Math.max(0, Math.min(model.M - 1, r)) };
    } else if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
      const j = active?.kind === 'col' ? active.j + (ev.key === 'ArrowRight' ? 1 : -1) : 0;
      next = { kind: 'col', j: Math.max(0, Math.min(model.N - 1, j)) };
    } else if (ev.key === 'Escape') next = null;
    else return;
    ev.preventDefault();
    setActive(next);
  });
  listen(outTable, 'pointerleave', () => setActive(null));
  listen(imageTable, 'pointerleave', () => { if (!imageTable.contains(document.activeElement)) setActive(null); });

  // Re-lay out when the panel width changes (stylesheet arriving, window resize).
  let lastWidth = 0, frameId = 0;
  const ro = new ResizeObserver((entries) => {
    const w = Math.round(entries[0].contentRect.width);
    if (w === lastWidth) return;
    lastWidth = w;
    cancelAnimationFrame(frameId);
    frameId = requestAnimationFrame(render);
  });
  ro.observe(matrixPanel);
  cleanup.push(() => { ro.disconnect(); cancelAnimationFrame(frameId); });

  if (!xText) loadSource();
  photoBox.hidden = source !== 'photo';
  update();
  return () => cleanup.forEach((fn) => fn());
}
