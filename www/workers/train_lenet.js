// Worker task "train_lenet": trains the LeNet station's network off the main thread, one short
// slice at a time, so the page can show live progress and answer Stop at once. The trainer
// lives in this worker between calls.
//
// payload.op:
//   'start' {key, data: Uint8Array (digits.bin), config: {learning_rate, momentum, batch_size,
//            seed, n_train}}        → new LeNetTrainer; returns a snapshot (below)
//   'step'  {key, budgetMs}         → trains mini-batches for about budgetMs ms, stopping at the
//                                     end of an epoch; returns a snapshot
//   'free'  {key}                   → drops the trainer
// Snapshot: {progress (epochs, e.g. 1.4), loss (mean cross-entropy of this slice's batches, NaN
//            for none), epochEnded (bool), trainAcc, testAcc (0..1, only when an epoch just
//            ended or at start, else null), weights (Uint8Array weights file)}.

const trainers = new Map();
const STEPS_PER_CHECK = 4; // mini-batches between clock checks

function get(key) {
  const t = trainers.get(key);
  if (!t) throw new Error('This training run was reset: press Train to start a new one.');
  return t;
}

function snapshot(t, loss, withAccuracy) {
  return {
    progress: t.progress(),
    loss,
    epochEnded: withAccuracy,
    trainAcc: withAccuracy ? t.train_accuracy() : null,
    testAcc: withAccuracy ? t.test_accuracy() : null,
    weights: new Uint8Array(t.weights()),
  };
}

export async function run(wasm, payload, progress) {
  const { op, key = 'default' } = payload || {};
  switch (op) {
    case 'start': {
      trainers.get(key)?.free();
      trainers.delete(key);
      const t = new wasm.LeNetTrainer(new Uint8Array(payload.data), payload.config || {});
      trainers.set(key, t);
      return snapshot(t, NaN, true);
    }
    case 'step': {
      const t = get(key);
      const budget = payload.budgetMs ?? 80;
      const t0 = performance.now();
      const epoch = Math.floor(t.progress());
      let ended = false;
      while (performance.now() - t0 < budget) {
        const p = t.train_steps(STEPS_PER_CHECK);
        if (Math.floor(p) > epoch) { ended = true; break; }
      }
      const snap = snapshot(t, t.take_loss(), ended);
      progress(snap.progress % 1, `Epoch ${snap.progress.toFixed(2)}`);
      return snap;
    }
    case 'free': {
      trainers.get(key)?.free();
      trainers.delete(key);
      return true;
    }
    default:
      throw new Error(`train_lenet: unknown operation "${op}".`);
  }
}
