// The page's LeNet-5, a thin wrapper over the wasm core's Lenet5Model: the one file of the
// station that names the core's exports, so the rest reads in the station's own terms.
// (The worker session, www/workers/lenet5.js, uses the trainer and the unit view directly.)

/**
 * createNet(wasm, weights) → {layers, inShape, load(bytes), forward(input784) → {outputs:
 * [Float32Array per layer], probs}, params(layerName) → {weights, bias}, receptiveField(i, r, c),
 * free()}.
 */
export function createNet(wasm, weights) {
  const m = new wasm.Lenet5Model();
  m.load_weights(weights);
  const layers = Array.from(m.layers(), (l) => ({
    name: l.name, kind: l.kind, inShape: Array.from(l.in_shape), outShape: Array.from(l.out_shape),
    params: l.params, kernel: l.kernel ?? 1, stride: l.stride ?? 1, padding: l.padding ?? 0,
  }));
  const paramCache = new Map();
  return {
    layers,
    inShape: layers[0].inShape,
    load(bytes) { m.load_weights(bytes); paramCache.clear(); },
    forward(input) {
      const acts = m.activations(input);
      const outputs = layers.map((l) => acts.layer(l.name));
      return { outputs, probs: acts.probabilities() };
    },
    params(name) {
      if (!paramCache.has(name)) paramCache.set(name, { weights: m.layer_weights(name), bias: m.layer_biases(name) });
      return paramCache.get(name);
    },
    receptiveField(i, row, col) {
      const [top, left, bottom, right] = m.receptive_field(i, row, col);
      return { top, left, bottom, right };
    },
    free() { m.free(); },
  };
}
