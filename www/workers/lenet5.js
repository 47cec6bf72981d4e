// Worker session "lenet5": keeps a LeNet-5 trainer alive between messages and trains it in
// short slices, so the page stays responsive and can pause, resume or stop at any moment; it
// also answers the unit view ("what does this conv2 channel respond to?") on current weights.
//
// open(payload {mnist: Uint8Array (the MNIST file), weights: Uint8Array (pretrained)})
// Commands (worker-client session.request):
//   train {config, epochs}  starts from scratch (a new Lenet5Trainer) and runs
//   options {config}        changes step size, momentum, weight decay, bias multiplier mid-run
//   pause / resume / stop   → {state}
//   load {weights}          the unit view uses these weights (until a run sends newer ones)
//   unit {layer, channel}   → {channel, digits: 9 × {index, image, label, activation, row, col,
//                             field {top, left, bottom, right}}, synth {image, activation, field}}
// Events (post):
//   'state'    {state: 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'diverged'}
//   'progress' {epoch, epochs, fraction, step, imagesPerSecond}
//   'metrics'  {epoch, step, trainLoss?, trainAccuracy?, testLoss?, testAccuracy?, imagesPerSecond}
//   'weights'  {bytes: Uint8Array, step, epoch}   (transferred)
//   'error'    {message, control?}  control names the setting that caused it (e.g. 'lr')
// A step whose loss is NaN makes the core put back the last good weights and throw: the run
// ends 'diverged', those weights go to the page, and the message names the step size.

import { yieldNow, nextCallSize } from '../lib/slices.js';

const SLICE_MS = 50; // training time between two looks at the message queue
const CALL_MS = 8; // aim for train_steps calls of about this long
const WEIGHTS_MS = 200; // how often the page gets new weights for the pad
const STATS_MS = 400; // training loss and accuracy are averaged over about this long (a point on the curve)
const EVAL_SHARE = 0.15; // at most this share of the time goes to scoring the held-out split
const SPEED_WINDOW_MS = 1000; // images/s is measured over about this much training time

export function open(wasm, { mnist, weights }, post) {
  const bytes = new Uint8Array(mnist);
  const data = new wasm.MnistData(bytes);
  const viewer = new wasm.Lenet5Model();
  viewer.load_weights(new Uint8Array(weights));
  let trainer = null;
  let state = 'idle';
  let epochs = 1;
  let runId = 0; // a new run (or close) ends the loop of the one before
  let stepsPerCall = 1;
  let lastWeights = 0, nextEval = 0, lastStats = 0;
  let speed = []; // [training seconds, images] samples for images/s

  const setState = (s) => { state = s; post('state', { state }); return { state }; };

  function imagesPerSecond() {
    const t = trainer.training_seconds(), n = trainer.images();
    speed.push([t, n]);
    while (speed.length > 2 && (t - speed[1][0]) * 1000 > SPEED_WINDOW_MS) speed.shift();
    const [t0, n0] = speed[0];
    return t > t0 ? (n - n0) / (t - t0) : trainer.images_per_second();
  }

  /** Posts progress; metrics too when `evaluate` (held-out score) or `stats` (a curve point) is due. */
  function report(evaluate, stats = evaluate) {
    const m = { epoch: trainer.epoch(), step: trainer.steps(), imagesPerSecond: imagesPerSecond() };
    post('progress', { epoch: m.epoch, epochs, fraction: Math.min(1, m.epoch / epochs), step: m.step, imagesPerSecond: m.imagesPerSecond });
    if (!stats) return;
    const running = trainer.take_training_stats();
    if (running) { m.trainLoss = running.loss; m.trainAccuracy = running.accuracy; }
    if (evaluate) {
      const t0 = performance.now();
      const held = trainer.evaluate_held_out();
      nextEval = performance.now() + Math.max(500, (performance.now() - t0) / EVAL_SHARE);
      m.testLoss = held.loss;
      m.testAccuracy = held.accuracy;
    }
    lastStats = performance.now();
    post('metrics', m);
  }

  /**
   * Sends the trainer's weights to the page (and the unit view) if they are all finite; false
   * if not. (A step can blow the weights up to ∞ while its own loss was still finite.)
   */
  function sendWeights() {
    const w = new Uint8Array(trainer.weights());
    try {
      viewer.load_weights(w); // refuses a file holding NaN or ∞, keeping the weights it had
    } catch {
      return false;
    }
    post('weights', { bytes: w, step: trainer.steps(), epoch: trainer.epoch() }, [w.buffer]);
    return true;
  }

  function diverged(message) {
    setState('diverged');
    post('error', { control: 'lr', message });
  }

  async function loop(id) {
    while (id === runId && state === 'running') {
      const t0 = performance.now();
      while (performance.now() - t0 < SLICE_MS && trainer.epoch() < epochs) {
        const c0 = performance.now();
        try {
          trainer.train_steps(stepsPerCall);
        } catch (e) {
          // The core has put back the weights of the last step whose loss was finite.
          report(false, true);
          sendWeights();
          diverged(`${e.message || e} The pad keeps using them.`);
          return;
        }
        const ms = performance.now() - c0;
        stepsPerCall = nextCallSize(stepsPerCall, ms, CALL_MS, 64);
      }
      const now = performance.now();
      const done = trainer.epoch() >= epochs;
      report(done || now >= nextEval, now - lastStats >= STATS_MS);
      if (done || now - lastWeights >= WEIGHTS_MS) {
        lastWeights = now;
        if (!sendWeights()) { diverged('Training diverged: the weights grew to infinity, so the step size is too large. Training stopped; the pad keeps the last good weights.'); return; }
      }
      if (done) { setState('done'); return; }
      await yieldNow();
    }
  }

  return {
    train({ config, epochs: n }) {
      runId++;
      trainer?.free();
      trainer = null;
      trainer = new wasm.Lenet5Trainer(bytes, config); // throws a student-readable error on bad settings
      epochs = n;
      stepsPerCall = 1;
      speed = [];
      lastWeights = performance.now();
      nextEval = 0;
      report(true);
      sendWeights();
      setState('running');
      loop(runId);
      return { state };
    },
    /** Step size, momentum, weight decay and bias multiplier change mid-run. */
    options(config) {
      trainer?.set_options(config);
      return true;
    },
    pause() {
      if (state === 'running') setState('paused');
      return { state };
    },
    resume() {
      if (state === 'paused' && trainer) { setState('running'); loop(++runId); }
      return { state };
    },
    stop() {
      if (state === 'running' || state === 'paused') { runId++; setState('stopped'); }
      return { state };
    },
    load({ weights: w }) {
      viewer.load_weights(new Uint8Array(w));
      return true;
    },
    /** The 9 held-out digits that excite a channel most and a synthesised input for it. */
    unit({ layer, channel }) {
      const top = viewer.top_digits(data, layer, channel, 9);
      const synth = viewer.synthesize(layer, channel, {});
      const field = ([top_, left, bottom, right]) => ({ top: top_, left, bottom, right });
      return {
        channel,
        digits: top.digits.map((d) => ({ index: d.index, image: d.image, label: d.label, activation: d.value, row: d.row, col: d.col, field: field(d.patch) })),
        synth: { image: synth.image, activation: synth.value, field: field(synth.patch) },
      };
    },
    close() {
      runId++;
      trainer?.free();
      trainer = null;
      viewer.free();
      data.free();
    },
  };
}
