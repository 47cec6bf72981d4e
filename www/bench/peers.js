// The benchmark's peers, loaded once each from node_modules (served under /node_modules/ by
// scripts/serve.mjs; never a CDN): OpenCV.js, TensorFlow.js with its wasm backend, ConvNetJS.
// Each loader resolves to a small object (never to the library itself: OpenCV's module has a
// `.then` that never settles, so resolving a promise with it hangs).

const NM = '/node_modules';
const LOAD_TIMEOUT_MS = 120000;

function addScript(src) {
  const existing = document.querySelector(`script[src="${src}"]`);
  if (existing) return existing.loaded;
  const script = document.createElement('script');
  script.src = src;
  script.loaded = new Promise((resolve, reject) => {
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${src} did not load (is node_modules installed?)`));
  });
  document.head.append(script);
  return script.loaded;
}

function waitFor(test, what) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const poll = () => {
      if (test()) resolve();
      else if (performance.now() - t0 > LOAD_TIMEOUT_MS) reject(new Error(`${what} did not start`));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

const once = (f) => { let p = null; return () => (p ||= f()); };

/** OpenCV.js 4.12 (no SIMD, no threads in its build): resolves to `{ cv, version }`. */
export const loadOpenCV = once(async () => {
  await addScript(`${NM}/@techstark/opencv-js/dist/opencv.js`);
  // Never `await cv`: wait for the runtime instead.
  await waitFor(() => globalThis.cv && typeof globalThis.cv.Mat === 'function', 'OpenCV.js');
  const cv = globalThis.cv;
  const info = typeof cv.getBuildInformation === 'function' ? cv.getBuildInformation() : '';
  const version = (info.match(/General configuration for OpenCV ([\d.]+)/) || [])[1] || '4.x';
  return { cv, version };
});

/** TensorFlow.js 4.22 on its wasm backend, one thread: resolves to `{ tf, version }`. */
export const loadTf = once(async () => {
  await addScript(`${NM}/@tensorflow/tfjs/dist/tf.min.js`);
  await addScript(`${NM}/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js`);
  const tf = globalThis.tf;
  tf.wasm.setWasmPaths(`${NM}/@tensorflow/tfjs-backend-wasm/dist/`); // trailing slash matters
  if (typeof tf.wasm.setThreadsCount === 'function') tf.wasm.setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error('TF.js wasm backend did not start');
  await tf.ready();
  return { tf, version: tf.version.tfjs };
});

/** ConvNetJS 0.3: resolves to `{ convnetjs }`. */
export const loadConvnet = once(async () => {
  await addScript(`${NM}/convnetjs/build/convnet-min.js`);
  return { convnetjs: globalThis.convnetjs };
});
