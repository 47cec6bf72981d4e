// End-to-end: the skip-connections station in headless Chromium, used as a lecturer would —
// drag the depth slider, read the printed gradient ratios, change the dense block's growth rate,
// train the three stacks. The depth-3 ratios
// are recomputed here by a plain-JS forward/backward pass from the network's weights.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot, changedPixels, parsePrinted as parse } from './harness.mjs';

let s;
before(async () => { s = await openStation('skip', { viewport: { width: 1280, height: 800 } }); });
after(async () => { await s.close(); });

const stat = async (key) => parse(await s.page.$eval(`[data-stat="${key}"]`, (e) => e.textContent));
const RATIOS = ['w-ratio-plain', 'w-ratio-res', 's-ratio-plain', 's-ratio-res', 'w1-plain-vs-res'];

/** Sets a range input the way a drag does: new value, then an input event. */
async function drag(key, value) {
  await s.page.$eval(`input[data-key="${key}"]`, (el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, value);
}

/**
 * The station's numbers for one wiring, from scratch: forward h_{l+1} = f(W h + b) (+ h), ŷ = vᵀh_L + c,
 * L = (1/2B)Σ(ŷ − y)², then backprop. Returns per-layer ‖∂L/∂W_l‖ and RMS ‖∂L/∂h_l‖, l = 0 … L.
 */
function backprop({ x, y, w, b, v, c }, residual, act) {
  const n = v.length, B = y.length, L = w.length;
  const f = act === 'tanh' ? Math.tanh : (a) => Math.max(0, a);
  const df = act === 'tanh' ? (a) => 1 - Math.tanh(a) ** 2 : (a) => (a > 0 ? 1 : 0);
  const hs = [x.slice()], as = [];
  for (let l = 0; l < L; l++) {
    const hin = hs[l], a = new Array(n * B), out = new Array(n * B);
    for (let r = 0; r < B; r++) {
      for (let o = 0; o < n; o++) {
        let s = b[l][o];
        for (let i = 0; i < n; i++) s += w[l][o * n + i] * hin[r * n + i];
        a[r * n + o] = s;
        out[r * n + o] = f(s) + (residual ? hin[r * n + o] : 0);
      }
    }
    as.push(a); hs.push(out);
  }
  let g = new Array(n * B);
  for (let r = 0; r < B; r++) {
    let pred = c;
    for (let i = 0; i < n; i++) pred += v[i] * hs[L][r * n + i];
    for (let i = 0; i < n; i++) g[r * n + i] = ((pred - y[r]) / B) * v[i];
  }
  const rms = (arr) => Math.sqrt(arr.reduce((t, e) => t + e * e, 0) / B);
  const signal = new Array(L + 1), gradW = new Array(L);
  signal[L] = rms(g);
  for (let l = L - 1; l >= 0; l--) {
    const da = g.map((gi, k) => gi * df(as[l][k]));
    const dW = new Array(n * n).fill(0), gin = new Array(n * B).fill(0);
    for (let r = 0; r < B; r++) {
      for (let o = 0; o < n; o++) {
        for (let i = 0; i < n; i++) {
          dW[o * n + i] += da[r * n + o] * hs[l][r * n + i];
          gin[r * n + i] += w[l][o * n + i] * da[r * n + o];
        }
      }
    }
    if (residual) for (let k = 0; k < gin.length; k++) gin[k] += g[k];
    gradW[l] = Math.hypot(...dW);
    g = gin;
    signal[l] = rms(g);
  }
  return { gradW, signal };
}

test('moving the depth slider redraws the curves and the printed ratios match a JS backprop at depth 3', async () => {
  await s.page.waitForSelector('[data-stat="w-ratio-plain"][data-value]');
  assert.equal(await s.page.$eval('input[data-key="depth"]', (e) => e.value), '30');
  const grad30 = await canvasPixels(s.page, 'canvas.sk-grad');
  const sig30 = await canvasPixels(s.page, 'canvas.sk-sig');
  const at30 = await Promise.all(RATIOS.map(stat));

  // Keyboard, as a user would: Home = depth 2, one step right = depth 3.
  await s.page.focus('input[data-key="depth"]');
  await s.page.keyboard.press('Home');
  await s.page.keyboard.press('ArrowRight');
  assert.equal(await s.page.inputValue('#sk-depth-box'), '3', 'the typed box follows the slider');
  assert.equal(await s.page.$eval('[data-stat="depth"]', (e) => e.textContent), '3');
  const grad3 = await canvasPixels(s.page, 'canvas.sk-grad');
  const sig3 = await canvasPixels(s.page, 'canvas.sk-sig');
  assert.ok(changedPixels(grad30, grad3) > 2000, 'the gradient curves should be redrawn');
  assert.ok(changedPixels(sig30, sig3) > 2000, 'the signal curves should be redrawn');
  const at3 = await Promise.all(RATIOS.map(stat));
  assert.ok(RATIOS.some((_, i) => Math.abs(at3[i] - at30[i]) > 1e-3 * Math.abs(at30[i])), `printed ratios should change: ${at30} → ${at3}`);

  // The weights and the batch behind the figure; the gradients are recomputed here.
  const net = await s.page.evaluate(() => window.convlab.wasm.skip_weights({ depth: 3, activation: 'tanh', gain: 1, seed: 1 }));
  assert.equal(net.w.length, 3);
  const P = backprop(net, false, 'tanh'), R = backprop(net, true, 'tanh');
  const expected = {
    'w-ratio-plain': P.gradW[0] / P.gradW[2],
    'w-ratio-res': R.gradW[0] / R.gradW[2],
    's-ratio-plain': P.signal[0] / P.signal[3],
    's-ratio-res': R.signal[0] / R.signal[3],
    'w1-plain-vs-res': P.gradW[0] / R.gradW[0],
  };
  for (const [i, key] of RATIOS.entries()) {
    const want = expected[key];
    // Printed with 3 significant digits: rounding error at most 0.5 in the third digit.
    assert.ok(Math.abs(at3[i] - want) <= 0.006 * Math.abs(want), `${key}: printed ${at3[i]}, recomputed ${want}`);
    const full = Number(await s.page.$eval(`[data-stat="${key}"]`, (e) => e.dataset.value));
    assert.ok(Math.abs(full - want) <= 1e-9 * Math.abs(want), `${key}: ${full} vs ${want}`);
  }
  assert.match(s.page.url(), /depth=3/, 'the depth is kept in the URL');
});

test('typing a depth: a good one is used, a bad one is explained next to the box and changes nothing', async () => {
  await s.page.fill('#sk-depth-box', '12');
  assert.equal(await s.page.$eval('[data-stat="depth"]', (e) => e.textContent), '12');
  assert.equal(await s.page.$eval('input[data-key="depth"]', (e) => e.value), '12', 'the slider follows the box');
  assert.match(s.page.url(), /depth=12/);
  const ratios = await Promise.all(RATIOS.map(stat));
  for (const [bad, why] of [['500', /Depth L \(layers\) must be at most 100\./], ['1', /must be at least 2/], ['12.5', /must be a whole number/], ['', /needs an ordinary number/]]) {
    await s.page.fill('#sk-depth-box', bad);
    assert.match(await s.page.textContent('#sk-depth-error'), why, `"${bad}"`);
    assert.equal(await s.page.getAttribute('#sk-depth-box', 'aria-invalid'), 'true');
    assert.equal(await s.page.$eval('[data-stat="depth"]', (e) => e.textContent), '12', `"${bad}" kept depth 12`);
    assert.deepEqual(await Promise.all(RATIOS.map(stat)), ratios, `"${bad}" kept the figures`);
    assert.match(s.page.url(), /depth=12/);
  }
  // ↑ in the box steps from the last good value and clears the message.
  await s.page.focus('#sk-depth-box');
  await s.page.keyboard.press('ArrowUp');
  assert.equal(await s.page.inputValue('#sk-depth-box'), '13');
  assert.equal(await s.page.textContent('#sk-depth-error'), '');
  assert.equal(await s.page.$eval('[data-stat="depth"]', (e) => e.textContent), '13');
});

test('small init: the plain signal vanishes at depth 50, the residual one does not', async () => {
  await drag('depth', 50);
  await s.page.click('text=Small init (gain 0.5)');
  assert.equal(await s.page.inputValue('#sk-gain-box'), '0.5');
  assert.ok(await stat('s-ratio-plain') < 1e-6, 'plain signal ratio');
  assert.ok(await stat('s-ratio-res') > 0.1, 'residual signal ratio');
  assert.match(await s.page.$eval('.sk-verdict', (e) => e.textContent), /Vanishing gradients/);
  await s.page.click('text=Standard (tanh, gain 1)');
});

/** Trained numbers of the three stacks, counted here by hand (n = 16, read-out n_out + 1). */
function handCounts(L, k, n = 16) {
  let dense = 0;
  for (let l = 0; l < L; l++) dense += (n + l * k) * k + k;
  return { plain: L * (n * n + n) + n + 1, dense: dense + n + L * k + 1 };
}

test('changing the growth rate k redraws the dense diagram and the parameter counts', async () => {
  await drag('depth', 4);
  const counts = async () => ({
    plain: parse(await s.page.$eval('[data-stat="params-plain"]', (e) => e.textContent)),
    residual: parse(await s.page.$eval('[data-stat="params-residual"]', (e) => e.textContent)),
    dense: parse(await s.page.$eval('[data-stat="params-dense"]', (e) => e.textContent)),
  });
  assert.equal(await s.page.$eval('canvas.sk-dense', (c) => c.dataset.k), '8');
  const c8 = await counts();
  assert.deepEqual(c8, { ...handCounts(4, 8), residual: handCounts(4, 8).plain });
  const before = await canvasPixels(s.page, 'canvas.sk-dense');
  await s.page.focus('input[data-key="k"]');
  await s.page.keyboard.press('Home'); // k = 1
  await s.page.keyboard.press('ArrowRight'); // k = 2
  assert.equal(await s.page.$eval('canvas.sk-dense', (c) => c.dataset.k), '2');
  assert.ok(changedPixels(before, await canvasPixels(s.page, 'canvas.sk-dense')) > 500, 'the diagram is redrawn');
  const c2 = await counts();
  assert.equal(c2.dense, handCounts(4, 2).dense);
  assert.equal(c2.plain, c8.plain, 'k does not change the plain stack');
  assert.match(await s.page.$eval('.sk-dense-caption', (e) => e.textContent), /16 \+ 4·2 = 24 channels/);
  assert.match(s.page.url(), /k=2/);
  await drag('k', 8);
});

test('the weight-gradient figure adds the dense block at initialisation, computed in the worker', async () => {
  await drag('depth', 5);
  // The dense curve arrives from the worker a moment later, naming the settings it belongs to.
  await s.page.waitForFunction(() => document.querySelector('canvas.sk-grad').dataset.dense === (location.hash.split('?')[1] || ''), null, { timeout: 30000 });
  const img = await canvasPixels(s.page, 'canvas.sk-grad');
  const [r, g, b] = [0x7c, 0x3a, 0xed];
  let purple = 0;
  for (let i = 0; i < img.data.length; i += 4) if (Math.abs(img.data[i] - r) + Math.abs(img.data[i + 1] - g) + Math.abs(img.data[i + 2] - b) < 40) purple++;
  assert.ok(purple > 200, `the dense block's curve is drawn (${purple} px)`);
  // Its text alternative states the curve's last point: the core's ‖∂L/∂W_5‖ for a freshly
  // initialised dense block with these settings (the page wires it, the core computes it).
  const label = await s.page.getAttribute('canvas.sk-grad', 'aria-label');
  const m = /dense block: y (\S+) at layer l \(1 = next to the input\) 5/.exec(label);
  assert.ok(m, label);
  const want = await s.page.evaluate(() => {
    const run = new window.convlab.wasm.StackRaceRun({ depth: 5, activation: 'tanh', gain: 1, seed: 1, growth: 8, width: 16 });
    try { return run.grad_norms()[2][4]; } finally { run.free(); }
  });
  assert.ok(Math.abs(parse(m[1]) - want) <= 5e-4 * Math.abs(want) + 1e-12, `spoken ${m[1]}, core ${want}`);
  // A new setting gets its own curve.
  await drag('depth', 6);
  await s.page.waitForFunction(() => document.querySelector('canvas.sk-grad').dataset.dense === (location.hash.split('?')[1] || ''), null, { timeout: 30000 });
  assert.match(await s.page.getAttribute('canvas.sk-grad', 'aria-label'), /dense block: y \S+ at layer l \(1 = next to the input\) 6/);
});

test('Train runs all three stacks in the worker: three loss curves and per-layer gradients', async () => {
  await drag('depth', 30);
  const before = await canvasPixels(s.page, 'canvas.sk-loss');
  await s.page.click('button.sk-train');
  await s.page.waitForFunction(() => document.querySelector('.sk-status').textContent.startsWith('Done'), null, { timeout: 90000 });
  assert.equal(await s.page.$eval('canvas.sk-loss', (c) => c.dataset.steps), '100');
  assert.equal(await s.page.$eval('canvas.sk-train-grad', (c) => c.dataset.steps), '100');

  for (const k of ['plain', 'res', 'dense']) {
    const l0 = await stat(`loss0-${k}`), l = await stat(`loss-${k}`);
    assert.ok(Number.isFinite(l0) && Number.isFinite(l), `${k}: ${l0} → ${l}`);
    if (k !== 'plain') assert.ok(l < l0, `${k} improves: ${l0} → ${l}`);
  }
  assert.ok(await stat('loss-res') < await stat('loss-plain'), 'the residual stack ends below the plain one at depth 30');

  const colours = { plain: [0xc4, 0x37, 0x4b], residual: [0x24, 0x58, 0xc6], dense: [0x7c, 0x3a, 0xed] };
  for (const sel of ['canvas.sk-loss', 'canvas.sk-train-grad']) {
    const img = await canvasPixels(s.page, sel);
    for (const [name, rgb] of Object.entries(colours)) {
      let n = 0;
      for (let i = 0; i < img.data.length; i += 4) {
        if (Math.abs(img.data[i] - rgb[0]) + Math.abs(img.data[i + 1] - rgb[1]) + Math.abs(img.data[i + 2] - rgb[2]) < 40) n++;
      }
      assert.ok(n > 200, `${sel}: the ${name} curve is drawn (${n} px)`);
    }
  }
  assert.ok(changedPixels(before, await canvasPixels(s.page, 'canvas.sk-loss')) > 1000);
  await screenshot(s.page, 'skip');
});

test('no console errors and no external requests', () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
