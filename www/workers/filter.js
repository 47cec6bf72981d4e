// Worker task "filter": one filter response of the working image, off the main thread (a
// large kernel on a 512 px image takes a few hundred ms, too long for a slider's frame).
// payload: { image: Float32Array (rows × cols), rows, cols, kernel: Float32Array (n × n), n, border }.
// Result: { response: Float32Array (rows × cols), method: 'direct' | 'separable' | 'fft', ms }.

export async function run(wasm, payload) {
  const { image, rows, cols, kernel, n, border } = payload;
  if (!(image instanceof Float32Array) || !(kernel instanceof Float32Array)) throw new Error('The filter task needs a grey image and a kernel (Float32Arrays).');
  const t0 = performance.now();
  const response = wasm.filter_image(image, rows, cols, kernel, n, n, border);
  const method = wasm.filter_method(rows, cols, kernel, n, n);
  return { response, method, ms: performance.now() - t0 };
}
