// Station: convolutions as features. One filter at a time (Gaussian, LoG, Gabor, the RFS edge
// and bar) with its kernel and its response; a sweep over 6 orientations whose maximum barely
// changes when the image turns by 30°; and the MR8 filter bank (38 filters → 8 features per
// pixel), computed in the worker.
import { h, button, select, message, nextId } from '../lib/dom.js';
import { drawLegend, fmt } from '../lib/canvas.js';
import { paint, maxAbs, robustLimit, drawGrayLegend } from '../lib/heatlut.js';

const MAX_SIDE = 512; // px: the working image is scaled down to at most this side
const DEG = Math.PI / 180;
const ORIENTATIONS = [0, 30, 60, 90, 120, 150]; // degrees, as in the RFS bank
const ROTATION = 30; // degrees the "rotate" button turns the image
const BORDER = 'reflect';
const RFS = 49; // px, side of every RFS filter
const KERNEL_CSS = 300; // px, displayed size of the big kernel
const MR8_NAMES = ['edge σ=1', 'edge σ=2', 'edge σ=4', 'bar σ=1', 'bar σ=2', 'bar σ=4', 'Gaussian σ=10', 'LoG σ=10'];
const CSS_HREF = new URL('./filters.css', import.meta.url).href;

const TYPES = [
  { id: 'gaussian', label: 'Gaussian (blur)', params: ['sigma', 'radius'] },
  { id: 'log', label: 'Laplacian of Gaussian (blobs)', params: ['sigma', 'radius'] },
  { id: 'gabor', label: 'Gabor (oriented stripes)', params: ['sigma', 'theta', 'lambda', 'gamma', 'psi', 'radius'], oriented: true },
  { id: 'edge', label: 'RFS edge (1st derivative)', params: ['sigma', 'theta', 'radius'], oriented: true },
  { id: 'bar', label: 'RFS bar (2nd derivative)', params: ['sigma', 'theta', 'radius'], oriented: true },
];
const PARAMS = {
  sigma: { label: 'σ scale', min: 0.5, max: 12, step: 0.1, unit: 'px', hash: 's' },
  theta: { label: 'θ orientation', min: 0, max: 180, step: 1, unit: '°', hash: 't' },
  lambda: { label: 'λ wavelength', min: 2, max: 40, step: 0.5, unit: 'px', hash: 'l' },
  gamma: { label: 'γ aspect', min: 0.2, max: 3, step: 0.05, unit: '', hash: 'g' },
  psi: { label: 'ψ phase', min: -180, max: 180, step: 5, unit: '°', hash: 'p' },
  radius: { label: 'radius', min: 1, max: 40, step: 1, unit: 'px', hash: 'r' },
};
const DEFAULTS = {
  gaussian: { sigma: 2, radius: 6 },
  log: { sigma: 3, radius: 10 },
  gabor: { sigma: 4, theta: 30, lambda: 10, gamma: 0.5, psi: 0, radius: 24 },
  edge: { sigma: 2, theta: 30, radius: 18 },
  bar: { sigma: 2, theta: 30, radius: 18 },
};
const FORMULAS = {
  gaussian: 'G(x, y) ∝ exp(−(x² + y²) / 2σ²),   scaled so that Σ G = 1\nA weighted average: blurs away detail smaller than about σ.',
  log: 'LoG(x, y) ∝ (x² + y² − 2σ²)/σ⁴ · exp(−(x² + y²) / 2σ²),   shifted to Σ = 0, scaled to Σ|·| = 1\nA second derivative: responds to blobs about 2.8σ across (dark blobs > 0, bright < 0).',
  gabor: 'g(x, y) = exp(−(x′² + γ²y′²) / 2σ²) · cos(2π x′/λ + ψ)\nx′ = x cosθ + y sinθ,  y′ = −x sinθ + y cosθ.  θ points across the stripes; y grows down, so θ turns clockwise.\nWith ψ = 0 the kernel has Σ ≠ 0, so bright flat areas respond too; ψ = ±90° gives an odd kernel with Σ = 0.',
  edge: 'edge = G₀(3σ, u) · G₁(σ, v),   u = x cosθ + y sinθ (along),  v = x sinθ − y cosθ (across)\nSmooth along u, first derivative across it; zero-mean, Σ|·| = 1 (Varma & Zisserman’s RFS). θ turns clockwise.',
  bar: 'bar = G₀(3σ, u) · G₂(σ, v),   u = x cosθ + y sinθ (along),  v = x sinθ − y cosθ (across)\nSmooth along u, second derivative across it: dark lines about 2σ wide respond > 0; zero-mean, Σ|·| = 1.',
};

/** True for a parameter value the core will refuse (the core's message says why). */
const badValue = (key, v, maxRadius) => !Number.isFinite(v)
  || (['sigma', 'lambda', 'gamma'].includes(key) && v <= 0)
  || (key === 'radius' && (v < 1 || v > maxRadius || !Number.isInteger(v)));

