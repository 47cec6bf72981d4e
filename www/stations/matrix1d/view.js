// Station "1D conv = matrix": the lecture's z = W x with W banded, built live by the wasm core
// (conv_matrix_1d) from the student's filter, for the student's own signal.
// Hovering z_i (in the plot or the vector), a row of W, or x_j links the three views.
import { station } from '../../lib/station.js';
import { h, button, select, slider, message } from '../../lib/dom.js';
import { makeCanvas, eventPoint } from '../../lib/canvas.js';
import { segmented } from '../../lib/controls.js';
import { sub } from '../../lib/format.js';
import { absMax, font, ROW_COLOR, COL_COLOR, MIN_NUMBER_CELL } from '../../lib/matrixview.js';
import { linkedMatrix } from '../../lib/linked-matrix.js';
import { colRows, rowEntries, sameSelection, keepSelection } from '../../lib/matrix-links.js';
import {
  STATE, N_MIN, N_MAX, X_LIMIT, LENGTHS, FILTERS, SIGNALS, clampX, round2, initialState, toState, signalFor,
  resizeTaps, tapName, readTaps, readout, perRowText,
} from './model.js';
import { computeMatrix, describeCounts, describeCheck } from './counts.js';
import { stemPlot, stemAxis, valueAt } from './stems.js';

export { FILTERS, SIGNALS } from './model.js';

const SIGNAL_H = 230, OUTPUT_H = 190; // px
const GEOMETRY = {
  left: 8, top: 58, right: 8, labelW: 44, gap: 26, maxCell: 44, maxHeight: 660, maxWidth: 1100, margin: 30,
  vecWidth: (c) => (c >= MIN_NUMBER_CELL ? Math.max(c, 58) : Math.max(c, 16)),
};

