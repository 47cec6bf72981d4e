// Worker session "learned": the "Fixed vs learned filters" station's networks (wasm
// FilterRaceRun: (a) fixed bank frozen, (b) learned from random, (c) learned from the bank),
// trained side by side in short slices so the page stays responsive and can pause, resume or
// stop at any moment.
//
// open(payload {mnist: Uint8Array (the MNIST file)})
// Commands (worker-client session.request):
//   setup {tag, config, digit}    a new run at step 0 (nothing trained) → snapshot
//   train {tag, config, digit, steps, evalEvery, evalDigits}
//                            a new run, then trains until `steps` in the background
//   pause / resume / stop    → {state}
//   digit {index}            the responses to held-out digit `index` → snapshot
// Events (post):
//   'state'    {state: 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'diverged'}
//   'progress' {step, steps, fraction, epoch, imagesPerSecond}
//   'point'    {step, digits, accuracy: [per net]}   at every evalEvery steps (deterministic)
//   'snapshot' {step, variants, names, kernels: [Float32Array], biases, responses, digit}
//   'final'    {step, images, epoch, digits: 2000, accuracy}   when a run ends (done or stopped)
//   'error'    {message}
// Every event also carries the `tag` of the setup / train call that made its run, so the page
// can drop events of a run it has already replaced.
// Curve points fall at fixed steps, so the same settings and seed draw the same curves however
// the slices fall; only the live snapshots (about every SNAPSHOT_MS) depend on timing.

import { yieldNow, nextCallSize } from '../lib/slices.js';

const SLICE_MS = 50; // training time between two looks at the message queue
const CALL_MS = 10; // aim for step() calls of about this long
const SNAPSHOT_MS = 250; // how often the page gets the filters and responses during training
const ALL_HELD_OUT = 2000;

export function open(wasm, { mnist }, postRaw) {
  let tag; // the page's label for the current run, stamped on every event
  const post = (event, d, transfer) => postRaw(event, { ...d, tag }, transfer);
  const data = new wasm.MnistData(new Uint8Array(mnist));
  let run = null;
  let state = 'idle';
  let runId = 0; // a new run (or close) ends the loop of the one before
  let plan = { steps: 0, evalEvery: 1, evalDigits: 500 };
  let digit = 0, stepsPerCall = 1, lastSnapshot = 0, trainMs = 0;

  const setState = (s) => { state = s; post('state', { state }); return { state }; };

  function snapshot() {
    const names = run.variants();
    const transfer = [];
    const grab = (f) => names.map((_, v) => { const a = f(v); transfer.push(a.buffer); return a; });
    const s = {
      step: run.steps(), variants: names.length, names, digit,
      kernels: grab((v) => run.kernels(v)), biases: grab((v) => run.biases(v)), responses: grab((v) => run.responses(v, digit)),
    };
    return { s, transfer };
  }
  const postSnapshot = () => { const { s, transfer } = snapshot(); post('snapshot', s, transfer); lastSnapshot = performance.now(); };

  function point(digits) {
    const accuracy = Array.from(run.evaluate(digits));
    post('point', { step: run.steps(), digits: Math.min(digits, ALL_HELD_OUT), accuracy });
    return accuracy;
  }

  function progress() {
    const step = run.steps();
    const imagesPerSecond = trainMs > 0 ? (run.images() * run.variants().length * 1000) / trainMs : 0;
    post('progress', { step, steps: plan.steps, fraction: Math.min(1, step / plan.steps), epoch: run.epoch(), imagesPerSecond });
  }

  function finish(how) {
    const accuracy = Array.from(run.evaluate(ALL_HELD_OUT));
    post('final', { step: run.steps(), images: run.images(), epoch: run.epoch(), digits: ALL_HELD_OUT, accuracy });
    postSnapshot();
    setState(how);
  }

  function fresh(config, index) {
    runId++;
    run?.free();
    run = null;
    state = 'idle'; // if the settings are refused there is no run to pause or stop
    run = new wasm.FilterRaceRun(data, config); // throws a student-readable error on bad settings
    digit = index ?? digit;
    trainMs = 0;
    stepsPerCall = 1;
  }

  async function loop(id) {
    while (id === runId && state === 'running') {
      const t0 = performance.now();
      while (performance.now() - t0 < SLICE_MS && run.steps() < plan.steps) {
        const step = run.steps();
        const nextPoint = (Math.floor(step / plan.evalEvery) + 1) * plan.evalEvery;
        const n = Math.max(1, Math.min(stepsPerCall, nextPoint - step, plan.steps - step));
        const c0 = performance.now();
        try {
          run.step(n);
        } catch (e) {
          post('error', { message: String(e.message || e) });
          postSnapshot();
          setState('diverged');
          return;
        }
        const ms = performance.now() - c0;
        trainMs += ms;
        stepsPerCall = nextCallSize(stepsPerCall, ms, CALL_MS, 50);
        if (run.steps() % plan.evalEvery === 0 && run.steps() < plan.steps) point(plan.evalDigits);
      }
      progress();
      if (run.steps() >= plan.steps) { point(plan.evalDigits); finish('done'); return; }
      if (performance.now() - lastSnapshot >= SNAPSHOT_MS) postSnapshot();
      await yieldNow();
    }
  }

  return {
    setup({ tag: t, config, digit: index }) {
      fresh(config, index);
      tag = t;
      setState('idle');
      return snapshot().s;
    },
    train({ tag: t, config, digit: index, steps, evalEvery, evalDigits }) {
      fresh(config, index);
      tag = t;
      plan = { steps, evalEvery, evalDigits };
      point(evalDigits);
      postSnapshot();
      progress();
      setState('running');
      loop(runId);
      return { state };
    },
    pause() {
      if (state === 'running') setState('paused');
      return { state };
    },
    resume() {
      if (state === 'paused' && run) { setState('running'); loop(++runId); }
      return { state };
    },
    stop() {
      if (state === 'running' || state === 'paused') { runId++; finish('stopped'); }
      return { state };
    },
    digit({ index }) {
      digit = index;
      return run ? snapshot().s : null;
    },
    close() {
      runId++;
      run?.free();
      run = null;
      data.free();
    },
  };
}
