// Station "LeNet activations": a small LeNet reads an 8×8 handwritten digit; every layer's
// output is drawn as a grid of little heat maps, from the input to the class probabilities.
//
//   input 1×8×8 → conv 3×3 (6 filters, padding 1) → ReLU → max pool 2×2 → 6×4×4
//   → conv 3×3 (12 filters, padding 1) → ReLU → max pool 2×2 → 12×2×2 = 48
//   → dense 48 → 10 → softmax p_k = e^{z_k} / Σ_j e^{z_j}
//
// Data: scikit-learn's 8×8 digits (UCI, CC BY 4.0) in ../data/digits.bin (1,797 × 64 pixel
// bytes 0..16, then 1,797 labels); pretrained weights in ../data/lenet-weights.bin, written by
// `cargo run --release --example train_lenet`. Training from scratch runs in the Web Worker
// www/workers/train_lenet.js (SGD with momentum), one ~80 ms slice at a time.

import { h, button, select, message } from '../lib/dom.js';
import { makeCanvas, drawGray, drawHeatmap, drawLegend, fmt } from '../lib/canvas.js';

const DATA_URL = new URL('../data/digits.bin', import.meta.url);
const WEIGHTS_URL = new URL('../data/lenet-weights.bin', import.meta.url);
const PAD_PX = 224; // drawing pad, canvas px (shown at the same CSS size)
const PEN_PX = 19; // pen width on the pad
const NORM_PX = 32; // drawings are fitted into 32×32 and cut into 4×4 blocks, as the UCI digits were
const KEY = 'lenet';
const STEP_BUDGET_MS = 80;
const EPOCH_CHOICES = [1, 3, 5, 10];
const TRAIN_CONFIG = { learning_rate: 0.02, momentum: 0.9, batch_size: 16, seed: 1 }; // n_train: the core's default
// Layers drawn, in the order of lenet_layout(): [name, caption, channels, side, css px per map]
const LAYERS = [
  { key: 'conv1', title: 'conv1 → ReLU', sub: '6 maps, 8×8', channels: 6, side: 8, css: 64 },
  { key: 'pool1', title: 'max pool 2×2', sub: '6 maps, 4×4', channels: 6, side: 4, css: 48 },
  { key: 'conv2', title: 'conv2 → ReLU', sub: '12 maps, 4×4', channels: 12, side: 4, css: 48 },
  { key: 'pool2', title: 'max pool 2×2', sub: '12 maps, 2×2 = 48 numbers', channels: 12, side: 2, css: 32 },
];

const pct = (v) => `${(100 * v).toFixed(1)} %`;

