// Worker task "logistic": part 2 of the implicit-regularization station, off the main thread
// (a million iterations of gradient descent, twice, take most of a second).
// payload: { points: Float64Array (2 per point), labels: Float64Array (±1), starts: [[w₁, w₂], …],
//   step, iterations }.
// Result: { svm: {direction, margin} | null, svmError, runs: [{iterations, weights}, …] (one per
//   start), angles: [[degrees per sample], …] (null without a max-margin direction), ms }.
export async function run(wasm, payload, progress) {
  const { points, labels, starts, step, iterations } = payload;
  const t0 = performance.now();
  let svm = null, svmError = '';
  try { svm = wasm.max_margin_direction(points, labels); } catch (e) { svmError = e.message; }
  const runs = [];
  for (const [i, w0] of starts.entries()) {
    progress(i / starts.length, `Gradient descent from start ${i + 1} of ${starts.length}: ${iterations.toLocaleString('en-US')} iterations…`);
    const r = wasm.logistic_path(points, labels, new Float64Array(w0), step, iterations);
    runs.push({ iterations: Array.from(r.iterations), weights: Float64Array.from(r.weights) });
  }
  const angles = svm ? runs.map((r) => r.iterations.map((_, i) =>
    wasm.angle_degrees(r.weights.subarray(2 * i, 2 * i + 2), new Float64Array(svm.direction)))) : null;
  return { svm: svm && { direction: Array.from(svm.direction), margin: svm.margin }, svmError, runs, angles, ms: performance.now() - t0 };
}
