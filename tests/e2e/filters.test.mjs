// End-to-end: the "Filters as features" station as a student uses it, in headless Chromium.
// Independent checks are computed here in plain JS (float64) from the formulas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot } from './harness.mjs';

let s;
before(async () => { s = await openStation('filters', { viewport: { width: 1280, height: 800 } }); });
after(async () => { await s.close(); });

/** Fraction of pixels whose RGB differs by more than 2 levels. */
function changedFraction(a, b) {
  assert.equal(a.data.length, b.data.length, 'same canvas size');
  let changed = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]) > 6) changed++;
  }
  return changed / (a.data.length / 4);
}

/** Number of distinct colours (a blank or flat canvas has one or two). */
function colours(p) {
  const set = new Set();
  for (let i = 0; i < p.data.length; i += 4) set.add((p.data[i] << 16) | (p.data[i + 1] << 8) | p.data[i + 2]);
  return set.size;
}

const hashParam = (page, key) => page.evaluate((k) => new URLSearchParams(location.hash.split('?')[1] || '').get(k), key);
const nextFrames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('the wasm Gabor kernel is the formula, with θ turning clockwise on screen', async () => {
  const { page } = s;
  const [sigma, theta, lambda, gamma, psi, r] = [3, 30 * Math.PI / 180, 8, 0.5, 0.4, 9];
  const got = await page.evaluate((a) => Array.from(window.convlab.wasm.gabor_kernel(...a)), [sigma, theta, lambda, gamma, psi, r]);
  const n = 2 * r + 1;
  let worst = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const x = j - r, y = i - r; // y grows down the rows
    const xp = x * Math.cos(theta) + y * Math.sin(theta), yp = -x * Math.sin(theta) + y * Math.cos(theta);
    const want = Math.exp(-(xp * xp + gamma * gamma * yp * yp) / (2 * sigma * sigma)) * Math.cos(2 * Math.PI * xp / lambda + psi);
    worst = Math.max(worst, Math.abs(want - got[i * n + j]));
  }
  assert.ok(worst < 1e-6, `max |wasm − formula| = ${worst}`);
});

test('moving the θ slider redraws the kernel and the response', async () => {
  const { page } = s;
  await page.waitForSelector('[data-testid=kernel-canvas]');
  assert.equal(await page.$eval('[data-testid=filter-type]', (e) => e.value), 'gabor');
  const k0 = await canvasPixels(page, '[data-testid=kernel-canvas]');
  const r0 = await canvasPixels(page, '[data-testid=response-canvas]');
  assert.ok(colours(k0) > 20 && colours(r0) > 50, 'kernel and response are drawn');
  const t0 = Number(await page.$eval('input[data-param=theta]', (e) => e.value));
  await page.focus('input[data-param=theta]');
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction((t) => new URLSearchParams(location.hash.split('?')[1]).get('t') === String(t), t0 + 30);
  await nextFrames(page);
  const k1 = await canvasPixels(page, '[data-testid=kernel-canvas]');
  const r1 = await canvasPixels(page, '[data-testid=response-canvas]');
  assert.ok(changedFraction(k0, k1) > 0.1, `kernel changed (${changedFraction(k0, k1)})`);
  assert.ok(changedFraction(r0, r1) > 0.1, `response changed (${changedFraction(r0, r1)})`);
  assert.equal(await page.$eval('input[data-param-num=theta]', (e) => e.value), String(t0 + 30), 'the number box follows');
});

test('bad σ, NaN and radius 0 give a clear message and keep the last good view', async () => {
  const { page } = s;
  const before = await canvasPixels(page, '[data-testid=kernel-canvas]');
  const resp = await canvasPixels(page, '[data-testid=response-canvas]');
  const msg = '[data-testid=param-message]';
  for (const [param, text, expect] of [['sigma', '0', /σ must be a positive number/], ['sigma', '-2', /σ must be a positive number/],
    ['sigma', '', /not a positive number|NaN/], ['radius', '0', /radius must be a whole number/]]) {
    await page.fill(`input[data-param-num=${param}]`, text);
    await nextFrames(page);
    const shown = await page.textContent(msg);
    assert.match(shown, expect, `${param} = "${text}" → ${shown}`);
    assert.equal(await page.getAttribute(msg, 'role'), 'alert');
    assert.equal(await page.getAttribute(`input[data-param-num=${param}]`, 'aria-invalid'), 'true');
    assert.equal(changedFraction(before, await canvasPixels(page, '[data-testid=kernel-canvas]')), 0, 'kernel kept');
    assert.equal(changedFraction(resp, await canvasPixels(page, '[data-testid=response-canvas]')), 0, 'response kept');
    await page.fill(`input[data-param-num=${param}]`, param === 'sigma' ? '4' : '24');
    await nextFrames(page);
    assert.equal((await page.textContent(msg)).trim(), '', 'message cleared once the value is good again');
  }
});

