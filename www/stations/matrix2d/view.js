// Station "2D conv = matrix": a small image x, a 3×3 kernel w, and the doubly-block-Toeplitz
// matrix W (conv_matrix_2d in the wasm core) with W · vec(x) = vec(z), vec stacking image rows.
// Output pixel, row of W and the 3×3 window are linked on hover; the page checks on screen that
// reshaping W · vec(x) gives the same numbers as the direct correlation (correlate2d).
import { station } from '../../lib/station.js';
import { h, button, slider, message } from '../../lib/dom.js';
import { makeCanvas } from '../../lib/canvas.js';
import { segmented } from '../../lib/controls.js';
import { absMax, font, grayColor, parseNumber } from '../../lib/matrixview.js';
import { linkedMatrix } from '../../lib/linked-matrix.js';
import { sameSelection, keepSelection } from '../../lib/matrix-links.js';
import {
  STATE, SIZE_MIN, SIZE_MAX, K, KERNELS, IMAGES, initialState, toState, resizeCells, patchFromGray, readCells, grid,
  outPixel, readout, perRowText,
} from './model.js';
import { buildImageTable, buildOutTable, paintTables, grayRange } from './tables.js';
import { photoChooser } from './photo.js';
import { computeMatrix, describeCounts, describeCheck } from './counts.js';

export { KERNELS } from './model.js';

const GEOMETRY = {
  left: 86, top: 34, gapTop: 16, right: 6, labelW: 56, gap: 40, maxCell: 40, minCell: 9, maxHeight: 700, maxWidth: 1400, margin: 10,
  vecWidth: (c) => Math.max(c, 54), veil: { w: 0.55, x: 0.7 },
};

