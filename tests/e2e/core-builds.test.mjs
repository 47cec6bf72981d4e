// End-to-end: both wasm builds (SIMD128 and relaxed-SIMD FMA) in headless Chromium. The page
// picks one by feature detection (www/lib/core.js); here each build is also loaded on its own
// and its fast paths (the separable and the 3×3 RGBA filter, the general filter, correlate2d)
// are checked against a float64 reference computed in plain JS, and against each other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels } from './harness.mjs';

let s;
before(async () => { s = await openStation('kernel'); });
after(async () => { await s.close(); });

test('the page chose the relaxed-SIMD core where the browser validates relaxed SIMD', async () => {
  const { supported, core } = await s.page.evaluate(async () => {
    const m = await import('/lib/core.js');
    return { supported: m.relaxedSimdSupported(), core: document.documentElement.dataset.core };
  });
  assert.equal(core, supported ? 'relaxed' : 'simd');
  assert.ok(supported, 'Chromium runs relaxed SIMD, so the relaxed build is exercised here');
  assert.deepEqual(s.consoleErrors, []);
});

test('?core=simd forces the SIMD build and the station draws what the relaxed build draws', async () => {
  const { page, url } = s;
  const relaxed = await canvasPixels(page, '[data-testid=output-canvas]');
  await page.goto(`${url}/?core=simd#/kernel`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.core), 'simd');
  const simd = await canvasPixels(page, '[data-testid=output-canvas]');
  assert.equal(simd.data.length, relaxed.data.length);
  let worst = 0;
  let lit = 0;
  for (let i = 0; i < simd.data.length; i++) {
    worst = Math.max(worst, Math.abs(simd.data[i] - relaxed.data[i]));
    if (i % 4 !== 3 && simd.data[i] > 0) lit++;
  }
  assert.ok(lit > simd.data.length / 8, 'the filtered photo is drawn');
  assert.ok(worst <= 1, `the two builds draw the same photo within ±1 (max ${worst})`);
  assert.deepEqual(s.consoleErrors, []);
});

