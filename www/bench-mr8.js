// Browser benchmark: the full MR8 (38 filters of 49×49, maxima over orientations) on a 512×512
// image, ConvLab's wasm (one shared image FFT, two filters per complex FFT) against OpenCV.js
// (cv.filter2D per filter + cv.max), in the same page. Both use the reflect border, so the
// results are also compared value by value.
//
// Imported by the lead's www/bench.js when present: `await run(wasm, log)`, where `wasm` is the
// initialised ConvLab module and `log(text)` prints a line; `run(wasm, log, { opencv: false })`
// skips the OpenCV.js half. Resolves to the figures.

const SIZE = 512; // px
const REPEATS = 5;
const OPENCV_URL = '/node_modules/@techstark/opencv-js/dist/opencv.js';
const OPENCV_TIMEOUT_MS = 60000;

/** A deterministic test image in [0, 1]: oriented waves, a disc and noise (textured everywhere). */
function testImage(n) {
  const img = new Float32Array(n * n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const noise = (s / 4294967296 - 0.5) * 0.2;
      const wave = 0.25 * Math.sin(0.11 * j + 0.07 * i) + 0.15 * Math.cos(0.31 * i - 0.05 * j);
      const disc = (i - n / 2) ** 2 + (j - n / 3) ** 2 < (n / 6) ** 2 ? 0.3 : 0;
      img[i * n + j] = Math.min(1, Math.max(0, 0.4 + wave + disc + noise));
    }
  }
  return img;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Loads OpenCV.js from node_modules once; resolves to `{ cv }`. The module object is wrapped
 * because it has a `.then` that never settles: awaiting it, or resolving a promise with it,
 * hangs forever.
 */
function loadOpenCV() {
  const ready = () => globalThis.cv && typeof globalThis.cv.Mat === 'function';
  if (!globalThis.cv && !document.querySelector(`script[src="${OPENCV_URL}"]`)) {
    const script = document.createElement('script');
    script.src = OPENCV_URL;
    document.head.append(script);
  }
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const poll = () => {
      if (ready()) resolve({ cv: globalThis.cv });
      else if (performance.now() - t0 > OPENCV_TIMEOUT_MS) reject(new Error('OpenCV.js did not load (is node_modules installed?)'));
      else setTimeout(poll, 25);
    };
    poll();
  });
}

/** MR8 with OpenCV.js: 38 filter2D calls (reflect border) and running maxima. */
function mr8OpenCV(cv, src, kernels) {
  const out = [];
  const resp = new cv.Mat();
  for (let m = 0; m < 8; m++) {
    const filters = m < 3 ? [0, 1, 2, 3, 4, 5].map((o) => m * 6 + o)
      : m < 6 ? [0, 1, 2, 3, 4, 5].map((o) => 18 + (m - 3) * 6 + o)
        : [m === 6 ? 36 : 37];
    const acc = new cv.Mat();
    filters.forEach((k, idx) => {
      cv.filter2D(src, idx === 0 ? acc : resp, cv.CV_32F, kernels[k], new cv.Point(-1, -1), 0, cv.BORDER_REFLECT);
      if (idx > 0) cv.max(acc, resp, acc);
    });
    out.push(acc);
  }
  resp.delete();
  return out;
}

