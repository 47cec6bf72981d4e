// The "show me a held-out digit" buttons' bookkeeping, shared by the MNIST stations (LeNet-5,
// fixed vs learned filters). DOM-free; unit-tested in tests/js/lenet5-model.test.mjs.

/** The label of every held-out digit of a wasm MnistData, in order. */
export function heldOutLabels(mnist) {
  return Array.from({ length: mnist.held_out_count() }, (_, i) => mnist.held_out_label(i));
}

/**
 * For the "draw a held-out digit" buttons: the held-out indices (all of `labels` unless given)
 * grouped by label, and a cursor per label so each press shows the next one.
 */
export function createDigitPicker(labels, heldOut = labels.map((_, i) => i)) {
  const byLabel = Array.from({ length: 10 }, () => []);
  for (const i of heldOut) byLabel[labels[i]].push(i);
  const cursor = new Array(10).fill(-1);
  return {
    byLabel,
    /** The next held-out digit labelled `d` (an index into the data set), or null. */
    next(d) {
      const list = byLabel[d];
      if (!list.length) return null;
      cursor[d] = (cursor[d] + 1) % list.length;
      return list[cursor[d]];
    },
  };
}