test('both builds equal a float64 reference on random photos and kernels, and each other', async () => {
  const report = await s.page.evaluate(async () => {
    const builds = {};
    for (const [name, file] of [['simd', 'convlab_bg.wasm'], ['relaxed', 'convlab_relaxed_bg.wasm']]) {
      const mod = await import(`/pkg/convlab.js?test=${name}`);
      await mod.default({ module_or_path: `/pkg/${file}` });
      builds[name] = mod;
    }
    let seed = 7;
    const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
    const nearest = (i, n) => Math.min(n - 1, Math.max(0, i));
    const reflect = (i, n) => { const p = 2 * n; const k = ((i % p) + p) % p; return k < n ? k : p - 1 - k; };
    const BORDERS = { nearest, reflect, constant: null };
    /** float64 correlation of channel `ch` (of `lanes`) with a centred kernel. */
    function reference(data, w, h, lanes, ch, k, kr, kc, border) {
      const out = new Float64Array(w * h);
      const at = BORDERS[border];
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
        let sum = 0;
        for (let i = 0; i < kr; i++) for (let j = 0; j < kc; j++) {
          let yy = y + i - (kr >> 1), xx = x + j - (kc >> 1);
          if (at) { yy = at(yy, h); xx = at(xx, w); } else if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
          sum += k[i * kc + j] * data[lanes * (yy * w + xx) + ch];
        }
        out[y * w + x] = sum;
      }
      return out;
    }
    const dyadic = () => [-1, -0.5, -0.25, 0, 0.25, 0.5, 1][Math.floor(rnd() * 7)];
    const kernels = [
      { name: 'gaussian', kr: 3, kc: 3, k: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16) },
      { name: 'box', kr: 3, kc: 3, k: Array(9).fill(1 / 9) },
      { name: 'random 3x3', kr: 3, kc: 3, k: Array.from({ length: 9 }, () => rnd() * 4 - 2) },
      { name: 'random 5x4', kr: 5, kc: 4, k: Array.from({ length: 20 }, () => rnd() - 0.5) },
    ];
    // Exactly rank-1 kernels of random floats times powers of two: the separable path.
    for (const [kr, kc] of [[3, 3], [5, 5], [7, 3]]) {
      const u = Array.from({ length: kr }, () => rnd() * 2 - 1);
      const v = Array.from({ length: kc }, dyadic);
      v[0] = 1;
      kernels.push({ name: `rank-1 ${kr}x${kc}`, kr, kc, k: u.flatMap((a) => v.map((b) => Math.fround(a * b))) });
    }
    const problems = [];
    let checked = 0;
    let buildsDiffer = 0;
    for (const [w, h] of [[13, 7], [64, 9], [5, 1], [1, 6]]) {
      const img = new Uint8ClampedArray(4 * w * h).map(() => Math.floor(rnd() * 256));
      for (const { name, kr, kc, k } of kernels) {
        const kf = new Float32Array(k);
        for (const border of Object.keys(BORDERS)) {
          const outs = {};
          for (const [b, mod] of Object.entries(builds)) {
            const out = mod.filter_rgba(img, w, h, kf, kr, kc, border, 'clamp');
            outs[b] = out;
            const tol = 1e-4 * kf.reduce((a, x) => a + Math.abs(x), 0) * 255 + 1e-6;
            for (let ch = 0; ch < 3; ch++) {
              const ref = reference(img, w, h, 4, ch, kf, kr, kc, border);
              for (let p = 0; p < w * h; p++) {
                const exact = Math.min(255, Math.max(0, ref[p]));
                const got = out[4 * p + ch];
                const nearHalf = Math.abs(exact - Math.floor(exact) - 0.5) <= tol;
                if (!(Math.abs(got - exact) <= 0.5 + 1e-9 || (nearHalf && Math.abs(got - exact) <= 1))) {
                  problems.push(`${b} ${name} ${border} ${w}x${h} ch${ch} px${p}: ${got} vs ${ref[p]}`);
                }
                checked++;
              }
            }
            for (let p = 0; p < w * h; p++) if (out[4 * p + 3] !== img[4 * p + 3]) problems.push(`${b} alpha changed`);
            // correlate2d on the red plane: floats within relative rounding of the reference.
            const plane = Float32Array.from({ length: w * h }, (_, p) => img[4 * p] / 255);
            const z = mod.correlate2d(plane, h, w, kf, kr, kc, border);
            const zref = reference(plane, w, h, 1, 0, kf, kr, kc, border);
            const scale = kf.reduce((a, x) => a + Math.abs(x), 0);
            for (let p = 0; p < w * h; p++) {
              if (!(Math.abs(z[p] - zref[p]) <= 1e-5 * scale + 1e-7)) problems.push(`${b} correlate2d ${name} ${border}: ${z[p]} vs ${zref[p]}`);
            }
          }
          for (let i = 0; i < outs.simd.length; i++) {
            const d = Math.abs(outs.simd[i] - outs.relaxed[i]);
            if (d > 1) problems.push(`builds differ by ${d} (${name} ${border})`);
            if (d) buildsDiffer++;
          }
        }
      }
    }
    // The FFT path (its two-butterfly plans on grids of 120, 150 and 288) against direct
    // correlation, for a 49×49 kernel: relative to the largest response.
    for (const [b, mod] of Object.entries(builds)) {
      for (const n of [64, 100, 240]) {
        const img = Float32Array.from({ length: n * n }, () => rnd());
        const k = Float32Array.from({ length: 49 * 49 }, () => rnd() - 0.5);
        const fft = mod.correlate2d_fft(img, n, n, k, 49, 49, 'reflect');
        const direct = mod.correlate2d(img, n, n, k, 49, 49, 'reflect');
        let d = 0;
        let scale = 0;
        for (let p = 0; p < fft.length; p++) { d = Math.max(d, Math.abs(fft[p] - direct[p])); scale = Math.max(scale, Math.abs(direct[p])); }
        if (!(d <= 1e-5 * scale)) problems.push(`${b} correlate2d_fft ${n}²: ${d} of ${scale}`);
        checked += fft.length;
      }
    }
    return { problems: problems.slice(0, 10), count: problems.length, checked, buildsDiffer };
  });
  assert.equal(report.count, 0, report.problems.join('\n'));
  assert.ok(report.checked > 10000, `checked ${report.checked} bytes`);
  console.log(`# ${report.checked} bytes checked; the two builds differ in ${report.buildsDiffer} of them (FMA rounding)`);
});

test('LeNet-5 (matmul and conv engine) predicts the same digits in both builds', async () => {
  const report = await s.page.evaluate(async () => {
    const get = async (name) => new Uint8Array(await (await fetch(`/data/${name}`)).arrayBuffer());
    const [mnist, weights] = [await get('mnist.bin.gz'), await get('lenet5-weights.bin')];
    const probs = {};
    for (const [name, file] of [['simd', 'convlab_bg.wasm'], ['relaxed', 'convlab_relaxed_bg.wasm']]) {
      const mod = await import(`/pkg/convlab.js?lenet=${name}`);
      await mod.default({ module_or_path: `/pkg/${file}` });
      const data = new mod.MnistData(mnist);
      const model = new mod.Lenet5Model();
      model.load_weights(weights);
      probs[name] = Array.from({ length: 50 }, (_, i) => Array.from(model.predict(data.held_out_image(i))));
      model.free();
      data.free();
    }
    let worst = 0;
    let argmaxDiffer = 0;
    const argmax = (p) => p.indexOf(Math.max(...p));
    probs.simd.forEach((p, i) => {
      p.forEach((v, k) => { worst = Math.max(worst, Math.abs(v - probs.relaxed[i][k])); });
      if (argmax(p) !== argmax(probs.relaxed[i])) argmaxDiffer++;
    });
    return { worst, argmaxDiffer, sum: probs.relaxed[0].reduce((a, b) => a + b, 0) };
  });
  assert.ok(Math.abs(report.sum - 1) < 1e-4, `probabilities sum to 1 (${report.sum})`);
  assert.ok(report.worst < 1e-4, `class probabilities agree within 1e-4 (max ${report.worst})`);
  assert.equal(report.argmaxDiffer, 0);
  assert.deepEqual(s.consoleErrors, []);
});
