// Worker session "lenet5": keeps a LeNet-5 trainer alive between messages and trains it in
// short slices, so the page stays responsive and can pause, resume or stop at any moment; it
// also answers the unit view ("what does this conv2 channel respond to?") on current weights.
//
// open(payload {mnist: Uint8Array (the MNIST file), weights: Uint8Array (pretrained)})
// Commands (worker-client session.request):
//   train {config, epochs}  starts from scratch (a new Lenet5Trainer) and runs
//   pause / resume / stop   → {state}
//   load {weights}          the unit view and the next report use these weights
//   unit {channel}          → {channel, digits: [{index, label, activation, field}], patch…,
//                             synth: Float32Array(784), synthActivation}
// Events (post):
//   'state'    {state: 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'diverged'}
//   'progress' {epoch, epochs, fraction, step, imagesPerSecond}
//   'metrics'  {epoch, step, trainLoss, trainAccuracy, testLoss?, testAccuracy?, imagesPerSecond}
//   'weights'  {bytes: Uint8Array, step, epoch}   (finite weights only, transferred)
//   'error'    {message, control?}  control names the setting that caused it (e.g. 'lr')

const SLICE_MS = 50; // training time between two looks at the message queue
const WEIGHTS_MS = 200; // how often the page gets new weights for the pad
const EVAL_MS = 1000; // how often the held-out split is scored while running

/** Yields to the event loop without setTimeout's 4 ms clamp, so queued commands run between slices. */
function yieldNow() {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
    ch.port2.postMessage(null);
  });
}

export function open(wasm, { mnist, weights }, post) {
  const data = new Uint8Array(mnist);
  const viewer = new wasm.Lenet5Model();
  viewer.load_weights(new Uint8Array(weights));
  let trainer = null;
  let state = 'idle';
  let epochs = 1;
  let runId = 0; // a new run (or close) ends the loop of the one before
  let lastWeights = 0, lastEval = 0;

  const setState = (s) => { state = s; post('state', { state }); return { state }; };

  function report({ evaluate }) {
    const m = {
      epoch: trainer.epoch(), step: trainer.step(),
      trainLoss: trainer.train_loss(), trainAccuracy: trainer.train_accuracy(),
      imagesPerSecond: trainer.images_per_second(),
    };
    if (evaluate) {
      const held = trainer.evaluate();
      m.testLoss = held.loss;
      m.testAccuracy = held.accuracy;
    }
    post('progress', { epoch: m.epoch, epochs, fraction: Math.min(1, m.epoch / epochs), step: m.step, imagesPerSecond: m.imagesPerSecond });
    post('metrics', m);
    return m;
  }

  /** Sends the trainer's weights if they are all finite; false when training has diverged. */
  function sendWeights() {
    const bytes = new Uint8Array(trainer.weights());
    try {
      viewer.load_weights(bytes); // refuses a file holding NaN or ∞
    } catch {
      return false;
    }
    post('weights', { bytes, step: trainer.step(), epoch: trainer.epoch() }, [bytes.buffer]);
    return true;
  }

  function diverged(message) {
    setState('diverged');
    post('error', { control: 'lr', message });
  }

  async function loop(id) {
    while (id === runId && state === 'running') {
      const t0 = performance.now();
      let ok = true;
      while (performance.now() - t0 < SLICE_MS && trainer.epoch() < epochs) {
        try {
          trainer.train_steps(1);
        } catch (e) {
          ok = false;
          diverged(e.message || String(e));
          break;
        }
      }
      if (!ok) return;
      const now = performance.now();
      const done = trainer.epoch() >= epochs;
      const m = report({ evaluate: done || now - lastEval >= EVAL_MS });
      if (m.testLoss !== undefined) lastEval = now;
      if (!Number.isFinite(m.trainLoss)) {
        diverged('The loss became NaN: the step size is too large. Training stopped; the pad keeps the last good weights.');
        return;
      }
      if (done || now - lastWeights >= WEIGHTS_MS) {
        lastWeights = now;
        if (!sendWeights()) {
          diverged('The weights became infinite: the step size is too large. Training stopped; the pad keeps the last good weights.');
          return;
        }
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
      trainer = new wasm.Lenet5Trainer(data, config); // throws a student-readable JsError on bad settings
      epochs = n;
      lastWeights = lastEval = performance.now();
      report({ evaluate: true });
      sendWeights();
      setState('running');
      loop(runId);
      return { state };
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
    unit({ channel }) {
      return viewer.unit_view(data, channel);
    },
    close() {
      runId++;
      trainer?.free();
      trainer = null;
      viewer.free();
    },
  };
}
