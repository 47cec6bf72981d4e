// The page's LeNet-5, a thin wrapper over the wasm core's Lenet5Model: the one file of the
// station that reads the core's layer list and activations, so the rest works in the
// station's own terms. (The worker session, www/workers/lenet5.js, holds the trainer.)
import { describeLayers } from './model.js';

/**
 * createNet(wasm, weights) → {layers, inShape, load(bytes), forward(input784) → {outputs:
 * [Float32Array per layer], probs}, params(i) → {weights, bias}, receptiveField(i, r, c),
 * free()}. layers: model.js describeLayers of the core's layer_info and weight shapes.
 */
export function createNet(wasm, weights) {
  const m = new wasm.Lenet5Model();
  m.load_weights(weights);
  const info = Array.from(m.layer_info());
  const layers = describeLayers(info, [1, 28, 28], (i) => Array.from(m.layer_weights(i).weight_shape));
  const cache = new Map();
  return {
    layers,
    inShape: [1, 28, 28],
    load(bytes) { m.load_weights(bytes); cache.clear(); },
    forward(input) {
      const a = m.activations(input);
      return { outputs: a.layers.map((l) => l.data), probs: a.probabilities };
    },
    params(i) {
      if (!cache.has(i)) {
        const p = m.layer_weights(i);
        cache.set(i, { weights: p.weights, bias: p.bias });
      }
      return cache.get(i);
    },
    receptiveField(i, row, col) {
      const [top, left, bottom, right] = m.receptive_field(i, row, col);
      return { top, left, bottom, right };
    },
    free() { m.free(); },
  };
}
