// Station 1: the student's own 3×3 kernel on a sample or their own photo.
// Every keystroke re-filters the whole image in wasm (filter_rgba / convolve_rgba); hovering an
// output pixel writes out the weighted sum that produced it, channel by channel.
import { h, button, select, message } from '../lib/dom.js';
import { drawRGBA, fmt } from '../lib/canvas.js';

const SIZE = 3; // kernel rows = cols
const CELLS = SIZE * SIZE;

/** Presets: cell texts (fractions stay readable) and the display mode that suits them. */
export const PRESETS = [
  { id: 'identity', label: 'Identity', cells: ['0', '0', '0', '0', '1', '0', '0', '0', '0'], display: 'clamp' },
  { id: 'box', label: 'Box blur', cells: Array(9).fill('1/9'), display: 'clamp' },
  { id: 'gaussian', label: 'Gaussian blur', cells: ['1/16', '2/16', '1/16', '2/16', '4/16', '2/16', '1/16', '2/16', '1/16'], display: 'clamp' },
  { id: 'sharpen', label: 'Sharpen', cells: ['0', '-1', '0', '-1', '5', '-1', '0', '-1', '0'], display: 'clamp' },
  { id: 'laplacian', label: 'Laplacian', cells: ['0', '1', '0', '1', '-4', '1', '0', '1', '0'], display: 'abs' },
  { id: 'outline', label: 'Outline', cells: ['-1', '-1', '-1', '-1', '8', '-1', '-1', '-1', '-1'], display: 'clamp' },
  { id: 'sobel-x', label: 'Sobel x', cells: ['-1', '0', '1', '-2', '0', '2', '-1', '0', '1'], display: 'abs' },
  { id: 'sobel-y', label: 'Sobel y', cells: ['-1', '-2', '-1', '0', '0', '0', '1', '2', '1'], display: 'abs' },
  { id: 'emboss', label: 'Emboss', cells: ['-2', '-1', '0', '-1', '1', '1', '0', '1', '2'], display: 'clamp' },
  { id: 'slide', label: 'Lecture slide', cells: ['-2', '-1', '0', '-1', '0', '1', '0', '1', '2'], display: 'rescale' },
];

const BORDERS = [
  { value: 'reflect', label: 'reflect (d c b a | a b c d)' },
  { value: 'constant', label: 'constant (zeros)' },
  { value: 'mirror', label: 'mirror (d c b | a b c d)' },
  { value: 'nearest', label: 'nearest (a a a | a b c d)' },
  { value: 'wrap', label: 'wrap (b c d | a b c d)' },
];
const DISPLAYS = [
  { value: 'clamp', label: 'clamp to 0…255' },
  { value: 'abs', label: '|value|, clamped (edges)' },
  { value: 'rescale', label: 'rescale min…max → 0…255' },
];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Reads a kernel cell: a number (`-0.5`, `2e-1`) or a fraction (`1/16`, `-3/4`).
 * Returns {value} or {error} with a message a student understands.
 */
export function parseCell(text) {
  const t = String(text).trim().replace(/\u2212/g, '-');
  if (t === '') return { error: 'is empty; type a number such as 0' };
  const parts = t.split('/').map((p) => p.trim());
  if (parts.length > 2 || !parts.every((p) => NUMBER.test(p))) {
    return { error: `"${text}" is not a number; use e.g. 1, -0.5 or 1/16` };
  }
  const value = parts.length === 2 ? Number(parts[0]) / Number(parts[1]) : Number(parts[0]);
  if (!Number.isFinite(value)) return { error: `"${text}" is not a finite number (division by zero?)` };
  return { value };
}

