// Station "MR8 filter bank", part 3 of the filter stations: Varma & Zisserman's 38 RFS filters
// and the 8 MR8 features per pixel (per scale the max over 6 orientations of the edge and bar
// responses, plus a Gaussian and a LoG), computed in the worker with a progress bar. A click or
// the arrow keys on any map pick a pixel; its 8 features are drawn as bars.
import { station } from '../../lib/station.js';
import { h, button, message } from '../../lib/dom.js';
import { paint, robustLimit, maxAbs } from '../../lib/heatmap.js';
import { num } from '../../lib/format.js';
import { imagePicker } from '../../lib/image-picker.js';
import { workingImage, workingCaption } from '../filters/model.js';
import { figure, legendAt } from '../filters/figure.js';
import { STATE, RFS, MR8_NAMES, bankLayout, probeAt, moveProbe, keepProbe } from './model.js';
import { drawBars } from './bars.js';

function mount(root, ctx) {
  const { wasm, images } = ctx;
  root.classList.add('filter-station');
  let abs = ctx.state.abs;
  let work = null;
  let mr8 = null; // { responses, rows, cols, ms }
  let probe = null; // { x, y }
  let runId = 0;
  let alive = true;
  ctx.onCleanup(() => { alive = false; runId++; });

  const runBtn = button('Compute MR8 features', () => run(), { cls: 'primary' });
  runBtn.setAttribute('data-testid', 'mr8-button');
  const absBox = h('input', { type: 'checkbox', id: 'mr8-abs', checked: abs });
  ctx.listen(absBox, 'change', () => { abs = absBox.checked; save(); if (mr8) run(); });
  const progress = h('progress', { max: 1, value: 0, 'data-testid': 'mr8-progress', 'aria-label': 'MR8 progress' });
  const status = h('span', { class: 'note', 'data-testid': 'mr8-status', 'aria-live': 'polite' });
  const msgEl = h('div', {});
  const msg = message(msgEl);
  const picker = imagePicker(ctx, { id: 'mr8', dropTarget: root });
  const thumb = h('canvas', { class: 'thumb', width: 8, height: 8, role: 'img', 'aria-label': 'The grey input image' });
  const thumbCaption = h('div', { class: 'note' });
  const bankGrid = h('div', { class: 'bank', 'data-testid': 'rfs-bank', role: 'group', 'aria-label': 'The 38 RFS filters' });
  const mapFigs = MR8_NAMES.map((name, i) => {
    const f = figure(name, { testid: `mr8-map-${i}`, label: `MR8 map ${name}: click or use arrow keys to pick a pixel`, cls: 'probe-target', overlay: true });
    f.canvas.tabIndex = 0;
    return f;
  });
  const bars = h('canvas', { width: 8, height: 8, class: 'bars', 'data-testid': 'mr8-bars', role: 'img', 'aria-label': 'The 8 MR8 features of the chosen pixel' });
  const barTable = h('table', { class: 'mr8-values', 'data-testid': 'mr8-values' });
  const probeText = h('p', { class: 'note', 'data-testid': 'probe-text' }, 'Click a pixel in any map to see its 8 features.');
  const mapsBox = h('section', { class: 'panel mr8-maps', hidden: true, 'aria-label': 'The 8 MR8 feature maps' }, mapFigs.map((f) => f.el));
  const featBox = h('div', { class: 'mr8-feature', hidden: true }, h('div', { class: 'fig-title' }, 'MR8 feature vector of one pixel'), bars, probeText, barTable);

  root.append(
    h('h2', {}, 'The MR8 filter bank'),
    h('p', { class: 'lede' },
      'Varma & Zisserman’s Root Filter Set (49 × 49 each): edge and bar filters at 3 scales (σ = 1, 2, 4) and 6 orientations, plus a Gaussian and a LoG (σ = 10); every filter is shifted to sum 0 and scaled to Σ|k| = 1. ',
      'MR8 keeps, per pixel and scale, only the maximum over the 6 orientations (',
      h('a', { href: '#/orient' }, 'why that is rotation-invariant'),
      '): 3 edge + 3 bar + Gaussian + LoG = 8 numbers that describe the local texture whichever way it is turned.'),
    h('section', { class: 'panel mr8-layout', 'aria-label': 'The bank and the features' },
      h('div', {}, h('div', { class: 'fig-title' }, 'The 38 filters (each on its own colour scale)'), bankGrid),
      h('div', { class: 'mr8-run' },
        picker.el, h('div', { class: 'row' }, thumb, thumbCaption),
        h('div', { class: 'row' }, runBtn,
          h('label', { class: 'check', for: absBox.id }, absBox, ' max of |response| (slide) instead of the signed max')),
        h('div', { class: 'row' }, progress, status), msgEl, featBox)),
    mapsBox);

  function drawBank() {
    let bank;
    try { bank = wasm.rfs_bank(); } catch (e) { msg.error(e.message); return; }
    bankGrid.replaceChildren(...bankLayout().map((it) => {
      if (it.head !== undefined) return h('div', { class: 'bank-head' }, it.head);
      if (it.label) return h('div', { class: 'bank-label' }, it.label);
      if (it.note) return h('div', { class: 'bank-note' }, it.note);
      const c = h('canvas', { class: 'bank-cell pixelated', title: it.title, role: 'img', 'aria-label': it.title });
      paint(c, bank.subarray(it.index * RFS * RFS, (it.index + 1) * RFS * RFS), RFS, RFS, { scale: 'diverging' });
      return c;
    }));
  }

  const save = () => ctx.save({ abs, img: images.current()?.sampleId || null });

  async function run() {
    if (!work) return;
    const id = ++runId;
    runBtn.disabled = true;
    msg.clear();
    progress.value = 0;
    status.textContent = 'Starting the worker…';
    const snapshot = work;
    try {
      const res = await ctx.worker.run('mr8', { image: snapshot.data.slice(), rows: snapshot.height, cols: snapshot.width, abs },
        (fraction, text) => {
          if (!alive || id !== runId) return;
          progress.value = fraction;
          status.textContent = text;
        });
      if (!alive || id !== runId) return;
      mr8 = res;
      progress.value = 1;
      status.textContent = `Done: 38 filters on ${res.cols} × ${res.rows} px in ${res.ms.toFixed(0)} ms (in the worker).`;
      mapsBox.hidden = false;
      featBox.hidden = false;
      drawMaps();
      probe = keepProbe(probe, res.cols, res.rows);
      showProbe();
    } catch (e) {
      if (alive && id === runId) { msg.error(e.message); status.textContent = ''; ctx.rendered(); }
    } finally {
      if (alive && id === runId) runBtn.disabled = false;
    }
  }

  const mapOf = (m) => mr8.responses.subarray(m * mr8.rows * mr8.cols, (m + 1) * mr8.rows * mr8.cols);

  function drawMaps() {
    mapFigs.forEach((f, m) => {
      const r = paint(f.canvas, mapOf(m), mr8.cols, mr8.rows, { scale: 'diverging', limit: robustLimit(mapOf(m)) });
      legendAt(f.legend, r.min, r.max, { scale: 'diverging' });
      f.overlay.width = mr8.cols; f.overlay.height = mr8.rows;
    });
  }

  function showProbe() {
    if (!mr8 || !probe) return;
    const { x, y } = probe;
    const values = MR8_NAMES.map((_, m) => mapOf(m)[y * mr8.cols + x]);
    for (const f of mapFigs) {
      const g = f.overlay.getContext('2d');
      g.clearRect(0, 0, f.overlay.width, f.overlay.height);
      const s = Math.max(2, mr8.cols / 120);
      g.lineWidth = s; g.strokeStyle = '#111';
      g.beginPath(); g.arc(x + 0.5, y + 0.5, 4 * s, 0, 2 * Math.PI); g.stroke();
      g.lineWidth = s / 2; g.strokeStyle = '#fff';
      g.beginPath(); g.arc(x + 0.5, y + 0.5, 4 * s + s * 0.75, 0, 2 * Math.PI); g.stroke();
    }
    drawFeatureBars(values);
    bars.setAttribute('data-values', JSON.stringify(values));
    probeText.textContent = `Pixel (x = ${x}, y = ${y}). Axis: ± the largest value in any map, so bars compare across pixels.`;
    barTable.replaceChildren(h('tbody', {}, MR8_NAMES.map((name, m) => h('tr', {}, h('th', {}, name), h('td', {}, num(values[m], 4))))));
    ctx.rendered();
  }

  function drawFeatureBars(values) {
    const limit = Math.max(...MR8_NAMES.map((_, m) => maxAbs(mapOf(m))));
    drawBars(bars, Math.max(240, Math.floor(featBox.clientWidth)), values, limit);
  }
  ctx.observeWidth(featBox, () => { if (mr8 && probe) drawFeatureBars(MR8_NAMES.map((_, m) => mapOf(m)[probe.y * mr8.cols + probe.x])); });

  for (const f of mapFigs) {
    ctx.listen(f.canvas, 'click', (ev) => {
      if (!mr8) return;
      const r = f.canvas.getBoundingClientRect();
      probe = probeAt((ev.clientX - r.left) / r.width, (ev.clientY - r.top) / r.height, mr8.cols, mr8.rows);
      showProbe();
    });
    ctx.listen(f.canvas, 'keydown', (ev) => {
      if (!mr8 || !probe) return;
      const next = moveProbe(probe, ev.key, ev.shiftKey, mr8.cols, mr8.rows);
      if (!next) return;
      ev.preventDefault();
      probe = next;
      showProbe();
    });
  }

  function loadImage() {
    work = workingImage(images.current(), images.gray());
    if (!work) return;
    paint(thumb, work.data, work.width, work.height, { scale: 'gray', min: 0, max: 1 });
    thumbCaption.textContent = workingCaption(work);
    save();
  }
  ctx.onCleanup(images.subscribe(() => { loadImage(); if (mr8) run(); }));
  drawBank();
  loadImage();
  ctx.rendered();
}

export default station({
  id: 'mr8',
  title: 'MR8 filter bank',
  css: [new URL('../filters/shared.css', import.meta.url), new URL('./mr8.css', import.meta.url)],
  state: STATE,
  mount,
});
