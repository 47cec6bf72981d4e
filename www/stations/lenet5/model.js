// The LeNet-5 station's model: URL state, training settings with their limits, the geometry of
// receptive fields, the architecture's stages and the training history. DOM-free; unit-tested
// in tests/js/lenet5-model.test.mjs. The numbers it works with come from the wasm core (layer
// shapes, parameter counts, activations, weights, losses); this file arranges them and writes
// a unit's weighted sum out term by term (which the view shows beside the core's own value).
import { schema } from '../../lib/state.js';
import { checkNumber } from '../../lib/parse.js';

/** Training settings: the slider's span, what a typed value may be, the default, and the
 *  Lenet5Trainer config key each one sets. The defaults train LeNet-5 to ≈ 98 % quickly. */
export const HYPER = [
  { name: 'lr', key: 'learning_rate', label: 'step size α', min: 1e-4, max: 1000, log: true, limits: [1e-6, 1e6], default: 0.02, digits: 3,
    help: 'SGD step size. 100 or more makes the loss NaN; try it.' },
  { name: 'beta', key: 'momentum', label: 'momentum β', min: 0, max: 0.99, step: 0.01, limits: [0, 0.999], default: 0.9, digits: 3,
    help: 'Heavy ball: w ← w − α∇f(w) + β(w − w_prev).' },
  { name: 'decay', key: 'weight_decay', label: 'weight decay λ', min: 0, max: 0.01, step: 0.0001, limits: [0, 1], default: 0.0005, digits: 3,
    help: 'L2 penalty (λ/2)‖w‖² on the weights (not the biases).' },
  { name: 'biasx', key: 'bias_lr_multiplier', label: 'bias step ×', min: 1, max: 10, step: 0.5, limits: [0, 100], default: 2, digits: 3,
    help: 'Biases take steps this many times bigger than weights.' },
  { name: 'batch', key: 'batch_size', label: 'batch size', min: 1, max: 256, step: 1, limits: [1, 512], default: 32, integer: true, digits: 4,
    help: 'Images per SGD step.' },
  { name: 'dropout', key: 'dropout', label: 'dropout', min: 0, max: 0.8, step: 0.05, limits: [0, 0.9], default: 0, digits: 2,
    help: 'Probability of zeroing each fc unit while training.' },
  { name: 'epochs', key: null, label: 'epochs', min: 1, max: 50, step: 1, limits: [1, 200], default: 20, integer: true, digits: 3,
    help: 'Passes over the 8,000 training digits.' },
];

/** Settings the core changes mid-run (Lenet5Trainer.set_options); the rest need a restart. */
export const LIVE_SETTINGS = ['lr', 'beta', 'decay', 'biasx', 'cosine'];

/** The station's address: every training setting, the chosen conv2 channel and the seed. */
export const STATE = schema([
  ...HYPER.map((p) => ({ name: p.name, type: p.integer ? 'int' : 'number', min: p.limits[0], max: p.limits[1], default: p.default })),
  { name: 'cosine', type: 'bool', default: true },
  { name: 'seed', type: 'int', min: 0, max: 2 ** 31 - 1, default: 1 },
  { name: 'channel', type: 'int', min: 0, max: 15, default: 0 },
]);

/** Checks a typed training setting: {value} or {error} (a phrase that follows its label). */
export function checkHyper(name, value) {
  const p = HYPER.find((q) => q.name === name);
  if (!p) return { error: `is not a training setting (${name})` };
  return checkNumber(value, { min: p.limits[0], max: p.limits[1], integer: !!p.integer });
}

/**
 * The Lenet5Trainer config for the station's state (JS names → the core's field names). With
 * the cosine schedule the step size falls from α to 0 over the run's epochs.
 */
export function trainerConfig(state) {
  const cfg = { seed: state.seed, cosine_epochs: state.cosine ? state.epochs : 0 };
  for (const p of HYPER) if (p.key) cfg[p.key] = state[p.name];
  return cfg;
}

