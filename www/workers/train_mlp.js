// Worker task "train_mlp": trains the regularization station's one-hidden-layer network off the
// main thread. The trainer lives in this worker between calls, so the page can ask for one short
// slice of training at a time (live curves, a Stop button that answers at once).
//
// payload.op:
//   'start' {key, config, grid}         → new MlpTrainer(config); returns a snapshot (below) and the data
//   'step'  {key, until, budgetMs, grid, from}
//                                        → trains until epoch `until` or for about budgetMs ms;
//                                          returns a snapshot with history entries from index `from`
//   'free'  {key}                        → drops the trainer
//   'width_start' {key, width}          → a fresh MNIST one-hidden-layer net of `width` units with
//                                          the shipped sweep's settings (wasm.width_sweep_defaults())
//   'width_epoch' {key, budgetMs}       → trains whole epochs for about budgetMs ms (at least one);
//                                          returns {epochs, trainError, done, point (when done)}
// Snapshot: {epoch, history: Float64Array [epoch, train, val, …], best: [epoch, train, val],
//            curve, bestCurve (predictions at grid), weightNorm, bestWeightNorm}.

import { runStore } from '../lib/slices.js';

const trainers = runStore();
let mnist = null; // the shipped digits file, fetched once per worker
const mnistBytes = () => (mnist ??= fetch(new URL('../data/mnist.bin.gz', import.meta.url))
  .then((r) => { if (!r.ok) throw new Error(`The digits file could not be loaded (${r.status}).`); return r.arrayBuffer(); })
  .then((b) => new Uint8Array(b)));
const SLICE_EPOCHS = 5; // epochs between clock checks

function snapshot(t, grid, from) {
  return {
    epoch: t.epoch(),
    history: new Float64Array(t.history_from(from)),
    best: Array.from(t.best()),
    curve: new Float64Array(t.predict(grid)),
    bestCurve: new Float64Array(t.predict_best(grid)),
    weightNorm: t.weight_norm(),
    bestWeightNorm: t.best_weight_norm(),
  };
}

export async function run(wasm, payload, progress) {
  const { op, key = 'default' } = payload || {};
  switch (op) {
    case 'start': {
      trainers.drop(key);
      const t = trainers.set(key, new wasm.MlpTrainer(payload.config));
      const grid = new Float64Array(payload.grid);
      return {
        ...snapshot(t, grid, 0),
        data: {
          trainX: new Float64Array(t.train_x()), trainY: new Float64Array(t.train_y()),
          valX: new Float64Array(t.val_x()), valY: new Float64Array(t.val_y()),
          target: new Float64Array(wasm.regression_target(grid)),
        },
      };
    }
    case 'step': {
      const t = trainers.get(key);
      const grid = new Float64Array(payload.grid);
      const until = payload.until, budget = payload.budgetMs ?? 60;
      const t0 = performance.now();
      while (t.epoch() < until && performance.now() - t0 < budget) {
        t.step(Math.min(SLICE_EPOCHS, until - t.epoch()));
      }
      progress(t.epoch() / until, `Epoch ${t.epoch()} of ${until}`);
      return snapshot(t, grid, payload.from ?? 0);
    }
    case 'free': {
      trainers.drop(key);
      return true;
    }
    case 'width_start': {
      trainers.drop(key);
      trainers.set(key, new wasm.WidthSweepRun(await mnistBytes(), payload.width, null));
      return true;
    }
    case 'width_epoch': {
      const t = trainers.get(key);
      const t0 = performance.now();
      let done = false;
      do done = t.epoch(); while (!done && performance.now() - t0 < (payload.budgetMs ?? 500));
      return { epochs: t.epochs(), trainError: t.train_error(), done, point: done ? t.point() : null };
    }
    default:
      throw new Error(`train_mlp: unknown operation "${op}".`);
  }
}
