// One 49×49 filter (an RFS bar filter, σ = 4 scale) on a 512×512 grey image: FFT and direct.
import { greyImage, relDiff } from '../inputs.js';

export const title = 'one 49×49 filter on a 512×512 grey image (RFS filter 7)';

export async function setup({ wasm, peers }) {
  const n = 512;
  const img = greyImage(n);
  const kernel = wasm.rfs_bank().slice(7 * 2401, 8 * 2401);
  let fft = null;
  let direct = null;
  const contenders = [
    { name: 'ConvLab correlate2d_fft (reflect)', run: () => { fft = wasm.correlate2d_fft(img, n, n, kernel, 49, 49, 'reflect'); }, output: () => fft },
    { name: 'ConvLab correlate2d, direct SIMD', reps: 10, warm: 1, run: () => { direct = wasm.correlate2d(img, n, n, kernel, 49, 49, 'reflect'); }, output: () => direct, compare: relDiff },
  ];
  const notes = ['differences are relative to the largest |response|'];
  const frees = [];
  try {
    const { cv, version } = await peers.opencv();
    const src = cv.matFromArray(n, n, cv.CV_32F, img);
    const k = cv.matFromArray(49, 49, cv.CV_32F, kernel);
    const dst = new cv.Mat();
    const anchor = new cv.Point(-1, -1);
    frees.push(() => { src.delete(); k.delete(); dst.delete(); });
    contenders.push({
      name: `OpenCV.js ${version} filter2D (CV_32F, reflect)`, peer: true,
      run: () => cv.filter2D(src, dst, cv.CV_32F, k, anchor, 0, cv.BORDER_REFLECT),
      output: () => dst.data32F.slice(), compare: relDiff,
    });
  } catch (e) { notes.push(`OpenCV.js skipped: ${e.message}`); }
  try {
    const { tf, version } = await peers.tf();
    const x = tf.tensor4d(img, [1, n, n, 1]);
    const f = tf.tensor4d(kernel, [49, 49, 1, 1]);
    frees.push(() => { x.dispose(); f.dispose(); });
    let y = null;
    contenders.push({
      name: `TF.js ${version} wasm conv2d (zero border)`, peer: true, reps: 10, warm: 1,
      run: () => { const t = tf.conv2d(x, f, 1, 'same'); y = t.dataSync(); t.dispose(); },
      output: () => y, compare: relDiff,
      against: wasm.correlate2d_fft(img, n, n, kernel, 49, 49, 'constant'),
    });
  } catch (e) { notes.push(`TF.js skipped: ${e.message}`); }
  return { contenders, notes, teardown: () => frees.forEach((f) => f()) };
}