export function mount(root, ctx) {
  const link = h('link', { rel: 'stylesheet', href: new URL('./lenet.css', import.meta.url).href });
  document.head.append(link);
  let alive = true;
  const wasm = ctx.wasm;
  // From the core: images are SIDE × SIDE (8 × 8), ink 0..MAX_PIXEL (16); the fixed split
  // trains on N_TRAIN (1,500) digits and tests on the rest.
  const { side: SIDE, pixels: PIXELS, max_pixel: MAX_PIXEL, n_train: N_TRAIN } = wasm.station_constants().lenet;
  const net = new wasm.LeNet(1);
  const [nInput, nConv1, nPool1, nConv2, nPool2, nLogits] = Array.from(wasm.lenet_layout());

  // ---- state ----
  let data = null; // {bytes, pixels: Uint8Array, labels: Uint8Array, n, test: Uint32Array}
  let pretrained = null; // Uint8Array weights file
  let input = new Float32Array(PIXELS); // current image, 0..16
  let source = { kind: 'none' }; // {kind: 'test', index, label} | {kind: 'drawing'} | {kind: 'none'}
  const cycle = new Array(10).fill(-1); // per label: position among that label's test digits
  let training = false, stopRequested = false;
  let weightsName = 'pretrained';

  // ---- DOM: input panel ----
  const pad = makeCanvas(PAD_PX, PAD_PX, { label: 'Drawing pad: draw a digit with the mouse or a finger', cls: 'ln-pad' });
  const preview = makeCanvas(SIDE, SIDE, { label: 'The 8×8 image the network reads', cls: 'ln-preview pixelated' });
  const sourceText = h('p', { class: 'ln-source', 'aria-live': 'polite' });
  const clearBtn = button('Clear', () => { clearPad(); setInput(new Float32Array(PIXELS), { kind: 'none' }); }, { title: 'Clear the pad', cls: 'ln-clear' });
  const digitBtns = Array.from({ length: 10 }, (_, d) => button(String(d), () => pickTest(d), { title: `Show a test digit labelled ${d} (click again for the next one)`, cls: 'ln-digit' }));
  digitBtns.forEach((b, d) => { b.dataset.digit = String(d); });
  const inputPanel = h('div', { class: 'panel ln-input' },
    h('h3', {}, 'Input'),
    h('div', { class: 'ln-padrow' },
      h('div', { class: 'figure' }, pad, h('span', { class: 'caption' }, 'Draw a digit (mouse or touch)')),
    ),
    h('div', { class: 'ln-previewrow' },
      h('div', { class: 'figure' }, preview, h('span', { class: 'caption' }, '8×8 input (0–16)')),
      h('div', { class: 'ln-previewside' }, clearBtn, sourceText)),
    h('div', { class: 'ln-pick' },
      h('div', { class: 'ln-pick-label' }, 'Pick a test digit:'),
      h('div', { class: 'ln-digits', role: 'group', 'aria-label': 'Pick a test digit' }, digitBtns)));

  // ---- DOM: activations panel ----
  const filterCanvases = Array.from({ length: 6 }, (_, k) => makeCanvas(3, 3, { label: `conv1 filter ${k + 1}`, cls: 'ln-map ln-filter pixelated' }));
  const filterLegend = makeCanvas(200, 34, { label: 'Filter colour scale', cls: 'ln-legend' });
  const layerViews = LAYERS.map((L) => {
    const maps = Array.from({ length: L.channels }, (_, k) => {
      const c = makeCanvas(L.side, L.side, { label: `${L.title} map ${k + 1}`, cls: 'ln-map pixelated' });
      c.style.width = c.style.height = `${L.css}px`;
      return c;
    });
    const max = h('span', { class: 'ln-max' });
    const row = h('div', { class: `ln-layer ln-${L.key}` },
      h('div', { class: 'ln-layer-name' }, h('strong', {}, L.title), h('span', {}, L.sub), max),
      h('div', { class: 'ln-maps', style: { gridTemplateColumns: `repeat(6, ${L.css}px)` } }, maps));
    return { ...L, maps, max, row };
  });
  const actLegend = makeCanvas(200, 34, { label: 'Activation colour scale', cls: 'ln-legend' });
  const actPanel = h('div', { class: 'panel ln-acts' },
    h('h3', {}, 'Activations, layer by layer'),
    h('div', { class: 'ln-layer ln-filters' },
      h('div', { class: 'ln-layer-name' }, h('strong', {}, 'conv1 filters'), h('span', {}, 'learned 3×3 weights')),
      h('div', { class: 'ln-maps', style: { gridTemplateColumns: 'repeat(6, 64px)' } }, filterCanvases)),
    layerViews.map((v) => v.row),
    h('div', { class: 'ln-legends' },
      h('div', { class: 'figure' }, actLegend, h('span', { class: 'caption' }, 'activations ≥ 0 (after ReLU)')),
      h('div', { class: 'figure' }, filterLegend, h('span', { class: 'caption' }, 'conv1 filter weights'))));

  // ---- DOM: prediction + training panel ----
  const predDigit = h('div', { class: 'ln-pred-digit', 'aria-live': 'polite' }, '–');
  const predText = h('div', { class: 'ln-pred-text' });
  const bars = Array.from({ length: 10 }, (_, k) => {
    const fill = h('div', { class: 'ln-bar-fill' });
    const val = h('span', { class: 'ln-bar-val' });
    const row = h('div', { class: 'ln-bar', 'data-class': String(k) },
      h('span', { class: 'ln-bar-k' }, String(k)), h('div', { class: 'ln-bar-track' }, fill), val);
    return { row, fill, val };
  });
  const predPanel = h('div', { class: 'panel ln-pred' },
    h('h3', {}, 'Class probabilities (softmax)'),
    h('div', { class: 'ln-pred-head' }, predDigit, predText),
    h('div', { class: 'ln-bars', role: 'img', 'aria-label': 'Bar chart of the ten class probabilities' }, bars.map((b) => b.row)));

  const accText = h('div', { class: 'ln-acc', 'aria-live': 'polite' });
  const pretrainedBtn = button('Use pretrained weights', () => usePretrained(), { title: 'Load the weights shipped with the page (trained for 14 epochs)', cls: 'ln-pretrained' });
  let epochs = 3;
  const epochsCtl = select({ label: 'Epochs', options: EPOCH_CHOICES.map((e) => ({ value: String(e), label: String(e) })), value: String(epochs), onChange: (v) => { epochs = +v; } });
  const trainBtn = button('▶ Train', () => train(), { title: 'Train from scratch: start from random weights, SGD + momentum', cls: 'primary ln-train' });
  const stopBtn = button('■ Stop', () => { stopRequested = true; }, { title: 'Stop training (keeps the weights so far)', cls: 'ln-stop' });
  const progress = h('progress', { max: 1, value: 0, class: 'ln-progress', 'aria-label': 'Training progress' });
  const status = h('div', { class: 'ln-status', 'aria-live': 'polite' });
  const msgEl = h('div', { class: 'ln-msg' });
  const msg = message(msgEl);
  const trainPanel = h('div', { class: 'panel ln-trainpanel controls' },
    h('h3', {}, 'Weights and training'),
    accText,
    pretrainedBtn,
    h('div', { class: 'ln-trainrow' }, epochsCtl.el),
    h('div', { class: 'row ln-buttons' }, trainBtn, stopBtn),
    progress, status,
    h('p', { class: 'note' }, 'SGD + momentum (μ = 0.9, α = 0.02, batch 16) on 1,500 digits; 297 held out for testing.'),
    msgEl);

  root.append(h('div', { class: 'station ln' },
    h('div', { class: 'ln-head' },
      h('h2', {}, 'LeNet: looking inside a convolutional network'),
      h('p', { class: 'lede' }, 'conv 3×3 → ReLU → max pool → conv 3×3 → ReLU → max pool → dense → softmax, on 8×8 handwritten digits.')),
    h('div', { class: 'ln-grid' },
      inputPanel, actPanel,
      h('div', { class: 'ln-right' }, predPanel, trainPanel))));

  // ---- drawing pad ----
  const pg = pad.getContext('2d', { willReadFrequently: true });
  function clearPad() {
    pg.fillStyle = '#fff';
    pg.fillRect(0, 0, PAD_PX, PAD_PX);
  }
  /** Shows an 8×8 image on the pad as big grey cells (ink dark). */
  function paintPad(img) {
    const cell = PAD_PX / SIDE;
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        const g = Math.round(255 * (1 - img[r * SIDE + c] / MAX_PIXEL));
        pg.fillStyle = `rgb(${g},${g},${g})`;
        pg.fillRect(c * cell, r * cell, cell, cell);
      }
    }
  }
  /** The pad as the UCI digits were made: the ink's bounding box is fitted into 32×32 (longest
   *  side fills it, centred), then each 4×4 block's ink is summed, giving 0..16 per pixel. */
  function padToInput() {
    const img = pg.getImageData(0, 0, PAD_PX, PAD_PX).data;
    let x0 = PAD_PX, y0 = PAD_PX, x1 = -1, y1 = -1;
    for (let y = 0; y < PAD_PX; y++) {
      for (let x = 0; x < PAD_PX; x++) {
        if (img[4 * (y * PAD_PX + x)] < 200) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
      }
    }
    const out = new Float32Array(PIXELS);
    if (x1 < 0) return out;
    const w = x1 - x0 + 1, hgt = y1 - y0 + 1, side = Math.max(w, hgt);
    const norm = document.createElement('canvas');
    norm.width = norm.height = NORM_PX;
    const ng = norm.getContext('2d', { willReadFrequently: true });
    ng.fillStyle = '#fff';
    ng.fillRect(0, 0, NORM_PX, NORM_PX);
    ng.imageSmoothingEnabled = true;
    ng.imageSmoothingQuality = 'high';
    const s = NORM_PX / side;
    ng.drawImage(pad, x0, y0, w, hgt, (NORM_PX - w * s) / 2, (NORM_PX - hgt * s) / 2, w * s, hgt * s);
    const small = ng.getImageData(0, 0, NORM_PX, NORM_PX).data;
    const block = NORM_PX / SIDE;
    for (let y = 0; y < NORM_PX; y++) {
      for (let x = 0; x < NORM_PX; x++) {
        const ink = 1 - small[4 * (y * NORM_PX + x)] / 255;
        out[Math.floor(y / block) * SIDE + Math.floor(x / block)] += ink;
      }
    }
    for (let i = 0; i < PIXELS; i++) out[i] = Math.min(MAX_PIXEL, Math.round(out[i] * 10) / 10);
    return out;
  }
  let drawing = false, last = null, pending = 0;
  const padPoint = (e) => {
    const r = pad.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * PAD_PX, y: ((e.clientY - r.top) / r.height) * PAD_PX };
  };
  function stroke(to) {
    pg.strokeStyle = '#000';
    pg.lineWidth = PEN_PX;
    pg.lineCap = pg.lineJoin = 'round';
    pg.beginPath();
    pg.moveTo(last.x, last.y);
    pg.lineTo(to.x + 0.01, to.y);
    pg.stroke();
    last = to;
    if (!pending) pending = requestAnimationFrame(() => { pending = 0; if (alive) setInput(padToInput(), { kind: 'drawing' }); });
  }
  const onDown = (e) => { e.preventDefault(); pad.setPointerCapture?.(e.pointerId); drawing = true; last = padPoint(e); stroke(last); };
  const onMove = (e) => { if (drawing) { e.preventDefault(); stroke(padPoint(e)); } };
  const onUp = () => { drawing = false; };
  pad.addEventListener('pointerdown', onDown);
  pad.addEventListener('pointermove', onMove);
  pad.addEventListener('pointerup', onUp);
  pad.addEventListener('pointercancel', onUp);
  clearPad();

  // ---- inputs ----
  function setInput(img, src) {
    input = img;
    source = src;
    drawGray(preview, input.map((v) => MAX_PIXEL - v), SIDE, SIDE, { min: 0, max: MAX_PIXEL });
    sourceText.textContent = src.kind === 'test' ? `Test digit #${src.index}, true label ${src.label}`
      : src.kind === 'drawing' ? 'Your drawing' : 'Empty pad';
    if (src.kind === 'test') ctx.hash.set(new URLSearchParams({ digit: String(src.index) }));
    else ctx.hash.set(new URLSearchParams());
    render();
  }
  function showTest(index) {
    const img = new Float32Array(data.pixels.subarray(index * PIXELS, (index + 1) * PIXELS));
    paintPad(img);
    setInput(img, { kind: 'test', index, label: data.labels[index] });
  }
  function pickTest(d) {
    if (!data) return;
    const mine = Array.from(data.test).filter((i) => data.labels[i] === d);
    cycle[d] = (cycle[d] + 1) % mine.length;
    showTest(mine[cycle[d]]);
  }

  // ---- drawing the network ----
  /** A white → black bar from "0" to "layer max" (the activation maps' scale). */
  function greyLegend(c) {
    const g = c.getContext('2d');
    g.clearRect(0, 0, c.width, c.height);
    const x0 = 10, x1 = c.width - 10, barH = 12;
    const grad = g.createLinearGradient(x0, 0, x1, 0);
    grad.addColorStop(0, '#fff'); grad.addColorStop(1, '#000');
    g.fillStyle = grad; g.fillRect(x0, 2, x1 - x0, barH);
    g.strokeStyle = '#888'; g.strokeRect(x0 + 0.5, 2.5, x1 - x0 - 1, barH);
    g.fillStyle = '#222'; g.font = '12px system-ui, sans-serif'; g.textBaseline = 'top';
    g.textAlign = 'left'; g.fillText('0', x0, barH + 5);
    g.textAlign = 'right'; g.fillText('layer max', x1, barH + 5);
  }
  function render() {
    const out = net.forward(input);
    let off = nInput;
    const blocks = {};
    for (const [k, n] of [['conv1', nConv1], ['pool1', nPool1], ['conv2', nConv2], ['pool2', nPool2], ['logits', nLogits], ['probs', 10]]) {
      blocks[k] = out.subarray(off, off + n);
      off += n;
    }
    for (const v of layerViews) {
      const a = blocks[v.key];
      let max = 0;
      for (const x of a) max = Math.max(max, x);
      const n = v.side * v.side;
      // Ink-like grey, as the input: 0 → white, the layer's largest value → black.
      v.maps.forEach((c, k) => drawGray(c, a.subarray(k * n, (k + 1) * n).map((x) => -x), v.side, v.side, { min: -(max || 1), max: 0 }));
      v.max.textContent = `max ${fmt(max, 2)}`;
    }
    const f = net.conv1_filters();
    let fm = 0;
    for (const x of f) fm = Math.max(fm, Math.abs(x));
    filterCanvases.forEach((c, k) => drawHeatmap(c, f.subarray(9 * k, 9 * k + 9), 3, 3, { min: -fm, max: fm, diverging: true }));
    drawLegend(filterLegend, -fm, fm, { diverging: true });
    greyLegend(actLegend);
    const p = blocks.probs;
    let best = 0;
    for (let k = 1; k < 10; k++) if (p[k] > p[best]) best = k;
    const empty = input.every((v) => v === 0);
    bars.forEach((b, k) => {
      b.fill.style.width = `${(100 * p[k]).toFixed(2)}%`;
      b.val.textContent = `${(100 * p[k]).toFixed(1)}%`;
      b.row.classList.toggle('best', k === best && !empty);
    });
    predDigit.textContent = empty ? '–' : String(best);
    predDigit.dataset.pred = empty ? '' : String(best);
    if (empty) predText.textContent = 'Draw a digit or pick a test digit.';
    else if (source.kind === 'test') {
      const ok = best === source.label;
      predText.textContent = `prediction ${best} (${pct(p[best])}); true label ${source.label} ${ok ? '✓' : '✗'}`;
      predDigit.classList.toggle('wrong', !ok);
    } else {
      predText.textContent = `prediction ${best} (${pct(p[best])})`;
      predDigit.classList.remove('wrong');
    }
  }

  function showAccuracy(acc, what) {
    accText.dataset.acc = String(acc);
    accText.textContent = '';
    accText.append(h('span', { class: 'ln-acc-num' }, pct(acc)), ` test accuracy (${what}, 297 held-out digits)`);
  }

  // ---- weights ----
  function usePretrained() {
    if (!pretrained || training) return;
    net.load_weights(pretrained);
    weightsName = 'pretrained';
    showAccuracy(net.test_accuracy(data.bytes, N_TRAIN), 'pretrained');
    status.textContent = 'Pretrained weights loaded.';
    progress.value = 0;
    msg.clear();
    render();
  }

  async function train() {
    if (training || !data) return;
    training = true; stopRequested = false; setBusy();
    msg.clear();
    const target = epochs;
    try {
      let snap = await ctx.worker.run('train_lenet', { op: 'start', key: KEY, data: data.bytes, config: TRAIN_CONFIG });
      if (!alive) return;
      weightsName = 'training';
      net.load_weights(snap.weights);
      showAccuracy(snap.testAcc, 'random weights');
      status.textContent = `Epoch 0 of ${target}: random weights`;
      render();
      let lastLoss = NaN;
      while (alive && !stopRequested && snap.progress < target) {
        snap = await ctx.worker.run('train_lenet', { op: 'step', key: KEY, budgetMs: STEP_BUDGET_MS });
        if (!alive) return;
        if (Number.isFinite(snap.loss)) lastLoss = snap.loss;
        net.load_weights(snap.weights);
        progress.value = Math.min(1, snap.progress / target);
        if (snap.epochEnded) showAccuracy(snap.testAcc, `after ${Math.round(snap.progress)} epoch${Math.round(snap.progress) === 1 ? '' : 's'}`);
        status.textContent = `Epoch ${snap.progress.toFixed(2)} of ${target} · loss ${fmt(lastLoss, 3)}`
          + (snap.trainAcc !== null ? ` · train ${pct(snap.trainAcc)}` : '');
        status.dataset.trainAcc = snap.trainAcc ?? status.dataset.trainAcc ?? '';
        render();
      }
      if (alive) status.textContent = `${stopRequested ? 'Stopped' : 'Done'}: epoch ${snap.progress.toFixed(2)} · loss ${fmt(lastLoss, 3)}`
        + (status.dataset.trainAcc ? ` · train ${pct(+status.dataset.trainAcc)}` : '');
    } catch (e) {
      if (alive) msg.error(e.message || String(e));
    } finally {
      training = false;
      if (alive) setBusy();
    }
  }
  function setBusy() {
    trainBtn.disabled = training || !data;
    stopBtn.disabled = !training;
    pretrainedBtn.disabled = training || !pretrained;
    epochsCtl.input.disabled = training;
  }
  setBusy();

  // ---- load the data and the pretrained weights ----
  status.textContent = 'Loading the digits and the weights…';
  (async () => {
    try {
      const [d, w] = await Promise.all([DATA_URL, WEIGHTS_URL].map(async (u) => {
        const r = await fetch(u);
        if (!r.ok) throw new Error(`Could not load ${u.pathname} (HTTP ${r.status}).`);
        return new Uint8Array(await r.arrayBuffer());
      }));
      if (!alive) return;
      if (d.length % (PIXELS + 1) !== 0) throw new Error('The digits file is damaged: regenerate it with scripts/make_digits.py.');
      const n = d.length / (PIXELS + 1);
      data = { bytes: d, pixels: d.subarray(0, n * PIXELS), labels: d.subarray(n * PIXELS), n, test: wasm.lenet_test_indices(n, N_TRAIN) };
      pretrained = w;
      setBusy();
      usePretrained();
      const saved = Number(ctx.hash.get().get('digit'));
      if (Number.isInteger(saved) && saved >= 0 && saved < n) showTest(saved);
      else pickTest(3);
      root.querySelector('.ln').dataset.ready = 'true';
    } catch (e) {
      if (alive) { msg.error(e.message || String(e)); status.textContent = ''; }
    }
  })();
  render();

  return function unmount() {
    alive = false;
    stopRequested = true;
    if (pending) cancelAnimationFrame(pending);
    pad.removeEventListener('pointerdown', onDown);
    pad.removeEventListener('pointermove', onMove);
    pad.removeEventListener('pointerup', onUp);
    pad.removeEventListener('pointercancel', onUp);
    ctx.worker.run('train_lenet', { op: 'free', key: KEY }).catch(() => {});
    net.free();
    link.remove();
  };
}
