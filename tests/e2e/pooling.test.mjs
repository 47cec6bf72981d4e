// End-to-end: the conv → ReLU → pool station as a student uses it, in headless Chromium.
// Output sizes are worked out by hand (⌊(n − size)/stride⌋ + 1); pooled pictures are checked
// against the conv + ReLU picture drawn next to them, in plain JS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot } from './harness.mjs';

let s;
before(async () => { s = await openStation('pooling'); });
after(async () => { await s.close(); });

const text = (sel) => s.page.$eval(sel, (e) => e.textContent.trim());
const map = (stage, filter = 'sobel-x') => `canvas.pl-map[data-stage=${stage}][data-filter=${filter}]`;
/** Grey level of pixel (x, y) (the maps are drawn grey, so the red channel is enough). */
const grey = (img, x, y) => img.data[4 * (y * img.width + x)];
// The layer's filters as the lecture writes them (the page prints the same tables).
const KERNELS = {
  'sobel-x': [-1, 0, 1, -2, 0, 2, -1, 0, 1],
  'sobel-y': [-1, -2, -1, 0, 0, 0, 1, 2, 1],
  laplace: [0, 1, 0, 1, -4, 1, 0, 1, 0],
  blur: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16),
};
/** Grey levels of a drawn map, as numbers. */
const greys = (img) => Array.from({ length: img.width * img.height }, (_, i) => img.data[4 * i]);
/** ‖a − b‖ / ‖b‖. */
function relChange(a, b) {
  let d = 0, n = 0;
  for (let i = 0; i < a.length; i++) { d += (a[i] - b[i]) ** 2; n += b[i] ** 2; }
  return Math.sqrt(d / n);
}
/** Printed percentages of the shift summary: [no pooling, max pool, average pool]. */
const printedPercents = async () => (await text('[data-testid=shift-summary]')).match(/\d+(?=\s%)/g).map(Number);

/**
 * Waits until the maps on screen are the ones for the settings now in the address: a change
 * writes the address at once and the maps are drawn in the next animation frame, naming their
 * settings in .pl-layers[data-for]. (A render count could move for another redraw first.)
 */
const drawnForAddress = (page = s.page) => page.waitForFunction(() => {
  const drawn = document.querySelector('.pl-layers')?.dataset.for;
  return drawn !== undefined && drawn === (location.hash.split('?')[1] || '');
}, null, { timeout: 30000 });

async function press(label, key, times = 1) {
  await s.page.getByLabel(label, { exact: true }).focus();
  for (let i = 0; i < times; i++) await s.page.keyboard.press(key);
  await drawnForAddress();
}

test('the conv + ReLU maps are the ReLU of each filter correlated with the drawn input', async () => {
  await drawnForAddress(); // the first maps are drawn in the frame after the station mounts
  const input = await canvasPixels(s.page, 'canvas.pl-input');
  assert.equal(input.width, 128);
  const x = (r, c) => input.data[4 * (r * 128 + c)] / 255; // drawn grey 0…255 ↔ 0…1
  for (const [f, k] of Object.entries(KERNELS)) {
    const drawn = await canvasPixels(s.page, map('none', f));
    // Away from the border, correlate by hand: z(r, c) = Σ k(u, v)·x(r + u − 1, c + v − 1), then ReLU.
    const est = [], got = [];
    for (let r = 1; r < 127; r++) for (let c = 1; c < 127; c++) {
      let z = 0;
      for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) z += k[3 * u + v] * x(r + u - 1, c + v - 1);
      est.push(Math.max(0, z));
      got.push(grey(drawn, c, r));
    }
    // The map is drawn on its own grey scale (black = 0, white = its maximum): fit that one factor.
    let num = 0, den = 0;
    for (let i = 0; i < est.length; i++) { num += got[i] * est[i]; den += est[i] * est[i]; }
    const scale = num / den;
    let off = 0;
    for (let i = 0; i < est.length; i++) if (Math.abs(got[i] - scale * est[i]) > 5) off++;
    assert.ok(off <= 0.005 * est.length, `${f}: ${off} of ${est.length} pixels differ from the hand-made ReLU(correlation)`);
    assert.ok(new Set(got).size > 30 && Math.max(...got) > 200, `${f}: a real picture, not a blank map`);
  }
});