function mount(root, ctx) {
  const { wasm, images } = ctx;
  const st = initialState(ctx.state);
  let model = null, active = null;
  const els = { imageInputs: [], kernelInputs: [], outCells: [] };

  // ---- layout ----
  const lede = h('p', { class: 'lede' },
    'Flatten the image row by row, ', h('strong', {}, 'vec(x) = [x₀,₀, x₀,₁, …, x₀,C−1, x₁,₀, …]'),
    ' (row-major, like numpy’s ravel), and every output pixel is one row of a matrix W times vec(x). W repeats one banded block per kernel row, and those blocks repeat down its block diagonals: a doubly block Toeplitz matrix. ',
    '(The lecture calls this convolution; it is correlation, as the kernel is not flipped.)');
  const sources = segmented({
    label: 'Image presets', value: st.source, attr: 'data-source',
    options: [...Object.entries(IMAGES).map(([id, s]) => ({ value: id, label: s.label })), { value: 'photo', label: 'Patch of the photo' }],
    onChange: (id) => { if (id === 'random' && st.source === 'random') st.seed++; st.source = id; loadSource(); update(); },
  });
  const rowsSlider = slider({ label: 'Rows', min: SIZE_MIN, max: SIZE_MAX, step: 1, value: st.R, format: (v) => `${v}`, onInput: (v) => resize(v, st.C) });
  const colsSlider = slider({ label: 'Columns', min: SIZE_MIN, max: SIZE_MAX, step: 1, value: st.C, format: (v) => `${v}`, onInput: (v) => resize(st.R, v) });
  rowsSlider.input.setAttribute('data-testid', 'rows-slider');
  colsSlider.input.setAttribute('data-testid', 'cols-slider');
  const photo = photoChooser(ctx, st, () => { loadSource(); update(); });
  const imageTable = h('table', { class: 'm2d-grid m2d-image', 'data-testid': 'image-table' });
  const imageMsgEl = h('div', { 'data-testid': 'image-message' });
  const imageMsg = message(imageMsgEl);
  els.kernelInputs = st.kcells.map((text, i) => h('input', {
    type: 'text', inputmode: 'decimal', value: text, autocomplete: 'off', spellcheck: 'false', class: 'm2d-kcell',
    'data-cell': i, 'aria-label': `Kernel row ${Math.floor(i / K) + 1}, column ${(i % K) + 1}`,
  }));
  const kernelMsgEl = h('div', { 'data-testid': 'kernel-message' });
  const kernelMsg = message(kernelMsgEl);
  const kernelBtns = KERNELS.map((k) => {
    const b = button(k.label, () => { k.cells.forEach((t, i) => { els.kernelInputs[i].value = t; }); onKernel(); });
    b.setAttribute('data-kernel', k.id);
    return b;
  });
  const outTable = h('table', { class: 'm2d-grid m2d-out', 'data-testid': 'output-table' });
  const outCaption = h('figcaption', { 'data-testid': 'output-caption' });
  const modes = segmented({
    label: 'Boundary', value: st.mode, attr: 'data-mode',
    options: [{ value: 'valid', label: 'valid' }, { value: 'same', label: 'same (zero border)' }],
    onChange: (v) => { st.mode = v; active = null; update(); },
  });
  const equation = h('div', { class: 'm2d-equation' }, photo.el,
    h('figure', { class: 'figure' }, h('div', { class: 'm2d-title' }, 'image x'), imageTable, h('figcaption', {}, 'type to edit a pixel'), imageMsgEl),
    h('div', { class: 'm2d-op' }, '⋆'),
    h('figure', { class: 'figure' }, h('div', { class: 'm2d-title' }, 'kernel w'),
      h('div', { class: 'm2d-kgrid', role: 'group', 'aria-label': '3 by 3 kernel' }, els.kernelInputs), kernelMsgEl,
      h('div', { class: 'm2d-presets' }, kernelBtns)),
    h('div', { class: 'm2d-op' }, '='),
    h('figure', { class: 'figure' }, h('div', { class: 'm2d-title' }, 'output z'), outTable, outCaption));
  const controls = h('div', { class: 'panel m2d-controls' },
    h('div', { class: 'm2d-bar' },
      h('div', { class: 'm2d-group' }, h('h3', {}, 'Image x'), h('div', { class: 'm2d-presets' }, sources.buttons)),
      h('div', { class: 'm2d-group' }, rowsSlider.el, colsSlider.el),
      h('div', { class: 'm2d-group' }, h('h3', {}, 'Boundary'), modes.el)),
    equation);
  const check = h('div', { class: 'm2d-check', 'data-testid': 'check', 'aria-live': 'polite' });
  const readoutEl = h('div', { class: 'm2d-readout', 'data-testid': 'readout', 'aria-live': 'polite' });
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
    check, readoutEl, matMsgEl, figure,
    h('div', { class: 'm2d-under' },
      h('div', {}, shapeEl, legend, h('div', { class: 'note' }, 'colour of W’s entries; faint grey = exactly 0')), counters));
  root.append(h('h2', {}, '2D convolution is a matrix multiplication too'), lede, controls, matrixPanel);

  const fig = linkedMatrix(ctx, { canvas: matCanvas, figure, legend, placement: 'strip', geometry: GEOMETRY, decorate, onSelect: setActive });

  /** W's labels, the image-row labels over its column blocks, the block lines, the (a, b) labels. */
  function decorate(g, geo) {
    const { cell, vw, Wx, Wy, stripY, zX, zY } = geo, { M, N, OR, OC } = model, C = st.C;
    g.fillStyle = '#1d2330'; g.font = font(18, 'bold'); g.textAlign = 'right'; g.textBaseline = 'middle';
    g.fillText('vec(x)ᵀ', Wx - 10, stripY + cell / 2);
    g.fillText('W', Wx - 10, Wy + (M * cell) / 2);
    g.font = font(15);
    g.fillText(`${M} × ${N}`, Wx - 10, Wy + (M * cell) / 2 + 22);
    g.textAlign = 'center'; g.textBaseline = 'alphabetic'; g.font = font(18, 'bold');
    g.fillText('vec(z)', zX + vw / 2, Wy - 8);
    g.font = font(Math.min(15, Math.max(11, cell * 0.6))); g.fillStyle = '#5b6475';
    for (let p = 0; p < st.R; p++) {
      // The longest label that fits over its block of C columns.
      const label = [`image row ${p}`, `row ${p}`, `${p}`].find((t) => g.measureText(t).width <= C * cell - 6) ?? `${p}`;
      g.fillText(label, Wx + (p + 0.5) * C * cell, stripY - 10);
    }
    // Block structure: one block column per image row, one block row per output row.
    g.save(); g.strokeStyle = 'rgba(29,35,48,0.55)'; g.lineWidth = 1.5; g.setLineDash([4, 3]);
    for (let p = 1; p < st.R; p++) {
      const X = Wx + p * C * cell;
      g.beginPath(); g.moveTo(X, stripY - 4); g.lineTo(X, stripY + cell + 2); g.moveTo(X, Wy - 2); g.lineTo(X, Wy + M * cell + 2); g.stroke();
    }
    for (let a = 1; a < OR; a++) { const Y = Wy + a * OC * cell; g.beginPath(); g.moveTo(Wx - 2, Y); g.lineTo(Wx + N * cell + 2, Y); g.stroke(); }
    g.restore();
    const every = cell >= 16 ? 1 : cell >= 8 ? OC : 2 * OC;
    g.font = font(Math.min(14, Math.max(10, cell * 0.55))); g.fillStyle = '#5b6475'; g.textAlign = 'left'; g.textBaseline = 'middle';
    for (let r = 0; r < M; r += every) g.fillText(`(${outPixel(model, r).join(',')})`, zX + vw + 8, zY + (r + 0.5) * cell);
  }

  // ---- the image and the kernel ----
  function loadSource() {
    if (st.source === 'photo') {
      const gray = images.gray();
      if (!gray) { photo.msg.error('The photo is still loading; try again in a moment.'); st.xText = grid(st.R, st.C, () => '0'); } else {
        const r = patchFromGray(gray, st.R, st.C, st.patch);
        st.xText = r.texts; st.patch.box = r.box;
      }
    } else if (IMAGES[st.source]) st.xText = IMAGES[st.source].make(st.R, st.C, st.seed).map(String);
    photo.el.hidden = st.source !== 'photo';
  }
  function resize(R, C) {
    const old = st.xText, oldC = st.C;
    st.R = R; st.C = C;
    if (st.source === 'custom') st.xText = resizeCells(old, oldC, R, C); else loadSource();
    active = null;
    update();
  }
  function onImage() {
    st.xText = els.imageInputs.map((i) => i.value);
    st.source = 'custom';
    const r = readCells(st.xText, (j) => `Pixel (${Math.floor(j / st.C)}, ${j % st.C})`);
    markInvalid(els.imageInputs, r.problems);
    if (r.problems) { imageMsg.error(`${r.problems[0].message}. W · vec(x) keeps the last valid image.`); return; }
    imageMsg.clear();
    st.x = r.values;
    update({ keepImageTable: true });
  }
  function onKernel() {
    st.kcells = els.kernelInputs.map((i) => i.value);
    const r = readCells(st.kcells, (i) => `Kernel cell (${Math.floor(i / K) + 1}, ${(i % K) + 1})`);
    markInvalid(els.kernelInputs, r.problems);
    if (r.problems) { kernelMsg.error(`${r.problems[0].message}. W keeps the last valid kernel.`); return; }
    kernelMsg.clear();
    st.kernel = r.values;
    update({ keepImageTable: true });
  }
  function markInvalid(inputs, problems) {
    const bad = new Set((problems || []).map((p) => p.index));
    inputs.forEach((inp, i) => inp.setAttribute('aria-invalid', String(bad.has(i))));
  }
  els.kernelInputs.forEach((inp) => ctx.listen(inp, 'input', onKernel));

  // ---- update cycle ----
  function describe() {
    readoutEl.classList.toggle('col', active?.kind === 'col');
    if (!model || model.error) { readoutEl.replaceChildren(); return; }
    const r = readout(active, model, st.C, st.kernel, st.x);
    if (!r) {
      readoutEl.replaceChildren(h('span', { class: 'note' }, 'Hover an output pixel, a row of W or an entry of vec(x); or focus the figure and use the arrow keys (↑/↓ rows, ←/→ columns).'));
      return;
    }
    readoutEl.replaceChildren(h('div', {}, h('strong', {}, r.title), r.rest),
      ...(r.formula ? [h('div', { class: 'formula' }, r.formula)] : []),
      ...r.notes.map((n) => h('div', { class: r.kind === 'row' ? 'note' : '' }, n)));
  }
  function render() {
    paintTables(els, model && !model.error ? model : null, st.x, active);
    if (model && !model.error) {
      const { lo, hi } = grayRange(st.x);
      fig.draw({ W: model.W, M: model.M, N: model.N, taps: model.taps, x: st.x, z: model.z, wMax: absMax(st.kernel), xColor: (v) => grayColor(v, lo, hi) }, active);
    }
    describe();
    ctx.rendered();
  }
  function update({ keepImageTable = false } = {}) {
    if (!keepImageTable) {
      st.x = st.xText.map((t) => parseNumber(t).value ?? 0);
      els.imageInputs = buildImageTable(imageTable, st.R, st.C, st.xText, { onInput: onImage, onSelect: setActive });
      imageMsg.clear();
    }
    rowsSlider.set(st.R); colsSlider.set(st.C);
    model = computeMatrix(wasm, st);
    modes.set(st.mode);
    sources.set(st.source);
    if (model.error) {
      matMsg.error(model.error);
      shapeEl.textContent = 'W: —';
      counters.replaceChildren(); check.replaceChildren();
      fig.clear();
      outTable.replaceChildren(); els.outCells = []; outCaption.textContent = '';
    } else {
      matMsg.clear();
      active = keepSelection(active, model.M, model.N);
      shapeEl.textContent = `W is ${model.M} × ${model.N}`;
      describeCounts(counters, model, st.kernel, perRowText(model.perRow));
      describeCheck(check, model, st);
      els.outCells = buildOutTable(outTable, model, setActive);
      outCaption.textContent = `${model.OR} × ${model.OC}: ${st.mode === 'valid' ? 'only windows inside the image' : 'zeros outside the image'}`;
    }
    photo.draw();
    render();
    ctx.save(toState(st, images.current()?.sampleId));
  }
  function setActive(next) {
    const same = sameSelection(next, active);
    active = next;
    if (!same) render();
  }
  ctx.listen(outTable, 'pointerleave', () => setActive(null));
  ctx.listen(imageTable, 'pointerleave', () => { if (!imageTable.contains(document.activeElement)) setActive(null); });
  ctx.onCleanup(images.subscribe(() => { if (st.source === 'photo') { st.patch.cx = null; loadSource(); update(); } }));
  // Re-lay out when the panel width changes (stylesheet arriving, window resize).
  ctx.observeWidth(matrixPanel, render);

  if (!st.xText) loadSource();
  photo.el.hidden = st.source !== 'photo';
  update();
}

export default station({ id: 'matrix2d', title: '2D conv = matrix', css: new URL('./matrix2d.css', import.meta.url), state: STATE, mount });