/** Builds the kernel for `type` with parameters `p` (angles in degrees); throws the core's message. */
export function makeKernel(wasm, type, p) {
  switch (type) {
    case 'gaussian': return wasm.gaussian_kernel(p.sigma, p.radius);
    case 'log': return wasm.log_kernel(p.sigma, p.radius);
    case 'gabor': return wasm.gabor_kernel(p.sigma, p.theta * DEG, p.lambda, p.gamma, p.psi * DEG, p.radius);
    case 'edge': return wasm.edge_kernel(p.sigma, p.theta * DEG, p.radius);
    case 'bar': return wasm.bar_kernel(p.sigma, p.theta * DEG, p.radius);
    default: throw new Error(`Unknown filter type "${type}".`);
  }
}

/** The shared image, as grey values in 0..1, scaled down to at most MAX_SIDE px per side. */
function workingImage(images) {
  const cur = images.current();
  if (!cur) return null;
  const s = Math.min(1, MAX_SIDE / Math.max(cur.width, cur.height));
  if (s === 1) {
    const g = images.gray();
    return { width: g.width, height: g.height, data: g.data, name: cur.name, from: null };
  }
  const w = Math.max(1, Math.round(cur.width * s)), ht = Math.max(1, Math.round(cur.height * s));
  const src = document.createElement('canvas');
  src.width = cur.width; src.height = cur.height;
  src.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(cur.rgba), cur.width, cur.height), 0, 0);
  const dst = document.createElement('canvas');
  dst.width = w; dst.height = ht;
  const g = dst.getContext('2d', { willReadFrequently: true });
  g.imageSmoothingQuality = 'high';
  g.drawImage(src, 0, 0, w, ht);
  const rgba = g.getImageData(0, 0, w, ht).data;
  const data = new Float32Array(w * ht);
  for (let i = 0; i < data.length; i++) {
    data[i] = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255;
  }
  return { width: w, height: ht, data, name: cur.name, from: { width: cur.width, height: cur.height } };
}

/** A labelled range slider plus a number box (the box accepts any typed value, even bad ones). */
function paramControl(key, spec, value, onChange) {
  const id = nextId(`fp-${key}`);
  const range = h('input', { type: 'range', id, min: spec.min, max: spec.max, step: spec.step, value, 'data-param': key });
  const num = h('input', { type: 'number', step: spec.step, value, class: 'num', 'aria-label': `${spec.label} (${spec.unit || 'no unit'}), typed value`, 'data-param-num': key });
  range.addEventListener('input', () => { num.value = range.value; num.removeAttribute('aria-invalid'); onChange(+range.value); });
  num.addEventListener('input', () => {
    const v = num.value.trim() === '' ? NaN : Number(num.value);
    if (Number.isFinite(v)) range.value = String(v);
    onChange(v);
  });
  const el = h('div', { class: 'control fparam', 'data-control': key },
    h('label', { for: id }, spec.label), range, num, h('span', { class: 'unit' }, spec.unit));
  return {
    el, range, num,
    set(v) { range.value = String(v); num.value = String(v); num.removeAttribute('aria-invalid'); },
    invalid(on) { if (on) num.setAttribute('aria-invalid', 'true'); else num.removeAttribute('aria-invalid'); },
  };
}

/** A figure: title, canvas (optionally with an overlay for markers), legend, caption. */
function figure(title, { testid, cssWidth, pixelated, overlay, legend = true, label, focusable } = {}) {
  const canvas = h('canvas', { width: 8, height: 8, 'data-testid': testid, role: 'img', 'aria-label': label || title, tabindex: focusable ? '0' : undefined });
  if (pixelated) canvas.classList.add('pixelated');
  if (cssWidth) canvas.style.width = `${cssWidth}px`;
  const over = overlay ? h('canvas', { class: 'probe-overlay', 'aria-hidden': 'true', width: 8, height: 8 }) : null;
  const legendCanvas = legend ? h('canvas', { class: 'legend', width: 300, height: 40, 'aria-hidden': 'true' }) : null;
  if (legendCanvas && cssWidth) legendCanvas.style.width = `${cssWidth}px`;
  const caption = h('figcaption', {});
  const el = h('figure', { class: 'figure' }, title ? h('div', { class: 'fig-title' }, title) : null,
    over ? h('div', { class: 'stack' }, canvas, over) : canvas, legendCanvas, caption);
  return { el, canvas, overlay: over, legend: legendCanvas, caption };
}