test('switching filter type shows only its parameters', async () => {
  const { page } = s;
  await page.selectOption('[data-testid=filter-type]', 'log');
  await nextFrames(page);
  const visible = await page.$$eval('.fparam', (els) => els.filter((e) => !e.hidden).map((e) => e.dataset.control));
  assert.deepEqual(visible, ['sigma', 'radius']);
  const sum = Number(await page.getAttribute('[data-testid=kernel-canvas]', 'data-sum'));
  assert.ok(Math.abs(sum) < 1e-5, `LoG sums to 0 (${sum})`);
  await page.selectOption('[data-testid=filter-type]', 'gabor');
  await nextFrames(page);
});

test('the orientation sweep: the max over 6 orientations barely changes when the image turns 30°', async () => {
  const { page } = s;
  await page.click('[data-testid=sweep-button]');
  await page.waitForFunction(() => document.querySelector('[data-testid=sweep-max]').width > 100);
  for (const t of [0, 30, 60, 90, 120, 150]) {
    assert.ok(colours(await canvasPixels(page, `[data-testid=sweep-${t}]`)) > 50, `θ = ${t}° response drawn`);
  }
  await page.click('[data-testid=rotate-button]');
  await page.waitForFunction(() => document.querySelector('[data-testid=invariance]').dataset.max !== undefined, null, { timeout: 30000 });
  const { max, one } = await page.$eval('[data-testid=invariance]', (e) => ({ max: +e.dataset.max, one: +e.dataset.one }));
  assert.ok(max < 0.06, `max over orientations changes by ${(100 * max).toFixed(1)} %`);
  assert.ok(one > 0.3, `a single orientation changes by ${(100 * one).toFixed(1)} %`);
  assert.match(await page.textContent('[data-testid=inv-max]'), /%/);
  // The printed change, recomputed from the two maps on screen (same colour scale): invert the
  // diverging colours (white 0 → red +1 / blue −1, linear in each channel), then RMS difference
  // ÷ spread of the reference inside the dashed disc, in plain JS.
  const value = (img, i) => {
    const [r, g, b] = [img.data[4 * i], img.data[4 * i + 1], img.data[4 * i + 2]];
    return r >= b ? (247 - g) / (247 - 24) : -(247 - g) / (247 - 102);
  };
  const drawnMax = await canvasPixels(page, '[data-testid=sweep-max]');
  const drawnRef = await canvasPixels(page, '[data-testid=sweep-ref]');
  const disc = Number((await page.textContent('[data-testid=invariance] caption')).match(/radius (\d+) px/)[1]);
  const { width: w, height: ht } = drawnRef;
  const inside = [];
  for (let y = 0; y < ht; y++) for (let x = 0; x < w; x++) {
    if ((x - (w - 1) / 2) ** 2 + (y - (ht - 1) / 2) ** 2 <= disc * disc) inside.push(y * w + x);
  }
  const refMean = inside.reduce((a, i) => a + value(drawnRef, i), 0) / inside.length;
  let num = 0, den = 0;
  for (const i of inside) {
    num += (value(drawnMax, i) - value(drawnRef, i)) ** 2;
    den += (value(drawnRef, i) - refMean) ** 2;
  }
  const recomputed = Math.sqrt(num / den);
  assert.ok(Math.abs(recomputed - max) < 0.02, `printed ${(100 * max).toFixed(1)} %, from the drawn maps ${(100 * recomputed).toFixed(1)} %`);
  assert.equal(await page.getAttribute('[data-testid=inv-max] td', 'class'), 'good');
  assert.equal(await hashParam(page, 'rot'), '1');
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
    assert.ok(p.width > 100 && colours(p) > 30, `MR8 map ${m} drawn`);
  }
  // Click a pixel in the bar σ=2 map: the 8 bars and the table show that pixel's features.
  const box = await page.locator('[data-testid=mr8-map-4]').boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await page.waitForFunction(() => /x = \d+, y = \d+/.test(document.querySelector('[data-testid=probe-text]').textContent));
  const probe = await page.textContent('[data-testid=probe-text]');
  const values = JSON.parse(await page.getAttribute('[data-testid=mr8-bars]', 'data-values'));
  assert.equal(values.length, 8);
  assert.ok(values.every(Number.isFinite), 'eight finite features');
  assert.equal(await page.$$eval('[data-testid=mr8-values] tr', (rows) => rows.length), 8);
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
  const moved = await page.textContent('[data-testid=probe-text]');
  const xOf = (t) => Number(/x = (\d+)/.exec(t)[1]);
  assert.equal(xOf(moved), xOf(probe) + 1);
  await screenshot(page, 'filters');
});

test('no console errors and no requests outside 127.0.0.1', () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