export function mount(root, ctx) {
  const { wasm, images } = ctx;
  const cleanup = [];
  const listen = (target, type, fn, opts) => { target.addEventListener(type, fn, opts); cleanup.push(() => target.removeEventListener(type, fn, opts)); };

  // ---- state (restored from the URL hash) ----
  const params = ctx.hash.get();
  let cells = PRESETS[2].cells.slice();
  const fromHash = (params.get('k') || '').split(',');
  if (fromHash.length === CELLS && fromHash.every((c) => !parseCell(c).error)) cells = fromHash;
  let kernel = Float32Array.from(cells.map((c) => parseCell(c).value)); // the last good kernel
  let op = params.get('op') === 'conv' ? 'conv' : 'corr';
  let border = BORDERS.some((b) => b.value === params.get('b')) ? params.get('b') : 'reflect';
  let display = DISPLAYS.some((d) => d.value === params.get('d')) ? params.get('d') : 'clamp';
  let kept = null; // wasm RgbaImage: the photo and its filtered version, kept in wasm memory
  let output = null; // {width, height} once something has been filtered
  let probe = null; // {x, y, pinned}

  // ---- layout ----
  const title = h('h2', {}, 'Your own 3×3 kernel');
  const lede = h('p', { class: 'lede' },
    'Type any numbers into the kernel and watch every pixel become a weighted sum of its 3×3 neighbourhood: ',
    h('span', { class: 'formula inline' }, 'z[r,c] = Σᵢⱼ w[i,j] · x[r+i, c+j]'),
    ' (i, j = −1, 0, 1). This is what the lecture calls convolution; strictly it is ',
    h('em', {}, 'correlation'), '. True convolution flips the kernel first; switch below to compare.');

  // Image source controls.
  const sampleSel = select({
    label: 'Sample image',
    options: [...images.samples.map((s) => ({ value: s.id, label: s.title })), { value: '', label: '(your own image)' }],
    value: images.current()?.sampleId || '',
    onChange: async (id) => {
      if (!id) return;
      try { imageMsg.clear(); await images.select(id); } catch (e) { imageMsg.error(e.message); }
    },
  });
  const fileInput = h('input', { type: 'file', accept: 'image/*', class: 'visually-hidden', id: 'kernel-file', 'aria-label': 'Open an image file' });
  const openBtn = button('Open your image…', () => fileInput.click(), { title: 'Choose a photo from this computer; it never leaves your browser' });
  const imageMsgEl = h('div', { 'data-testid': 'image-message' });
  const imageMsg = message(imageMsgEl);
  const dropHint = h('p', { class: 'note' }, 'or drag a photo onto the page, or paste one (Ctrl+V). Your photo stays in this browser.');

  // Kernel grid.
  const inputs = cells.map((text, i) => h('input', {
    type: 'text', inputmode: 'decimal', value: text, class: 'kcell', autocomplete: 'off', spellcheck: 'false',
    'aria-label': `Kernel row ${Math.floor(i / SIZE) + 1}, column ${(i % SIZE) + 1}`, 'data-cell': i,
  }));
  const grid = h('div', { class: 'kgrid', role: 'group', 'aria-label': '3 by 3 kernel' }, inputs);
  const kernelMsgEl = h('div', { 'data-testid': 'kernel-message' });
  const kernelMsg = message(kernelMsgEl);
  const sumEl = h('div', { class: 'note', 'data-testid': 'kernel-sum' });
  const presetBtns = PRESETS.map((p) => button(p.label, () => applyPreset(p), { cls: 'preset' }));
  presetBtns.forEach((b, i) => b.setAttribute('data-preset', PRESETS[i].id));
  const normaliseBtn = button('Normalise kernel', normalise, { title: 'Divide every weight by the sum, so flat regions keep their brightness' });

  const opCorr = button('Correlation', () => setOp('corr'));
  const opConv = button('Convolution (flipped)', () => setOp('conv'));
  const opGroup = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Operation' }, opCorr, opConv);
  const borderSel = select({ label: 'Border', options: BORDERS, value: border, onChange: (v) => { border = v; refilter(); } });
  const displaySel = select({ label: 'Show values', options: DISPLAYS, value: display, onChange: (v) => { display = v; refilter(); } });
  const downloadBtn = button('Download output PNG', download);

  const inCanvas = h('canvas', { class: 'photo', 'aria-label': 'Input image', 'data-testid': 'input-canvas' });
  const outCanvas = h('canvas', { class: 'photo probe-target', tabindex: '0', 'aria-label': 'Filtered output: hover, tap or use arrow keys to see how a pixel is computed', 'data-testid': 'output-canvas' });
  // The probe's box is drawn on a transparent canvas on top, so the output itself stays clean.
  const probeCanvas = h('canvas', { class: 'probe-overlay', 'aria-hidden': 'true' });
  const inCaption = h('figcaption', {});
  const outCaption = h('figcaption', {});
  const timing = h('span', { class: 'note', 'data-testid': 'timing' });
  const example = h('div', { class: 'worked', 'data-testid': 'worked-example', 'aria-live': 'polite' });

  const controls = h('div', { class: 'panel controls kernel-controls' },
    h('h3', {}, 'Image'), sampleSel.el, h('div', { class: 'row' }, openBtn, fileInput), dropHint, imageMsgEl,
    h('h3', {}, 'Kernel w'), grid, sumEl, kernelMsgEl,
    h('div', { class: 'presets' }, presetBtns), normaliseBtn,
    h('h3', {}, 'Options'), opGroup, borderSel.el, displaySel.el, downloadBtn);
  const figures = h('div', { class: 'panel kernel-figures' },
    h('div', { class: 'pair' },
      h('figure', { class: 'figure' }, inCanvas, inCaption),
      h('figure', { class: 'figure' }, h('div', { class: 'stack' }, outCanvas, probeCanvas), outCaption)),
    h('div', { class: 'row' }, timing),
    h('h3', {}, 'How one output pixel is computed'), example);
  root.append(title, lede, h('div', { class: 'kernel-layout' }, controls, figures));

  // ---- behaviour ----
  function saveHash() {
    const img = images.current();
    const p = new URLSearchParams({ k: cells.join(','), op, b: border, d: display });
    if (img && img.sampleId) p.set('img', img.sampleId);
    ctx.hash.set(p);
  }

  /** The kernel actually applied (flipped for convolution), as numbers and as typed text. */
  function effectiveKernel() {
    const flip = (a) => (op === 'conv' ? Array.from(a).reverse() : Array.from(a));
    return { values: flip(kernel), texts: flip(cells) };
  }

  function refilter() {
    const img = images.current();
    opCorr.setAttribute('aria-pressed', String(op === 'corr'));
    opConv.setAttribute('aria-pressed', String(op === 'conv'));
    const s = kernel.reduce((a, b) => a + b, 0);
    sumEl.textContent = `Sum of weights = ${fmt(s, 4)}` + (Math.abs(s - 1) < 1e-6 ? ' (brightness kept)' : Math.abs(s) < 1e-6 ? ' (flat regions → 0)' : '');
    saveHash();
    if (!img) return;
    const t0 = performance.now();
    try {
      kept.filter(kernel, SIZE, SIZE, border, display, op === 'conv');
      output = { width: img.width, height: img.height };
    } catch (e) {
      kernelMsg.error(e.message);
      return;
    }
    const ms = performance.now() - t0;
    drawRGBA(outCanvas, outputBytes(), output.width, output.height);
    timing.textContent = `Filtered ${img.width}×${img.height} px × 3 channels in ${ms.toFixed(1)} ms (WebAssembly SIMD).`;
    outCaption.textContent = `Output: ${op === 'conv' ? 'convolution' : 'correlation'}, border ${border}, ${DISPLAYS.find((d) => d.value === display).label}`;
    renderExample();
  }

  /** The filtered bytes, viewed in place in wasm memory (a fresh view: memory may have grown). */
  function outputBytes() {
    return new Uint8ClampedArray(wasm.wasm_memory().buffer, kept.output_ptr(), kept.byte_len());
  }

  function showImage(img) {
    if (!img) return;
    if (kept) kept.free();
    kept = null; // never keep a freed handle if the allocation below throws
    kept = new wasm.RgbaImage(img.width, img.height);
    new Uint8Array(wasm.wasm_memory().buffer, kept.input_ptr(), kept.byte_len()).set(img.rgba);
    drawRGBA(inCanvas, img.rgba, img.width, img.height);
    inCaption.textContent = `Input: ${img.name}, ${img.width}×${img.height} px` +
      (img.scaledFrom ? ` (scaled down from ${img.scaledFrom.width}×${img.scaledFrom.height} to stay under 4 megapixels)` : '');
    sampleSel.set(img.sampleId || '');
    if (img.scaledFrom) imageMsg.info(`Your image was ${img.scaledFrom.width}×${img.scaledFrom.height} px; it is shown at ${img.width}×${img.height} so every edit stays instant.`);
    probe = null;
    refilter();
  }

  function readCells() {
    const problems = [];
    const values = inputs.map((inp, i) => {
      const r = parseCell(inp.value);
      inp.setAttribute('aria-invalid', r.error ? 'true' : 'false');
      if (r.error) problems.push(`Row ${Math.floor(i / SIZE) + 1}, column ${(i % SIZE) + 1} ${r.error}.`);
      return r.value;
    });
    if (problems.length) {
      kernelMsg.error(`${problems[0]} The output still uses the last valid kernel.`);
      return;
    }
    kernelMsg.clear();
    cells = inputs.map((inp) => inp.value.trim());
    kernel = Float32Array.from(values);
    refilter();
  }

  function setCells(texts) {
    texts.forEach((t, i) => { inputs[i].value = t; });
    readCells();
  }

  function applyPreset(p) {
    display = p.display;
    displaySel.set(display);
    setCells(p.cells);
  }

  function normalise() {
    const s = kernel.reduce((a, b) => a + b, 0);
    if (Math.abs(s) > 1e-9) {
      setCells(Array.from(kernel, (v) => String(+(v / s).toPrecision(6))));
      kernelMsg.info(`Divided every weight by the sum ${fmt(s, 4)}; the weights now add up to 1.`);
    } else {
      const pos = kernel.reduce((a, b) => a + Math.max(b, 0), 0);
      if (pos === 0) { kernelMsg.error('The kernel is all zeros; there is nothing to normalise.'); return; }
      setCells(Array.from(kernel, (v) => String(+(v / pos).toPrecision(6))));
      kernelMsg.info('The weights sum to 0 (an edge detector), so instead the positive weights were scaled to add up to 1.');
    }
  }

  function setOp(next) { op = next; refilter(); }

  function download() {
    if (!output) return;
    outCanvas.toBlob((blob) => {
      const a = h('a', { href: URL.createObjectURL(blob), download: `convlab-${op}-${cells.join('_').replace(/[^0-9._-]+/g, 'd')}.png` });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    }, 'image/png');
  }

  async function openFile(file) {
    try {
      imageMsg.info(`Opening "${file.name || 'pasted image'}"…`);
      const img = await images.loadFile(file);
      if (!img.scaledFrom) imageMsg.clear();
    } catch (e) {
      imageMsg.error(`${e.message} The previous image is kept.`);
    }
  }

  // ---- worked example under the pointer ----
  function probeAt(ev) {
    const r = outCanvas.getBoundingClientRect();
    const x = Math.floor(((ev.clientX - r.left) / r.width) * outCanvas.width);
    const y = Math.floor(((ev.clientY - r.top) / r.height) * outCanvas.height);
    return { x: Math.max(0, Math.min(outCanvas.width - 1, x)), y: Math.max(0, Math.min(outCanvas.height - 1, y)) };
  }

  function renderExample() {
    const img = images.current();
    if (!img || !output) return;
    if (!probe) probe = { x: Math.floor(img.width / 2), y: Math.floor(img.height / 2), pinned: false };
    const { x, y } = probe;
    const { values: w, texts } = effectiveKernel();
    const idx = (i, n) => wasm.border_index(i, n, border);
    const names = ['R', 'G', 'B'];
    const tables = names.map((name, ch) => {
      const terms = [];
      let sum = 0;
      const rows = [];
      for (let i = -1; i <= 1; i++) {
        const cellsRow = [];
        for (let j = -1; j <= 1; j++) {
          const yy = idx(y + i, img.height), xx = idx(x + j, img.width);
          const v = yy < 0 || xx < 0 ? 0 : img.rgba[4 * (yy * img.width + xx) + ch];
          const wt = w[(i + 1) * SIZE + (j + 1)];
          sum += wt * v;
          terms.push(`${texts[(i + 1) * SIZE + (j + 1)]}·${v}`);
          cellsRow.push(h('td', { class: yy < 0 || xx < 0 ? 'outside' : '' }, String(v)));
        }
        rows.push(h('tr', {}, cellsRow));
      }
      const shown = outputBytes()[4 * (y * img.width + x) + ch];
      return h('div', { class: `channel ch-${name}` }, h('div', { class: 'note' }, `${name} channel around (${x}, ${y})`),
        h('table', { class: 'patch', 'aria-label': `${name} neighbourhood` }, rows),
        h('div', { class: 'sum formula', 'data-channel': name },
          `${name}: ${terms.join(' + ')} = ${fmt(sum, 3)} → shown as ${shown}`));
    });
    const kt = h('table', { class: 'patch kernel', 'aria-label': 'kernel used' },
      [0, 1, 2].map((i) => h('tr', {}, [0, 1, 2].map((j) => h('td', {}, texts[i * SIZE + j])))));
    example.replaceChildren(
      h('p', { class: 'note' }, `Output pixel (x = ${x}, y = ${y})${probe.pinned ? ' — pinned; click again or press Esc to unpin' : ''}. ` +
        (op === 'conv' ? 'Convolution uses the kernel flipped in both directions:' : 'The kernel as typed:')),
      h('div', { class: 'example-grid' }, h('div', { class: 'channel' }, h('div', { class: 'note' }, op === 'conv' ? 'w, flipped' : 'w'), kt), ...tables));
    drawProbe();
  }

  function drawProbe() {
    if (!output || !probe) return;
    if (probeCanvas.width !== output.width) probeCanvas.width = output.width;
    if (probeCanvas.height !== output.height) probeCanvas.height = output.height;
    const g = probeCanvas.getContext('2d');
    g.clearRect(0, 0, probeCanvas.width, probeCanvas.height);
    const lw = Math.max(1, Math.round(outCanvas.width / 300));
    g.lineWidth = lw;
    g.strokeStyle = '#ffb000';
    g.strokeRect(probe.x - 1.5 - lw, probe.y - 1.5 - lw, 3 + 2 * lw, 3 + 2 * lw);
  }

  listen(outCanvas, 'mousemove', (ev) => { if (probe && probe.pinned) return; probe = { ...probeAt(ev), pinned: false }; renderExample(); });
  listen(outCanvas, 'click', (ev) => { const p = probeAt(ev); probe = { ...p, pinned: !(probe && probe.pinned) }; renderExample(); });
  listen(outCanvas, 'keydown', (ev) => {
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[ev.key];
    if (ev.key === 'Escape' && probe) { probe.pinned = false; renderExample(); return; }
    if (!d || !probe) return;
    ev.preventDefault();
    const step = ev.shiftKey ? 10 : 1;
    probe = { x: Math.max(0, Math.min(outCanvas.width - 1, probe.x + d[0] * step)), y: Math.max(0, Math.min(outCanvas.height - 1, probe.y + d[1] * step)), pinned: true };
    renderExample();
  });

  inputs.forEach((inp) => listen(inp, 'input', readCells));
  listen(fileInput, 'change', () => { if (fileInput.files[0]) openFile(fileInput.files[0]); fileInput.value = ''; });
  listen(root, 'dragover', (ev) => { ev.preventDefault(); root.classList.add('dragging'); });
  listen(root, 'dragleave', () => root.classList.remove('dragging'));
  listen(root, 'drop', (ev) => {
    ev.preventDefault();
    root.classList.remove('dragging');
    const file = ev.dataTransfer && ev.dataTransfer.files[0];
    if (file) openFile(file); else imageMsg.error('Nothing usable was dropped: drop an image file.');
  });
  listen(document, 'paste', (ev) => {
    const item = [...(ev.clipboardData?.items || [])].find((it) => it.kind === 'file');
    if (item) openFile(item.getAsFile());
  });
  cleanup.push(images.subscribe(showImage));

  showImage(images.current());
  if (!images.current()) imageMsg.error('No image is loaded yet: choose a sample or open your own.');
  readCells();
  cleanup.push(() => { if (kept) kept.free(); kept = null; });
  return () => cleanup.forEach((fn) => fn());
}