export async function run(wasm, log = console.log, { opencv = true } = {}) {
  const n = SIZE;
  const img = testImage(n);
  log(`MR8 on ${n}×${n}: 38 filters of 49×49, max over 6 orientations at 3 scales (reflect border).`);

  // ConvLab. "Cold": the bank spectra are dropped before each call, so all 38 filters are
  // transformed, as OpenCV does. "Warm": the spectra kept from the previous call on this size
  // are reused (the station's normal case after its first MR8).
  const hasCache = typeof wasm.mr8_forget_cache === 'function';
  if (hasCache) wasm.mr8_forget_cache();
  let t = performance.now();
  let ours = wasm.mr8_responses(img, n, n);
  const oursFirst = performance.now() - t;
  const coldTimes = [];
  const warmTimes = [];
  for (let r = 0; r < REPEATS; r++) {
    if (hasCache) wasm.mr8_forget_cache();
    t = performance.now();
    ours = wasm.mr8_responses(img, n, n);
    coldTimes.push(performance.now() - t);
    t = performance.now();
    ours = wasm.mr8_responses(img, n, n);
    warmTimes.push(performance.now() - t);
  }
  const coldMs = median(coldTimes);
  const oursMs = median(warmTimes);
  log(`ConvLab wasm, cold (no filter spectra kept): ${coldMs.toFixed(1)} ms median of ${REPEATS}, min ${Math.min(...coldTimes).toFixed(1)} (very first call ${oursFirst.toFixed(1)} ms)`);
  log(`ConvLab wasm, warm (filter spectra kept from the last call): ${oursMs.toFixed(1)} ms median of ${REPEATS}, min ${Math.min(...warmTimes).toFixed(1)}`);

  // One 49×49 filter alone, FFT vs direct, for scale.
  const bank = wasm.rfs_bank();
  const k7 = bank.subarray(7 * 2401, 8 * 2401);
  t = performance.now();
  wasm.correlate2d_fft(img, n, n, k7, 49, 49, 'reflect');
  const oneFft = performance.now() - t;
  t = performance.now();
  wasm.correlate2d(img, n, n, k7, 49, 49, 'reflect');
  const oneDirect = performance.now() - t;
  log(`one 49×49 filter: ConvLab FFT ${oneFft.toFixed(1)} ms, ConvLab direct (SIMD) ${oneDirect.toFixed(1)} ms`);

  let cv;
  try {
    if (!opencv) throw new Error('not requested');
    ({ cv } = await loadOpenCV());
  } catch (e) {
    log(`OpenCV.js: skipped (${e.message})`);
    return { size: n, convlabMs: oursMs, convlabColdMs: coldMs, convlabFirstMs: oursFirst, oneFilterFftMs: oneFft, oneFilterDirectMs: oneDirect };
  }
  const src = cv.matFromArray(n, n, cv.CV_32F, img);
  const kernels = [];
  for (let k = 0; k < 38; k++) kernels.push(cv.matFromArray(49, 49, cv.CV_32F, bank.subarray(k * 2401, (k + 1) * 2401)));
  let theirs = mr8OpenCV(cv, src, kernels); // warm-up
  const cvTimes = [];
  for (let r = 0; r < REPEATS; r++) {
    theirs.forEach((m) => m.delete());
    t = performance.now();
    theirs = mr8OpenCV(cv, src, kernels);
    cvTimes.push(performance.now() - t);
  }
  const cvMs = median(cvTimes);
  t = performance.now();
  const one = new cv.Mat();
  cv.filter2D(src, one, cv.CV_32F, kernels[7], new cv.Point(-1, -1), 0, cv.BORDER_REFLECT);
  const cvOne = performance.now() - t;
  one.delete();

  // Agreement: largest difference per map, relative to that map's largest magnitude.
  let worst = 0;
  for (let m = 0; m < 8; m++) {
    const a = ours.subarray(m * n * n, (m + 1) * n * n);
    const b = theirs[m].data32F;
    let diff = 0;
    let scale = 0;
    for (let p = 0; p < a.length; p++) {
      diff = Math.max(diff, Math.abs(a[p] - b[p]));
      scale = Math.max(scale, Math.abs(b[p]));
    }
    worst = Math.max(worst, diff / scale);
  }
  log(`OpenCV.js 4.12 filter2D ×38 + max: ${cvMs.toFixed(1)} ms median of ${cvTimes.length} (one 49×49 filter: ${cvOne.toFixed(1)} ms)`);
  log(`speed-up ${(cvMs / coldMs).toFixed(1)}× cold, ${(cvMs / oursMs).toFixed(1)}× warm; largest difference between the two MR8s: ${worst.toExponential(1)} of the map's range`);

  theirs.forEach((m) => m.delete());
  kernels.forEach((m) => m.delete());
  src.delete();
  return {
    size: n, convlabMs: oursMs, convlabColdMs: coldMs, convlabFirstMs: oursFirst, oneFilterFftMs: oneFft, oneFilterDirectMs: oneDirect,
    opencvMs: cvMs, opencvOneFilterMs: cvOne, maxRelDiff: worst,
  };
}