/**
 * The core's layer list ({name, kind, shape, params} per layer, from Lenet5Model.layer_info)
 * with what the explainer needs added: each layer's input shape (the previous output), and for
 * a convolution its kernel side (from the weight shape [c_out, c_in, k, k]) and the zero padding
 * that makes the shapes fit at stride 1, out = in + 2p − k + 1; for a pooling layer its window
 * (= stride, in / out).
 */
export function describeLayers(info, inShape, weightShape) {
  let prev = inShape;
  return info.map((l, i) => {
    const d = { name: l.name, kind: l.kind, inShape: prev, outShape: Array.from(l.shape), params: l.params, kernel: 1, stride: 1, padding: 0 };
    if (l.kind === 'conv2d') {
      d.kernel = weightShape(i)[2];
      d.padding = (d.outShape[1] - prev[1] + d.kernel - 1) / 2;
      if (!(Number.isInteger(d.padding) && d.padding >= 0)) throw new Error(`layer ${l.name}: shapes do not fit a stride-1 convolution`);
    } else if (l.kind === 'maxpool2d' || l.kind === 'avgpool2d') {
      d.kernel = d.stride = prev[1] / d.outShape[1];
    }
    prev = d.outShape;
    return d;
  });
}

/**
 * The training history the curves draw: one point per report, x in epochs. Keeps at most
 * `max` points per series by merging neighbours (the curve's shape survives, memory stays flat).
 */
export function createHistory(max = 600) {
  const series = { trainLoss: [], testLoss: [], trainAcc: [], testAcc: [] };
  const add = (name, x, y) => {
    if (!Number.isFinite(x) || y === null || y === undefined) return;
    const s = series[name];
    s.push([x, y]);
    if (s.length > max) {
      const merged = [];
      for (let i = 0; i + 1 < s.length; i += 2) merged.push([s[i + 1][0], (s[i][1] + s[i + 1][1]) / 2]);
      if (s.length % 2) merged.push(s[s.length - 1]);
      series[name] = merged;
    }
  };
  return {
    /** Adds a metrics report {epoch, trainLoss, trainAccuracy, testLoss?, testAccuracy?}. */
    add(m) {
      add('trainLoss', m.epoch, m.trainLoss);
      add('trainAcc', m.epoch, m.trainAccuracy);
      add('testLoss', m.epoch, m.testLoss);
      add('testAcc', m.epoch, m.testAccuracy);
    },
    /** {xs, ys} of a series, for linePlot. */
    xy(name) {
      const s = series[name];
      return { xs: s.map((p) => p[0]), ys: s.map((p) => p[1]) };
    },
    count: (name) => series[name].length,
    clear() { for (const k of Object.keys(series)) series[k] = []; },
  };
}

/** Index and value of the largest entry. */
export function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return { index: best, value: values[best] };
}

/**
 * How one unit of a conv layer is computed, written out (Harley's view): for each input
 * channel the k × k input patch (0 where the window hangs over the zero padding), the filter
 * slice, their products and the partial sum Σ w·x; z = Σ partials + bias. The view shows these
 * next to the core's own z, which they must equal.
 *   inputs  the layer's input, shape [cIn, rows, cols]; weights (cOut × cIn × k × k); bias (cOut)
 */
export function explainConv({ inputs, inShape, weights, bias, k, stride = 1, pad = 0, channel, row, col }) {
  const [cIn, rows, cols] = inShape;
  const channels = [];
  let z = bias[channel];
  for (let c = 0; c < cIn; c++) {
    const patch = new Float32Array(k * k), filter = new Float32Array(k * k), products = new Float32Array(k * k);
    let sum = 0;
    for (let u = 0; u < k; u++) {
      for (let v = 0; v < k; v++) {
        const r = row * stride + u - pad, q = col * stride + v - pad;
        const x = r >= 0 && r < rows && q >= 0 && q < cols ? inputs[(c * rows + r) * cols + q] : 0;
        const w = weights[((channel * cIn + c) * k + u) * k + v];
        patch[u * k + v] = x;
        filter[u * k + v] = w;
        products[u * k + v] = w * x;
        sum += w * x;
      }
    }
    channels.push({ patch, filter, products, sum });
    z += sum;
  }
  return { kind: 'conv', channels, bias: bias[channel], z };
}

