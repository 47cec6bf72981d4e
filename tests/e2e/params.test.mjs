// End-to-end: the parameter-count calculator as a student uses it, in headless Chromium.
// Expected numbers are worked out by hand in the comments (products of the typed sizes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot } from './harness.mjs';

let s;
before(async () => { s = await openStation('params'); });
after(async () => { await s.close(); });

const text = (sel) => s.page.$eval(sel, (e) => e.textContent.trim());
const count = async (sel) => Number((await text(sel)).replace(/,/g, ''));

/**
 * Lengths (backing px) of the two log-scale bars as drawn: the longest horizontal run of each
 * layer's colour that starts left of the other runs of that colour (the area squares sit to
 * the right; the bars' labels are short runs and are ignored).
 */
function barLengths(img) {
  const colours = { fc: [0xc2, 0x41, 0x0c], conv: [0x1d, 0x4e, 0xd8] };
  const out = {};
  for (const [key, [r, g, b]] of Object.entries(colours)) {
    const runs = [];
    for (let y = 0; y < img.height; y++) {
      let start = -1;
      for (let x = 0; x <= img.width; x++) {
        const i = 4 * (y * img.width + x);
        const hit = x < img.width && Math.abs(img.data[i] - r) + Math.abs(img.data[i + 1] - g) + Math.abs(img.data[i + 2] - b) < 12;
        if (hit && start < 0) start = x;
        if (!hit && start >= 0) { if (x - start > 30) runs.push({ start, len: x - start }); start = -1; }
      }
    }
    const left = Math.min(...runs.map((q) => q.start));
    out[key] = Math.max(...runs.filter((q) => Math.abs(q.start - left) <= 1).map((q) => q.len));
  }
  return out;
}
/** The bars are on a log axis from 10⁰: their lengths are in the ratio of the counts' logs. */
async function assertLogBars(fcTotal, convTotal) {
  const { fc, conv } = barLengths(await canvasPixels(s.page, '.pc-canvas'));
  const want = Math.log10(fcTotal) / Math.log10(convTotal);
  assert.ok(Math.abs(fc / conv / want - 1) < 0.02, `bars ${fc} px and ${conv} px: ratio ${fc / conv}, log ratio ${want}`);
}

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
  // 1,966,090,000 / 1,792 = 1,097,148.4…
  assert.equal(await text('[data-testid=ratio-value]'), '1,097,148×');
  await assertLogBars(1966090000, 1792);
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
  await assertLogBars(196609000, 1792);
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
  await assertLogBars(await count('[data-testid=fc-total]'), 4864);
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
  assert.equal(await page.isVisible('[data-testid=stale-note]'), true, 'the old numbers are marked as old');
  await page.fill('#params-f', '3');
  assert.equal(await text('#params-msg'), '');
  assert.equal(await page.isVisible('[data-testid=stale-note]'), false);
  // Every field refuses what is not a whole count, and says which and why.
  const before = await canvasPixels(page, '.pc-canvas');
  const cases = [
    ['H', '99999999999999999999', /Height H must be at most 1,000,000/],
    ['W', '2.5', /Width W must be a whole number of at least 1 \(not 2\.5\)/],
    ['k', '-7', /Units k must be a whole number of at least 1 \(not -7\)/],
    ['K', '0', /Filters K must be at least 1/],
    ['f', 'NaN', /Filter size f: type a whole number/],
    ['C', '', /Channels C: type a whole number/],
  ];
  for (const [key, bad, why] of cases) {
    const good = await page.inputValue(`#params-${key}`);
    await page.fill(`#params-${key}`, bad);
    assert.match(await text('#params-msg'), why, `${key} = "${bad}"`);
    assert.equal(await page.getAttribute(`#params-${key}`, 'aria-invalid'), 'true');
    assert.equal(await page.isVisible('[data-testid=stale-note]'), true);
    assert.deepEqual((await canvasPixels(page, '.pc-canvas')).data, before.data, 'nothing is recomputed from a bad field');
    await page.fill(`#params-${key}`, good);
    assert.equal(await text('#params-msg'), '');
  }
  // Products beyond 2⁵³ are refused by the core with a reason.
  await page.fill('#params-k', '1,000,000,000');
  await page.fill('#params-H', '1,000,000');
  assert.match(await text('#params-msg'), /too large to count exactly/);
  await page.fill('#params-H', '256');
  // The slide preset restores the defaults.
  await page.click('text=Lecture slide');
  assert.equal(await text('[data-testid=fc-weights]'), '1,966,080,000');
});

test('the sizes round-trip through the address; an address out of range is clamped', async () => {
  const { page, context } = s;
  await page.click('text=MNIST / LeNet');
  const url = await page.evaluate(() => location.href);
  assert.match(url, /H=28&W=28&C=1&k=100&K=6&f=5/);
  const page2 = await context.newPage();
  await page2.goto(url.replace('K=6', 'K=0'));
  await page2.waitForFunction(() => document.body.dataset.station === 'params');
  // 28·28·1·100 = 78,400 weights; K=0 is below 1, so it reads as 1: 1·5·5·1 = 25 weights.
  assert.equal(await page2.$eval('[data-testid=fc-weights]', (e) => e.textContent), '78,400');
  assert.equal(await page2.inputValue('#params-K'), '1');
  assert.equal(await page2.$eval('[data-testid=conv-weights]', (e) => e.textContent), '25');
  await page2.close();
});

test('no console errors and no external requests', () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
