// The full MR8 (38 RFS filters of 49×49, maxima over 6 orientations at 3 scales) on 512×512.
import { greyImage, relDiff } from '../inputs.js';

export const title = 'MR8 (38 filters, 49×49, 8 maxima maps) on a 512×512 grey image, reflect border';

/** MR8 with OpenCV.js: 38 filter2D calls (reflect border) and running maxima. */
function mr8OpenCV(cv, src, kernels, maps, resp) {
  for (let m = 0; m < 8; m++) {
    const filters = m < 6 ? [0, 1, 2, 3, 4, 5].map((o) => m * 6 + o) : [m === 6 ? 36 : 37];
    filters.forEach((k, idx) => {
      cv.filter2D(src, idx === 0 ? maps[m] : resp, cv.CV_32F, kernels[k], new cv.Point(-1, -1), 0, cv.BORDER_REFLECT);
      if (idx > 0) cv.max(maps[m], resp, maps[m]);
    });
  }
}

/** The 8 maps of one MR8 run, one after another, as ConvLab returns them. */
const stack = (maps, n) => {
  const out = new Float32Array(8 * n * n);
  maps.forEach((m, i) => out.set(m.data32F, i * n * n));
  return out;
};

export async function setup({ wasm, peers }) {
  const n = 512;
  const img = greyImage(n);
  let warm = null;
  let cold = null;
  const contenders = [
    { name: 'ConvLab mr8_responses, filter spectra kept', run: () => { warm = wasm.mr8_responses(img, n, n); }, output: () => warm },
    {
      name: 'ConvLab mr8_responses, cold (spectra dropped first)',
      run: () => { wasm.mr8_forget_cache(); cold = wasm.mr8_responses(img, n, n); }, output: () => cold, compare: relDiff,
    },
  ];
  const notes = ['differences are relative to the largest |response|'];
  const frees = [];
  try {
    const { cv, version } = await peers.opencv();
    const bank = wasm.rfs_bank();
    const src = cv.matFromArray(n, n, cv.CV_32F, img);
    const kernels = Array.from({ length: 38 }, (_, k) => cv.matFromArray(49, 49, cv.CV_32F, bank.subarray(k * 2401, (k + 1) * 2401)));
    const maps = Array.from({ length: 8 }, () => new cv.Mat());
    const resp = new cv.Mat();
    frees.push(() => { [src, resp, ...kernels, ...maps].forEach((m) => m.delete()); });
    contenders.push({
      name: `OpenCV.js ${version} filter2D ×38 + max`, peer: true, reps: 10, warm: 1,
      run: () => mr8OpenCV(cv, src, kernels, maps, resp), output: () => stack(maps, n), compare: relDiff,
    });
  } catch (e) { notes.push(`OpenCV.js skipped: ${e.message}`); }
  return {
    contenders, notes, reps: 10,
    teardown: () => { frees.forEach((f) => f()); wasm.mr8_forget_cache(); },
    target: (rows) => ({ text: `≤ 35 ms with spectra kept (${rows[0].medianMs.toFixed(1)} ms)`, met: rows[0].medianMs <= 35 }),
  };
}