/** A max-pool unit: the window's values (row-major, size × size) and which one won. */
export function explainPool({ inputs, inShape, size, stride, channel, row, col }) {
  const [, rows, cols] = inShape;
  const window = [];
  let best = 0;
  for (let u = 0; u < size; u++) {
    for (let v = 0; v < size; v++) {
      const r = row * stride + u, q = col * stride + v;
      window.push(r < rows && q < cols ? inputs[(channel * rows + r) * cols + q] : -Infinity);
      if (window[window.length - 1] > window[best]) best = window.length - 1;
    }
  }
  return { kind: 'pool', window, size, best, max: window[best] };
}

/**
 * A dense unit: z = Σᵢ wᵢxᵢ + b with its `top` largest terms by size listed and the rest summed
 * (400 terms do not fit on a screen; the few that dominate tell the story).
 */
export function explainDense({ inputs, weights, bias, unit, top = 5 }) {
  const n = inputs.length;
  const terms = [];
  let z = bias[unit];
  for (let i = 0; i < n; i++) {
    const w = weights[unit * n + i], x = inputs[i];
    terms.push({ i, w, x, wx: w * x });
    z += w * x;
  }
  terms.sort((a, b) => Math.abs(b.wx) - Math.abs(a.wx));
  const shown = terms.slice(0, top);
  const rest = terms.slice(top).reduce((s, t) => s + t.wx, 0);
  return { kind: 'dense', top: shown, rest, restCount: n - shown.length, bias: bias[unit], z, n };
}

const OP_TEXT = {
  conv2d: (l) => `${l.kernel}×${l.kernel} conv${l.padding ? `, pad ${l.padding}` : ''}${l.stride > 1 ? `, stride ${l.stride}` : ''}`,
  maxpool2d: (l) => `${l.kernel}×${l.kernel} max pool`,
  avgpool2d: (l) => `${l.kernel}×${l.kernel} average pool`,
  dense: () => 'fully connected',
  relu: () => 'ReLU',
  tanh: () => 'tanh',
  flatten: () => 'flatten',
  dropout: () => 'dropout',
};
const STARTS_STAGE = new Set(['conv2d', 'maxpool2d', 'avgpool2d', 'dense']);

/**
 * Groups the core's layer list into the stages the slide draws: each weighted or pooling layer
 * with the activation (and dropout) after it; flatten joins the dense layer it feeds. The last
 * stage ends in softmax. layers: [{name, kind, outShape: [c, rows, cols], params, kernel,
 * stride, padding}] in order. Returns [{name, label, shape, params, ops, layers (indices),
 * main (index of the stage's weighted/pooling layer), act ('ReLU' | 'tanh' | null), last}],
 * the input first.
 */
export function stagesFromLayers(layers, inShape) {
  const first = layers.find((l) => l.kind === 'conv2d');
  const stages = [{ name: 'input', label: 'input', shape: inShape, params: 0, ops: first && first.padding ? [`${inShape[1]}×${inShape[2]}, pad ${first.padding}`] : [`${inShape[1]}×${inShape[2]}`], layers: [], main: -1, act: null, last: -1 }];
  let pending = [];
  layers.forEach((l, i) => {
    const text = (OP_TEXT[l.kind] || (() => l.kind))(l);
    if (STARTS_STAGE.has(l.kind)) {
      stages.push({ name: l.name, label: l.name, shape: l.outShape, params: l.params, ops: [...pending, text], layers: [i], main: i, act: null, last: i });
      pending = [];
      return;
    }
    if (l.kind === 'flatten') { pending.push(text); return; }
    const s = stages[stages.length - 1];
    s.layers.push(i);
    s.params += l.params;
    if (l.kind === 'relu' || l.kind === 'tanh') { s.act = text; s.ops.push(text); s.last = i; }
    else if (l.kind === 'dropout') s.ops.push(text); // identity when reading: not the stage's output
    else { s.ops.push(text); s.last = i; }
  });
  const out = stages[stages.length - 1];
  out.ops.push('softmax');
  out.label = `${out.name} → softmax`;
  return stages;
}
