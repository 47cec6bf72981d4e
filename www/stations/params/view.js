// Station "Parameter count": a fully connected layer versus a convolutional layer on the same
// H × W × C input. The counts come from the Rust core (count_parameters); this view reads the
// inputs, prints the formulas with the numbers filled in, and draws the two layers to scale.
import { station } from '../../lib/station.js';
import { h, button, message } from '../../lib/dom.js';
import { makeCanvas } from '../../lib/canvas.js';
import { thousands, inWords, bytes, sci, percent } from '../../lib/format.js';
import { STATE, FIELDS, PRESETS, pretty, readFields, stepCount, coreArgs, formatRatio } from './model.js';
import { drawComparison, FC_COLOR, CONV_COLOR } from './figure.js';

/** Below this column width (CSS px) the figure is drawn stacked. */
const NARROW_PX = 640;

function mount(root, ctx) {
  const { wasm } = ctx;
  // ---- inputs (state starts from the URL hash, falling back to the slide) ----
  const inputs = {}, fieldEls = {};
  for (const f of FIELDS) {
    const id = `params-${f.key}`;
    // Text, not type=number, so large values show thousands separators ("10,000").
    const input = h('input', {
      type: 'text', id, value: pretty(ctx.state[f.key]), inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false',
      'data-key': f.key, 'aria-describedby': 'params-msg',
    });
    ctx.listen(input, 'input', update);
    ctx.listen(input, 'change', () => { input.value = pretty(input.value); });
    ctx.listen(input, 'keydown', (e) => {
      if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
      const n = stepCount(input.value, e.key === 'ArrowUp', e.shiftKey, f.max);
      if (n === null) return;
      e.preventDefault();
      input.value = pretty(n);
      update();
    });
    inputs[f.key] = input;
    fieldEls[f.key] = h('div', { class: 'pc-field' },
      h('label', { for: id }, f.label), input, f.unit ? h('span', { class: 'pc-unit' }, f.unit) : null);
  }
  const msgEl = h('div', { id: 'params-msg' });
  const msg = message(msgEl);

  const controls = h('div', { class: 'panel controls pc-controls' },
    h('h2', { text: 'Layer sizes' }),
    h('fieldset', { class: 'pc-group' }, h('legend', { text: 'Input image H × W × C' }), fieldEls.H, fieldEls.W, fieldEls.C),
    h('fieldset', { class: 'pc-group pc-fc' }, h('legend', { text: 'Fully connected layer' }), fieldEls.k),
    h('fieldset', { class: 'pc-group pc-conv' }, h('legend', { text: 'Convolutional layer' }), fieldEls.K, fieldEls.f),
    h('div', { class: 'pc-presets', role: 'group', 'aria-label': 'Presets' },
      h('span', { class: 'pc-presets-label', text: 'Presets:' }),
      PRESETS.map((p) => button(p.label, () => applyPreset(p.v), { title: p.title }))),
    msgEl);

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
    h('h2', { text: 'Fully connected vs convolutional' }), staleNote,
    h('div', { class: 'pc-cards' }, fcCard, convCard), ratioEl,
    h('div', { class: 'figure pc-figure' }, canvas), matrixEl);

  root.classList.add('params-station');
  root.append(controls, results);
  ctx.onCleanup(() => root.classList.remove('params-station'));

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
    const { values, problems, invalid } = readFields(Object.fromEntries(FIELDS.map((f) => [f.key, inputs[f.key].value])));
    for (const f of FIELDS) inputs[f.key].setAttribute('aria-invalid', String(invalid.includes(f.key)));
    if (!values) { msg.error(problems.join(' ')); setStale(true); return; }
    ctx.save(values);
    let r;
    try {
      r = wasm.count_parameters(coreArgs(values));
    } catch (e) {
      msg.error(e.message || String(e));
      setStale(true);
      return;
    }
    msg.clear();
    setStale(false);
    render(values, r);
    ctx.rendered();
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
        h('strong', { 'data-testid': `${testid}-bytes` }, bytes(p.bytes)), ' as float32',
        h('span', { class: 'pc-exact' }, ` (${thousands(p.bytes)} bytes)`)));
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
    matrixEl.textContent =
      'The convolutional count does not depend on H or W: the same filters slide over every position. ' +
      `As one matrix (zero-padded, ${thousands(m.rows)} × ${thousands(m.cols)}) it has ${sci(m.entries)} entries; ` +
      `only ${sci(m.nonzeros)} are non-zero (${percent(m.nonzeros / m.entries)}), and they repeat just ${thousands(m.distinct)} distinct weights.`;
    last = [fc.total, cv.total];
    draw();
  }

  /** The figure stacks its two halves when the column is phone-narrow. */
  let last = null;
  function draw() {
    if (last) drawComparison(canvas, ...last, { narrow: results.clientWidth < NARROW_PX });
  }
  ctx.observeWidth(results, draw);

  update();
}

export default station({
  id: 'params',
  title: 'Parameter count',
  css: new URL('./params.css', import.meta.url),
  state: STATE,
  mount,
});
