// End-to-end: the LeNet-5 station as a student uses it, in headless Chromium. Expected values
// come from the same wasm core run here in Node (initSync), on the same shipped data and
// weights: the page must show what the core computes, and wire it right.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openStation, canvasPixels, screenshot } from './harness.mjs';
import { initSync, Lenet5Model, MnistData, lenet5_preprocess } from '../../www/pkg/convlab.js';

initSync({ module: fs.readFileSync(new URL('../../www/pkg/convlab_bg.wasm', import.meta.url)) });
const WEIGHTS = new Uint8Array(fs.readFileSync(new URL('../../www/data/lenet5-weights.bin', import.meta.url)));
const MNIST = new MnistData(new Uint8Array(fs.readFileSync(new URL('../../www/data/mnist.bin.gz', import.meta.url))));
const model = new Lenet5Model();
model.load_weights(WEIGHTS);
const HELD_OUT = MNIST.held_out_count();
const label = (i) => MNIST.held_out_label(i);
const image = (i) => MNIST.held_out_image(i);
const argmax = (p) => p.reduce((b, v, i) => (v > p[b] ? i : b), 0);

let s;
before(async () => { s = await openStation('lenet', { hash: '?epochs=50', viewport: { width: 1366, height: 900 } }); });
after(async () => { await s.close(); });

const ready = () => s.page.waitForSelector('.ln5[data-ready="true"]', { timeout: 60000 });
const predicted = () => s.page.$eval('.ln5-pred-digit', (e) => e.dataset.pred);
/**
 * Waits until the prediction on screen is the network's reading of the pad as it is now: the
 * pad counts its ink changes (data-ink) and the reading records the count it read. (Any render
 * would do for a generic frame wait, such as one for the first of several strokes.)
 */
const readNow = () => s.page.waitForFunction(() => {
  const pad = document.querySelector('canvas.drawpad'), pred = document.querySelector('.ln5-pred-digit');
  return pad && pred && pred.dataset.ink === pad.dataset.ink;
}, null, { timeout: 30000 });

/** Draws a 28×28 ink image on the pad as one horizontal stroke per run of inked pixels. */
async function drawAsStrokes(img) {
  const box = await s.page.$eval('canvas.drawpad', (c) => { const r = c.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width }; });
  const cell = box.w / 28;
  for (let r = 0; r < 28; r++) {
    let c = 0;
    while (c < 28) {
      if (img[r * 28 + c] < 0.5) { c++; continue; }
      const start = c;
      while (c < 28 && img[r * 28 + c] >= 0.5) c++;
      const y = box.y + (r + 0.5) * cell;
      await s.page.mouse.move(box.x + (start + 0.5) * cell, y);
      await s.page.mouse.down();
      await s.page.mouse.move(box.x + (c - 0.5) * cell, y, { steps: 2 });
      await s.page.mouse.up();
    }
  }
}

test('opens ready: the architecture with the core\'s shapes and parameter counts', async () => {
  await ready();
  const layers = Array.from(model.layer_info());
  const total = layers.reduce((a, l) => a + l.params, 0);
  assert.equal(total, 61706, 'LeNet-5 as on the slide has 61,706 parameters');
  assert.equal(Number(await s.page.$eval('.la-figure', (e) => e.dataset.total)), total);
  const stages = await s.page.$$eval('.la-stage', (els) => els.map((e) => ({ name: e.dataset.stage, shape: e.querySelector('.la-shape').textContent, params: Number(e.querySelector('.la-params').dataset.params) })));
  assert.deepEqual(stages.map((x) => x.shape), ['1@28×28', '6@28×28', '6@14×14', '16@10×10', '16@5×5', '120', '84', '10']);
  for (const name of ['conv1', 'conv2', 'fc1', 'fc2', 'fc3']) {
    const l = layers.find((q) => q.name === name);
    assert.equal(stages.find((x) => x.name === name).params, l.params, `${name} parameters`);
  }
});

