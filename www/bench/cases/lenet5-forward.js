// One LeNet-5 forward pass on a 28×28 digit, what the drawing pad runs on every stroke: a timed
// run is 20 passes over 20 held-out digits (each pass ≈ 1 ms, near the page's 0.1 ms timer).
import { mnistBytes, weightsBytes, convnetLenet5, convnetDigits } from '../lenet5.js';

export const title = 'LeNet-5 forward pass (probabilities of one 28×28 digit), 20 per run';
const PASSES = 20;

export async function setup({ wasm, peers }) {
  const bytes = await mnistBytes();
  const data = new wasm.MnistData(bytes);
  const model = new wasm.Lenet5Model();
  model.load_weights(await weightsBytes());
  const inputs = Array.from({ length: PASSES }, (_, i) => data.held_out_image(i));
  const contenders = [{ name: 'ConvLab Lenet5Model.predict', run: () => { for (const x of inputs) model.predict(x); } }];
  const notes = [];
  try {
    const { convnetjs } = await peers.convnet();
    const { net } = convnetLenet5(convnetjs);
    const digits = convnetDigits(convnetjs, data, PASSES);
    contenders.push({
      name: 'ConvNetJS 0.3 Net.forward', peer: true,
      run: () => { for (const d of digits) net.forward(d.vol, false); },
    });
  } catch (e) { notes.push(`ConvNetJS skipped: ${e.message}`); }
  return {
    contenders, notes, reps: 30,
    per: { count: PASSES, noun: 'forward passes' },
    teardown: () => { model.free(); data.free(); },
    target: (rows) => {
      const ms = rows[0].medianMs / PASSES;
      return { text: `≤ 2 ms per pass (${ms.toFixed(2)} ms)`, met: ms <= 2 };
    },
  };
}
