// Station "Max over orientations", part 2 of the filter stations: one oriented filter at
// θ = 0°, 30°, …, 150° and the maximum over the six at each pixel. Turning the image by 30°
// (one step) moves each pattern to the next orientation's map, so the maximum only turns with
// the image; the core measures how much it changed. The sweep runs in the worker.
import { station } from '../../lib/station.js';
import { h, button, message } from '../../lib/dom.js';
import { paint, robustLimit } from '../../lib/heatmap.js';
import { numberControl, segmented } from '../../lib/controls.js';
import { imagePicker } from '../../lib/image-picker.js';
import { latestOnly } from '../../lib/latest.js';
import { PARAMS, DEFAULTS, TYPES, ORIENTED, workingImage, workingCaption } from '../filters/model.js';
import { figure, legendAt } from '../filters/figure.js';
import { STATE, ORIENTATIONS, ROTATION, createOrientModel, sweptParams, verdictNote, pct } from './model.js';

function mount(root, ctx) {
  const { wasm, images } = ctx;
  root.classList.add('filter-station');
  const maxRadius = wasm.station_constants().max_radius;
  const model = createOrientModel(ctx.state);
  let work = null;
  let alive = true;
  ctx.onCleanup(() => { alive = false; });

  // ---- controls ----
  const typeGroup = segmented({
    label: 'Oriented filter', value: model.type, attr: 'data-type',
    options: ORIENTED.map((id) => ({ value: id, label: TYPES.find((t) => t.id === id).label.replace(/ \(.*/, '') })),
    onChange: (v) => { model.type = v; syncControls(); sweep(); },
  });
  const controls = Object.fromEntries(Object.entries(PARAMS).filter(([key]) => key !== 'theta').map(([key, spec]) => {
    const c = numberControl({
      label: spec.label, min: spec.min, max: spec.max, step: spec.step, unit: spec.unit, integer: spec.integer,
      limits: key === 'radius' ? [1, maxRadius] : spec.limits, value: model.current()[key] ?? DEFAULTS.gabor[key],
      id: `orient-${key}`, onChange: (v) => { model.current()[key] = v; sweep(); },
    });
    c.el.dataset.control = key;
    return [key, c];
  }));
  const rotBtn = button(`Rotate image by ${ROTATION}°`, () => { model.rotated = !model.rotated; sweep(); },
    { title: `Turn the image clockwise by ${ROTATION}° (one orientation step) and compare the maxima` });
  rotBtn.setAttribute('data-testid', 'rotate-button');
  const absBox = h('input', { type: 'checkbox', id: 'orient-abs', checked: model.abs });
  ctx.listen(absBox, 'change', () => { model.abs = absBox.checked; sweep(); });
  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'Sweep progress' });
  const status = h('span', { class: 'note', 'data-testid': 'sweep-status', 'aria-live': 'polite' });
  const msgEl = h('div', { 'data-testid': 'sweep-message' });
  const msg = message(msgEl);
  const picker = imagePicker(ctx, { id: 'orient', dropTarget: root });

  // ---- figures ----
  const imageFig = figure('Image', { testid: 'sweep-image', legend: false, overlay: true });
  const maxFig = figure('Max over the 6 orientations', { testid: 'sweep-max', overlay: true });
  const refFig = figure(`Max on the original, turned ${ROTATION}°`, { testid: 'sweep-ref', overlay: true });
  const orientFigs = ORIENTATIONS.map((t) => {
    const f = figure(`θ = ${t}°`, { legend: false, testid: `sweep-${t}` });
    const kc = h('canvas', { class: 'kthumb pixelated', width: 8, height: 8, 'aria-hidden': 'true' });
    f.el.insertBefore(kc, f.canvas);
    return { ...f, kcanvas: kc };
  });
  const sweepLegend = h('canvas', { class: 'legend', width: 300, height: 40, 'aria-hidden': 'true' });
  const invariance = h('div', { class: 'invariance', 'data-testid': 'invariance', 'aria-live': 'polite' });

  root.append(
    h('h2', {}, 'Max over orientations'),
    h('p', { class: 'lede' }, 'An oriented filter at θ = 0°, 30°, …, 150°, and the maximum over the six at each pixel. ',
      `Turning the image by ${ROTATION}° (one step) moves each pattern to the next orientation's map, so the maximum only turns with the image: `,
      'it is (nearly) rotation-invariant. The filters come from ', h('a', { href: '#/filters' }, 'Filters as features'), '.'),
    h('section', { class: 'panel orient-layout', 'aria-label': 'The orientation sweep' },
      h('div', { class: 'controls orient-controls' },
        typeGroup.el, ...Object.values(controls).map((c) => c.el), h('hr'), picker.el),
      h('div', { class: 'orient-main' },
        h('div', { class: 'row sweep-tools' }, rotBtn,
          h('label', { class: 'check', for: absBox.id }, absBox, ' max of |response| (as on the lecture slide)')),
        h('div', { class: 'row sweep-tools' }, progress, status), msgEl,
        h('div', { class: 'sweep-top' }, imageFig.el, maxFig.el, refFig.el, invariance),
        h('div', { class: 'sweep-grid' }, orientFigs.map((f) => f.el)),
        h('div', { class: 'row' }, sweepLegend, h('span', { class: 'note' }, 'One colour scale for the six responses and their maximum.')))));

  function syncControls() {
    const used = sweptParams(model.type);
    for (const [key, c] of Object.entries(controls)) {
      c.el.hidden = !used.includes(key);
      if (!c.el.hidden) c.show(model.current()[key]);
    }
    typeGroup.set(model.type);
    rotBtn.setAttribute('aria-pressed', String(model.rotated));
  }

  const request = latestOnly((job) => ctx.worker.run('orient', job, (fraction, text) => {
    if (!alive) return;
    progress.value = fraction;
    status.textContent = text;
  }));

  async function sweep() {
    rotBtn.setAttribute('aria-pressed', String(model.rotated));
    const state = model.toState(images.current()?.sampleId || null);
    ctx.save(state);
    if (!work) return;
    const key = String(STATE.serialize(state)); // the address this sweep belongs to
    const job = { image: work.data, rows: work.height, cols: work.width, name: work.name, ...model.job() };
    const r = await request(job);
    if (!alive || !r.done) return;
    if (r.error) { msg.error(r.error.message); status.textContent = ''; ctx.rendered(); return; }
    msg.clear();
    progress.value = 1;
    status.textContent = `Done: 6 orientations on ${work.width} × ${work.height} px${job.rotated ? ', twice' : ''} in ${r.value.ms.toFixed(0)} ms (in the worker).`;
    draw(r.value, job);
    // Which settings the drawn sweep belongs to (its address; tests wait for it).
    maxFig.canvas.dataset.for = key;
    ctx.rendered();
  }

  function draw(res, job) {
    const { rows, cols, n, kernels, shown, responses, max, discRadius, invariance: inv } = res;
    const maps = ORIENTATIONS.map((_, i) => responses.subarray(i * rows * cols, (i + 1) * rows * cols));
    const display = job.abs ? maps.map((m) => m.map(Math.abs)) : maps;
    const limit = Math.max(robustLimit(max), ...display.map((m) => robustLimit(m)));
    const diverging = { scale: 'diverging', limit };
    paint(imageFig.canvas, shown, cols, rows, { scale: 'gray', min: 0, max: 1 });
    imageFig.caption.textContent = job.rotated ? `Turned ${ROTATION}° clockwise (grey fill outside). ${workingCaption(work)}.` : `As loaded: ${workingCaption(work)}.`;
    orientFigs.forEach((f, i) => {
      paint(f.canvas, display[i], cols, rows, diverging);
      paint(f.kcanvas, kernels.subarray(i * n * n, (i + 1) * n * n), n, n, { scale: 'diverging' });
    });
    paint(maxFig.canvas, max, cols, rows, diverging);
    maxFig.caption.textContent = job.rotated ? 'Computed on the turned image.' : 'Computed on the image as loaded.';
    for (const c of [maxFig.legend, sweepLegend]) legendAt(c, -limit, limit, { scale: 'diverging' });
    refFig.el.hidden = !job.rotated;
    for (const f of [imageFig, maxFig, refFig]) {
      f.overlay.width = cols; f.overlay.height = rows;
      const g = f.overlay.getContext('2d');
      if (job.rotated && discRadius > 0) {
        g.setLineDash([6, 5]); g.lineWidth = 2; g.strokeStyle = '#111';
        g.beginPath(); g.arc((cols - 1) / 2, (rows - 1) / 2, discRadius, 0, 2 * Math.PI); g.stroke();
      }
    }
    delete invariance.dataset.max;
    delete invariance.dataset.one;
    if (!job.rotated) {
      invariance.replaceChildren(h('p', { class: 'note' },
        `Press “Rotate image by ${ROTATION}°” to turn the image one orientation step and measure how much the maximum changes.`));
      return;
    }
    if (inv.error) { invariance.replaceChildren(h('p', { class: 'note' }, inv.error)); return; }
    paint(refFig.canvas, inv.reference, cols, rows, diverging);
    legendAt(refFig.legend, -limit, limit, { scale: 'diverging' });
    refFig.caption.textContent = 'Should match the max on the turned image inside the dashed disc.';
    const row = (testid, label, v, cls) => h('tr', { 'data-testid': testid }, h('th', {}, label), h('td', { class: cls }, pct(v)));
    invariance.replaceChildren(
      h('table', { class: 'inv' },
        h('caption', {}, `Inside the dashed disc (radius ${inv.disc_radius} px): RMS difference ÷ spread of the reference`),
        h('tbody', {},
          row('inv-max', `max over 6 orientations, turned image vs turned result (invariant below ${pct(inv.threshold)})`, inv.max_change, inv.invariant ? 'good' : 'bad'),
          row('inv-one', 'one filter (θ = 0°), turned image vs turned result', inv.one_change),
          row('inv-next', 'θ = 30° on the turned image vs θ = 0° turned', inv.next_change))),
      h('p', { class: 'note' }, verdictNote(inv, job.type, job.params, job.abs)));
    invariance.dataset.max = String(inv.max_change);
    invariance.dataset.one = String(inv.one_change);
  }

  function loadImage() {
    work = workingImage(images.current(), images.gray());
    return Boolean(work);
  }
  ctx.onCleanup(images.subscribe(() => { if (loadImage()) sweep(); }));
  syncControls();
  loadImage();
  sweep();
}

export default station({
  id: 'orient',
  title: 'Max over orientations',
  css: [new URL('../filters/shared.css', import.meta.url), new URL('./orient.css', import.meta.url)],
  state: STATE,
  mount,
});