test('drawing held-out digits with pointer events gives their labels', async () => {
  await ready();
  // Held-out digits the shipped weights read right with confidence, one per label 0, 3, 7.
  const picks = [0, 3, 7].map((d) => {
    for (let i = 0; i < HELD_OUT; i++) {
      if (label(i) !== d) continue;
      const p = model.predict(image(i));
      if (argmax(p) === d && p[d] > 0.99) return i;
    }
    throw new Error(`no confident held-out ${d}`);
  });
  for (const i of picks) {
    await s.page.click('button.ln5-clear');
    await readNow();
    assert.equal(await predicted(), '', 'a clear pad predicts nothing');
    await drawAsStrokes(image(i));
    await readNow(); // every stroke read, not just the first
    assert.notEqual(await predicted(), '', 'the drawing is read');
    // The page read what is on its pad exactly as the core does in Node …
    const pad = await canvasPixels(s.page, 'canvas.drawpad');
    const x = lenet5_preprocess(pad.data, pad.width, pad.height);
    const want = argmax(model.predict(x));
    assert.equal(Number(await predicted()), want, 'the page shows the core\'s prediction for its pad');
    const shown = await canvasPixels(s.page, 'canvas.ln5-input');
    let worst = 0;
    for (let k = 0; k < 784; k++) worst = Math.max(worst, Math.abs(shown.data[4 * k] - 255 * (1 - x[k])));
    assert.ok(worst <= 1, `the 28×28 input shown is the preprocessed pad (worst ${worst} grey levels)`);
    // The text alternatives say the same reading a sighted student sees.
    assert.match(await s.page.$eval('canvas.ln5-input', (c) => c.getAttribute('aria-label')), new RegExp(`it reads ${want},`));
    const probsLabel = await s.page.$eval('.ln5-bars', (e) => e.getAttribute('aria-label'));
    assert.equal(probsLabel.split(': ')[1].split(', ').length, 10, `all ten probabilities are spoken: ${probsLabel}`);
    // … and a digit drawn by pointer strokes is read as its label.
    assert.equal(want, label(i), `held-out digit #${i} drawn as strokes is read as ${label(i)}`);
  }
});

test('a finger draws too (touch events through the DevTools protocol), and Clear empties the pad', async () => {
  await ready();
  await s.page.click('button.ln5-clear');
  await readNow();
  assert.equal(await predicted(), '');
  const box = await s.page.$eval('canvas.drawpad', (c) => { const r = c.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width }; });
  const cdp = await s.context.newCDPSession(s.page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  const at = (t) => [{ x: box.x + box.w * 0.5, y: box.y + box.w * (0.15 + 0.7 * t) }];
  const inkBefore = await s.page.$eval('canvas.drawpad', (c) => Number(c.dataset.ink));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let k = 1; k <= 10; k++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(k / 10) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
  assert.ok(await s.page.$eval('canvas.drawpad', (c) => Number(c.dataset.ink)) > inkBefore, 'the finger laid down ink');
  await readNow(); // the whole stroke read
  assert.notEqual(await predicted(), '');
  const pad = await canvasPixels(s.page, 'canvas.drawpad');
  const want = argmax(model.predict(lenet5_preprocess(pad.data, pad.width, pad.height)));
  assert.equal(Number(await predicted()), want, 'the stroke is read as the core reads it');
  assert.equal(want, 1, 'a vertical stroke is a 1');
});

test('pointing at a conv2 unit writes out its sum, equal to the core\'s value', async () => {
  await ready();
  const map = s.page.locator('.lx-layer[data-stage="conv2"] canvas.lx-map').nth(4);
  const b = await map.boundingBox();
  await map.hover({ position: { x: b.width * 0.55, y: b.height * 0.45 } });
  await s.page.waitForFunction(() => /conv2, channel 5/.test(document.querySelector('.li-title').textContent));
  const sum = await s.page.$eval('.li-sum', (e) => ({ z: Number(e.dataset.z), explained: Number(e.dataset.explained), text: e.textContent }));
  // The core in Node, on what the pad holds, gives the same pre-activation for that unit.
  const [, row, col] = (await s.page.$eval('.li-title', (e) => e.textContent)).match(/unit \((\d+), (\d+)\)/).map(Number);
  const pad = await canvasPixels(s.page, 'canvas.drawpad');
  const acts = model.activations(lenet5_preprocess(pad.data, pad.width, pad.height));
  const conv2 = acts.layers.find((l) => l.name === 'conv2');
  const want = conv2.data[(4 * conv2.shape[1] + row) * conv2.shape[2] + col];
  assert.ok(Math.abs(sum.z - want) < 1e-5, `page z ${sum.z} = core z ${want}`);
  assert.ok(Math.abs(sum.z - sum.explained) < 1e-4 * Math.max(1, Math.abs(sum.z)), `Σ of the written-out terms ${sum.explained} = core z ${sum.z}`);
  assert.match(sum.text, /z = Σ w·x \+ b = .* = /);
  assert.equal(await s.page.$$eval('.li-ch', (e) => e.length), 6, 'one input patch and filter per conv1 channel');
});

