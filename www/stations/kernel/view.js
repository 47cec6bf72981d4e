// Station 1, the flagship: the student's own 3×3 kernel on a sample or their own photo.
// Every keystroke re-filters the whole image in wasm (RgbaImage.filter, pixels kept in wasm
// memory); hovering an output pixel writes out the weighted sum that produced it.
import { station } from '../../lib/station.js';
import { h, button, select, message } from '../../lib/dom.js';
import { drawImageData, drawRGBA } from '../../lib/heatmap.js';
import { short } from '../../lib/format.js';
import { imagePicker } from '../../lib/image-picker.js';
import { segmented } from '../../lib/controls.js';
import { STATE, SIZE, PRESETS, BORDERS, DISPLAYS, createKernelModel, workedExample } from './model.js';

export { PRESETS, parseCell } from './model.js';

function mount(root, ctx) {
  const { wasm, images } = ctx;
  const model = createKernelModel(ctx.state);
  let kept = null; // wasm RgbaImage: the photo and its filtered version, in wasm memory
  let output = null; // {width, height} once something has been filtered
  let probe = null; // {x, y, pinned}

  // ---- layout ----
  const lede = h('p', { class: 'lede' },
    'Type any numbers into the kernel and watch every pixel become a weighted sum of its 3×3 neighbourhood: ',
    h('span', { class: 'formula inline' }, 'z[r,c] = Σᵢⱼ w[i,j] · x[r+i, c+j]'),
    ' (i, j = −1, 0, 1). This is what the lecture calls convolution; strictly it is ',
    h('em', {}, 'correlation'), '. True convolution flips the kernel first; switch below to compare.');
  const picker = imagePicker(ctx, { id: 'kernel', dropTarget: root, sources: ['samples', 'file', 'camera', 'drop', 'paste'] });

  const inputs = model.cells.map((text, i) => h('input', {
    type: 'text', inputmode: 'decimal', value: text, class: 'kcell', autocomplete: 'off', spellcheck: 'false',
    'aria-label': `Kernel row ${Math.floor(i / SIZE) + 1}, column ${(i % SIZE) + 1}`, 'data-cell': i,
  }));
  const grid = h('div', { class: 'kgrid', role: 'group', 'aria-label': '3 by 3 kernel' }, inputs);
  const kernelMsgEl = h('div', { 'data-testid': 'kernel-message' });
  const kernelMsg = message(kernelMsgEl);
  const sumEl = h('div', { class: 'note', 'data-testid': 'kernel-sum' });
  const presetBtns = PRESETS.map((p) => {
    const b = button(p.label, () => { model.applyPreset(p.id); displaySel.set(model.display); showCells(); }, { cls: 'preset' });
    b.setAttribute('data-preset', p.id);
    return b;
  });
  const normaliseBtn = button('Normalise kernel', normalise, { title: 'Divide every weight by the sum, so flat regions keep their brightness' });
  const opGroup = segmented({
    label: 'Operation', value: model.op, attr: 'data-op',
    options: [{ value: 'corr', label: 'Correlation' }, { value: 'conv', label: 'Convolution (flipped)' }],
    onChange: (v) => { model.op = v; refilter(); },
  });
  const borderSel = select({ label: 'Border', options: BORDERS, value: model.border, onChange: (v) => { model.border = v; refilter(); } });
  const displaySel = select({ label: 'Show values', options: DISPLAYS, value: model.display, onChange: (v) => { model.display = v; refilter(); } });
  const downloadBtn = button('Download output PNG', download);

  const inCanvas = h('canvas', { class: 'photo', 'aria-label': 'Input image', 'data-testid': 'input-canvas' });
  const outCanvas = h('canvas', { class: 'photo probe-target', tabindex: '0', 'aria-label': 'Filtered output: hover, tap or use arrow keys to see how a pixel is computed', 'data-testid': 'output-canvas' });
  // The probe's box is drawn on a transparent canvas on top, so the output itself stays clean.
  const probeCanvas = h('canvas', { class: 'probe-overlay', 'aria-hidden': 'true' });
  const inCaption = h('figcaption', {});
  const outCaption = h('figcaption', {});
  const timing = h('span', { class: 'note', 'data-testid': 'timing' });
  const example = h('div', { class: 'worked', 'data-testid': 'worked-example', 'aria-live': 'polite' });

  // Three sections, so a phone can put the kernel right under the output (kernel.css).
  const controls = h('div', { class: 'panel controls kernel-controls' },
    h('div', { class: 'k-section k-image' }, h('h3', {}, 'Image'), picker.el),
    h('div', { class: 'k-section k-kernel' }, h('h3', {}, 'Kernel w'), grid, sumEl, kernelMsgEl,
      h('div', { class: 'presets' }, presetBtns), normaliseBtn),
    h('div', { class: 'k-section k-options' }, h('h3', {}, 'Options'), opGroup.el, borderSel.el, displaySel.el, downloadBtn));
  const figures = h('div', { class: 'panel kernel-figures' },
    h('div', { class: 'pair' },
      h('figure', { class: 'figure' }, inCanvas, inCaption),
      h('figure', { class: 'figure' }, h('div', { class: 'stack' }, outCanvas, probeCanvas), outCaption)),
    h('div', { class: 'row k-timing' }, timing),
    h('div', { class: 'k-example' }, h('h3', {}, 'How one output pixel is computed'), example));
  root.append(h('h2', {}, 'Your own 3×3 kernel'), lede, h('div', { class: 'kernel-layout' }, controls, figures));

  // ---- behaviour ----
  const save = () => ctx.save(model.toState(images.current()?.sampleId || null));


  function refilter() {
    const img = images.current();
    opGroup.set(model.op);
    sumEl.textContent = model.sumText();
    save();
    if (!img || !kept) { ctx.rendered(); return; }
    const t0 = performance.now();
    try {
      kept.filter(model.kernel, SIZE, SIZE, model.border, model.display, model.op === 'conv');
      output = { width: img.width, height: img.height };
    } catch (e) {
      kernelMsg.error(e.message);
      return;
    }
    const ms = performance.now() - t0;
    // The core hands out the result as an ImageData over wasm memory: drawn without a copy.
    drawImageData(outCanvas, kept.output_image_data());
    timing.textContent = `Filtered ${img.width}×${img.height} px × 3 channels in ${ms.toFixed(1)} ms (WebAssembly SIMD).`;
    outCaption.textContent = `Output: ${model.op === 'conv' ? 'convolution' : 'correlation'}, border ${model.border}, ${DISPLAYS.find((d) => d.value === model.display).label}`;
    // The text alternative says what the canvas shows now, not only what it is for.
    outCanvas.setAttribute('aria-label', `Filtered output: ${img.name} after ${model.op === 'conv' ? 'convolution' : 'correlation'} with the kernel ${model.cells.join(', ')} (rows left to right). Hover, tap or use arrow keys to see how a pixel is computed.`);
    renderExample();
    ctx.rendered();
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
    probe = null;
    refilter();
  }

  /** Reads the nine boxes; a bad one is marked and named, and the last good kernel stays. */
  function readCells() {
    const problems = model.setCells(inputs.map((inp) => inp.value));
    const bad = new Set(problems.map((p) => p.index));
    inputs.forEach((inp, i) => inp.setAttribute('aria-invalid', String(bad.has(i))));
    if (problems.length) {
      kernelMsg.error(`${problems[0].message} The output still uses the last valid kernel.`);
      return;
    }
    kernelMsg.clear();
    refilter();
  }
  /** Shows the model's cells in the boxes, then filters. */
  function showCells() {
    model.cells.forEach((t, i) => { inputs[i].value = t; });
    readCells();
  }
  function normalise() {
    const r = model.normalise();
    if (r.error) { kernelMsg.error(r.error); return; }
    showCells();
    kernelMsg.info(r.info);
  }

  function download() {
    if (!output) return;
    outCanvas.toBlob((blob) => {
      const a = h('a', { href: URL.createObjectURL(blob), download: model.downloadName() });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    }, 'image/png');
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
    const { texts } = model.effective();
    const bytes = kept.output_image_data().data;
    const tables = workedExample(img, x, y, model, (i, n) => wasm.border_index(i, n, model.border)).map((c) =>
      h('div', { class: `channel ch-${c.name}` }, h('div', { class: 'note' }, `${c.name} channel around (${x}, ${y})`),
        h('table', { class: 'patch', 'aria-label': `${c.name} neighbourhood` },
          c.rows.map((row) => h('tr', {}, row.map((cell) => h('td', { class: cell.outside ? 'outside' : '' }, String(cell.value)))))),
        h('div', { class: 'sum formula', 'data-channel': c.name },
          `${c.name}: ${c.terms.join(' + ')} = ${short(c.sum, 3)} → shown as ${bytes[4 * (y * img.width + x) + c.channel]}`)));
    const kt = h('table', { class: 'patch kernel', 'aria-label': 'kernel used' },
      [0, 1, 2].map((i) => h('tr', {}, [0, 1, 2].map((j) => h('td', {}, texts[i * SIZE + j])))));
    const conv = model.op === 'conv';
    example.replaceChildren(
      h('p', { class: 'note' }, `Output pixel (x = ${x}, y = ${y})${probe.pinned ? ' — pinned; click again or press Esc to unpin' : ''}. ` +
        (conv ? 'Convolution uses the kernel flipped in both directions:' : 'The kernel as typed:')),
      h('div', { class: 'example-grid' }, h('div', { class: 'channel' }, h('div', { class: 'note' }, conv ? 'w, flipped' : 'w'), kt), ...tables));
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
  const showProbe = (p) => { probe = p; renderExample(); ctx.rendered(); };

  ctx.listen(outCanvas, 'mousemove', (ev) => { if (!(probe && probe.pinned)) showProbe({ ...probeAt(ev), pinned: false }); });
  ctx.listen(outCanvas, 'click', (ev) => showProbe({ ...probeAt(ev), pinned: !(probe && probe.pinned) }));
  ctx.listen(outCanvas, 'keydown', (ev) => {
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[ev.key];
    if (ev.key === 'Escape' && probe) { showProbe({ ...probe, pinned: false }); return; }
    if (!d || !probe) return;
    ev.preventDefault();
    const step = ev.shiftKey ? 10 : 1;
    const clampTo = (v, n) => Math.max(0, Math.min(n - 1, v));
    showProbe({ x: clampTo(probe.x + d[0] * step, outCanvas.width), y: clampTo(probe.y + d[1] * step, outCanvas.height), pinned: true });
  });
  inputs.forEach((inp) => ctx.listen(inp, 'input', readCells));
  ctx.onCleanup(images.subscribe(showImage));
  ctx.onCleanup(() => { if (kept) kept.free(); kept = null; });

  showImage(images.current());
  readCells();
}

export default station({
  id: 'kernel',
  title: 'Your 3×3 kernel',
  css: new URL('./kernel.css', import.meta.url),
  state: STATE,
  mount,
});
