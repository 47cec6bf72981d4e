// Browser benchmarks: ConvLab's wasm against peers measured in the same tab, same run.
// Results go to the page and to window.benchResults (read by scripts/bench-browser.mjs).
import init, * as wasm from './pkg/convlab.js';

const WIDTH = 1280, HEIGHT = 720; // px, a 720p photo
const GAUSSIAN = new Float32Array([1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16));
const logEl = document.getElementById('log');
const results = {};
const log = (line) => { logEl.textContent += line + '\n'; console.log(line); };
const ONLY = new URLSearchParams(location.search).get('only');

/** Median wall time (ms) of `fn` over `reps` runs after `warm` warm-up runs. */
export function timeMedian(fn, { reps = 30, warm = 5 } = {}) {
  for (let i = 0; i < warm; i++) fn();
  const t = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); fn(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

/** The plain-JS peer: the loop a student would write, clamped indices (nearest border). */
function plainJsFilter(rgba, w, h, k) {
  const out = new Uint8ClampedArray(rgba.length);
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

function photo() {
  const a = new Uint8ClampedArray(WIDTH * HEIGHT * 4);
  let s = 12345;
  for (let i = 0; i < a.length; i++) { s = (s * 1103515245 + 12345) >>> 0; a[i] = s >>> 24; }
  return a;
}

async function run() {
  document.getElementById('run').disabled = true;
  await init();
  log(`${navigator.userAgent}\n`);
  const img = photo();
  const ours = timeMedian(() => wasm.filter_rgba(img, WIDTH, HEIGHT, GAUSSIAN, 3, 3, 'nearest', 'clamp'));
  const peer = timeMedian(() => plainJsFilter(img, WIDTH, HEIGHT, GAUSSIAN), { reps: 10, warm: 2 });
  // What the custom-kernel station does per keystroke: the photo stays in wasm memory.
  const kept = new wasm.RgbaImage(WIDTH, HEIGHT);
  new Uint8Array(wasm.wasm_memory().buffer, kept.input_ptr(), kept.byte_len()).set(img);
  const inPlace = timeMedian(() => kept.filter(GAUSSIAN, 3, 3, 'nearest', 'clamp', false));
  const keptOut = new Uint8ClampedArray(wasm.wasm_memory().buffer, kept.output_ptr(), kept.byte_len()).slice();
  kept.free();
  // Same bytes from both (nearest border, clamp): a benchmark of two different results is no benchmark.
  const a = wasm.filter_rgba(img, WIDTH, HEIGHT, GAUSSIAN, 3, 3, 'nearest', 'clamp');
  const b = plainJsFilter(img, WIDTH, HEIGHT, GAUSSIAN);
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(keptOut[i] - b[i]));
  results.rgba3x3 = {
    in_place_ms: inPlace, filter_rgba_ms: ours, plain_js_ms: peer,
    speedup_in_place: peer / inPlace, speedup_filter_rgba: peer / ours, max_byte_difference: maxDiff,
  };
  log(`3×3 filter on ${WIDTH}×${HEIGHT} RGBA (median):\n` +
    `  RgbaImage.filter (in wasm memory, as the station runs): ${inPlace.toFixed(2)} ms → ${(peer / inPlace).toFixed(1)}× the plain-JS loop\n` +
    `  filter_rgba (copies the photo in and the result out):  ${ours.toFixed(2)} ms → ${(peer / ours).toFixed(1)}×\n` +
    `  plain-JS loop (same output):                            ${peer.toFixed(2)} ms\n` +
    `  outputs differ by at most ${maxDiff}`);

  if (ONLY !== 'rgba') try {
    const mr8 = await import('./bench-mr8.js');
    results.mr8 = await mr8.run(wasm, log, timeMedian);
  } catch (e) {
    if (!/Failed to fetch|Cannot find|404|error loading/i.test(String(e))) log(`MR8 benchmark failed: ${e.message}`);
  }
  window.benchResults = results;
  log('\ndone');
}

document.getElementById('run').addEventListener('click', run);
if (new URLSearchParams(location.search).has('auto')) run();
