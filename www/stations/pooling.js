// Station "Conv → ReLU → pool": the lecture's three layer types on one photo.
// A convolutional layer with four fixed 3 × 3 filters (correlate2d), ReLU, then max pooling and
// average pooling side by side. Shifting the input by a few pixels shows how little (or how much)
// each stage's output changes: pooling buys a little translation invariance.

import { h, slider, select, button, message } from '../lib/dom.js';
import { makeCanvas, drawGray } from '../lib/canvas.js';
import { linePlot } from '../lib/plot.js';

const SIZES = [64, 128, 256]; // px, side of the square input
const MAX_SHIFT = 6; // px; the crop keeps this margin so every shift reads real pixels
const BORDER = 'reflect';
const ALTERNATE_MS = 700; // flip period of the "alternate" animation
// The two shift plots are laid out in logical px about the size of the column they sit in (so
// their labels come out at reading size) and drawn on a backing store HIDPI× finer.
const HIDPI = 2;
const BARS = { w: 340, h: 300 }; // logical px
const CURVE = { w: 260, h: 200 }; // logical px: linePlot's 12 px labels ≈ 16 CSS px in the column

/** The 2D context of `canvas` drawing in logical px, and a stand-in of the logical size for linePlot. */
function logical(canvas, w, hgt) {
  const g = canvas.getContext('2d');
  g.setTransform(canvas.width / w, 0, 0, canvas.height / hgt, 0, 0);
  return { g, view: { width: w, height: hgt, getContext: () => g } };
}

// The convolutional layer: fixed filters, as a trained first layer often learns.
const FILTERS = [
  { id: 'sobel-x', name: 'Sobel x', what: 'vertical edges', k: [-1, 0, 1, -2, 0, 2, -1, 0, 1] },
  { id: 'sobel-y', name: 'Sobel y', what: 'horizontal edges', k: [-1, -2, -1, 0, 0, 0, 1, 2, 1] },
  { id: 'laplace', name: 'Laplacian', what: 'dark spots, thin lines', k: [0, 1, 0, 1, -4, 1, 0, 1, 0] },
  { id: 'blur', name: 'Blur', what: 'local brightness', k: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16), shown: [1, 2, 1, 2, 4, 2, 1, 2, 1], div: 16 },
];
const STAGES = [
  { id: 'none', name: 'no pooling', color: '#6b7280' },
  { id: 'max', name: 'max pool', color: '#c4374b' },
  { id: 'avg', name: 'average pool', color: '#2458c6' },
];
const STAGE = Object.fromEntries(STAGES.map((st) => [st.id, st]));
const DIRECTIONS = [
  { value: 'right', label: '→ right', dr: 0, dc: 1 },
  { value: 'down', label: '↓ down', dr: 1, dc: 0 },
  { value: 'diag', label: '↘ diagonal', dr: 1, dc: 1 },
];

/** Centre square of a grey image, area-averaged to n × n (nearest when upsampling). */
function squareResample(gray, n) {
  const { width, height, data } = gray;
  const side = Math.min(width, height);
  const x0 = Math.floor((width - side) / 2), y0 = Math.floor((height - side) / 2);
  const out = new Float32Array(n * n);
  const edges = (i) => {
    const a = Math.floor((i * side) / n);
    return [a, Math.max(a + 1, Math.floor(((i + 1) * side) / n))];
  };
  for (let r = 0; r < n; r++) {
    const [ra, rb] = edges(r);
    for (let c = 0; c < n; c++) {
      const [ca, cb] = edges(c);
      let s = 0;
      for (let y = ra; y < rb; y++) {
        const row = (y0 + y) * width + x0;
        for (let x = ca; x < cb; x++) s += data[row + x];
      }
      out[r * n + c] = s / ((rb - ra) * (cb - ca));
    }
  }
  return out;
}

