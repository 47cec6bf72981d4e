// End-to-end: the parameter-count calculator as a student uses it, in headless Chromium.
// Expected numbers are worked out by hand in the comments (products of the typed sizes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot } from './harness.mjs';

let s;
before(async () => { s = await openStation('params'); });
after(async () => { await s.close(); });

const text = (sel) => s.page.$eval(sel, (e) => e.textContent.trim());

test('defaults reproduce the slide: 256×256×3 inputs, k = 10,000 → 1,966,080,000 weights, 7.9 GB', async () => {
  const { page } = s;
  assert.equal(await page.inputValue('#params-H'), '256');
  assert.equal(await page.inputValue('#params-k'), '10,000');
  // 256 · 256 · 3 · 10,000 = 65,536 · 30,000 = 1,966,080,000.
  assert.equal(await text('[data-testid=fc-weights]'), '1,966,080,000');
  // + 10,000 biases.
  assert.equal(await text('[data-testid=fc-total]'), '1,966,090,000');
  // 4 bytes each: 7,864,360,000 B = 7.86 GB.
  assert.equal(await text('[data-testid=fc-bytes]'), '7.9 GB');
  assert.match(await text('.pc-card.pc-fc'), /≈ 2\.0 billion/);
  // Conv defaults 64 filters 3×3×3: 1,728 weights + 64 biases = 1,792.
  assert.equal(await text('[data-testid=conv-weights]'), '1,728');
  assert.equal(await text('[data-testid=conv-total]'), '1,792');
  await screenshot(page, 'params');
});

test('typing a new k updates the count, the ratio and the figure', async () => {
  const { page } = s;
  const before = await canvasPixels(page, '.pc-canvas');
  const ratioBefore = await text('[data-testid=ratio-value]');
  await page.fill('#params-k', '1000');
  // 256 · 256 · 3 · 1,000 = 196,608,000 weights; + 1,000 biases.
  assert.equal(await text('[data-testid=fc-weights]'), '196,608,000');
  assert.equal(await text('[data-testid=fc-total]'), '196,609,000');
  // 196,609,000 / 1,792 = 109,714.8…
  assert.equal(await text('[data-testid=ratio-value]'), '109,715×');
  assert.notEqual(ratioBefore, await text('[data-testid=ratio-value]'));
  const after = await canvasPixels(page, '.pc-canvas');
  assert.notDeepEqual(after.data, before.data, 'the to-scale figure is redrawn');
  // Leaving the field reformats it with a separator; the state is kept in the URL.
  await page.press('#params-k', 'Tab');
  assert.equal(await page.inputValue('#params-k'), '1,000');
  assert.match(await page.evaluate(() => location.hash), /k=1000/);
  // Keyboard: ArrowUp adds one unit → 256 · 256 · 3 · 1,001 = 196,804,608.
  await page.focus('#params-k');
  await page.keyboard.press('ArrowUp');
  assert.equal(await text('[data-testid=fc-weights]'), '196,804,608');
});

test('changing the filter size changes only the convolutional layer', async () => {
  const { page } = s;
  const fc = await text('[data-testid=fc-total]');
  await page.fill('#params-f', '5');
  // 64 · 5 · 5 · 3 = 4,800 weights + 64 biases.
  assert.equal(await text('[data-testid=conv-total]'), '4,864');
  assert.equal(await text('[data-testid=fc-total]'), fc);
});

test('bad input gets a readable message, never a crash', async () => {
  const { page } = s;
  await page.fill('#params-C', 'three');
  assert.match(await text('#params-msg'), /Channels C: type a whole number/);
  assert.equal(await page.getAttribute('#params-C', 'aria-invalid'), 'true');
  await page.fill('#params-C', '3');
  // A 300 × 300 filter cannot slide over a 256 × 256 image: the Rust core says so.
  await page.fill('#params-f', '300');
  assert.match(await text('#params-msg'), /larger than the image .* at most 256/);
  await page.fill('#params-f', '3');
  assert.equal(await text('#params-msg'), '');
  // The slide preset restores the defaults.
  await page.click('text=Lecture slide');
  assert.equal(await text('[data-testid=fc-weights]'), '1,966,080,000');
});

test('no console errors and no external requests', () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