test('the unit view shows 9 held-out digits and a synthesised input for a conv2 channel', async () => {
  await ready();
  await s.page.click('.lu-ch[data-channel="6"]');
  await s.page.waitForFunction(() => { const u = document.querySelector('.lu'); return u.dataset.channel === '6' && u.dataset.busy === 'false'; }, null, { timeout: 60000 });
  assert.equal(await s.page.$$eval('.lu-grid canvas.lu-digit', (e) => e.length), 9);
  const synth = await canvasPixels(s.page, '.lu-synth canvas');
  const grey = new Set();
  for (let k = 0; k < synth.data.length; k += 4) grey.add(synth.data[k]);
  assert.ok(grey.size > 10, 'the synthesised input is an image, not a flat square');
});

test('training runs in the worker: progress, curves and images/s advance while the page answers clicks', async () => {
  await ready();
  await s.page.click('button.lt-start');
  await s.page.waitForFunction(() => Number(document.querySelector('.lt').dataset.reports || 0) >= 3, null, { timeout: 60000 });
  const before1 = await s.page.evaluate(() => ({ f: Number(document.querySelector('.lt-progress').dataset.fraction), pts: Number(document.querySelector('.lt-loss').dataset.points) }));
  // A click elsewhere is handled at once: the pad gets a held-out 2 and the prediction follows.
  await s.page.click('button.ln5-sample[data-digit="2"]');
  await readNow();
  assert.equal(await s.page.$eval('.lt', (e) => e.dataset.state), 'running', 'still training (50 epochs)');
  await s.page.waitForFunction((b) => Number(document.querySelector('.lt-progress').dataset.fraction) > b.f
    && Number(document.querySelector('.lt-loss').dataset.points) > b.pts + 2, before1, { timeout: 60000 });
  const ips = Number(await s.page.$eval('.lt-speed', (e) => e.dataset.ips));
  // The accuracy curve's text alternative states the newest held-out point it draws.
  assert.match(await s.page.$eval('canvas.lt-acc', (c) => c.getAttribute('aria-label')), /^Accuracy curves.*\. Now: training: accuracy % [\d.]+ at epoch [\d.]+; held-out: /);
  assert.ok(ips > 0, `images/s shown: ${ips}`);
  assert.match(await s.page.$eval('.ln5-weights', (e) => e.textContent), /training run/, 'the pad uses the training weights');
  await s.page.click('button.lt-pause');
  await s.page.waitForSelector('.lt[data-state="paused"]');
  await s.page.click('button.lt-pause');
  await s.page.waitForSelector('.lt[data-state="running"]');
  await s.page.click('button.lt-stop');
  await s.page.waitForSelector('.lt[data-state="stopped"]');
  await screenshot(s.page, 'lenet-training');
});

test('a step size that makes the loss NaN stops training with a message; the pad still predicts', async () => {
  await ready();
  await s.page.fill('[data-testid="hyper-lr"]', '500');
  await s.page.click('button.lt-start');
  await s.page.waitForSelector('.lt[data-state="diverged"]', { timeout: 60000 });
  const msg = await s.page.$eval('[data-setting="lr"] .field-error', (e) => e.textContent);
  assert.match(msg, /NaN|infinite|too large/i);
  await s.page.click('button.ln5-sample[data-digit="4"]');
  await readNow();
  const probs = await s.page.$$eval('.ln5-bar', (els) => els.map((e) => 100 * Number(e.dataset.p)));
  assert.ok(probs.every(Number.isFinite), 'ten finite probabilities');
  assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 100) < 1, 'that add up to 100 %');
  assert.notEqual(await predicted(), '', 'and a prediction');
  await s.page.click('button.lt-pretrained');
  await s.page.waitForFunction(() => /pretrained/.test(document.querySelector('.ln5-weights').textContent));
});

test('screenshots at 375, 1366 and 1920 px without horizontal scrolling', async () => {
  for (const width of [375, 1366, 1920]) {
    await s.page.setViewportSize({ width, height: 900 });
    await s.page.click('button.ln5-sample[data-digit="5"]');
    await readNow();
    // The training plots are drawn for their box's new width (after the resize's redraw).
    await s.page.waitForFunction(() => { const p = document.querySelector('.lt-plots'); return p.dataset.fit === String(p.clientWidth); }, null, { timeout: 30000 });
    const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scroll at ${width} px (overflow ${overflow} px)`);
    await screenshot(s.page, `lenet-${width}`);
  }
});

test('no console errors and no external requests', () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
