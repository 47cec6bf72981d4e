// Shared by the LeNet-5 cases: the shipped MNIST file, and the same LeNet-5 in ConvNetJS 0.3
// (conv 6@5×5 pad 2 + ReLU, 2×2 max pool, conv 16@5×5 + ReLU, 2×2 max pool, fc 120 + ReLU,
// fc 84 + ReLU, fc 10 + softmax: the layers of ConvLab's lenet5()).

async function dataFile(name) {
  const res = await fetch(new URL(`../data/${name}`, import.meta.url));
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The bytes of www/data/mnist.bin.gz. */
export const mnistBytes = () => dataFile('mnist.bin.gz');

/** The bytes of the shipped weights, www/data/lenet5-weights.bin. */
export const weightsBytes = () => dataFile('lenet5-weights.bin');

/** ConvNetJS's LeNet-5 with its SGD trainer (momentum 0.9, batch 32, L2 0.0005). */
export function convnetLenet5(convnetjs) {
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: 'conv', sx: 5, filters: 6, stride: 1, pad: 2, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'fc', num_neurons: 120, activation: 'relu' },
    { type: 'fc', num_neurons: 84, activation: 'relu' },
    { type: 'softmax', num_classes: 10 },
  ]);
  const trainer = new convnetjs.SGDTrainer(net, { method: 'sgd', learning_rate: 0.01, momentum: 0.9, batch_size: 32, l2_decay: 0.0005 });
  return { net, trainer };
}

/** `count` held-out digits as ConvNetJS volumes and labels. */
export function convnetDigits(convnetjs, data, count) {
  return Array.from({ length: count }, (_, i) => {
    const vol = new convnetjs.Vol(28, 28, 1, 0);
    vol.w.set(data.held_out_image(i));
    return { vol, label: data.held_out_label(i) };
  });
}

/**
 * One timed ConvNetJS run: `batch` digits through each of `trainers` (one SGD step each, as
 * ConvNetJS steps every batch_size calls), cycling through `digits`.
 */
export function convnetTrainRun(trainers, digits, batch = 32) {
  let next = 0;
  return () => {
    for (const trainer of trainers) {
      for (let k = 0; k < batch; k++) {
        const d = digits[next];
        next = (next + 1) % digits.length;
        trainer.train(d.vol, d.label);
      }
    }
  };
}
