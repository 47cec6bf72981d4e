// Station "Conv → ReLU → pool": the lecture's three layer types on one photo. A convolutional
// layer with four fixed 3 × 3 filters (correlate2d), ReLU, then max pooling and average pooling
// side by side. Shifting the input by a few pixels shows how little (or how much) each stage's
// output changes: pooling buys a little translation invariance.
import { station } from '../../lib/station.js';
import { h, select, button, message } from '../../lib/dom.js';
import { makeCanvas } from '../../lib/canvas.js';
import { paint } from '../../lib/heatmap.js';
import { numberControl, segmented } from '../../lib/controls.js';
import { imagePicker } from '../../lib/image-picker.js';
import {
  STATE, SIZES, MAX_SHIFT, BORDER, ALTERNATE_MS, POOL_MAX, FILTERS, STAGES, DIRECTIONS,
  createPoolingModel, inputBase, crop, shapeText, meanChange, wholePercent,
} from './model.js';
import { drawBars, drawCurve } from './plots.js';

const STAGE = Object.fromEntries(STAGES.map((st) => [st.id, st]));

function mount(root, ctx) {
  const { wasm, images } = ctx;
  const model = createPoolingModel(ctx.state);
  let base = null; // (S + 2·MAX_SHIFT)² grey input
  let result = null; // the last computation, for redrawing
  let timer = 0; // the Flip animation

  // ---- controls ----
  const picker = imagePicker(ctx, { id: 'pooling', dropTarget: root });
  const resSelect = select({
    label: 'Input size', value: String(model.S),
    options: SIZES.map((s) => ({ value: String(s), label: `${s} × ${s} px` })),
    onChange: (v) => { model.S = Number(v); base = null; schedule(); },
  });
  const intControl = (label, key, min, max, unit) => numberControl({
    label, min, max, integer: true, value: model[key], unit, id: `pooling-${key}`,
    onChange: (v) => { model[key] = v; schedule(); },
  });
  const sizeCtl = intControl('Pool size', 'size', 1, POOL_MAX, 'px');
  const strideCtl = intControl('Stride', 'stride', 1, POOL_MAX, 'px');
  const shiftCtl = intControl('Shift input', 'shift', 0, MAX_SHIFT, 'px');
  const dirSelect = select({
    label: 'Direction', value: model.dir, options: DIRECTIONS.map((d) => ({ value: d.value, label: d.label })),
    onChange: (v) => { model.dir = v; schedule(); },
  });
  const viewGroup = segmented({
    label: 'Which input to show', value: 'original',
    options: [{ value: 'original', label: 'Original', title: 'Show every map for the original input' },
      { value: 'shifted', label: 'Shifted', title: 'Show every map for the shifted input' }],
    onChange: (v) => { stopAlternate(); setView(v === 'shifted'); },
  });
  const altButton = button('▶ Flip', toggleAlternate, { title: 'Flip between original and shifted input to see what moves' });
  altButton.setAttribute('aria-pressed', 'false');
  const msgEl = h('div');
  const msg = message(msgEl);

  const inputCanvas = makeCanvas(128, 128, { label: 'Input image, grey', cls: 'pixelated pl-input' });
  const inputCaption = h('p', { class: 'caption' });
  const formulaEl = h('div', { class: 'formula pl-formula', 'data-testid': 'pool-shape' });
  const controls = h('div', { class: 'panel controls stacked-controls pl-controls' },
    h('h2', { text: 'Input' }), picker.el, resSelect.el,
    h('div', { class: 'figure' }, inputCanvas, inputCaption),
    h('h3', { text: 'Pooling' }), sizeCtl.el, strideCtl.el, formulaEl, msgEl);

  // ---- the layer grid: one row per filter, read left to right like the network ----
  const cells = {}; // `${stage}:${filter}` → canvas
  const stageLabels = {};
  const grid = h('div', { class: 'pl-grid', role: 'group', 'aria-label': 'Feature maps after each layer' });
  grid.append(h('div', { class: 'pl-corner', text: 'filter' }));
  for (const st of STAGES) grid.append(stageLabels[st.id] = h('div', { class: 'pl-colhead', 'data-stage': st.id }));
  for (const f of FILTERS) {
    grid.append(h('div', { class: 'pl-rowhead' },
      h('div', { class: 'pl-fname', text: f.name }), kernelTable(f.shown || f.k, f.div), h('div', { class: 'pl-fwhat', text: f.what })));
    for (const st of STAGES) {
      const c = makeCanvas(8, 8, { label: `${f.name}, ${st.name}`, cls: 'pixelated pl-map' });
      c.dataset.stage = st.id; c.dataset.filter = f.id;
      cells[`${st.id}:${f.id}`] = c;
      grid.append(h('div', { class: 'pl-cell' }, c));
    }
  }
  const layers = h('div', { class: 'panel pl-layers' },
    h('h2', { text: 'Conv layer → ReLU → pool' }), grid,
    h('p', { class: 'caption', text: 'The 3 maps of a row share one grey scale (black = 0): average pooling dims thin edges, max pooling keeps their peaks.' }));

  // ---- the translation plots ----
  const bars = makeCanvas(8, 8, { label: 'Relative change of each map under the shift, one group of bars per filter plus their mean', cls: 'pl-bars' });
  const curve = makeCanvas(8, 8, { label: 'Mean relative change against shift size', cls: 'pl-curve' });
  const summary = h('p', { class: 'pl-summary', 'data-testid': 'shift-summary', 'aria-live': 'polite' });
  const barsFig = h('div', { class: 'figure' }, bars,
    h('p', { class: 'caption', text: 'Change = ‖map(shifted) − map(original)‖ / ‖map(original)‖, position by position.' }));
  const curveFig = h('div', { class: 'figure' }, curve,
    h('p', { class: 'caption', text: 'Mean over the 4 filters for every shift (dashed line: the chosen one; shaded: shifts smaller than the pool size). Pooling absorbs shifts smaller than its window.' }));
  const shiftPanel = h('div', { class: 'panel pl-shift' },
    h('h2', { text: 'Shift the input' }),
    h('div', { class: 'controls stacked-controls' }, shiftCtl.el, dirSelect.el,
      h('div', { class: 'pl-view' }, h('span', { class: 'pl-label', text: 'Show' }), viewGroup.el, altButton)),
    summary, barsFig, curveFig);

  root.classList.add('pooling-station');
  root.append(controls, layers, shiftPanel);
  ctx.onCleanup(() => root.classList.remove('pooling-station'));
  ctx.onCleanup(images.subscribe(() => { base = null; schedule(); }));
  ctx.onCleanup(() => stopAlternate());
  ctx.observeWidth([barsFig, curveFig], () => { if (result) drawShiftPlots(); });

  function setView(shifted) {
    model.showShifted = shifted;
    viewGroup.set(shifted ? 'shifted' : 'original');
    drawMaps();
    ctx.rendered();
  }
  function toggleAlternate() {
    if (timer) { stopAlternate(); return; }
    altButton.setAttribute('aria-pressed', 'true');
    altButton.textContent = '❚❚ Stop';
    timer = setInterval(() => setView(!model.showShifted), ALTERNATE_MS);
  }
  function stopAlternate() {
    if (!timer) return;
    clearInterval(timer); timer = 0;
    altButton.setAttribute('aria-pressed', 'false');
    altButton.textContent = '▶ Flip';
  }

  const state = () => model.toState(images.current()?.sampleId || null);
  // The address says at once what is asked for; .pl-layers[data-for] says what is drawn.
  const schedule = () => { ctx.save(state()); ctx.frame(update); };

  /** The four filters' conv + ReLU map and its two poolings, for the input shifted k px. */
  function layerMaps(S, k) {
    const x = crop(base, S, ...model.offset(k));
    return FILTERS.map((f) => {
      const none = wasm.relu(wasm.correlate2d(x, S, S, new Float32Array(f.k), 3, 3, BORDER));
      return { none, max: wasm.max_pool2d(none, S, S, model.size, model.stride), avg: wasm.avg_pool2d(none, S, S, model.size, model.stride) };
    });
  }

  function update() {
    const asked = state();
    ctx.save(asked);
    const gray = images.gray();
    if (!gray) { msg.info('Waiting for the photo to load…'); return; }
    const S = model.S;
    if (!base) base = inputBase(gray, S);
    let outR, outC, maps;
    try {
      [outR, outC] = wasm.pool_output_shape(S, S, model.size, model.stride);
      // maps[k][filter] = { none, max, avg } for a shift of k px (k = 0 is the original input).
      maps = Array.from({ length: MAX_SHIFT + 1 }, (_, k) => layerMaps(S, k));
    } catch (e) {
      msg.error(e.message || String(e));
      return;
    }
    msg.clear();
    // change[filter][stage][k] = ‖map(k) − map(0)‖ / ‖map(0)‖ (the core's relative_change).
    const change = FILTERS.map((_, fi) => Object.fromEntries(STAGES.map((st) =>
      [st.id, maps.map((m) => wasm.relative_change(m[fi][st.id], maps[0][fi][st.id]))])));
    const scale = FILTERS.map((_, fi) => maps[0][fi].none.reduce((a, v) => (v > a ? v : a), 0) || 1);
    result = { S, outR, outC, maps, change, scale, inputs: [crop(base, S, 0, 0), crop(base, S, ...model.offset(model.shift))] };

    const t = shapeText(S, model.size, model.stride, outR, outC);
    stageLabels.none.replaceChildren(h('strong', { text: 'conv + ReLU' }), h('span', { text: `${S} × ${S}` }));
    for (const id of ['max', 'avg']) {
      stageLabels[id].replaceChildren(h('strong', { text: id === 'max' ? 'max pool' : 'average pool', style: { color: STAGE[id].color } }), h('span', { text: `${outR} × ${outC}` }));
    }
    formulaEl.replaceChildren(
      h('div', { text: t.formula, title: 'output side = ⌊(input side − pool size) / stride⌋ + 1' }),
      h('div', { class: 'pl-shape' }, h('strong', { 'data-testid': 'shape-text', text: t.shape })),
      h('div', { class: 'pl-sub', text: t.pool }));
    drawMaps();
    drawShiftPlots();
    layers.dataset.for = String(STATE.serialize(asked)); // the settings drawn (tests wait for it)
  }

  function drawMaps() {
    if (!result) return;
    const { S, outR, outC, maps, scale, inputs } = result;
    const k = model.showShifted ? model.shift : 0;
    paint(inputCanvas, inputs[model.showShifted ? 1 : 0], S, S, { scale: 'gray', min: 0, max: 1 });
    inputCaption.textContent = model.showShifted ? `${S} × ${S} px, shifted ${model.shift} px ${model.direction().words}` : `${S} × ${S} px, original`;
    FILTERS.forEach((f, fi) => {
      const m = maps[k][fi], range = { scale: 'gray', min: 0, max: scale[fi] };
      paint(cells[`none:${f.id}`], m.none, S, S, range);
      paint(cells[`max:${f.id}`], m.max, outC, outR, range);
      paint(cells[`avg:${f.id}`], m.avg, outC, outR, range);
    });
    layers.dataset.view = model.showShifted ? 'shifted' : 'original';
  }

  function drawShiftPlots() {
    const { change } = result;
    const s = model.shift;
    const at = Object.fromEntries(STAGES.map((st) => [st.id, meanChange(change, st.id, s)]));
    const strong = (id) => h('strong', { style: { color: STAGE[id].color } }, wholePercent(at[id]));
    summary.replaceChildren(s === 0 ? 'Shift 0 px: nothing changes. Move the shift slider.'
      : h('span', {}, `${s} px ${model.direction().words} changes the maps by `, strong('none'), ' without pooling, ',
        strong('max'), ' max pooled, ', strong('avg'), ' average pooled (mean of 4 filters).'));
    for (const st of STAGES) summary.dataset[st.id] = at[st.id].toFixed(4);
    const groups = [...FILTERS.map((f, fi) => ({ name: f.name, v: STAGES.map((st) => change[fi][st.id][s]) })),
      { name: 'mean', v: STAGES.map((st) => at[st.id]) }];
    const width = (fig) => Math.max(200, Math.floor(fig.clientWidth));
    drawBars(bars, width(barsFig), groups, s);
    const xs = Array.from({ length: MAX_SHIFT + 1 }, (_, i) => i);
    const series = STAGES.map((st) => ({ name: st.name, color: st.color, xs, ys: xs.map((k) => 100 * meanChange(change, st.id, k)) }));
    drawCurve(curve, width(curveFig), series, s, model.size);
  }

  function kernelTable(k, div) {
    const table = h('table', { class: 'pl-kernel', 'aria-label': `filter weights${div ? `, divided by ${div}` : ''}` },
      h('tbody', {}, [0, 1, 2].map((r) => h('tr', {}, [0, 1, 2].map((c) => {
        const v = k[3 * r + c];
        return h('td', { class: v > 0 ? 'pos' : v < 0 ? 'neg' : 'zero', text: String(v) });
      })))));
    return h('div', { class: 'pl-ktable' }, table, div ? h('span', { class: 'pl-kdiv', text: `÷ ${div}` }) : null);
  }

  schedule();
}

export default station({
  id: 'pooling',
  title: 'Conv → ReLU → pool',
  css: new URL('./pooling.css', import.meta.url),
  state: STATE,
  mount,
});