export function mount(root, ctx) {
  const { wasm, images } = ctx;
  const MAX_RADIUS = wasm.station_constants().max_radius; // the core's limit on the radius
  const cleanup = [];
  const listen = (t, type, fn) => { t.addEventListener(type, fn); cleanup.push(() => t.removeEventListener(type, fn)); };
  const link = h('link', { rel: 'stylesheet', href: CSS_HREF });
  document.head.append(link);
  cleanup.push(() => link.remove());

  // ---- state (restored from the hash when valid) ----
  const hp = ctx.hash.get();
  let type = TYPES.some((t) => t.id === hp.get('f')) ? hp.get('f') : 'gabor';
  const params = Object.fromEntries(Object.entries(DEFAULTS).map(([k, v]) => [k, { ...v }]));
  for (const key of TYPES.find((t) => t.id === type).params) {
    const raw = hp.get(PARAMS[key].hash);
    if (raw !== null && raw.trim() !== '') params[type][key] = Number(raw);
  }
  let work = null; // {width, height, data, name}
  let kernel = null; // last good {data, n, type, p}
  let response = null; // last good Float32Array
  let raf = 0;
  let sweepTimer = 0;
  let sweepOpen = hp.get('sweep') === '1';
  let rotated = hp.get('rot') === '1';
  let sweepAbs = false;
  let mr8 = null; // {responses, rows, cols, ms}
  let mr8Run = 0;
  let mr8Abs = false;
  let probe = null; // {x, y}
  let alive = true;
  cleanup.push(() => { alive = false; cancelAnimationFrame(raf); clearTimeout(sweepTimer); });

  // ---- header ----
  root.append(
    h('h2', {}, 'Filters as features'),
    h('p', { class: 'lede' },
      'Before CNNs learned their filters, vision used fixed ones: Gaussians to blur, Laplacians of Gaussian for blobs, ',
      'Gabor and derivative filters for oriented edges and bars, at several scales and orientations, and then took ',
      h('strong', {}, 'maxima across orientations'), ' so the features do not care which way a texture is turned. ',
      'Each response below is a correlation ', h('span', { class: 'formula inline' }, 'z[r,c] = Σᵢⱼ k[i,j] · x[r+i, c+j]'),
      ' of the grey image with the kernel (reflect border).'));

  // ================= 1. one filter =================
  const typeSel = select({
    label: 'Filter', value: type,
    options: TYPES.map((t) => ({ value: t.id, label: t.label })),
    onChange: (v) => { type = v; syncControls(); schedule(); },
  });
  typeSel.input.setAttribute('data-testid', 'filter-type');
  const controls = {};
  for (const [key, spec] of Object.entries(PARAMS)) {
    controls[key] = paramControl(key, spec, params[type][key] ?? DEFAULTS.gabor[key], (v) => {
      params[type][key] = v;
      schedule();
    });
  }
  const paramMsgEl = h('div', { 'data-testid': 'param-message' });
  const paramMsg = message(paramMsgEl);
  const truncNote = h('p', { class: 'note', 'data-testid': 'trunc-note' });
  const resetBtn = button('Reset this filter', () => { params[type] = { ...DEFAULTS[type] }; syncControls(); schedule(); });

  const sampleSel = select({
    label: 'Image',
    options: [...images.samples.map((s) => ({ value: s.id, label: s.title })), { value: '', label: '(your own image)' }],
    value: images.current()?.sampleId || '',
    onChange: async (id) => {
      if (!id) return;
      try { imageMsg.clear(); await images.select(id); } catch (e) { imageMsg.error(e.message); }
    },
  });
  const fileInput = h('input', { type: 'file', accept: 'image/*', class: 'visually-hidden', 'aria-label': 'Open an image file' });
  listen(fileInput, 'change', async () => {
    const f = fileInput.files && fileInput.files[0];
    if (!f || !images.loadFile) return;
    try { imageMsg.clear(); await images.loadFile(f); } catch (e) { imageMsg.error(e.message); }
    fileInput.value = '';
  });
  const openBtn = images.loadFile ? button('Open your image…', () => fileInput.click(), { title: 'Choose a photo; it never leaves this browser' }) : null;
  const imageMsgEl = h('div', {});
  const imageMsg = message(imageMsgEl);
  const thumb = h('canvas', { class: 'thumb', width: 8, height: 8, role: 'img', 'aria-label': 'The grey input image' });
  const thumbCaption = h('div', { class: 'note' });

  const formula = h('div', { class: 'formula', 'data-testid': 'formula' });
  const kFig = figure('Kernel', { testid: 'kernel-canvas', cssWidth: KERNEL_CSS, pixelated: true, label: 'Kernel heat map: red positive, blue negative' });
  const rFig = figure('Response on the image', { testid: 'response-canvas', label: 'Filter response on the image' });
  rFig.canvas.classList.add('response');

  root.append(h('section', { class: 'panel', 'aria-labelledby': 'f-one' },
    h('h3', { id: 'f-one' }, '1 · One filter, its kernel and its response'),
    h('div', { class: 'filters-one' },
      h('div', { class: 'controls' },
        typeSel.el,
        ...Object.values(controls).map((c) => c.el),
        paramMsgEl, truncNote, h('div', { class: 'row' }, resetBtn),
        h('hr'),
        sampleSel.el, h('div', { class: 'row' }, openBtn, fileInput), imageMsgEl, thumb, thumbCaption),
      h('div', { class: 'filters-figs' },
        h('div', { class: 'fig-pair' }, kFig.el, rFig.el),
        formula))));

  function syncControls() {
    const t = TYPES.find((x) => x.id === type);
    for (const [key, c] of Object.entries(controls)) {
      const used = t.params.includes(key);
      c.el.hidden = !used;
      if (used) c.set(params[type][key]);
    }
    typeSel.set(type);
    formula.textContent = FORMULAS[type];
  }

  function schedule() {
    cancelAnimationFrame(raf);
    raf = requestAnimationFrame(update);
  }

  function writeHash() {
    const q = { f: type };
    for (const key of TYPES.find((t) => t.id === type).params) q[PARAMS[key].hash] = String(params[type][key]);
    if (sweepOpen) q.sweep = '1';
    if (rotated) q.rot = '1';
    const img = images.current()?.sampleId;
    if (img) q.img = img;
    ctx.hash.set(q);
  }

  function update() {
    if (!alive) return;
    const p = params[type];
    let k;
    try {
      k = makeKernel(wasm, type, p);
    } catch (e) {
      // Keep the last good view; say what is wrong next to the controls.
      paramMsg.error(e.message);
      for (const key of TYPES.find((t) => t.id === type).params) controls[key].invalid(badValue(key, p[key], MAX_RADIUS));
      return;
    }
    paramMsg.clear();
    Object.values(controls).forEach((c) => c.invalid(false));
    const n = 2 * p.radius + 1;
    kernel = { data: k, n, type, p: { ...p } };
    drawKernel();
    drawResponse();
    writeHash();
    if (sweepOpen) scheduleSweep();
  }

  function drawKernel() {
    const { data, n, p } = kernel;
    const { min, max } = paint(kFig.canvas, data, n, n, { scale: 'diverging' });
    drawLegend(kFig.legend, min, max, { diverging: true });
    let sum = 0, l1 = 0;
    for (const v of data) { sum += v; l1 += Math.abs(v); }
    kFig.caption.textContent = `${n} × ${n} = ${n * n} weights · Σk = ${fmt(sum, 4)} · Σ|k| = ${fmt(l1, 3)}. Red > 0, blue < 0, white 0.`;
    const reach = type === 'edge' || type === 'bar' ? 3 * p.sigma : p.sigma * (type === 'gabor' ? Math.max(1, 1 / p.gamma) : 1);
    truncNote.hidden = !(p.radius < 2.5 * reach);
    truncNote.textContent = p.radius < 2.5 * reach
      ? `The radius cuts the filter off: its Gaussian envelope reaches about ${fmt(3 * reach, 1)} px (3 standard deviations${type === 'edge' || type === 'bar' ? ' of the 3σ along-axis Gaussian' : ''}).`
      : '';
    kFig.canvas.setAttribute('data-sum', String(sum));
  }

  function drawResponse() {
    if (!work || !kernel) return;
    const { data, n } = kernel;
    const t0 = performance.now();
    let out, method;
    try {
      out = wasm.filter_image(work.data, work.height, work.width, data, n, n, BORDER);
      method = wasm.filter_method(work.height, work.width, data, n, n);
    } catch (e) {
      paramMsg.error(e.message);
      return;
    }
    const ms = performance.now() - t0;
    response = out;
    const gray = type === 'gaussian';
    const range = paint(rFig.canvas, out, work.width, work.height,
      gray ? { scale: 'gray' } : { scale: 'diverging', limit: robustLimit(out) });
    if (gray) drawGrayLegend(rFig.legend, range.min, range.max, 'grey level');
    else drawLegend(rFig.legend, range.min, range.max, { diverging: true });
    const how = { direct: 'direct sums', separable: 'two 1D passes (separable kernel)', fft: 'FFT' }[method] || method;
    rFig.caption.textContent = `${work.width} × ${work.height} px, computed by ${how} in ${ms.toFixed(0)} ms. ` +
      (gray ? 'Grey: a blurred copy.' : 'Red: the image matches the kernel; blue: it matches its negative (colours saturate at the 99.5th percentile of |response|).');
    rFig.canvas.setAttribute('data-method', method);
  }

  // ================= 2. orientation sweep =================
  const sweepBtn = button('Sweep orientations', () => { sweepOpen = true; sweepBody.hidden = false; sweepBtn.hidden = true; writeHash(); runSweep(); }, { cls: 'primary' });
  sweepBtn.setAttribute('data-testid', 'sweep-button');
  const rotBtn = button(`Rotate image by ${ROTATION}°`, () => {
    rotated = !rotated;
    rotBtn.setAttribute('aria-pressed', String(rotated));
    writeHash();
    runSweep();
  }, { title: 'Turn the image clockwise by 30° (one orientation step) and compare the maxima' });
  rotBtn.setAttribute('aria-pressed', String(rotated));
  rotBtn.setAttribute('data-testid', 'rotate-button');
  const absBox = h('input', { type: 'checkbox', id: nextId('abs') });
  listen(absBox, 'change', () => { sweepAbs = absBox.checked; runSweep(); });
  const sweepMsgEl = h('div', {});
  const sweepMsg = message(sweepMsgEl);
  const sweepImage = figure('Image', { testid: 'sweep-image', legend: false, overlay: true });
  const sweepMax = figure('Max over the 6 orientations', { testid: 'sweep-max', overlay: true });
  const sweepRef = figure(`Max on the original, turned ${ROTATION}°`, { testid: 'sweep-ref', overlay: true });
  const orientFigs = ORIENTATIONS.map((t) => {
    const f = figure(`θ = ${t}°`, { legend: false, testid: `sweep-${t}` });
    const kc = h('canvas', { class: 'kthumb pixelated', width: 8, height: 8, 'aria-hidden': 'true' });
    f.el.insertBefore(kc, f.el.children[1]);
    return { ...f, kcanvas: kc };
  });
  const sweepLegend = h('canvas', { class: 'legend', width: 300, height: 40, 'aria-hidden': 'true' });
  const invariance = h('div', { class: 'invariance', 'data-testid': 'invariance', 'aria-live': 'polite' });
  const sweepBody = h('div', { hidden: true },
    h('div', { class: 'row sweep-tools' }, rotBtn,
      h('label', { class: 'check', for: absBox.id }, absBox, ' max of |response| (as on the lecture slide)'),
      sweepMsgEl),
    h('div', { class: 'sweep-top' }, sweepImage.el, sweepMax.el, sweepRef.el, invariance),
    h('div', { class: 'sweep-grid' }, orientFigs.map((f) => f.el)),
    h('div', { class: 'row' }, sweepLegend, h('span', { class: 'note' }, 'One colour scale for the six responses and their maximum.')));
  root.append(h('section', { class: 'panel', 'aria-labelledby': 'f-sweep' },
    h('h3', { id: 'f-sweep' }, '2 · Sweep orientations: the max is (nearly) rotation-invariant'),
    h('p', { class: 'note' }, 'The oriented filter above at θ = 0°, 30°, …, 150° (σ, λ, γ, ψ and radius as set), and the maximum over the six at each pixel. ',
      `Turning the image by ${ROTATION}° (one step) moves each pattern to the next orientation's map, so the maximum only turns with the image.`),
    sweepBtn, sweepBody));

  let sweepCache = null; // {key, responses} for the unrotated image

  function scheduleSweep() {
    clearTimeout(sweepTimer);
    sweepTimer = setTimeout(runSweep, 120);
  }

  function sweepType() {
    return TYPES.find((t) => t.id === type).oriented ? type : null;
  }

  function runSweep() {
    if (!alive || !sweepOpen || !work || !kernel) return;
    const st = sweepType();
    if (!st) {
      sweepMsg.info('The Gaussian and the LoG look the same in every direction, so there is nothing to sweep: choose Gabor, edge or bar above.');
      return;
    }
    sweepMsg.clear();
    const p = kernel.p;
    const { width: w, height: ht } = work;
    let kernels;
    try {
      kernels = ORIENTATIONS.map((t) => makeKernel(wasm, st, { ...p, theta: t }));
    } catch (e) { sweepMsg.error(e.message); return; }
    const n = 2 * p.radius + 1;
    // All six through one image FFT, two kernels per inverse FFT.
    const stacked = new Float32Array(kernels.length * n * n);
    kernels.forEach((k, i) => stacked.set(k, i * n * n));
    const filt = (img) => {
      const all = wasm.correlate_bank(img, ht, w, stacked, n, n, BORDER);
      const maps = kernels.map((_, i) => all.subarray(i * w * ht, (i + 1) * w * ht));
      maps.stacked = all; // the six maps one after another, as the core's measures read them
      return maps;
    };
    const key = JSON.stringify([st, p, work.name, w, ht]);
    if (!sweepCache || sweepCache.key !== key) sweepCache = { key, responses: filt(work.data) };
    const orig = sweepCache.responses;
    const mean = work.data.reduce((a, b) => a + b, 0) / work.data.length;
    const img = rotated ? wasm.rotate_image(work.data, ht, w, ROTATION, mean) : work.data;
    const resp = rotated ? filt(img) : orig;
    const mx = wasm.max_over(resp.stacked, ht, w, sweepAbs);
    const shown = sweepAbs ? resp.map((r) => r.map(Math.abs)) : resp;
    const limit = Math.max(robustLimit(mx), ...shown.map((r) => robustLimit(r)));
    paint(sweepImage.canvas, img, w, ht, { scale: 'gray', min: 0, max: 1 });
    sweepImage.caption.textContent = rotated ? `Turned ${ROTATION}° clockwise (grey fill outside).` : 'As loaded.';
    orientFigs.forEach((f, i) => {
      paint(f.canvas, shown[i], w, ht, { scale: 'diverging', limit });
      paint(f.kcanvas, kernels[i], n, n, { scale: 'diverging' });
    });
    paint(sweepMax.canvas, mx, w, ht, { scale: 'diverging', limit });
    sweepMax.caption.textContent = rotated ? 'Computed on the turned image.' : 'Computed on the image as loaded.';
    drawLegend(sweepMax.legend, -limit, limit, { diverging: true });
    drawLegend(sweepLegend, -limit, limit, { diverging: true });

    const discR = wasm.rotation_disc_radius(ht, w, p.radius);
    sweepRef.el.hidden = !rotated;
    for (const f of [sweepImage, sweepMax, sweepRef]) {
      f.overlay.width = w; f.overlay.height = ht;
      const g = f.overlay.getContext('2d');
      g.clearRect(0, 0, w, ht);
      if (rotated && discR > 0) {
        g.setLineDash([6, 5]); g.lineWidth = 2; g.strokeStyle = '#111';
        g.beginPath(); g.arc((w - 1) / 2, (ht - 1) / 2, discR, 0, 2 * Math.PI); g.stroke();
      }
    }
    if (!rotated) {
      invariance.replaceChildren(h('p', { class: 'note' },
        `Press “Rotate image by ${ROTATION}°” to turn the image one orientation step and measure how much the maximum changes.`));
      return;
    }
    // Reference: the original's results turned by the same angle, compared inside the disc
    // where neither the grey fill nor the image border reaches the kernel (the core measures).
    let inv;
    try {
      inv = wasm.rotation_invariance(orig.stacked, resp.stacked, ht, w, ROTATION, p.radius, sweepAbs);
    } catch (e) {
      invariance.replaceChildren(h('p', { class: 'note' }, e.message));
      return;
    }
    const ref = inv.reference();
    paint(sweepRef.canvas, ref, w, ht, { scale: 'diverging', limit });
    drawLegend(sweepRef.legend, -limit, limit, { diverging: true });
    sweepRef.caption.textContent = 'Should match the map on its left inside the dashed disc.';
    const { max_change: dMax, one_change: dOne, next_change: dNext, invariant } = inv;
    inv.free();
    const pct = (v) => `${(100 * v).toFixed(1)} %`;
    invariance.replaceChildren(
      h('table', { class: 'inv' },
        h('caption', {}, `Inside the dashed disc (radius ${discR} px): RMS difference ÷ spread of the reference`),
        h('tbody', {},
          h('tr', { 'data-testid': 'inv-max' }, h('th', {}, 'max over 6 orientations, turned image vs turned result'), h('td', { class: invariant ? 'good' : 'bad' }, pct(dMax))),
          h('tr', { 'data-testid': 'inv-one' }, h('th', {}, 'one filter (θ = 0°), turned image vs turned result'), h('td', {}, pct(dOne))),
          h('tr', { 'data-testid': 'inv-next' }, h('th', {}, 'θ = 30° on the turned image vs θ = 0° turned'), h('td', {}, pct(dNext))))),
      h('p', { class: 'note' }, invariant
        ? 'The maximum is almost unchanged; what remains is interpolation blur from turning the image. A single orientation changes a lot: its pattern moved to the next map.'
        : (st === 'edge' || (st === 'gabor' && Math.abs(p.psi) % 180 !== 0)) && !sweepAbs
          ? 'Large change: this filter is odd, and turning θ = 150° by 30° gives θ = 180°, the same filter with its sign flipped, which is not in the set. Tick “max of |response|”.'
          : 'Large change: check the radius and σ (a kernel cut off by its window does not turn cleanly).'));
    invariance.setAttribute('data-max', String(dMax));
    invariance.setAttribute('data-one', String(dOne));
  }

  // ================= 3. MR8 =================
  const mr8Btn = button('Compute MR8 features', () => runMr8(), { cls: 'primary' });
  mr8Btn.setAttribute('data-testid', 'mr8-button');
  const mr8AbsBox = h('input', { type: 'checkbox', id: nextId('mr8abs') });
  listen(mr8AbsBox, 'change', () => { mr8Abs = mr8AbsBox.checked; if (mr8) runMr8(); });
  const progress = h('progress', { max: 1, value: 0, 'data-testid': 'mr8-progress', 'aria-label': 'MR8 progress' });
  const mr8Status = h('span', { class: 'note', 'data-testid': 'mr8-status', 'aria-live': 'polite' });
  const mr8MsgEl = h('div', {});
  const mr8Msg = message(mr8MsgEl);
  const bankGrid = h('div', { class: 'bank', 'data-testid': 'rfs-bank', role: 'group', 'aria-label': 'The 38 RFS filters' });
  const mapFigs = MR8_NAMES.map((name, i) => {
    const f = figure(name, { testid: `mr8-map-${i}`, overlay: true, focusable: true, label: `MR8 map ${name}: click or use arrow keys to pick a pixel` });
    f.canvas.classList.add('probe-target');
    return f;
  });
  const bars = h('canvas', { width: 760, height: 330, class: 'bars', 'data-testid': 'mr8-bars', role: 'img', 'aria-label': 'The 8 MR8 features of the chosen pixel' });
  const barTable = h('table', { class: 'mr8-values', 'data-testid': 'mr8-values' });
  const probeText = h('p', { class: 'note', 'data-testid': 'probe-text' }, 'Click a pixel in any map to see its 8 features.');
  const mapsBox = h('div', { class: 'mr8-maps', hidden: true }, mapFigs.map((f) => f.el));
  const featBox = h('div', { class: 'mr8-feature', hidden: true }, h('div', { class: 'fig-title' }, 'MR8 feature vector of one pixel'), bars, probeText, barTable);

  root.append(h('section', { class: 'panel', 'aria-labelledby': 'f-mr8' },
    h('h3', { id: 'f-mr8' }, '3 · The MR8 filter bank: 38 filters, 8 features per pixel'),
    h('p', { class: 'note' },
      'Varma & Zisserman’s Root Filter Set (49 × 49 each): edge and bar filters at 3 scales (σ = 1, 2, 4) and 6 orientations, plus a Gaussian and a LoG (σ = 10); every filter is shifted to sum 0 and scaled to Σ|k| = 1. ',
      'MR8 keeps, per pixel and scale, only the maximum over the 6 orientations: 3 edge + 3 bar + Gaussian + LoG = 8 numbers that describe the local texture whichever way it is turned.'),
    h('div', { class: 'mr8-layout' },
      h('div', {}, h('div', { class: 'fig-title' }, 'The 38 filters (each on its own colour scale)'), bankGrid),
      h('div', { class: 'mr8-run' },
        h('div', { class: 'row' }, mr8Btn,
          h('label', { class: 'check', for: mr8AbsBox.id }, mr8AbsBox, ' max of |response| (slide) instead of the signed max')),
        h('div', { class: 'row' }, progress, mr8Status), mr8MsgEl, featBox)),
    mapsBox));

  function drawBank() {
    let bank;
    try { bank = wasm.rfs_bank(); } catch (e) { mr8Msg.error(e.message); return; }
    const cell = (k, title) => {
      const c = h('canvas', { class: 'bank-cell pixelated', width: RFS, height: RFS, title, role: 'img', 'aria-label': title });
      paint(c, bank.subarray(k * RFS * RFS, (k + 1) * RFS * RFS), RFS, RFS, { scale: 'diverging' });
      return c;
    };
    const rows = [h('div', { class: 'bank-head' }), ...ORIENTATIONS.map((t) => h('div', { class: 'bank-head' }, `${t}°`))];
    ['edge', 'bar'].forEach((kind, b) => [1, 2, 4].forEach((s, si) => {
      rows.push(h('div', { class: 'bank-label' }, `${kind} σ=${s}`));
      ORIENTATIONS.forEach((t, o) => rows.push(cell(b * 18 + si * 6 + o, `${kind} σ=${s}, θ=${t}°`)));
    }));
    rows.push(h('div', { class: 'bank-label' }, 'σ=10'), cell(36, 'Gaussian σ=10 (zero-mean)'), cell(37, 'LoG σ=10'),
      h('div', { class: 'bank-note' }, 'Gaussian, LoG'));
    bankGrid.replaceChildren(...rows);
  }

  async function runMr8() {
    if (!work) return;
    const id = ++mr8Run;
    mr8Btn.disabled = true;
    mr8Msg.clear();
    progress.value = 0;
    mr8Status.textContent = 'Starting the worker…';
    const snapshot = work;
    try {
      const res = await ctx.worker.run('mr8', { image: snapshot.data.slice(), rows: snapshot.height, cols: snapshot.width, abs: mr8Abs },
        (fraction, text) => {
          if (!alive || id !== mr8Run) return;
          progress.value = fraction;
          mr8Status.textContent = text;
        });
      if (!alive || id !== mr8Run) return;
      mr8 = { ...res, image: snapshot };
      progress.value = 1;
      mr8Status.textContent = `Done: 38 filters on ${res.cols} × ${res.rows} px in ${res.ms.toFixed(0)} ms (in the worker).`;
      mapsBox.hidden = false;
      featBox.hidden = false;
      drawMr8Maps();
      if (!probe || probe.x >= res.cols || probe.y >= res.rows) probe = { x: Math.floor(res.cols / 2), y: Math.floor(res.rows / 2) };
      showProbe();
    } catch (e) {
      if (alive && id === mr8Run) { mr8Msg.error(e.message); mr8Status.textContent = ''; }
    } finally {
      if (alive && id === mr8Run) mr8Btn.disabled = false;
    }
  }

  function mr8Map(m) {
    const n = mr8.rows * mr8.cols;
    return mr8.responses.subarray(m * n, (m + 1) * n);
  }

  function drawMr8Maps() {
    mapFigs.forEach((f, m) => {
      const r = paint(f.canvas, mr8Map(m), mr8.cols, mr8.rows, { scale: 'diverging', limit: robustLimit(mr8Map(m)) });
      drawLegend(f.legend, r.min, r.max, { diverging: true });
      f.overlay.width = mr8.cols; f.overlay.height = mr8.rows;
    });
  }

  function showProbe() {
    if (!mr8 || !probe) return;
    const { x, y } = probe;
    const values = MR8_NAMES.map((_, m) => mr8Map(m)[y * mr8.cols + x]);
    for (const f of mapFigs) {
      const g = f.overlay.getContext('2d');
      g.clearRect(0, 0, f.overlay.width, f.overlay.height);
      const s = Math.max(2, mr8.cols / 120);
      g.lineWidth = s; g.strokeStyle = '#111';
      g.beginPath(); g.arc(x + 0.5, y + 0.5, 4 * s, 0, 2 * Math.PI); g.stroke();
      g.lineWidth = s / 2; g.strokeStyle = '#fff';
      g.beginPath(); g.arc(x + 0.5, y + 0.5, 4 * s + s * 0.75, 0, 2 * Math.PI); g.stroke();
    }
    const limit = Math.max(...MR8_NAMES.map((_, m) => maxAbs(mr8Map(m))));
    drawBars(bars, values, limit);
    bars.setAttribute('data-values', JSON.stringify(values));
    probeText.textContent = `Pixel (x = ${x}, y = ${y}). Axis: ± the largest value in any map, so bars compare across pixels.`;
    barTable.replaceChildren(h('tbody', {}, MR8_NAMES.map((name, m) => h('tr', {}, h('th', {}, name), h('td', {}, fmt(values[m], 4))))));
  }

  function setProbeFromEvent(ev, canvas) {
    if (!mr8) return;
    const rect = canvas.getBoundingClientRect();
    const x = Math.floor(((ev.clientX - rect.left) / rect.width) * mr8.cols);
    const y = Math.floor(((ev.clientY - rect.top) / rect.height) * mr8.rows);
    probe = { x: Math.min(mr8.cols - 1, Math.max(0, x)), y: Math.min(mr8.rows - 1, Math.max(0, y)) };
    showProbe();
  }
  for (const f of mapFigs) {
    listen(f.canvas, 'click', (ev) => setProbeFromEvent(ev, f.canvas));
    listen(f.canvas, 'keydown', (ev) => {
      if (!mr8 || !probe) return;
      const step = ev.shiftKey ? 10 : 1;
      const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[ev.key];
      if (!d) return;
      ev.preventDefault();
      probe = { x: Math.min(mr8.cols - 1, Math.max(0, probe.x + d[0])), y: Math.min(mr8.rows - 1, Math.max(0, probe.y + d[1])) };
      showProbe();
    });
  }

  // ---- image changes ----
  function loadImage() {
    work = workingImage(images);
    if (!work) return;
    sampleSel.set(images.current()?.sampleId || '');
    paint(thumb, work.data, work.width, work.height, { scale: 'gray', min: 0, max: 1 });
    thumbCaption.textContent = `${work.name}, grey, ${work.width} × ${work.height} px` +
      (work.from ? ` (scaled down from ${work.from.width} × ${work.from.height} for speed)` : '');
    sweepCache = null;
    if (kernel) { drawResponse(); writeHash(); }
    if (sweepOpen) scheduleSweep();
    if (mr8) runMr8();
  }
  cleanup.push(images.subscribe(() => { if (alive) loadImage(); }));

  // ---- start ----
  syncControls();
  drawBank();
  loadImage();
  if (sweepOpen) { sweepBody.hidden = false; sweepBtn.hidden = true; }
  update();
  if (!kernel) {
    // The hash held bad values: show the defaults' view, keep the message.
    const bad = paramMsgEl.textContent;
    const saved = { ...params[type] };
    params[type] = { ...DEFAULTS[type] };
    update();
    params[type] = saved;
    syncControls();
    paramMsg.error(bad);
  }

  return function unmount() {
    mr8Run++;
    for (const fn of cleanup) fn();
  };
}

