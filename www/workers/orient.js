// Worker task "orient": the orientation sweep of one oriented filter, off the main thread.
// payload: { image: Float32Array (rows × cols), rows, cols, name, type, params, rotated, abs,
//   orientations (degrees), degrees (the turn) }.
// Result: { rows, cols, n, kernels (6 × n × n), shown (the image filtered: as loaded or turned),
//   responses (6 × rows × cols, of `shown`), max (rows × cols), discRadius, invariance: null |
//   { max_change, one_change, next_change, invariant, threshold, disc_radius, reference } |
//   { error }, ms }. The responses of the image as loaded are kept between calls with the same
//   filter and image, so turning and turning back costs one filtering.
import { makeKernel, BORDER } from '../stations/filters/model.js';

let cache = null; // { key, stacked }

export async function run(wasm, payload, progress) {
  const { image, rows, cols, name, type, params, rotated, abs, orientations, degrees } = payload;
  if (!(image instanceof Float32Array)) throw new Error('The sweep needs a grey image (a Float32Array of pixel values).');
  const t0 = performance.now();
  const kernels = orientations.map((t) => makeKernel(wasm, type, { ...params, theta: t }));
  const n = 2 * params.radius + 1;
  // All six through one image FFT, two kernels per inverse FFT.
  const stacked = new Float32Array(kernels.length * n * n);
  kernels.forEach((k, i) => stacked.set(k, i * n * n));
  const filt = (img) => wasm.correlate_bank(img, rows, cols, stacked, n, n, BORDER);
  const key = JSON.stringify([type, params, name, rows, cols]);
  if (!cache || cache.key !== key) {
    progress(0.1, `Filtering ${cols} × ${rows} px with 6 orientations…`);
    cache = { key, stacked: filt(image) };
  }
  const original = cache.stacked;
  let shown = image, responses = original, invariance = null;
  if (rotated) {
    progress(0.5, `Turning the image by ${degrees}° and filtering it again…`);
    let mean = 0;
    for (const v of image) mean += v;
    shown = wasm.rotate_image(image, rows, cols, degrees, mean / image.length);
    responses = filt(shown);
    progress(0.9, 'Measuring the change inside the disc…');
    try {
      const inv = wasm.rotation_invariance(original, responses, rows, cols, degrees, params.radius, abs);
      try {
        invariance = {
          max_change: inv.max_change, one_change: inv.one_change, next_change: inv.next_change,
          invariant: inv.invariant, threshold: inv.threshold, disc_radius: inv.disc_radius, reference: inv.reference(),
        };
      } finally { inv.free(); }
    } catch (e) {
      invariance = { error: e.message || String(e) };
    }
  }
  const max = wasm.max_over(responses, rows, cols, abs);
  return {
    rows, cols, n, kernels: stacked, shown, responses, max,
    discRadius: wasm.rotation_disc_radius(rows, cols, params.radius), invariance, ms: performance.now() - t0,
  };
}
