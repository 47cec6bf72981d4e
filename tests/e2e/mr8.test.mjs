// End-to-end: "MR8 filter bank" (part 3 of the filter stations). MR8 runs in the worker with a
// progress bar; the 8 features a click shows are recomputed here at that pixel from the grey
// image and the 38 filters, by a direct sum in float64 (scipy's reflect border).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot, distinctColours, parsePrinted } from './harness.mjs';

let s;
before(async () => { s = await openStation('mr8', { viewport: { width: 1280, height: 800 } }); });
after(async () => { await s.close(); });

const reflect = (i, n) => { const p = 2 * n; const k = ((i % p) + p) % p; return k < n ? k : p - 1 - k; };

test('the bank shows all 38 RFS filters', async () => {
  assert.equal(await s.page.$$eval('[data-testid=rfs-bank] canvas.bank-cell', (c) => c.length), 38);
  const cell = await canvasPixels(s.page, '[data-testid=rfs-bank] canvas[title="bar σ=4, θ=90°"]');
  assert.equal(cell.width, 49);
  assert.ok(distinctColours(cell) > 20, 'a drawn filter');
});

test('MR8 runs in the worker with a progress bar, shows 8 maps, and a click shows 8 bars', async () => {
  const { page } = s;
  // Record every status the worker reports, to see the progress actually moving.
  await page.evaluate(() => {
    window.__mr8Steps = [];
    const status = document.querySelector('[data-testid=mr8-status]');
    const bar = document.querySelector('[data-testid=mr8-progress]');
    new MutationObserver(() => window.__mr8Steps.push([status.textContent, bar.value])).observe(status, { childList: true, characterData: true, subtree: true });
  });
  await page.click('[data-testid=mr8-button]');
  await page.waitForFunction(() => document.querySelector('[data-testid=mr8-status]').textContent.startsWith('Done'), null, { timeout: 60000 });
  const steps = await page.evaluate(() => window.__mr8Steps);
  const pairs = steps.filter(([t]) => /Filter pair \d+ of 19/.test(t));
  assert.ok(pairs.length >= 10, `progress reported step by step (${pairs.length} updates)`);
  assert.ok(pairs.some(([, v]) => v > 0 && v < 1), 'the bar was part-way at some point');
  assert.equal(await page.$eval('[data-testid=mr8-progress]', (e) => e.value), 1);
  assert.equal(await page.$eval('[data-testid=mr8-button]', (e) => e.disabled), false);
  for (let m = 0; m < 8; m++) {
    const p = await canvasPixels(page, `[data-testid=mr8-map-${m}]`);
    assert.ok(p.width > 100 && distinctColours(p) > 30, `MR8 map ${m} drawn`);
  }
  // Click a pixel in the bar σ=2 map: the 8 bars and the table show that pixel's features.
  const map4 = page.locator('[data-testid=mr8-map-4]');
  await map4.scrollIntoViewIfNeeded();
  const box = await map4.boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await page.waitForFunction(() => !/x = 256, y = 256/.test(document.querySelector('[data-testid=probe-text]').textContent));
  const probe = await page.textContent('[data-testid=probe-text]');
  const [x, y] = /x = (\d+), y = (\d+)/.exec(probe).slice(1).map(Number);
  assert.ok(Math.abs(x - 0.3 * 512) <= 2 && Math.abs(y - 0.6 * 512) <= 2, `the clicked pixel (${x}, ${y})`);
  const values = JSON.parse(await page.getAttribute('[data-testid=mr8-bars]', 'data-values'));
  const printed = (await page.$$eval('[data-testid=mr8-values] td', (tds) => tds.map((t) => t.textContent))).map(parsePrinted);
  assert.equal(printed.length, 8);
  printed.forEach((p, m) => assert.ok(Math.abs(p - values[m]) <= 1e-3 * Math.abs(values[m]) + 1e-9, `table ${p} = bar ${values[m]}`));

  // Recompute the 8 features at (x, y): per scale the max over 6 orientations of the edge and
  // bar correlations, then the Gaussian and the LoG, each a 49 × 49 sum with reflect borders.
  const { gray, bank } = await page.evaluate(() => {
    const g = window.convlab.images.gray();
    return { gray: { w: g.width, h: g.height, d: Array.from(g.data) }, bank: Array.from(window.convlab.wasm.rfs_bank()) };
  });
  assert.deepEqual([gray.w, gray.h], [512, 512], 'the astronaut is used at full size');
  const corr = (k) => {
    let z = 0;
    for (let i = 0; i < 49; i++) for (let j = 0; j < 49; j++) {
      z += bank[k * 2401 + i * 49 + j] * gray.d[reflect(y + i - 24, gray.h) * gray.w + reflect(x + j - 24, gray.w)];
    }
    return z;
  };
  const want = [];
  for (let g = 0; g < 6; g++) want.push(Math.max(...[0, 1, 2, 3, 4, 5].map((o) => corr(g * 6 + o))));
  want.push(corr(36), corr(37));
  want.forEach((w, m) => assert.ok(Math.abs(values[m] - w) <= 1e-4 + 1e-3 * Math.abs(w), `feature ${m}: shown ${values[m]}, by hand ${w}`));

  const bars = await canvasPixels(page, '[data-testid=mr8-bars]');
  let barPixels = 0;
  for (let i = 0; i < bars.data.length; i += 4) {
    const [r, g, b] = [bars.data[i], bars.data[i + 1], bars.data[i + 2]];
    if ((r > 150 && g < 120 && b < 120) || (b > 150 && r < 120)) barPixels++;
  }
  assert.ok(barPixels > 200, `bars are drawn (${barPixels} coloured pixels)`);
  // The probe follows the keyboard too.
  await page.focus('[data-testid=mr8-map-4]');
  await page.keyboard.press('ArrowRight');
  const xOf = (t) => Number(/x = (\d+)/.exec(t)[1]);
  assert.equal(xOf(await page.textContent('[data-testid=probe-text]')), x + 1);
  await page.keyboard.press('Shift+ArrowDown');
  assert.match(await page.textContent('[data-testid=probe-text]'), new RegExp(`y = ${y + 10}\\)`));
  await screenshot(page, 'mr8');
});

test('max of |response| recomputes in the worker and is kept in the address', async () => {
  const { page } = s;
  const before = JSON.parse(await page.getAttribute('[data-testid=mr8-bars]', 'data-values'));
  await page.check('#mr8-abs');
  await page.waitForFunction((b) => document.querySelector('[data-testid=mr8-status]').textContent.startsWith('Done')
    && document.querySelector('[data-testid=mr8-bars]').dataset.values !== b, JSON.stringify(before), { timeout: 60000 });
  const after = JSON.parse(await page.getAttribute('[data-testid=mr8-bars]', 'data-values'));
  for (let m = 0; m < 6; m++) assert.ok(after[m] >= 0 && after[m] >= before[m] - 1e-6, `max |r| ≥ max r and ≥ 0 (${m})`);
  assert.match(await page.evaluate(() => location.hash), /abs=1/);
});

test('no console errors and no requests outside 127.0.0.1', () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