/** Bar chart of the 8 MR8 values on a symmetric axis ±limit. */
function drawBars(canvas, values, limit) {
  const g = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height;
  const font = 15;
  const pad = { l: 62, r: 12, t: 14, b: 50 };
  const lim = limit > 0 ? limit : 1;
  const y = (v) => pad.t + (H - pad.t - pad.b) * (1 - (v + lim) / (2 * lim));
  g.clearRect(0, 0, W, H);
  g.fillStyle = '#fff'; g.fillRect(0, 0, W, H);
  g.font = `${font}px system-ui, sans-serif`;
  g.textAlign = 'right'; g.textBaseline = 'middle';
  for (const t of [-lim, -lim / 2, 0, lim / 2, lim]) {
    g.strokeStyle = t === 0 ? '#333' : '#e2e5ec'; g.lineWidth = t === 0 ? 1.5 : 1;
    g.beginPath(); g.moveTo(pad.l, y(t)); g.lineTo(W - pad.r, y(t)); g.stroke();
    g.fillStyle = '#333'; g.fillText(fmt(t, 3), pad.l - 6, y(t));
  }
  const slot = (W - pad.l - pad.r) / values.length;
  values.forEach((v, i) => {
    const x0 = pad.l + slot * i + slot * 0.15, bw = slot * 0.7;
    const top = Math.min(y(v), y(0)), hgt = Math.max(1, Math.abs(y(v) - y(0)));
    g.fillStyle = v >= 0 ? '#b2182b' : '#2166ac';
    if (i >= 6) g.fillStyle = v >= 0 ? '#d6604d' : '#4393c3';
    g.fillRect(x0, top, bw, hgt);
    g.fillStyle = '#222'; g.textAlign = 'center';
    g.textBaseline = v >= 0 ? 'bottom' : 'top';
    g.fillText(fmt(v, 3), x0 + bw / 2, v >= 0 ? top - 3 : top + hgt + 3);
    g.textBaseline = 'top';
    const [a, b] = MR8_NAMES[i].split(' ');
    g.fillText(a, x0 + bw / 2, H - pad.b + 6);
    g.fillText(b, x0 + bw / 2, H - pad.b + 6 + font + 2);
  });
}