function mount(root, ctx) {
  const { wasm } = ctx;
  const st = initialState(ctx.state);
  let model = null; // what the core computed last (see counts.js computeMatrix)
  let active = null; // the selection (lib/matrix-links.js)
  let drag = null; // {pointerId, last}

  // ---- layout ----
  const lede = h('p', { class: 'lede' },
    'Each output is an inner product of the filter with a window of the signal, ',
    h('span', { class: 'formula inline' }, 'z', h('sub', {}, 'i'), ' = Σ', h('sub', {}, 'j=−m…m'), ' w', h('sub', {}, 'j'), ' x', h('sub', {}, 'i+j')),
    ', so one shifted copy of w per output, stacked, is a matrix W with z = W x: mostly zeros, and every row reuses the same 2m + 1 numbers. ',
    '(The lecture calls this convolution; strictly it is correlation, as w is not flipped, which is also what CNN libraries compute.)');
  const signals = segmented({
    label: 'Signal presets', value: st.source, attr: 'data-signal',
    options: Object.entries(SIGNALS).map(([id, s]) => ({ value: id, label: s.label })),
    onChange: (id) => { st.source = id; st.x = SIGNALS[id].make(st.n); update(); },
  });
  const nSlider = slider({
    label: 'Length n', min: N_MIN, max: N_MAX, step: 1, value: st.n, format: (v) => `${v}`,
    onInput: (v) => { st.x = signalFor(st, v); st.n = v; active = null; update(); },
  });
  nSlider.input.setAttribute('data-testid', 'n-slider');
  const lengthSel = select({
    label: 'Length 2m+1', options: LENGTHS.map((L) => ({ value: String(L), label: `${L} (m=${(L - 1) / 2})` })),
    value: String(st.cells.length), onChange: (v) => { st.cells = resizeTaps(st.cells, +v); buildTaps(); onTaps(); },
  });
  lengthSel.input.setAttribute('data-testid', 'filter-length');
  const tapsEl = h('div', { class: 'm1d-taps', role: 'group', 'aria-label': 'Filter taps' });
  const filterMsgEl = h('div', { 'data-testid': 'filter-message' });
  const filterMsg = message(filterMsgEl);
  const filterBtns = FILTERS.map((f) => {
    const b = button(f.label, () => { st.cells = f.cells.slice(); lengthSel.set(String(st.cells.length)); buildTaps(); onTaps(); });
    b.setAttribute('data-filter', f.id);
    return b;
  });
  const modes = segmented({
    label: 'Boundary', value: st.mode, attr: 'data-mode',
    options: [{ value: 'valid', label: 'valid' }, { value: 'same', label: 'same (zero border)' }],
    onChange: (v) => { st.mode = v; active = null; update(); },
  });

  const controls = h('div', { class: 'panel m1d-controls' },
    h('div', { class: 'm1d-group' }, h('h3', {}, 'Signal x'), h('div', { class: 'm1d-presets' }, signals.buttons), nSlider.el),
    h('div', { class: 'm1d-group' }, h('h3', {}, 'Filter w'), lengthSel.el, tapsEl, filterMsgEl),
    h('div', { class: 'm1d-group' }, h('h3', {}, 'Try a filter'), h('div', { class: 'm1d-presets' }, filterBtns)));
  const signalCanvas = h('canvas', {
    class: 'm1d-signal', tabindex: '0', 'data-testid': 'signal-canvas',
    'aria-label': 'Signal x: drag the dots to change it; arrow keys select a sample and change its value',
  });
  const outputCanvas = h('canvas', { 'data-testid': 'output-canvas', tabindex: '0', 'aria-label': 'Output z: hover a sample to see which row of W computes it' });
  const plots = h('div', { class: 'panel m1d-plots' },
    h('h3', {}, 'Signal x (drag the dots) and output z'),
    h('figure', { class: 'figure' }, signalCanvas),
    h('figure', { class: 'figure' }, outputCanvas,
      h('figcaption', {}, 'zᵢ sits under the centre of its window (shaded when you hover). Keyboard: focus a plot, then ←/→ (and ↑/↓ to edit x).')));
  const readoutEl = h('div', { class: 'm1d-readout', 'data-testid': 'readout', 'aria-live': 'polite' });
  const matCanvas = h('canvas', { tabindex: '0', 'data-testid': 'matrix-canvas', 'aria-label': 'W x = z: hover or use the arrow keys to follow one row of W or one entry of x' });
  const figure = h('figure', { class: 'figure m1d-figure', 'data-testid': 'matrix-figure' }, matCanvas);
  const legend = makeCanvas(480, 88, { label: 'Colour scale of W', cls: 'm1d-legend' });
  const shapeEl = h('div', { class: 'm1d-shape', 'data-testid': 'w-shape' });
  const counters = h('dl', { class: 'm1d-counters', 'data-testid': 'counters' });
  const check = h('div', { class: 'm1d-check', 'data-testid': 'check' });
  const matMsgEl = h('div', { 'data-testid': 'matrix-message' });
  const matMsg = message(matMsgEl);
  const matrixPanel = h('div', { class: 'panel m1d-matrix' },
    h('div', { class: 'm1d-head' }, h('h3', {}, 'The same computation as a matrix: W x = z'),
      h('div', { class: 'm1d-boundary' }, h('span', { class: 'm1d-label' }, 'Boundary'), modes.el)),
    h('p', { class: 'note m1d-modenote' }, 'valid: W is (n − 2m) × n, only windows that fit inside x (the slide). same: W is n × n; windows read zeros past the ends, so those taps drop out of W.'),
    readoutEl, matMsgEl, figure,
    h('div', { class: 'm1d-under' }, legend, h('div', { class: 'note' }, 'colour of W’s entries; faint grey = exactly 0')));
  const countsPanel = h('div', { class: 'panel m1d-counts' }, h('h3', {}, 'Counting W'), shapeEl, counters, check);
  root.append(h('h2', {}, '1D convolution is a matrix multiplication'), lede, controls,
    h('div', { class: 'm1d-main' }, h('div', { class: 'm1d-left' }, plots, countsPanel), matrixPanel));

  const fig = linkedMatrix(ctx, { canvas: matCanvas, figure, legend, placement: 'column', geometry: GEOMETRY, decorate, onSelect: setActive });

  /** Titles, W's column indices and the x_j / z_i labels beside the vectors. */
  function decorate(g, geo) {
    const { cell, vw, Wx, Wy, xX, xY, zX, zY, rows } = geo, n = st.n;
    g.fillStyle = '#1d2330'; g.textAlign = 'center'; g.textBaseline = 'alphabetic'; g.font = font(20, 'bold');
    g.fillText(`W  (${rows} × ${n})`, Wx + (n * cell) / 2, 22);
    g.fillText('x', xX + vw / 2, 22);
    g.fillText('z', zX + vw / 2, 22);
    g.font = font(13); g.fillStyle = '#5b6475';
    const every = cell >= 24 ? 1 : cell >= 12 ? 4 : 8;
    for (let j = 0; j < n; j += every) g.fillText(String(j), Wx + (j + 0.5) * cell, Wy - 8);
    const labelEvery = cell >= 18 ? 1 : cell >= 9 ? 4 : 8;
    g.font = font(Math.min(16, Math.max(12, cell * 0.45))); g.textAlign = 'left'; g.textBaseline = 'middle';
    for (let j = 0; j < n; j += labelEvery) g.fillText(`x${sub(j)}`, xX + vw + 8, xY + (j + 0.5) * cell);
    for (let r = 0; r < rows; r += labelEvery) g.fillText(`z${sub(r + model.first)}`, zX + vw + 8, zY + (r + 0.5) * cell);
  }

  // ---- filter editing ----
  let tapInputs = [];
  function buildTaps() {
    tapInputs = st.cells.map((text, t) => {
      const inp = h('input', { type: 'text', id: `m1d-tap-${t}`, inputmode: 'decimal', value: text, autocomplete: 'off', spellcheck: 'false', 'data-tap': t });
      inp.addEventListener('input', onTaps); // rebuilt with the taps: its listener goes with it
      return inp;
    });
    tapsEl.replaceChildren(...tapInputs.map((inp, t) => h('div', { class: 'm1d-tap' }, h('label', { for: inp.id }, tapName(t, st.cells.length)), inp)));
  }
  function onTaps() {
    st.cells = tapInputs.map((i) => i.value);
    const r = readTaps(st.cells);
    const bad = new Set((r.problems || []).map((p) => p.index));
    tapInputs.forEach((inp, t) => inp.setAttribute('aria-invalid', String(bad.has(t))));
    if (r.problems) { filterMsg.error(`${r.problems[0].message}. W keeps the last valid filter.`); return; }
    filterMsg.clear();
    st.kernel = r.kernel;
    update();
  }

  // ---- the two signal plots ----
  let plotW = 600;
  function drawPlots() {
    plotW = Math.max(300, Math.min(900, plots.clientWidth - 34));
    const ok = model && !model.error;
    let band = null, bandColor = null, marksX = null, marksZ = null, markColor = ROW_COLOR;
    if (ok && active && active.kind === 'row') {
      const js = rowEntries(model.taps, st.n, active.r).map((e) => e.j);
      if (js.length) band = { lo: js[0], hi: js[js.length - 1] };
      bandColor = 'rgba(224,138,0,0.18)';
      marksZ = [active.r + model.first];
    } else if (ok && active && active.kind === 'col') {
      const rs = colRows(model.taps, model.rows, st.n, active.j);
      markColor = COL_COLOR; marksX = [active.j]; marksZ = rs.map((r) => r + model.first);
      if (rs.length) { band = { lo: rs[0] + model.first, hi: rs[rs.length - 1] + model.first }; bandColor = 'rgba(123,44,191,0.12)'; }
    }
    const common = { width: plotW, n: st.n, bandColor, markColor };
    stemPlot(signalCanvas, { ...common, height: SIGNAL_H, values: st.x, yMax: X_LIMIT, color: '#2458c6', label: 'x', band: active?.kind === 'row' ? band : null, marks: marksX, dots: true });
    if (ok) {
      stemPlot(outputCanvas, { ...common, height: OUTPUT_H, values: Array.from(model.z), first: model.first, yMax: Math.max(1, Math.ceil(absMax(model.z) * 2) / 2), color: '#b3261e', label: 'z', band: active?.kind === 'col' ? band : null, marks: marksZ });
    } else stemPlot(outputCanvas, { ...common, height: OUTPUT_H, values: [], yMax: 1, color: '#b3261e', label: 'z' });
  }

  function describe() {
    readoutEl.classList.toggle('col', active?.kind === 'col');
    if (!model || model.error) { readoutEl.textContent = ''; return; }
    const r = readout(active, { ...model, n: st.n }, st.kernel, st.x);
    if (!r) {
      readoutEl.replaceChildren(h('span', { class: 'note' }, 'Hover an output zᵢ (plot or vector), a row of W, or an entry of x to see which numbers meet. Keyboard: focus the figure and use the arrow keys.'));
      return;
    }
    readoutEl.replaceChildren(...[h('div', {}, h('strong', {}, r.title), r.rest),
      r.formula ? h('div', { class: 'formula' }, r.formula) : null,
      r.note ? h('div', { class: r.kind === 'row' ? 'note' : '' }, r.note) : null].filter(Boolean));
  }

  // ---- update cycle ----
  function render() {
    drawPlots();
    if (model && !model.error) fig.draw({ W: model.W, M: model.rows, N: st.n, taps: model.taps, x: st.x, z: model.z, wMax: absMax(st.kernel) }, active);
    describe();
    ctx.rendered();
  }
  function update() {
    model = computeMatrix(wasm, st);
    signals.set(st.source);
    modes.set(st.mode);
    readoutEl.hidden = Boolean(model.error);
    if (model.error) {
      matMsg.error(model.error);
      shapeEl.textContent = 'W: —';
      counters.replaceChildren(); check.replaceChildren();
      fig.clear();
    } else {
      matMsg.clear();
      active = keepSelection(active, model.rows, st.n);
      shapeEl.textContent = `W is ${model.rows} × ${st.n}`;
      shapeEl.title = st.mode === 'valid' ? '(n − 2m) × n' : 'n × n';
      describeCounts(counters, model, st, perRowText(model.perRow));
      describeCheck(check, model, st.mode);
    }
    render();
    ctx.save(toState(st));
  }
  function setActive(next) {
    const same = sameSelection(next, active);
    active = next;
    if (!same) render();
  }

  // ---- the plots' pointers and keys ----
  const indexAt = (X) => stemAxis(plotW, st.n).indexAt(X);
  const onOutputPointer = (ev) => {
    if (!model || model.error) return;
    const r = indexAt(eventPoint(outputCanvas, ev, plotW, OUTPUT_H).x) - model.first;
    setActive(r >= 0 && r < model.rows ? { kind: 'row', r } : null);
  };
  ctx.listen(outputCanvas, 'pointermove', onOutputPointer);
  ctx.listen(outputCanvas, 'pointerdown', onOutputPointer);
  ctx.listen(outputCanvas, 'pointerleave', () => setActive(null));
  ctx.listen(outputCanvas, 'blur', () => setActive(null));
  ctx.listen(outputCanvas, 'keydown', (ev) => {
    if (!model || model.error || !['ArrowLeft', 'ArrowRight'].includes(ev.key)) return;
    ev.preventDefault();
    const r = active?.kind === 'row' ? active.r + (ev.key === 'ArrowRight' ? 1 : -1) : 0;
    setActive({ kind: 'row', r: Math.max(0, Math.min(model.rows - 1, r)) });
  });
  const setSample = (j, yPx) => { st.x[j] = round2(clampX(valueAt(yPx, SIGNAL_H, X_LIMIT))); };
  ctx.listen(signalCanvas, 'pointerdown', (ev) => {
    ev.preventDefault();
    signalCanvas.setPointerCapture(ev.pointerId);
    const p = eventPoint(signalCanvas, ev, plotW, SIGNAL_H), j = indexAt(p.x);
    drag = { pointerId: ev.pointerId, last: j };
    st.source = 'custom';
    setSample(j, p.y);
    active = { kind: 'col', j };
    update();
  });
  ctx.listen(signalCanvas, 'pointermove', (ev) => {
    const p = eventPoint(signalCanvas, ev, plotW, SIGNAL_H), j = indexAt(p.x);
    if (!drag || ev.pointerId !== drag.pointerId) { setActive({ kind: 'col', j }); return; }
    // Fill every sample the pointer crossed since the last event, so fast strokes leave no gaps.
    for (let k = Math.min(drag.last, j); k <= Math.max(drag.last, j); k++) setSample(k, p.y);
    drag.last = j;
    active = { kind: 'col', j };
    update();
  });
  const endDrag = (ev) => { if (drag && ev.pointerId === drag.pointerId) drag = null; };
  ctx.listen(signalCanvas, 'pointerup', endDrag);
  ctx.listen(signalCanvas, 'pointercancel', endDrag);
  ctx.listen(signalCanvas, 'pointerleave', () => { if (!drag) setActive(null); });
  ctx.listen(signalCanvas, 'blur', () => { if (!drag) setActive(null); });
  ctx.listen(signalCanvas, 'keydown', (ev) => {
    const hasCol = active?.kind === 'col', j = hasCol ? active.j : 0;
    if (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight') {
      ev.preventDefault();
      // The first press selects x₀, as on the matrix and the output plot.
      setActive({ kind: 'col', j: hasCol ? Math.max(0, Math.min(st.n - 1, j + (ev.key === 'ArrowRight' ? 1 : -1))) : 0 });
    } else if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') {
      ev.preventDefault();
      st.x[j] = round2(clampX(st.x[j] + (ev.shiftKey ? 0.5 : 0.1) * (ev.key === 'ArrowUp' ? 1 : -1)));
      st.source = 'custom';
      active = { kind: 'col', j };
      update();
    }
  });
  // Re-lay out when a panel's width changes (the stylesheet arriving, a window resize).
  ctx.observeWidth([plots, matrixPanel], render);

  buildTaps();
  onTaps();
}

export default station({ id: 'matrix1d', title: '1D conv = matrix', css: new URL('./matrix1d.css', import.meta.url), state: STATE, mount });
