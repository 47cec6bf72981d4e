// The 3×3 photo filter benchmark at any size (cases rgba-3x3-720p and rgba-3x3-12mp): what the
// custom-kernel station does per keystroke, against OpenCV.js, TF.js (wasm) and a plain-JS loop.
import { photo, rgbFloats } from './inputs.js';
import { maxAbsDiff } from './runner.js';

/** A rank-1 kernel (the separable path) and a general one (the full 3×3 path). */
export const GAUSSIAN = new Float32Array([1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16));
export const SHARPEN = new Float32Array([0, -1, 0, -1, 5, -1, 0, -1, 0]);

/** The loop a student would write: nearest border, bytes as Uint8ClampedArray rounds them. */
export function plainJsFilter(rgba, w, h, k, out = new Uint8ClampedArray(rgba.length)) {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = 4 * (y * w + x);
      for (let ch = 0; ch < 3; ch++) {
        let s = 0;
        for (let i = -1; i <= 1; i++) {
          const yy = Math.min(h - 1, Math.max(0, y + i));
          for (let j = -1; j <= 1; j++) {
            const xx = Math.min(w - 1, Math.max(0, x + j));
            s += k[(i + 1) * 3 + j + 1] * rgba[4 * (yy * w + xx) + ch];
          }
        }
        out[o + ch] = s;
      }
      out[o + 3] = rgba[o + 3];
    }
  }
  return out;
}

const rgbOnly = (a, b) => maxAbsDiff(a, b, { stride: 4, channels: 3 });

/** A photo kept in one core's memory, filtered in place as the station does. */
function keptFilter(core, img, width, height, kernel) {
  const kept = new core.RgbaImage(width, height);
  new Uint8Array(core.wasm_memory().buffer, kept.input_ptr(), kept.byte_len()).set(img);
  return {
    run: () => kept.filter(kernel, 3, 3, 'nearest', 'clamp', false),
    output: () => new Uint8Array(core.wasm_memory().buffer, kept.output_ptr(), kept.byte_len()).slice(),
    free: () => kept.free(),
  };
}

/** The setup() of a 3×3 case on a `width × height` photo; `targetMs` is the issue's bound. */
export function rgba3x3Setup(width, height, { targetMs, peerSpeedup = null }) {
  return async function setup({ build, cores, peers }) {
    const img = photo(width, height);
    const frees = [];
    const contenders = [];
    const other = build === 'relaxed' ? 'simd' : 'relaxed';
    const ours = keptFilter(cores[build], img, width, height, GAUSSIAN);
    frees.push(ours.free);
    contenders.push({ name: `ConvLab RgbaImage.filter, Gaussian (${build})`, ...ours });
    if (cores[other]) {
      const theirs = keptFilter(cores[other], img, width, height, GAUSSIAN);
      frees.push(theirs.free);
      contenders.push({ name: `ConvLab RgbaImage.filter, Gaussian (${other})`, ...theirs, compare: rgbOnly });
    }
    // The general path, checked against the plain-JS loop with the same kernel.
    const sharp = keptFilter(cores[build], img, width, height, SHARPEN);
    frees.push(sharp.free);
    const sharpJs = plainJsFilter(img, width, height, SHARPEN);
    contenders.push({ name: `ConvLab RgbaImage.filter, sharpen (${build})`, ...sharp, against: sharpJs, compare: rgbOnly, note: 'general 3×3, vs plain JS' });
    let oneShot = null;
    contenders.push({
      name: 'ConvLab filter_rgba (copies in and out)',
      run: () => { oneShot = cores[build].filter_rgba(img, width, height, GAUSSIAN, 3, 3, 'nearest', 'clamp'); },
      output: () => oneShot, compare: rgbOnly,
    });

    const notes = [];
    try {
      const { cv, version } = await peers.opencv();
      const src = cv.matFromArray(height, width, cv.CV_8UC4, img);
      const dst = new cv.Mat();
      const k = cv.matFromArray(3, 3, cv.CV_32F, GAUSSIAN);
      const anchor = new cv.Point(-1, -1);
      frees.push(() => { src.delete(); dst.delete(); k.delete(); });
      contenders.push({
        name: `OpenCV.js ${version} filter2D (CV_8UC4)`, peer: true,
        run: () => cv.filter2D(src, dst, cv.CV_8U, k, anchor, 0, cv.BORDER_REPLICATE),
        output: () => dst.data.slice(), compare: rgbOnly,
      });
    } catch (e) { notes.push(`OpenCV.js skipped: ${e.message}`); }
    try {
      const { tf, version } = await peers.tf();
      // TF.js pads with zeros only: its output is checked against ConvLab's constant border.
      const x = tf.tensor4d(rgbFloats(img), [1, height, width, 3]);
      const f = tf.tensor4d(Array.from({ length: 27 }, (_, t) => GAUSSIAN[Math.floor(t / 3)]), [3, 3, 3, 1]);
      let y = null;
      frees.push(() => { x.dispose(); f.dispose(); });
      const zeroBorder = cores[build].filter_rgba(img, width, height, GAUSSIAN, 3, 3, 'constant', 'clamp');
      contenders.push({
        name: `TF.js ${version} wasm depthwiseConv2d`, peer: true, note: 'tensor kept; result read back',
        run: () => { const t = tf.depthwiseConv2d(x, f, 1, 'same'); y = t.dataSync(); t.dispose(); },
        output: () => y, against: zeroBorder,
        compare: (a, b) => { let d = 0; for (let p = 0, q = 0; p < a.length; p += 4, q += 3) for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs(a[p + c] - Math.min(255, Math.max(0, b[q + c])))); return d; },
      });
    } catch (e) { notes.push(`TF.js skipped: ${e.message}`); }
    let jsOut = null;
    contenders.push({
      name: 'plain-JS loop', peer: true, reps: 10, warm: 1,
      run: () => { jsOut = plainJsFilter(img, width, height, GAUSSIAN); }, output: () => jsOut, compare: rgbOnly,
    });
    return {
      contenders, notes,
      teardown: () => frees.forEach((f) => f()),
      target: (rows) => {
        const ref = rows[0];
        const bad = [];
        if (ref.medianMs > targetMs) bad.push(`${ref.medianMs.toFixed(2)} ms > ${targetMs} ms`);
        if (peerSpeedup) {
          for (const r of rows.filter((row) => /OpenCV|TF\.js/.test(row.name))) {
            if (r.ratio < peerSpeedup) bad.push(`${r.ratio.toFixed(1)}× ${r.name.split(' ')[0]} < ${peerSpeedup}×`);
          }
        }
        return { text: `≤ ${targetMs} ms${peerSpeedup ? `, ≥ ${peerSpeedup}× OpenCV.js and TF.js` : ''}${bad.length ? ` (${bad.join('; ')})` : ''}`, met: bad.length === 0 };
      },
    };
  };
}