test('default 2 × 2, stride 2 pooling halves 128 × 128 maps, and max pool is the block maximum', async () => {
  // ⌊(128 − 2)/2⌋ + 1 = 64.
  assert.equal(await text('[data-testid=shape-text]'), '128×128 → 64×64');
  for (const f of ['sobel-x', 'sobel-y', 'laplace', 'blur']) {
    const conv = await canvasPixels(s.page, map('none', f));
    assert.ok(new Set(greys(conv)).size > 30, `${f}: the conv + ReLU map is a real picture`);
    const mx = await canvasPixels(s.page, map('max', f));
    const av = await canvasPixels(s.page, map('avg', f));
    assert.equal(conv.width, 128);
    assert.equal(mx.width, 64);
    assert.equal(av.height, 64);
    // All three share one grey scale, and rounding to 0..255 is monotone, so the drawn max-pooled
    // pixel is exactly the max of the drawn 2 × 2 block; the average is within rounding.
    let worstMax = 0, worstAvg = 0, maxBelowAvg = 0;
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) {
      const block = [grey(conv, 2 * x, 2 * y), grey(conv, 2 * x + 1, 2 * y), grey(conv, 2 * x, 2 * y + 1), grey(conv, 2 * x + 1, 2 * y + 1)];
      worstMax = Math.max(worstMax, Math.abs(grey(mx, x, y) - Math.max(...block)));
      worstAvg = Math.max(worstAvg, Math.abs(grey(av, x, y) - block.reduce((a, b) => a + b) / 4));
      if (grey(mx, x, y) < grey(av, x, y)) maxBelowAvg++;
    }
    assert.equal(worstMax, 0, `${f}: max pool = block max of the conv + ReLU map`);
    assert.ok(worstAvg <= 1, `${f}: average pool = block mean ± rounding (worst ${worstAvg})`);
    assert.equal(maxBelowAvg, 0, `${f}: max pool ≥ average pool everywhere`);
  }
  await screenshot(s.page, 'pooling');
});

test('pool size and stride change the printed output size and the pooled maps', async () => {
  const before = await canvasPixels(s.page, map('max'));
  await press('Pool size', 'ArrowRight'); // 3 × 3, stride 2: ⌊(128 − 3)/2⌋ + 1 = 63
  assert.equal(await text('[data-testid=shape-text]'), '128×128 → 63×63');
  assert.match(await text('[data-testid=pool-shape]'), /⌊\(128−3\)\/2⌋\+1 = 63/);
  const after = await canvasPixels(s.page, map('max'));
  assert.equal(after.width, 63);
  assert.notDeepEqual(after.data.slice(0, 4 * 63 * 10), before.data.slice(0, 4 * 63 * 10), 'the pooled picture changes');
  // Overlapping 3 × 3 windows every 2 px: output (i, j) is the max / mean of rows 2i…2i+2, columns 2j…2j+2.
  const conv = await canvasPixels(s.page, map('none'));
  const avg = await canvasPixels(s.page, map('avg'));
  let worstMax = 0, worstAvg = 0;
  for (let i = 0; i < 63; i++) for (let j = 0; j < 63; j++) {
    const block = [];
    for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) block.push(grey(conv, 2 * j + v, 2 * i + u));
    worstMax = Math.max(worstMax, Math.abs(grey(after, j, i) - Math.max(...block)));
    worstAvg = Math.max(worstAvg, Math.abs(grey(avg, j, i) - block.reduce((a, b) => a + b) / 9));
  }
  assert.equal(worstMax, 0, 'max pool 3 × 3 stride 2 = window max of the drawn conv map');
  assert.ok(worstAvg <= 1, `average pool = window mean ± rounding (worst ${worstAvg})`);
  await press('Stride', 'ArrowRight'); // 3 × 3, stride 3: ⌊125/3⌋ + 1 = 42
  assert.equal(await text('[data-testid=shape-text]'), '128×128 → 42×42');
  assert.equal((await canvasPixels(s.page, map('avg', 'blur'))).width, 42);
  assert.match(await text('.pl-colhead[data-stage=max]'), /42 × 42/);
  // Back to 2 × 2, stride 2.
  await press('Pool size', 'ArrowLeft');
  await press('Stride', 'ArrowLeft');
  assert.equal(await text('[data-testid=shape-text]'), '128×128 → 64×64');
  assert.match(await s.page.evaluate(() => location.hash), /size=2&stride=2/);
});

test('a typed pool size outside 1…8 or a decimal is refused next to the box; the maps stay', async () => {
  const box = s.page.getByLabel('Pool size (type a value)');
  const before = await canvasPixels(s.page, map('max'));
  for (const [typed, why] of [['9', /Pool size must be at most 8/], ['0', /at least 1/], ['2.5', /whole number/]]) {
    await box.fill(typed);
    assert.match(await text('#pooling-size-error'), why, typed);
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    assert.equal(await text('[data-testid=shape-text]'), '128×128 → 64×64');
    assert.deepEqual((await canvasPixels(s.page, map('max'))).data, before.data, 'the maps are kept');
  }
  await box.fill('4'); // ⌊(128 − 4)/2⌋ + 1 = 63
  await drawnForAddress();
  assert.match(await s.page.evaluate(() => location.hash), /size=4&/);
  assert.equal(await text('[data-testid=shape-text]'), '128×128 → 63×63');
  assert.equal(await text('#pooling-size-error'), '');
  await box.fill('2');
  await drawnForAddress();
  assert.equal(await text('[data-testid=shape-text]'), '128×128 → 64×64');
});

