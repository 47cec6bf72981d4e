// Station "Parameter count": a fully connected layer versus a convolutional layer on the same
// H × W × C input. The counts come from the Rust core (`count_parameters`); this module reads
// the inputs, prints the formulas with the numbers filled in, and draws the two layers to scale.

import { h, button, message, thousands } from '../lib/dom.js';
import { makeCanvas } from '../lib/canvas.js';

// The lecture's slide: 256 × 256 × 3 inputs, k = 10,000 units. K and f are a VGG-style first
// layer (64 filters of 3 × 3), the slide leaves them open.
const DEFAULTS = { H: 256, W: 256, C: 3, k: 10000, K: 64, f: 3 };
const FIELDS = [
  { key: 'H', label: 'Height H', unit: 'px', max: 1e6 },
  { key: 'W', label: 'Width W', unit: 'px', max: 1e6 },
  { key: 'C', label: 'Channels C', unit: '', max: 1e6 },
  { key: 'k', label: 'Units k', unit: '', max: 1e9 },
  { key: 'K', label: 'Filters K', unit: '', max: 1e6 },
  { key: 'f', label: 'Filter size f', unit: 'px', max: 1e6 },
];
const PRESETS = [
  { label: 'Lecture slide', title: '256 × 256 RGB photo, 10,000 units (the slide)', v: DEFAULTS },
  { label: 'MNIST / LeNet', title: '28 × 28 grey digit; LeNet-5\u2019s first layer: 6 filters of 5 × 5', v: { H: 28, W: 28, C: 1, k: 100, K: 6, f: 5 } },
  { label: 'AlexNet', title: '227 × 227 RGB; AlexNet\u2019s first layer: 96 filters of 11 × 11 × 3; 4,096 units as in its dense layers', v: { H: 227, W: 227, C: 3, k: 4096, K: 96, f: 11 } },
];
const FC_COLOR = '#c2410c'; // orange-red: the big one
const CONV_COLOR = '#1d4ed8'; // blue