/** The S × S window of the (S + 2·MAX_SHIFT)² base, moved so its content shifts by (dr, dc) px. */
function crop(base, S, dr, dc) {
  const B = S + 2 * MAX_SHIFT;
  const out = new Float32Array(S * S);
  // Content moves right/down by d: output (r, c) reads base (r − d) — the window moves up/left.
  const top = MAX_SHIFT - dr, left = MAX_SHIFT - dc;
  for (let r = 0; r < S; r++) out.set(base.subarray((top + r) * B + left, (top + r) * B + left + S), r * S);
  return out;
}

const relu = (a) => { for (let i = 0; i < a.length; i++) if (a[i] < 0) a[i] = 0; return a; };

/** ‖a − b‖₂ / ‖b‖₂: how much a map changed relative to its size (0 when both are zero). */
function relChange(a, b) {
  let d = 0, n = 0;
  for (let i = 0; i < a.length; i++) { const e = a[i] - b[i]; d += e * e; n += b[i] * b[i]; }
  return n > 0 ? Math.sqrt(d / n) : 0;
}

export function mount(root, ctx) {
  const { wasm, images } = ctx;
  const link = h('link', { rel: 'stylesheet', href: new URL('./pooling.css', import.meta.url).href });
  document.head.append(link);

  // ---- state (from the URL hash when present) ----
  const saved = ctx.hash.get();
  const int = (key, lo, hi, def) => {
    if (!saved.has(key)) return def;
    const v = Number(saved.get(key));
    return Number.isInteger(v) && v >= lo && v <= hi ? v : def;
  };
  const state = {
    S: SIZES.includes(Number(saved.get('res'))) ? Number(saved.get('res')) : 128,
    size: int('size', 1, 8, 2),
    stride: int('stride', 1, 8, 2),
    shift: int('shift', 0, MAX_SHIFT, 1),
    dir: DIRECTIONS.some((d) => d.value === saved.get('dir')) ? saved.get('dir') : 'right',
    showShifted: false,
  };
  let base = null; // (S + 2·MAX_SHIFT)² grey input
  let result = null; // last computation, for redrawing
  let frame = 0, timer = 0;

  // ---- controls ----
  const imageSelect = select({
    label: 'Photo', value: images.current()?.sampleId || '',
    options: [...images.samples.map((s) => ({ value: s.id, label: s.title })),
      ...(images.current() && !images.current().sampleId ? [{ value: '', label: images.current().name }] : [])],
    onChange: (id) => { if (id) images.select(id).catch((e) => msg.error(e.message)); },
  });
  const resSelect = select({
    label: 'Input size', value: String(state.S),
    options: SIZES.map((s) => ({ value: String(s), label: `${s} × ${s} px` })),
    onChange: (v) => { state.S = Number(v); base = null; schedule(); },
  });
  const sizeSlider = slider({
    label: 'Pool size', min: 1, max: 8, step: 1, value: state.size, format: (v) => `${v} × ${v}`,
    onInput: (v) => { state.size = v; schedule(); },
  });
  const strideSlider = slider({
    label: 'Stride', min: 1, max: 8, step: 1, value: state.stride, unit: 'px',
    onInput: (v) => { state.stride = v; schedule(); },
  });
  const shiftSlider = slider({
    label: 'Shift input', min: 0, max: MAX_SHIFT, step: 1, value: state.shift, unit: 'px',
    onInput: (v) => { state.shift = v; schedule(); },
  });
  const dirSelect = select({
    label: 'Direction', value: state.dir, options: DIRECTIONS.map((d) => ({ value: d.value, label: d.label })),
    onChange: (v) => { state.dir = v; schedule(); },
  });
  const viewButtons = [false, true].map((shifted) => {
    const b = button(shifted ? 'Shifted' : 'Original', () => { stopAlternate(); setView(shifted); },
      { title: shifted ? 'Show every map for the shifted input' : 'Show every map for the original input' });
    b.setAttribute('aria-pressed', String(state.showShifted === shifted));
    return b;
  });
  const altButton = button('▶ Flip', toggleAlternate, { title: 'Flip between original and shifted input to see what moves' });
  altButton.setAttribute('aria-pressed', 'false');
  const viewGroup = h('div', { class: 'pl-view' },
    h('span', { class: 'pl-label', text: 'Show' }),
    h('div', { class: 'segmented', role: 'group', 'aria-label': 'Which input to show' }, viewButtons),
    altButton);
  const msgEl = h('div');
  const msg = message(msgEl);

  const inputCanvas = makeCanvas(128, 128, { label: 'Input image, grey' });
  inputCanvas.classList.add('pixelated', 'pl-input');
  const inputCaption = h('p', { class: 'caption' });
  const formulaEl = h('div', { class: 'formula pl-formula', 'data-testid': 'pool-shape' });

  const controls = h('div', { class: 'panel controls pl-controls' },
    h('h2', { text: 'Input' }),
    imageSelect.el, resSelect.el,
    h('div', { class: 'figure' }, inputCanvas, inputCaption),
    h('h3', { text: 'Pooling' }),
    sizeSlider.el, strideSlider.el, formulaEl,
    msgEl);

  // ---- the layer grid: one row per filter, read left to right like the network ----
  const cells = {}; // `${stage}:${filter}` → canvas
  const stageLabels = {};
  const grid = h('div', { class: 'pl-grid', role: 'group', 'aria-label': 'Feature maps after each layer' });
  grid.append(h('div', { class: 'pl-corner', text: 'filter' }));
  for (const st of STAGES) {
    const label = h('div', { class: 'pl-colhead', 'data-stage': st.id });
    stageLabels[st.id] = label;
    grid.append(label);
  }
  for (const f of FILTERS) {
    grid.append(h('div', { class: 'pl-rowhead' },
      h('div', { class: 'pl-fname', text: f.name }),
      kernelTable(f.shown || f.k, f.div),
      h('div', { class: 'pl-fwhat', text: f.what })));
    for (const st of STAGES) {
      const c = makeCanvas(8, 8, { label: `${f.name}, ${st.name}`, cls: 'pixelated pl-map' });
      c.dataset.stage = st.id; c.dataset.filter = f.id;
      cells[`${st.id}:${f.id}`] = c;
      grid.append(h('div', { class: 'pl-cell' }, c));
    }
  }
  const gridCaption = h('p', { class: 'caption', text:
    'The 3 maps of a row share one grey scale (black = 0): average pooling dims thin edges, max pooling keeps their peaks.' });
  const layers = h('div', { class: 'panel pl-layers' },
    h('h2', { text: 'Conv layer → ReLU → pool' }), grid, gridCaption);

  // ---- the translation plots ----
  const bars = makeCanvas(BARS.w * HIDPI, BARS.h * HIDPI, { label: 'Relative change of each map under the shift, one group of bars per filter plus their mean' });
  bars.classList.add('pl-bars');
  const curve = makeCanvas(CURVE.w * HIDPI, CURVE.h * HIDPI, { label: 'Mean relative change against shift size' });
  curve.classList.add('pl-curve');
  const summary = h('p', { class: 'pl-summary', 'data-testid': 'shift-summary' });
  const shiftPanel = h('div', { class: 'panel pl-shift' },
    h('h2', { text: 'Shift the input' }),
    h('div', { class: 'controls' }, shiftSlider.el, dirSelect.el, viewGroup),
    summary,
    h('div', { class: 'figure' }, bars,
      h('p', { class: 'caption', text: 'Change = ‖map(shifted) − map(original)‖ / ‖map(original)‖, position by position.' })),
    h('div', { class: 'figure' }, curve,
      h('p', { class: 'caption', text: 'Mean over the 4 filters for every shift (dashed line: the chosen one; shaded: shifts smaller than the pool size). Pooling absorbs shifts smaller than its window.' })));

  root.classList.add('station', 'pooling-station');
  root.append(controls, layers, shiftPanel);

  const unsubscribe = images.subscribe((img) => {
    base = null;
    if (img && img.sampleId) imageSelect.set(img.sampleId);
    else if (img) {
      // The student's own photo: list it under its file name.
      let own = imageSelect.input.querySelector('option[value=""]');
      if (!own) { own = h('option', { value: '' }); imageSelect.input.append(own); }
      own.textContent = img.name;
      imageSelect.set('');
    }
    schedule();
  });

  function setView(shifted) {
    state.showShifted = shifted;
    viewButtons.forEach((b, i) => b.setAttribute('aria-pressed', String((i === 1) === shifted)));
    drawMaps();
  }
  function toggleAlternate() {
    if (timer) { stopAlternate(); return; }
    altButton.setAttribute('aria-pressed', 'true');
    altButton.textContent = '❚❚ Stop';
    timer = setInterval(() => setView(!state.showShifted), ALTERNATE_MS);
  }
  function stopAlternate() {
    if (!timer) return;
    clearInterval(timer); timer = 0;
    altButton.setAttribute('aria-pressed', 'false');
    altButton.textContent = '▶ Flip';
  }

  function schedule() {
    if (frame) return;
    frame = requestAnimationFrame(() => { frame = 0; update(); });
  }

  function update() {
    const q = { res: state.S, size: state.size, stride: state.stride, shift: state.shift, dir: state.dir };
    // The photo too, so a reload or a shared link shows the same picture (main.js reads img).
    const sampleId = images.current()?.sampleId;
    if (sampleId) q.img = sampleId;
    ctx.hash.set(q);
    const gray = images.gray();
    if (!gray) { msg.info('Waiting for the photo to load…'); return; }
    const S = state.S;
    if (!base) base = squareResample(gray, S + 2 * MAX_SHIFT);
    let shape;
    try {
      shape = wasm.pool_output_shape(S, S, state.size, state.stride);
    } catch (e) {
      msg.error(e.message || String(e));
      return;
    }
    msg.clear();
    const [outR, outC] = shape;
    const d = DIRECTIONS.find((x) => x.value === state.dir);

    // maps[s][filter] = {none, max, avg} for a shift of s px (s = 0 is the original input).
    const maps = [];
    try {
      for (let s = 0; s <= MAX_SHIFT; s++) {
        const x = crop(base, S, d.dr * s, d.dc * s);
        maps.push(FILTERS.map((f) => {
          const none = relu(wasm.correlate2d(x, S, S, new Float32Array(f.k), 3, 3, BORDER));
          return {
            none,
            max: wasm.max_pool2d(none, S, S, state.size, state.stride),
            avg: wasm.avg_pool2d(none, S, S, state.size, state.stride),
          };
        }));
      }
    } catch (e) {
      msg.error(e.message || String(e));
      return;
    }
    // change[filter][stage][s]
    const change = FILTERS.map((_, fi) => Object.fromEntries(STAGES.map((st) =>
      [st.id, maps.map((m) => relChange(m[fi][st.id], maps[0][fi][st.id]))])));
    const scale = FILTERS.map((_, fi) => {
      let m = 0;
      for (const v of maps[0][fi].none) if (v > m) m = v;
      return m || 1;
    });
    result = { S, outR, outC, maps, change, scale, inputs: [crop(base, S, 0, 0), crop(base, S, d.dr * state.shift, d.dc * state.shift)] };

    const poolName = `${state.size} × ${state.size}, stride ${state.stride}`;
    stageLabels.none.replaceChildren(h('strong', { text: 'conv + ReLU' }), h('span', { text: `${S} × ${S}` }));
    stageLabels.max.replaceChildren(h('strong', { text: 'max pool', style: { color: STAGE.max.color } }), h('span', { text: `${outR} × ${outC}` }));
    stageLabels.avg.replaceChildren(h('strong', { text: 'average pool', style: { color: STAGE.avg.color } }), h('span', { text: `${outR} × ${outC}` }));
    formulaEl.replaceChildren(
      h('div', { text: `⌊(${S}−${state.size})/${state.stride}⌋+1 = ${outR}`, title: 'output side = ⌊(input side − pool size) / stride⌋ + 1' }),
      h('div', { class: 'pl-shape' }, h('strong', { 'data-testid': 'shape-text', text: `${S}×${S} → ${outR}×${outC}` })),
      h('div', { class: 'pl-sub', text: `pool ${poolName}${state.stride > state.size ? ' (skips pixels)' : state.stride < state.size ? ' (windows overlap)' : ''}` }));

    drawMaps();
    drawShiftPlots();
  }

  function drawMaps() {
    if (!result) return;
    const { S, outR, outC, maps, scale, inputs } = result;
    const idx = state.showShifted ? state.shift : 0;
    drawGray(inputCanvas, inputs[state.showShifted ? 1 : 0], S, S, { min: 0, max: 1 });
    inputCaption.textContent = state.showShifted
      ? `${S} × ${S} px, shifted ${state.shift} px ${DIRECTIONS.find((x) => x.value === state.dir).label.slice(2)}`
      : `${S} × ${S} px, original`;
    FILTERS.forEach((f, fi) => {
      const m = maps[idx][fi];
      drawGray(cells[`none:${f.id}`], m.none, S, S, { min: 0, max: scale[fi] });
      drawGray(cells[`max:${f.id}`], m.max, outC, outR, { min: 0, max: scale[fi] });
      drawGray(cells[`avg:${f.id}`], m.avg, outC, outR, { min: 0, max: scale[fi] });
    });
    layers.dataset.view = state.showShifted ? 'shifted' : 'original';
  }

  function drawShiftPlots() {
    const { change } = result;
    const s = state.shift;
    const mean = (stage, k) => change.reduce((a, c) => a + c[stage][k], 0) / change.length;
    const at = Object.fromEntries(STAGES.map((st) => [st.id, mean(st.id, s)]));
    const pct = (v) => `${Math.round(100 * v)}\u00a0%`;
    summary.replaceChildren(
      s === 0 ? 'Shift 0 px: nothing changes. Move the shift slider.' :
        h('span', {},
          `${s} px ${DIRECTIONS.find((x) => x.value === state.dir).label.slice(2)} changes the maps by `,
          h('strong', { style: { color: STAGE.none.color } }, pct(at.none)), ' without pooling, ',
          h('strong', { style: { color: STAGE.max.color } }, pct(at.max)), ' max pooled, ',
          h('strong', { style: { color: STAGE.avg.color } }, pct(at.avg)), ' average pooled (mean of 4 filters).'));
    summary.dataset.none = at.none.toFixed(4);
    summary.dataset.avg = at.avg.toFixed(4);
    summary.dataset.max = at.max.toFixed(4);

    // Grouped bars: one group per filter plus the mean.
    const groups = [...FILTERS.map((f, fi) => ({ name: f.name, v: STAGES.map((st) => change[fi][st.id][s]) })),
      { name: 'mean', v: STAGES.map((st) => at[st.id]) }];
    drawBars(bars, groups, s);

    const xs = Array.from({ length: MAX_SHIFT + 1 }, (_, i) => i);
    const series = STAGES.map((st) => ({ name: st.name, color: st.color, xs, ys: xs.map((k) => 100 * mean(st.id, k)) }));
    const yMax = Math.max(10, ...series.flatMap((x) => x.ys)) * 1.75; // headroom for the legend
    const { g, view } = logical(curve, CURVE.w, CURVE.h);
    const { px, py } = linePlot(view, series.map((x) => ({ ...x, width: 2 })), { xLabel: 'shift (px)', yLabel: 'change (%)', xMin: 0, xMax: MAX_SHIFT, yMin: 0, yMax });
    g.save();
    // Mark the pool size: shifts below it are where pooling can absorb the move.
    g.fillStyle = 'rgba(36, 88, 198, 0.08)';
    const shadeW = Math.max(0, px(Math.min(MAX_SHIFT, state.size - 1)) - px(0));
    g.fillRect(px(0), py(yMax), shadeW, py(0) - py(yMax));
    g.font = '12px system-ui, sans-serif';
    const note = 'shift < pool size';
    if (shadeW >= g.measureText(note).width + 8) {
      g.fillStyle = '#2458c6'; g.textAlign = 'left'; g.textBaseline = 'top';
      g.fillText(note, px(0) + 4, py(yMax) + 4);
    }
    g.strokeStyle = '#111'; g.setLineDash([4, 3]); g.lineWidth = 1.3;
    g.beginPath(); g.moveTo(px(s), py(0)); g.lineTo(px(s), py(yMax)); g.stroke();
    g.setLineDash([]);
    for (const st of series) {
      g.fillStyle = st.color;
      g.beginPath(); g.arc(px(s), py(st.ys[s]), 4, 0, 2 * Math.PI); g.fill();
    }
    g.restore();
  }

  /**
   * Grouped horizontal bars of the relative changes, in %: one group per filter plus the mean,
   * one bar per stage, each labelled with its value (horizontal, so labels never collide).
   */
  function drawBars(canvas, groups, s) {
    const { g } = logical(canvas, BARS.w, BARS.h);
    const W = BARS.w, H = BARS.h;
    const FONT = 'system-ui, sans-serif';
    const pad = { l: 84, r: 46, t: 32, b: 24 };
    const bh = 12, bgap = 2, ggap = 10; // bar height, gap between bars, gap between groups (px)
    g.clearRect(0, 0, W, H);
    g.fillStyle = '#fff'; g.fillRect(0, 0, W, H);
    const top = Math.max(0.1, ...groups.flatMap((x) => x.v)) * 1.02;
    const step = [0.05, 0.1, 0.2, 0.25, 0.5, 1].find((t) => top / t <= 4) || 1;
    const x = (v) => pad.l + (v / top) * (W - pad.l - pad.r);
    const bottom = H - pad.b;
    // Grid and axis ticks.
    g.strokeStyle = '#e3e6ec'; g.lineWidth = 1; g.fillStyle = '#444';
    g.font = `12px ${FONT}`; g.textAlign = 'center'; g.textBaseline = 'top';
    for (let t = 0; t <= top + 1e-9; t += step) {
      const X = Math.round(x(t)) + 0.5;
      g.beginPath(); g.moveTo(X, pad.t - 4); g.lineTo(X, bottom); g.stroke();
      g.fillText(`${Math.round(100 * t)} %`, X, bottom + 4);
    }
    // Bars.
    const groupH = STAGES.length * bh + (STAGES.length - 1) * bgap;
    groups.forEach((grp, gi) => {
      const y0 = pad.t + gi * (groupH + ggap);
      if (grp.name === 'mean') {
        g.strokeStyle = '#b9c1cf';
        g.beginPath(); g.moveTo(4, y0 - ggap / 2 + 0.5); g.lineTo(W - 4, y0 - ggap / 2 + 0.5); g.stroke();
      }
      g.fillStyle = '#222'; g.textAlign = 'right'; g.textBaseline = 'middle';
      g.font = `${grp.name === 'mean' ? 'bold ' : ''}14px ${FONT}`;
      g.fillText(grp.name, pad.l - 8, y0 + groupH / 2);
      grp.v.forEach((v, si) => {
        const y = y0 + si * (bh + bgap);
        g.fillStyle = STAGES[si].color;
        g.fillRect(pad.l, y, Math.max(0, x(v) - pad.l), bh);
        if (s > 0) {
          g.fillStyle = '#222'; g.textAlign = 'left'; g.font = `12px ${FONT}`;
          g.fillText(`${Math.round(100 * v)}`, x(v) + 4, y + bh / 2 + 0.5);
        }
      });
    });
    g.strokeStyle = '#555';
    g.beginPath(); g.moveTo(pad.l + 0.5, pad.t - 4); g.lineTo(pad.l + 0.5, bottom); g.stroke();
    // Legend across the top.
    g.textAlign = 'left'; g.textBaseline = 'middle'; g.font = `13px ${FONT}`;
    let lx = 4;
    for (const st of STAGES) {
      g.fillStyle = st.color; g.fillRect(lx, 6, 13, 13);
      g.fillStyle = '#222'; g.fillText(st.name, lx + 17, 13);
      lx += 17 + g.measureText(st.name).width + 14;
    }
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
  return function unmount() {
    stopAlternate();
    if (frame) cancelAnimationFrame(frame);
    unsubscribe();
    link.remove();
    root.classList.remove('pooling-station');
  };
}
