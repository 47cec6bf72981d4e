// Station "Fixed vs learned filters" (issue #10, part 1): the lecture's turning point. Classic
// vision fixed its first filters by hand (Gaussian, LoG, Gabor, Sobel); a CNN learns them. Three
// small CNNs with the same architecture, seed and digits train side by side in the worker —
// (a) first layer = the bank, frozen; (b) learned from random weights; (c) learned, starting
// from the bank — and the page shows their filters (live), held-out accuracy curves, each
// first layer's responses to one digit, and the measured result in a sentence.
import { station } from '../../lib/station.js';
import { h } from '../../lib/dom.js';
import { paint } from '../../lib/heatmap.js';
import { numberControl } from '../../lib/controls.js';
import { percent } from '../../lib/format.js';
import { MNIST_URL, fetchBytes } from '../../lib/data.js';
import { createDigitPicker } from '../lenet5/model.js';
import { STATE, createModel, resultSentence, EVAL_DIGITS, HELD_OUT } from './model.js';
import { bankPicker } from './bank.js';
import { trainControls } from './controls.js';
import { networkCards, accuracyPlot } from './figures.js';

async function mount(root, ctx) {
  const loading = h('p', { class: 'note' }, 'Loading 10,000 MNIST digits…');
  root.append(loading);
  const mnistBytes = await fetchBytes(MNIST_URL);
  const mnist = new ctx.wasm.MnistData(mnistBytes);
  ctx.onCleanup(() => mnist.free());
  const labels = Array.from({ length: mnist.held_out_count() }, (_, i) => mnist.held_out_label(i));
  const picker = createDigitPicker(labels, labels.map((_, i) => i));
  const model = createModel(ctx.state);
  const save = () => ctx.save(model.toState());

  // ---- pieces ----
  const bank = bankPicker(model, () => { save(); setup(); });
  const train = trainControls(model, {
    netsChanged: () => { save(); setup(); }, seedChanged: () => { save(); setup(); }, stepsChanged: save,
    train: () => startTraining(),
    pause: () => session.request('pause'), resume: () => session.request('resume'), stop: () => session.request('stop'),
  });
  const plot = accuracyPlot();
  const result = h('p', { class: 'lf-result', 'aria-live': 'polite', 'data-testid': 'result' });
  const cards = networkCards();
  const digitCanvas = h('canvas', { class: 'pixelated lf-digit', width: 28, height: 28, role: 'img' });
  const digitLabel = h('span', { class: 'lf-digit-label' });
  const digitIndex = numberControl({
    label: 'Held-out digit no.', id: 'lf-digit', min: 0, max: HELD_OUT - 1, step: 1, integer: true, value: model.digit,
    testid: 'digit-index', onChange: (v) => showDigit(v),
  });
  const digitBtns = Array.from({ length: 10 }, (_, d) => {
    const b = h('button', { type: 'button', class: 'lf-digit-btn', 'data-digit': d, title: `Show a held-out ${d} (press again for another)` }, String(d));
    b.addEventListener('click', () => { const i = picker.next(d); if (i !== null) { digitIndex.show(i); showDigit(i); } });
    return b;
  });

  loading.remove();
  root.append(h('div', { class: 'lf' },
    h('header', { class: 'lf-head' },
      h('h2', {}, 'Fixed vs learned filters'),
      h('p', { class: 'lede' }, 'Classic vision fixed its first filters by hand: blurs, edge and blob detectors, Gabors. A convolutional network learns its filters from data instead. Here three small CNNs with the same architecture, the same initial weights and the same digits learn MNIST in your browser; only their first layer differs.')),
    h('div', { class: 'lf-top' },
      h('section', { class: 'panel lf-bankpanel', 'aria-label': 'The fixed filter bank' }, h('h3', {}, '1 · The fixed bank'), bank.el),
      h('section', { class: 'panel lf-trainpanel', 'aria-label': 'Training' }, h('h3', {}, '2 · Train'), train.el,
        h('p', { class: 'note' }, 'Each network: conv 5×5 (one filter per bank kernel, padding 2) → ReLU → 2×2 max pool → conv 12@5×5 → ReLU → 2×2 max pool → 10 outputs. SGD: α = 0.02, momentum 0.9, weight decay 0.0005, 32 digits a step; the three take turns, one batch each, in the page’s worker.')),
      h('section', { class: 'panel lf-curves', 'aria-label': 'Held-out accuracy' }, h('h3', {}, 'Held-out accuracy'),
        h('div', { class: 'lf-plotwrap' }, plot.el), result,
        h('p', { class: 'note' }, `Curve points score the first ${EVAL_DIGITS} of the ${HELD_OUT.toLocaleString('en-US')} held-out digits (never trained on); the sentence scores all of them when the run ends. The axis starts below the lowest point after step 0; step 0 itself (about 10 %, chance) lies below it.`))),
    h('section', { class: 'panel lf-filterspanel', 'aria-label': 'First layers and their responses' },
      h('h3', {}, '3 · Each network’s first layer, and what it does to one digit'),
      h('div', { class: 'lf-digitrow' },
        h('figure', { class: 'lf-digitfig' }, digitCanvas, h('figcaption', {}, digitLabel)),
        h('div', { class: 'lf-digitpick' }, h('div', { class: 'lf-digitbtns', role: 'group', 'aria-label': 'Show a held-out digit of class' }, digitBtns), digitIndex.el)),
      h('p', { class: 'note lf-look' }, 'What to look at: (a)’s filters never change, however long it trains. (c) starts as exactly the same bank and is free to change it. (b) starts from random 5×5 weights and has to find its own. Each response is the digit correlated with the filter of the same name, plus its bias; try another digit.'),
      cards.el),
    h('p', { class: 'note lf-credit' }, 'Data: MNIST handwritten digits by Yann LeCun, Corinna Cortes and Christopher J. C. Burges (CC BY-SA 3.0): 8,000 for training, 2,000 held out. Kernels: ConvLab’s own Gaussian, LoG (zero mean, Σ|w| = 1) and Gabor (σ = 1.5 px, wavelength 4 px, aspect 0.6) functions, and Sobel.')));
  const top = root.querySelector('.lf');
  const plotWrap = root.querySelector('.lf-plotwrap');

  // ---- drawing ----
  let points = [], nets = model.nets.slice(), snap = null, final = null;
  let planSteps = model.steps; // the x axis spans the run being drawn, whatever the box says now
  const names = () => model.filterNames();
  function drawPlot() {
    plot.draw(points, nets, planSteps, Math.max(260, Math.floor(plotWrap.clientWidth)));
  }
  function drawSnapshot() {
    if (!snap) return;
    cards.draw(snap, snapNames);
    cards.el.dataset.run = String(snapTag);
    ctx.rendered();
  }
  let snapTag = 0; // the run the drawn snapshot belongs to (tests wait on it)
  let snapNames = names();
  function showFinal() {
    result.dataset.final = final ? JSON.stringify(final.accuracy) : '';
    result.textContent = final ? resultSentence(final, nets) : 'Press Train: the sentence here will report the held-out accuracies the networks reach.';
    for (const id of ['fixed', 'learned', 'from_bank']) cards.accuracy(id, final && nets.includes(id) ? `${percent(final.accuracy[nets.indexOf(id)])} held-out` : '');
  }
  function showDigit(i) {
    model.digit = i;
    save();
    paint(digitCanvas, mnist.held_out_image(i).map((v) => -v), 28, 28, { scale: 'gray', min: -1, max: 0, describe: false });
    digitLabel.textContent = `held-out digit no. ${i}, a ${labels[i]}`;
    digitCanvas.setAttribute('aria-label', `The digit the responses are for: held-out no. ${i}, a ${labels[i]}`);
    digitCanvas.dataset.index = String(i);
    const ask = ++digitAsk;
    session.request('digit', { index: i }).then((s) => { if (s && ask === digitAsk) { snap = s; drawSnapshot(); } }).catch((e) => train.msg.error(e.message));
  }
  let digitAsk = 0;

  // ---- the worker session ----
  let tag = 0; // events of an older run (still queued when settings changed) are ignored
  const session = ctx.worker.open('learned', { mnist: mnistBytes }, (event, data) => {
    if (data && data.tag !== undefined && data.tag !== tag) return;
    if (event === 'state') { train.setRunState(data.state); top.dataset.state = data.state; ctx.rendered(); }
    else if (event === 'progress') train.progress(data);
    else if (event === 'point') { points.push(data); ctx.frame(drawPlot); }
    else if (event === 'snapshot') { snap = data; snapTag = tag; snapNames = names(); ctx.frame(drawSnapshot); }
    else if (event === 'final') { final = data; showFinal(); ctx.rendered(); }
    else if (event === 'error') train.msg.error(data.message);
  });
  ctx.onCleanup(() => session.close());

  function reset() {
    points = []; final = null; nets = model.nets.slice(); snapNames = names(); planSteps = model.steps;
    showFinal(); drawPlot();
  }
  /** New settings: a fresh run at step 0 (no training) shows the networks' starting filters. */
  async function setup() {
    const t = ++tag;
    reset();
    train.msg.clear();
    try {
      const s = await session.request('setup', { tag: t, config: model.config(), digit: model.digit });
      if (t !== tag) return;
      snap = s; snapTag = t; drawSnapshot();
    } catch (e) {
      if (t === tag) train.msg.error(e.message);
    }
  }
  function startTraining() {
    const t = ++tag;
    reset();
    train.msg.clear();
    session.request('train', { tag: t, config: model.config(), digit: model.digit, steps: model.steps, evalEvery: model.evalEvery(), evalDigits: EVAL_DIGITS })
      .catch((e) => { if (t === tag) train.msg.error(e.message); });
  }

  ctx.observeWidth(plotWrap, drawPlot);
  ctx.observeWidth(cards.legend, cards.drawColourLegend); // presenter mode widens it
  showFinal();
  drawPlot();
  showDigit(model.digit);
  await setup();
  top.dataset.ready = 'true';
}

export default station({ id: 'learned', title: 'Fixed vs learned filters', css: new URL('./learned.css', import.meta.url), state: STATE, mount });
