// Worker task "mr8": the 8 MR8 feature maps of a grey image, off the main thread.
// payload: { image: Float32Array (rows × cols, row-major), rows, cols, abs: boolean }.
// Result: { responses: Float32Array (8 × rows × cols), rows, cols, ms }.
// Progress is reported after each of the 19 steps (one pair of the 38 filters per step).

export async function run(wasm, payload, progress) {
  const { image, rows, cols, abs = false } = payload || {};
  if (!(image instanceof Float32Array)) throw new Error('MR8 needs a grey image (a Float32Array of pixel values).');
  const t0 = performance.now();
  const job = new wasm.Mr8Job(image, rows, cols, { abs: Boolean(abs) });
  try {
    const total = job.steps_total();
    progress(0, `Image transformed; filtering with 38 filters (${total} steps)…`);
    let step = 0;
    while (!job.done()) {
      const fraction = job.step();
      step += 1;
      progress(fraction, `Filter pair ${step} of ${total}`);
    }
    const responses = job.responses();
    return { responses, rows, cols, ms: performance.now() - t0 };
  } finally {
    job.free();
  }
}