const WORDS = [[1e15, 'quadrillion'], [1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];
/** "≈ 2.0 billion" for large counts, '' below a thousand. */
function inWords(n) {
  for (const [v, w] of WORDS) if (n >= v) return `≈ ${(n / v).toPrecision(2)} ${w}`;
  return '';
}
/** Bytes in decimal units, as on the slide: 7,864,360,000 → "7.9 GB". */
function formatBytes(b) {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0, v = b;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return i === 0 ? `${v} bytes` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
/** Ratio with separators (or 2 significant digits when small). */
function formatRatio(r) {
  return r >= 100 ? thousands(r) : (+r.toPrecision(3)).toString();
}
/** A typed count: digits with optional separators (10,000 or 10 000 or 10_000); null if not ≥ 1. */
function parse(text) {
  const t = String(text).trim().replace(/[,_\s\u00a0\u202f]/g, '');
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}
/** Why a field's text is not an acceptable count (null when it is), as a phrase after its label. */
function problem(text, max) {
  const t = String(text).trim().replace(/[,_\s\u00a0\u202f]/g, '');
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n < 1) return 'must be at least 1';
    return n > max ? `must be at most ${thousands(max)}` : null;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return `must be a whole number of at least 1 (not ${String(text).trim()})`;
  return 'type a whole number of at least 1, like 256 or 10,000';
}
/** Shows a typed count with separators, leaving anything unparsable as typed. */
const pretty = (text) => { const n = parse(text); return n === null ? String(text) : thousands(n); };
/** Powers of ten as "10¹²" for axis labels. */
const SUP = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
const pow10 = (e) => `10${String(e).split('').map((c) => SUP[c]).join('')}`;
/** Numbers too big for exact digits (matrix entries): "8.2 × 10¹¹". */
function sci(n) {
  if (n < 1e6) return thousands(n);
  const e = Math.floor(Math.log10(n));
  return `${(n / 10 ** e).toFixed(1)}\u00a0×\u00a0${pow10(e)}`;
}

export function mount(root, ctx) {
  const { wasm } = ctx;
  const link = h('link', { rel: 'stylesheet', href: new URL('./params.css', import.meta.url).href });
  document.head.append(link);

  // ---- inputs (state starts from the URL hash, falling back to the slide) ----
  const saved = ctx.hash.get();
  const inputs = {};
  const fieldEls = {};
  for (const f of FIELDS) {
    const start = saved.has(f.key) ? saved.get(f.key) : String(DEFAULTS[f.key]);
    const id = `params-${f.key}`;
    // Text, not type=number, so large values show thousands separators ("10,000").
    const input = h('input', {
      type: 'text', id, value: pretty(start), inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false',
      'data-key': f.key, 'aria-describedby': 'params-msg', onInput: update,
      onChange: () => { if (parse(input.value) !== null) input.value = pretty(input.value); },
      onKeydown: (e) => {
        if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
        const n = parse(input.value);
        if (n === null) return;
        e.preventDefault();
        const step = e.shiftKey ? Math.max(1, 10 ** Math.floor(Math.log10(n))) : 1;
        input.value = pretty(Math.min(f.max, Math.max(1, n + (e.key === 'ArrowUp' ? step : -step))));
        update();
      },
    });
    inputs[f.key] = input;
    fieldEls[f.key] = h('div', { class: 'pc-field' },
      h('label', { for: id }, f.label), input, f.unit ? h('span', { class: 'pc-unit' }, f.unit) : null);
  }
  const msgEl = h('div', { id: 'params-msg' });
  const msg = message(msgEl);

  const controls = h('div', { class: 'panel controls pc-controls' },
    h('h2', { text: 'Layer sizes' }),
    h('fieldset', { class: 'pc-group' }, h('legend', { text: 'Input image H × W × C' }),
      fieldEls.H, fieldEls.W, fieldEls.C),
    h('fieldset', { class: 'pc-group pc-fc' }, h('legend', { text: 'Fully connected layer' }), fieldEls.k),
    h('fieldset', { class: 'pc-group pc-conv' }, h('legend', { text: 'Convolutional layer' }),
      fieldEls.K, fieldEls.f),
    h('div', { class: 'pc-presets', role: 'group', 'aria-label': 'Presets' },
      h('span', { class: 'pc-presets-label', text: 'Presets:' }),
      PRESETS.map((p) => button(p.label, () => applyPreset(p.v), { title: p.title }))),
    msgEl,
  );

  // ---- results ----
  const fcCard = h('div', { class: 'pc-card pc-fc', 'data-layer': 'fc' });
  const convCard = h('div', { class: 'pc-card pc-conv', 'data-layer': 'conv' });
  const ratioEl = h('p', { class: 'pc-ratio', 'data-testid': 'ratio' });
  const matrixEl = h('p', { class: 'note pc-matrix' });
  const canvas = makeCanvas(1080, 270, { label: 'Both layers\u2019 parameter counts, on a log scale and as areas to scale' });
  canvas.classList.add('pc-canvas');
  const staleNote = h('p', { class: 'pc-stale-note', 'data-testid': 'stale-note', hidden: true },
    'These numbers are for the last valid sizes: fix the field marked in red.');
  const results = h('div', { class: 'panel pc-results' },
    h('h2', { text: 'Fully connected vs convolutional' }),
    staleNote,
    h('div', { class: 'pc-cards' }, fcCard, convCard),
    ratioEl,
    h('div', { class: 'figure pc-figure' }, canvas),
    matrixEl);

  root.classList.add('station', 'params-station');
  root.append(controls, results);

  function applyPreset(v) {
    for (const f of FIELDS) inputs[f.key].value = pretty(v[f.key]);
    update();
  }

  /** Greys out the results (they belong to the last valid sizes) while an input is wrong. */
  function setStale(stale) {
    results.classList.toggle('pc-stale', stale);
    staleNote.hidden = !stale;
  }

  function update() {
    const v = {};
    const bad = [];
    for (const f of FIELDS) {
      const why = problem(inputs[f.key].value, f.max);
      inputs[f.key].setAttribute('aria-invalid', why ? 'true' : 'false');
      if (why) bad.push(`${f.label}${why.startsWith('type') ? ': ' : ' '}${why}.`);
      else v[f.key] = parse(inputs[f.key].value);
    }
    if (bad.length) {
      msg.error(bad.join(' '));
      setStale(true);
      return;
    }
    ctx.hash.set(Object.fromEntries(FIELDS.map((f) => [f.key, v[f.key]])));
    let r;
    try {
      r = wasm.count_parameters({
        height: v.H, width: v.W, channels: v.C, units: v.k, filters: v.K, filter_size: v.f,
      });
    } catch (e) {
      msg.error(e.message || String(e));
      setStale(true);
      return;
    }
    msg.clear();
    setStale(false);
    render(v, r);
  }

  /** One layer's card: the formula with numbers filled in, the total, the memory. */
  function card(el, title, color, { symbols, factors, weights, biasSymbol }, p, testid) {
    el.replaceChildren(
      h('h3', { style: { color } }, title),
      h('div', { class: 'formula' },
        h('div', {}, `weights = ${symbols}`),
        h('div', {}, `        = ${factors.map(thousands).join(' · ')}`),
        h('div', { class: 'pc-weights' }, '        = ', h('strong', { 'data-testid': `${testid}-weights` }, thousands(weights))),
        h('div', {}, `biases  = ${biasSymbol} = ${thousands(p.biases)}`)),
      h('p', { class: 'pc-total' },
        h('strong', { class: 'pc-total-num', 'data-testid': `${testid}-total` }, thousands(p.total)), ' parameters'),
      h('p', { class: 'pc-bytes' },
        p.total >= 1000 ? h('span', { class: 'pc-words' }, `${inWords(p.total)} · `) : null,
        h('strong', { 'data-testid': `${testid}-bytes` }, formatBytes(p.bytes)), ' as float32',
        h('span', { class: 'pc-exact' }, ` (${thousands(p.bytes)} bytes)`)),
    );
  }

  function render(v, r) {
    const fc = r.fully_connected, cv = r.convolutional;
    card(fcCard, `Fully connected, ${thousands(v.k)} units`, FC_COLOR,
      { symbols: 'H·W·C·k', factors: [v.H, v.W, v.C, v.k], weights: fc.weights, biasSymbol: 'k' }, fc, 'fc');
    card(convCard, `Convolutional, ${thousands(v.K)} filters ${v.f}×${v.f}×${thousands(v.C)}`, CONV_COLOR,
      { symbols: 'K·f·f·C', factors: [v.K, v.f, v.f, v.C], weights: cv.weights, biasSymbol: 'K' }, cv, 'conv');

    const big = r.ratio >= 1;
    const times = big ? r.ratio : 1 / r.ratio;
    ratioEl.replaceChildren(
      h('strong', { 'data-testid': 'ratio-value' }, `${formatRatio(times)}×`),
      ` as many parameters in the ${big ? 'fully connected' : 'convolutional'} layer`,
      times >= 1e4 ? h('span', { class: 'pc-words' }, ` (${inWords(times)})`) : '', '.');

    const m = r.conv_as_matrix;
    const density = m.nonzeros / m.entries;
    matrixEl.textContent =
      'The convolutional count does not depend on H or W: the same filters slide over every position. ' +
      `As one matrix (zero-padded, ${thousands(m.rows)} × ${thousands(m.cols)}) it has ${sci(m.entries)} entries; ` +
      `only ${sci(m.nonzeros)} are non-zero (${pct(density)}), and they repeat just ${thousands(m.distinct)} distinct weights.`;

    draw(fc.total, cv.total);
  }

  function pct(x) {
    return `${(100 * x).toPrecision(x >= 0.01 ? 3 : 2)}\u00a0%`;
  }

  /** Log-scale bars (left) and areas to scale (right). */
  function draw(fcTotal, convTotal) {
    const g = canvas.getContext('2d');
    const Wc = canvas.width, Hc = canvas.height;
    g.clearRect(0, 0, Wc, Hc);
    g.fillStyle = '#fff'; g.fillRect(0, 0, Wc, Hc);
    const font = 24;
    const setFont = (px, bold = false) => { g.font = `${bold ? 'bold ' : ''}${px}px system-ui, sans-serif`; };

    // --- log bars ---
    const L = 228, R = 600, top = 14, barH = 62, gap = 30;
    const maxE = Math.max(3, Math.ceil(Math.log10(Math.max(fcTotal, convTotal)) + 0.05));
    const x = (n) => L + (Math.log10(Math.max(n, 1)) / maxE) * (R - L);
    const axisY = top + 2 * barH + gap + 12;
    g.strokeStyle = '#dde1e8'; g.lineWidth = 1; g.fillStyle = '#444';
    g.textAlign = 'center'; g.textBaseline = 'top';
    setFont(font - 2);
    const labelEvery = maxE > 8 ? (maxE > 16 ? 4 : 2) : 1; // decades between axis labels
    for (let e = 0; e <= maxE; e++) {
      const X = Math.round(x(10 ** e)) + 0.5;
      g.beginPath(); g.moveTo(X, top - 8); g.lineTo(X, axisY); g.stroke();
      if (e % labelEvery === 0) g.fillText(pow10(e), X, axisY + 4);
    }
    g.fillText('parameters, log scale', (L + R) / 2, axisY + 34);
    const bars = [
      { name: 'Fully connected', n: fcTotal, color: FC_COLOR, y: top },
      { name: 'Convolutional', n: convTotal, color: CONV_COLOR, y: top + barH + gap },
    ];
    for (const b of bars) {
      g.fillStyle = b.color;
      g.fillRect(L, b.y, Math.max(2, x(b.n) - L), barH);
      g.textAlign = 'right'; g.textBaseline = 'middle'; g.fillStyle = b.color;
      setFont(font, true);
      g.fillText(b.name, L - 12, b.y + barH / 2);
      setFont(font);
      const label = thousands(b.n);
      const inside = x(b.n) - L > g.measureText(label).width + 24;
      g.textAlign = inside ? 'right' : 'left';
      g.fillStyle = inside ? '#fff' : '#222';
      g.fillText(label, inside ? x(b.n) - 12 : x(b.n) + 10, b.y + barH / 2);
    }

    // --- areas to scale: the larger layer fills a square, the smaller is drawn beside it ---
    const side = Hc - 44, ax = 640, ay = 8;
    const fcBig = fcTotal >= convTotal;
    const bigN = fcBig ? fcTotal : convTotal, smallN = fcBig ? convTotal : fcTotal;
    const smallSide = side * Math.sqrt(smallN / bigN);
    g.fillStyle = fcBig ? FC_COLOR : CONV_COLOR;
    g.fillRect(ax, ay, side, side);
    // True size, but never invisible: below 1 px it is drawn as 1 px and circled.
    const drawn = Math.max(1, smallSide);
    const sx = ax + side + 14, sy = ay + side - drawn;
    g.fillStyle = fcBig ? CONV_COLOR : FC_COLOR;
    g.fillRect(sx, sy, drawn, drawn);
    g.fillStyle = '#222'; g.textAlign = 'center'; g.textBaseline = 'top';
    setFont(font - 2);
    g.fillText('area ∝ parameters', ax + side / 2, ay + side + 8);
    g.textAlign = 'left'; g.textBaseline = 'alphabetic';
    const small = fcBig ? 'convolutional' : 'fully connected';
    const lines = smallSide < 1
      ? [`← ${small}:`, `${smallSide.toPrecision(2)} px wide`, '(drawn as 1 px)']
      : [`← ${small}`];
    if (smallSide < 14) {
      g.strokeStyle = fcBig ? CONV_COLOR : FC_COLOR; g.lineWidth = 2.5;
      g.beginPath(); g.arc(sx + drawn / 2, sy + drawn / 2, 9, 0, 2 * Math.PI); g.stroke();
    }
    setFont(font - 4);
    const lx = sx + Math.max(drawn, 10) + 14;
    lines.forEach((t, i) => g.fillText(t, lx, sy + drawn / 2 + 7 - (lines.length - 1 - i) * 28));
  }

  update();
  return function unmount() {
    link.remove();
    root.classList.remove('params-station');
  };
}
