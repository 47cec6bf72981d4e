// The "Fixed vs learned filters" station's training throughput: one timed run = one
// FilterRaceRun step = one mini-batch of 32 digits on each of the three small CNNs (conv
// 8@5×5 pad 2 → ReLU → pool → conv 12@5×5 → ReLU → pool → 10), the first of them frozen.
// The peer trains the same architecture in ConvNetJS, three nets × 32 digits per run.
import { mnistBytes, convnetDigits, convnetTrainRun } from '../lenet5.js';

export const title = 'Fixed vs learned filters: three small CNNs, one batch of 32 each (96 images per step)';

/** The station's small CNN in ConvNetJS (8 first-layer filters, the default bank's size). */
function convnetSmallCnn(convnetjs) {
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 5, filters: 12, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'softmax', num_classes: 10 },
  ]);
  return new convnetjs.SGDTrainer(net, { method: 'sgd', learning_rate: 0.02, momentum: 0.9, batch_size: 32, l2_decay: 0.0005 });
}

export async function setup({ wasm, peers }) {
  const bytes = await mnistBytes();
  const data = new wasm.MnistData(bytes);
  const run = new wasm.FilterRaceRun(data, { seed: 1 });
  const contenders = [{ name: 'ConvLab FilterRaceRun.step(1), three networks', run: () => { run.step(1); } }];
  const notes = [];
  try {
    const { convnetjs } = await peers.convnet();
    const trainers = [0, 1, 2].map(() => convnetSmallCnn(convnetjs));
    contenders.push({
      name: 'ConvNetJS 0.3 SGDTrainer, the same three CNNs (momentum 0.9, batch 32)', peer: true, reps: 10, warm: 1,
      run: convnetTrainRun(trainers, convnetDigits(convnetjs, data, 256)),
    });
  } catch (e) { notes.push(`ConvNetJS skipped: ${e.message}`); }
  return {
    contenders, notes, reps: 30, warm: 3,
    per: { count: 96, noun: 'images' },
    teardown: () => { run.free(); data.free(); },
    target: (rows) => {
      // The page's default run (300 steps) should take seconds, not minutes.
      const seconds = (300 * rows[0].medianMs) / 1000;
      return { text: `300 steps ≤ 15 s (${seconds.toFixed(1)} s)`, met: seconds <= 15 };
    },
  };
}
