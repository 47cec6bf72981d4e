// LeNet-5 training throughput at batch 32 on MNIST: one timed run = one mini-batch step
// (forward, softmax + cross-entropy, backward, SGD with momentum) over 32 digits.
import { mnistBytes, convnetLenet5, convnetDigits, convnetTrainRun } from '../lenet5.js';

export const title = 'LeNet-5 training on 28×28 MNIST, batch 32 (one step = 32 images)';

export async function setup({ wasm, peers }) {
  const bytes = await mnistBytes();
  const ours = new wasm.Lenet5Trainer(bytes, { batch_size: 32, learning_rate: 0.02, seed: 1 });
  const other = new wasm.Lenet5Trainer(bytes, { batch_size: 32, learning_rate: 0.02, seed: 1 });
  const contenders = [
    { name: 'ConvLab Lenet5Trainer.train_steps(1)', run: () => { ours.train_steps(1); } },
    {
      // The same engine with every matrix multiply handed to the matrixmultiply crate's sgemm
      // (wasm simd128 8×8 kernel): the comparison that chose ConvLab's own kernel.
      name: 'ConvLab engine, matrixmultiply 0.3.11 sgemm',
      run: () => {
        wasm.bench_use_matrixmultiply(true);
        try { other.train_steps(1); } finally { wasm.bench_use_matrixmultiply(false); }
      },
    },
  ];
  const notes = [];
  const data = new wasm.MnistData(bytes);
  try {
    const { convnetjs } = await peers.convnet();
    const { trainer } = convnetLenet5(convnetjs);
    contenders.push({
      name: 'ConvNetJS 0.3 SGDTrainer (momentum 0.9, batch 32)', peer: true, reps: 10, warm: 1,
      run: convnetTrainRun([trainer], convnetDigits(convnetjs, data, 256)),
    });
  } catch (e) { notes.push(`ConvNetJS skipped: ${e.message}`); }
  return {
    contenders, notes, reps: 40, warm: 5,
    per: { count: 32, noun: 'images' },
    teardown: () => { ours.free(); other.free(); data.free(); },
    target: (rows) => {
      const rate = (32 * 1000) / rows[0].medianMs;
      return { text: `≥ 3,000 images/s (${rate.toFixed(0)})`, met: rate >= 3000 };
    },
  };
}
