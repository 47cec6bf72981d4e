// Station "Filters as features", part 1 of 3: one filter at a time (Gaussian, LoG, Gabor, the
// RFS edge and bar) with its kernel as a heat map and its response on the photo. Parts 2 and 3
// are the orientation sweep (../orient/) and the MR8 bank (../mr8/); an old #/filters link
// that opened the sweep (sweep=1) is sent on to #/orient with its filter.
import { station } from '../../lib/station.js';
import { h, select, button, message } from '../../lib/dom.js';
import { paint, robustLimit } from '../../lib/heatmap.js';
import { num, short } from '../../lib/format.js';
import { numberControl } from '../../lib/controls.js';
import { imagePicker } from '../../lib/image-picker.js';
import { figure, legendAt } from './figure.js';
import { latestOnly } from '../../lib/latest.js';
import {
  STATE, TYPES, PARAMS, DEFAULTS, FORMULAS, BORDER, METHOD_WORDS, ORIENTED, paramsFromState, paramsToState,
  makeKernel, workingImage, workingCaption, kernelSums, truncationNote,
} from './model.js';

export { makeKernel } from './model.js';

function mount(root, ctx) {
  const { wasm, images } = ctx;
  root.classList.add('filter-station');
  // An address from before the split that had the sweep open: hand it to the sweep station.
  const legacy = ctx.hash.get();
  if (legacy.get('sweep') === '1') {
    legacy.delete('sweep');
    location.replace(`#/orient?${legacy}`);
    return;
  }
  const maxRadius = wasm.station_constants().max_radius;
  let { type, params } = paramsFromState(ctx.state);
  let work = null; // the working image
  let kernel = null; // the last good { data, n, p }
  let alive = true;
  ctx.onCleanup(() => { alive = false; });

  // ---- controls ----
  const typeSel = select({
    label: 'Filter', value: type, options: TYPES.map((t) => ({ value: t.id, label: t.label })),
    onChange: (v) => { type = v; syncControls(); schedule(); },
  });
  typeSel.input.setAttribute('data-testid', 'filter-type');
  const controls = Object.fromEntries(Object.entries(PARAMS).map(([key, spec]) => {
    const c = numberControl({
      label: spec.label, min: spec.min, max: spec.max, step: spec.step, unit: spec.unit, integer: spec.integer,
      limits: key === 'radius' ? [1, maxRadius] : spec.limits, value: params[type][key] ?? DEFAULTS.gabor[key],
      id: `filters-${key}`, onChange: (v) => { params[type][key] = v; schedule(); },
    });
    c.el.classList.add('fparam');
    c.el.dataset.control = key;
    c.range.dataset.param = key;
    c.box.dataset.paramNum = key;
    return [key, c];
  }));
  const paramMsgEl = h('div', { 'data-testid': 'param-message' });
  const paramMsg = message(paramMsgEl);
  const truncNote = h('p', { class: 'note', 'data-testid': 'trunc-note' });
  const resetBtn = button('Reset this filter', () => { params[type] = { ...DEFAULTS[type] }; syncControls(); schedule(); });
  const picker = imagePicker(ctx, { id: 'filters', dropTarget: root, sources: ['samples', 'file', 'camera', 'drop', 'paste'] });
  const thumb = h('canvas', { class: 'thumb', width: 8, height: 8, role: 'img', 'aria-label': 'The grey input image' });
  const thumbCaption = h('div', { class: 'note' });

  const formula = h('div', { class: 'formula', 'data-testid': 'formula' });
  const kFig = figure('Kernel', { testid: 'kernel-canvas', pixelated: true, cls: 'kernel', label: 'Kernel heat map: red positive, blue negative' });
  const rFig = figure('Response on the image', { testid: 'response-canvas', cls: 'response', label: 'Filter response on the image' });
  const sweepLink = h('a', { class: 'next-link', 'data-testid': 'sweep-link' });
  const mr8Link = h('a', { class: 'next-link', href: '#/mr8' }, 'The MR8 filter bank: 38 filters, 8 features per pixel →');

  root.append(
    h('h2', {}, 'Filters as features'),
    h('p', { class: 'lede' },
      'Before CNNs learned their filters, vision used fixed ones: Gaussians to blur, Laplacians of Gaussian for blobs, ',
      'Gabor and derivative filters for oriented edges and bars, at several scales and orientations, and then took ',
      h('strong', {}, 'maxima across orientations'), ' so the features do not care which way a texture is turned. ',
      'Each response below is a correlation ', h('span', { class: 'formula inline' }, 'z[r,c] = Σᵢⱼ k[i,j] · x[r+i, c+j]'),
      ' of the grey image with the kernel (reflect border).'),
    h('section', { class: 'panel', 'aria-labelledby': 'f-one' },
      h('h3', { id: 'f-one' }, 'One filter, its kernel and its response'),
      h('div', { class: 'filters-one' },
        h('div', { class: 'controls' },
          typeSel.el, ...Object.values(controls).map((c) => c.el),
          paramMsgEl, truncNote, h('div', { class: 'row' }, resetBtn), h('hr'),
          picker.el, thumb, thumbCaption),
        h('div', { class: 'filters-figs' },
          h('div', { class: 'fig-pair' }, kFig.el, rFig.el),
          formula,
          h('nav', { class: 'next-links', 'aria-label': 'Next parts' }, sweepLink, mr8Link)))));

  function syncControls() {
    const t = TYPES.find((x) => x.id === type);
    for (const [key, c] of Object.entries(controls)) {
      const used = t.params.includes(key);
      c.el.hidden = !used;
      if (used) c.show(params[type][key]);
    }
    typeSel.set(type);
    formula.textContent = FORMULAS[type];
  }

  const schedule = () => ctx.frame(update);

  function save() {
    ctx.save({ ...paramsToState(type, params[type]), img: images.current()?.sampleId || null });
    // The sweep needs an oriented filter: it takes this one's, or a Gabor.
    const o = ORIENTED.includes(type) ? paramsToState(type, params[type]) : { f: 'gabor' };
    delete o.t;
    sweepLink.href = `#/orient?${new URLSearchParams(o)}`;
    sweepLink.textContent = ORIENTED.includes(type)
      ? `Sweep this ${TYPES.find((t) => t.id === type).label.split(' (')[0]} over 6 orientations: the max is rotation-invariant →`
      : 'Sweep an oriented filter over 6 orientations: the max is rotation-invariant →';
  }

  function update() {
    const p = params[type];
    let k;
    try {
      k = makeKernel(wasm, type, p);
    } catch (e) {
      // Keep the last good view; say what is wrong next to the controls.
      paramMsg.error(e.message);
      return;
    }
    paramMsg.clear();
    kernel = { data: k, n: 2 * p.radius + 1, p: { ...p } };
    drawKernel();
    drawResponse();
    save();
  }

  function drawKernel() {
    const { data, n, p } = kernel;
    const { min, max } = paint(kFig.canvas, data, n, n, { scale: 'diverging' });
    legendAt(kFig.legend, min, max, { scale: 'diverging' });
    const { sum, l1 } = kernelSums(data);
    kFig.caption.textContent = `${n} × ${n} = ${n * n} weights · Σk = ${num(sum, 4)} · Σ|k| = ${short(l1, 3)}. Red > 0, blue < 0, white 0.`;
    const note = truncationNote(type, p);
    truncNote.hidden = !note;
    truncNote.textContent = note;
    kFig.canvas.setAttribute('data-sum', String(sum));
    // Which filter the drawn kernel belongs to (tests wait for it, as for the response).
    kFig.canvas.dataset.for = String(STATE.serialize(paramsToState(type, p)));
  }

  // The response is computed in the worker, the newest request only (sliders move faster).
  const request = latestOnly((job) => ctx.worker.run('filter', job));

  async function drawResponse() {
    if (!work || !kernel) return;
    const { data, n, p } = kernel, shownType = type, img = work;
    const r = await request({ image: img.data, rows: img.height, cols: img.width, kernel: data, n, border: BORDER });
    if (!alive || !r.done) return;
    if (r.error) { paramMsg.error(r.error.message); ctx.rendered(); return; }
    const { response: out, method, ms } = r.value;
    const gray = shownType === 'gaussian';
    const range = paint(rFig.canvas, out, img.width, img.height, gray ? { scale: 'gray' } : { scale: 'diverging', limit: robustLimit(out) });
    legendAt(rFig.legend, range.min, range.max, { scale: gray ? 'gray' : 'diverging', label: gray ? 'grey level' : '' });
    rFig.caption.textContent = `${img.width} × ${img.height} px, computed by ${METHOD_WORDS[method] || method} in ${ms.toFixed(0)} ms (in the worker). ` +
      (gray ? 'Grey: a blurred copy.' : 'Red: the image matches the kernel; blue: it matches its negative (colours saturate at the 99.5th percentile of |response|).');
    rFig.canvas.setAttribute('data-method', method);
    // Which filter the drawn response belongs to (tests wait for it).
    rFig.canvas.dataset.for = String(STATE.serialize(paramsToState(shownType, p)));
    ctx.rendered();
  }

  function loadImage() {
    work = workingImage(images.current(), images.gray());
    if (!work) return false;
    paint(thumb, work.data, work.width, work.height, { scale: 'gray', min: 0, max: 1 });
    thumbCaption.textContent = workingCaption(work);
    return true;
  }
  ctx.onCleanup(images.subscribe(() => { if (loadImage()) schedule(); }));

  syncControls();
  loadImage();
  update();
  if (!kernel) {
    // The address held values the core refuses: show the defaults' view, keep the message.
    const bad = paramMsgEl.textContent;
    const saved = { ...params[type] };
    params[type] = { ...DEFAULTS[type] };
    update();
    params[type] = saved;
    syncControls();
    paramMsg.error(bad);
  }
  ctx.rendered();
}

export default station({
  id: 'filters',
  title: 'Filters as features',
  css: [new URL('./shared.css', import.meta.url), new URL('./filters.css', import.meta.url)],
  state: STATE,
  mount,
});