test('pooling makes the maps change less under a 1 px shift, and the shift control redraws the plots', async () => {
  const sum = async () => s.page.$eval('[data-testid=shift-summary]', (e) => ({ ...e.dataset }));
  const one = await sum(); // default shift 1 px to the right
  assert.ok(+one.none > 0.1, `a 1 px shift changes the conv + ReLU maps (${one.none})`);
  assert.ok(+one.max < +one.none, `max pooling absorbs part of it (${one.max} < ${one.none})`);
  assert.ok(+one.avg < +one.none, `average pooling too (${one.avg} < ${one.none})`);
  const bars = await canvasPixels(s.page, 'canvas.pl-bars');
  const curve = await canvasPixels(s.page, 'canvas.pl-curve');
  await press('Shift input', 'ArrowRight'); // 2 px
  const two = await sum();
  assert.notEqual(two.none, one.none);
  assert.notDeepEqual((await canvasPixels(s.page, 'canvas.pl-bars')).data, bars.data, 'bars redrawn');
  assert.notDeepEqual((await canvasPixels(s.page, 'canvas.pl-curve')).data, curve.data, 'marker moved');
  await press('Shift input', 'Home'); // 0 px: nothing changes
  const zero = await sum();
  assert.equal(+zero.none, 0);
  assert.equal(+zero.max, 0);
  assert.match(await text('[data-testid=shift-summary]'), /nothing changes/);
  await press('Shift input', 'ArrowRight');
});

test('"Shifted" shows the maps of the input moved 1 px right; Flip alternates', async () => {
  const conv = await canvasPixels(s.page, map('none'));
  const original = {}, shifted = {};
  for (const f of Object.keys(KERNELS)) for (const st of ['none', 'max', 'avg']) original[`${st}:${f}`] = greys(await canvasPixels(s.page, map(st, f)));
  await s.page.getByRole('button', { name: 'Shifted', exact: true }).click();
  assert.equal(await s.page.getAttribute('.pl-layers', 'data-view'), 'shifted');
  for (const f of Object.keys(KERNELS)) for (const st of ['none', 'max', 'avg']) shifted[`${st}:${f}`] = greys(await canvasPixels(s.page, map(st, f)));
  // The printed changes are ‖shifted − original‖ / ‖original‖ of the maps on screen, averaged
  // over the 4 filters (to within the 8-bit rounding of the drawing).
  const printed = await printedPercents();
  ['none', 'max', 'avg'].forEach((st, i) => {
    const mean = Object.keys(KERNELS).reduce((a, f) => a + relChange(shifted[`${st}:${f}`], original[`${st}:${f}`]), 0) / 4;
    assert.ok(Math.abs(100 * mean - printed[i]) <= 3, `${st}: printed ${printed[i]} %, measured on the drawn maps ${(100 * mean).toFixed(1)} %`);
  });
  const moved = await canvasPixels(s.page, map('none'));
  // Away from the left/right border, the shifted input's map is the original map moved 1 px.
  let worst = 0;
  for (let y = 0; y < 128; y++) for (let x = 2; x < 126; x++) {
    worst = Math.max(worst, Math.abs(grey(moved, x, y) - grey(conv, x - 1, y)));
  }
  assert.ok(worst <= 1, `shifted map = map moved by 1 px (worst ${worst})`);
  await s.page.getByRole('button', { name: 'Original', exact: true }).click();
  assert.equal(await s.page.getAttribute('.pl-layers', 'data-view'), 'original');

  const flip = s.page.locator('.pl-view > button[title^="Flip"]'); // its text becomes Stop
  await flip.click();
  // The view flips by itself: wait for it to become shifted, then original again.
  const flipsTo = (view) => s.page.waitForFunction((v) => document.querySelector('.pl-layers').dataset.view === v, view, { timeout: 30000 });
  await flipsTo('shifted');
  await flipsTo('original');
  assert.equal(await flip.getAttribute('aria-pressed'), 'true');
  await s.page.locator('.pl-view button', { hasText: 'Stop' }).click();
  assert.equal(await flip.getAttribute('aria-pressed'), 'false');
});

test('a larger input size is resampled and pooled too', async () => {
  await s.page.getByLabel('Input size').selectOption('256');
  await drawnForAddress();
  // ⌊(256 − 2)/2⌋ + 1 = 128.
  assert.equal(await text('[data-testid=shape-text]'), '256×256 → 128×128');
  assert.equal((await canvasPixels(s.page, map('max', 'laplace'))).width, 128);
});

test('the chosen photo is kept in the address and restored on reload', async () => {
  const t = await openStation('pooling');
  try {
    await t.page.getByTestId('sample-select').selectOption('coffee');
    await t.page.waitForFunction(() => /[?&]img=coffee(&|$)/.test(location.hash), null, { timeout: 30000 });
    await t.page.reload();
    await t.page.waitForFunction(() => document.body.dataset.station === 'pooling', null, { timeout: 30000 });
    assert.equal(await t.page.getByTestId('sample-select').inputValue(), 'coffee');
    assert.equal(await t.page.evaluate(() => window.convlab.images.current().sampleId), 'coffee');
    assert.deepEqual(t.consoleErrors, []);
  } finally {
    await t.close();
  }
});

test('no console errors and no external requests', () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
