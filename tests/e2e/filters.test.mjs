// End-to-end: "Filters as features" (part 1 of the filter stations) as a student uses it, in
// headless Chromium. Independent checks are computed here in plain JS (float64) from the formulas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot, distinctColours, changedPixels, frameCount, waitForFrame, routeCount, waitForRoute } from './harness.mjs';

let s;
before(async () => { s = await openStation('filters', { viewport: { width: 1280, height: 800 } }); });
after(async () => { await s.close(); });

const changedFraction = (a, b) => changedPixels(a, b) / (a.data.length / 4);
/** Waits until the drawn response (computed in the worker) belongs to the filter whose address contains `part`. */
const responseFor = (page, part) => page.waitForFunction((t) => (document.querySelector('[data-testid=response-canvas]').dataset.for || '').includes(t), part, { timeout: 30000 });
const kernelFor = (page, part) => page.waitForFunction((t) => (document.querySelector('[data-testid=kernel-canvas]').dataset.for || '').includes(t), part, { timeout: 30000 });
/** The heat map's text alternative, read back: "…. Now: 49 × 49 values, from -0.9 to 1." */
async function spokenRange(page, selector) {
  const label = await page.getAttribute(selector, 'aria-label');
  const m = / Now: (\d+) × (\d+) values, from (\S+) to (\S+?)\.$/.exec(label);
  assert.ok(m, `the label states the size and the range: "${label}"`);
  return { label, w: Number(m[1]), h: Number(m[2]), lo: Number(m[3]), hi: Number(m[4]) };
}
/** A printed number (3 decimals, or 2 significant digits in e-notation below 0.001) against a value computed here. */
const printedAs = (printed, want) => Math.abs(printed - want) <= (Math.abs(want) < 1e-3 ? 0.05 * Math.abs(want) : 5e-4) + 1e-7;
const hashParam = (page, key) => page.evaluate((k) => new URLSearchParams(location.hash.split('?')[1] || '').get(k), key);

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

test('the drawn kernel is the Gabor of the sliders, and its printed Σk is the kernel sum', async () => {
  const { page } = s;
  const k = await canvasPixels(page, '[data-testid=kernel-canvas]');
  assert.equal(k.width, 49, 'radius 24 → 49 × 49');
  // Diverging colours: red > 0 (R > B), blue < 0. Compare signs with the formula at the defaults.
  const [sigma, theta, lambda, gamma] = [4, Math.PI / 6, 10, 0.5];
  let agree = 0, strong = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < 49; i++) for (let j = 0; j < 49; j++) {
    const x = j - 24, y = i - 24;
    const xp = x * Math.cos(theta) + y * Math.sin(theta), yp = -x * Math.sin(theta) + y * Math.cos(theta);
    const v = Math.exp(-(xp * xp + gamma * gamma * yp * yp) / (2 * sigma * sigma)) * Math.cos(2 * Math.PI * xp / lambda);
    lo = Math.min(lo, v); hi = Math.max(hi, v);
    const o = 4 * (i * 49 + j), redMinusBlue = k.data[o] - k.data[o + 2];
    if (Math.abs(v) < 0.2) continue;
    strong++;
    if (Math.sign(redMinusBlue) === Math.sign(v)) agree++;
  }
  assert.ok(strong > 100 && agree === strong, `${agree} of ${strong} clearly signed weights drawn with the right colour`);
  // Its text alternative says what it shows now: the size and the range of the weights.
  const spoken = await spokenRange(page, '[data-testid=kernel-canvas]');
  assert.match(spoken.label, /^Kernel heat map: red positive, blue negative\. Now: /);
  assert.deepEqual([spoken.w, spoken.h], [49, 49]);
  assert.ok(printedAs(spoken.lo, lo) && printedAs(spoken.hi, hi), `spoken range ${spoken.lo} … ${spoken.hi}, formula ${lo} … ${hi}`);
  const caption = await page.textContent('#station-filters figure:has([data-testid=kernel-canvas]) figcaption');
  const printed = Number(/Σk = (−?[\d.]+)/.exec(caption)[1].replace('−', '-'));
  const sum = await page.evaluate(() => Array.from(window.convlab.wasm.gabor_kernel(4, Math.PI / 6, 10, 0.5, 0, 24)).reduce((a, b) => a + b, 0));
  assert.ok(Math.abs(printed - sum) <= 1e-3 * Math.abs(sum), `printed Σk ${printed} vs ${sum}`);
});

test('moving the θ slider redraws the kernel and the response', async () => {
  const { page } = s;
  assert.equal(await page.$eval('[data-testid=filter-type]', (e) => e.value), 'gabor');
  await responseFor(page, 'f=gabor');
  const k0 = await canvasPixels(page, '[data-testid=kernel-canvas]');
  const r0 = await canvasPixels(page, '[data-testid=response-canvas]');
  assert.ok(distinctColours(k0) > 20 && distinctColours(r0) > 50, 'kernel and response are drawn');
  const t0 = Number(await page.$eval('input[data-param=theta]', (e) => e.value));
  await page.focus('input[data-param=theta]');
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
  // The address is written in the same frame that draws (the render counter moves with it).
  await page.waitForFunction((t) => new URLSearchParams(location.hash.split('?')[1]).get('t') === String(t), t0 + 30);
  await responseFor(page, `t=${t0 + 30}&`);
  const k1 = await canvasPixels(page, '[data-testid=kernel-canvas]');
  const r1 = await canvasPixels(page, '[data-testid=response-canvas]');
  assert.ok(changedFraction(k0, k1) > 0.1, `kernel changed (${changedFraction(k0, k1)})`);
  assert.ok(changedFraction(r0, r1) > 0.1, `response changed (${changedFraction(r0, r1)})`);
  assert.equal(await page.$eval('input[data-param-num=theta]', (e) => e.value), String(t0 + 30), 'the number box follows');
});

test('bad σ, NaN and radius 0 give a clear message next to the box and keep the last good view', async () => {
  const { page } = s;
  const before = await canvasPixels(page, '[data-testid=kernel-canvas]');
  const resp = await canvasPixels(page, '[data-testid=response-canvas]');
  for (const [param, text, expect] of [['sigma', '0', /σ scale must be at least 0\.1/], ['sigma', '-2', /σ scale must be at least/],
    ['sigma', '', /σ scale needs an ordinary number/], ['radius', '0', /radius must be at least 1/], ['radius', '2.5', /radius must be a whole number/],
    ['radius', '999', /radius must be at most 200/]]) {
    const err = `#filters-${param}-error`;
    await page.fill(`input[data-param-num=${param}]`, text);
    const shown = await page.textContent(err);
    assert.match(shown, expect, `${param} = "${text}" → ${shown}`);
    assert.equal(await page.getAttribute(err, 'role'), 'alert');
    assert.equal(await page.getAttribute(`input[data-param-num=${param}]`, 'aria-invalid'), 'true');
    assert.equal(changedPixels(before, await canvasPixels(page, '[data-testid=kernel-canvas]')), 0, 'kernel kept');
    assert.equal(changedPixels(resp, await canvasPixels(page, '[data-testid=response-canvas]')), 0, 'response kept');
    const n = await frameCount(page);
    await page.fill(`input[data-param-num=${param}]`, param === 'sigma' ? '4' : '24');
    await waitForFrame(page, n);
    assert.equal((await page.textContent(err)).trim(), '', 'message cleared once the value is good again');
  }
});

test('switching filter type shows only its parameters; the LoG sums to 0', async () => {
  const { page } = s;
  let n = await frameCount(page);
  await page.selectOption('[data-testid=filter-type]', 'log');
  await waitForFrame(page, n);
  // A response from the previous test may bump the counter first: wait for the LoG kernel itself.
  await kernelFor(page, 'f=log');
  const visible = await page.$$eval('.fparam', (els) => els.filter((e) => !e.hidden).map((e) => e.dataset.control));
  assert.deepEqual(visible, ['sigma', 'radius']);
  const sum = Number(await page.getAttribute('[data-testid=kernel-canvas]', 'data-sum'));
  assert.ok(Math.abs(sum) < 1e-5, `LoG sums to 0 (${sum})`);
  assert.equal(await hashParam(page, 'f'), 'log');
  assert.equal(await hashParam(page, 't'), null, 'only the chosen type’s parameters are in the address');
  await responseFor(page, 'f=log');
  assert.match(await page.textContent('#station-filters figure:has([data-testid=response-canvas]) figcaption'), /in the worker/);
  n = await frameCount(page);
  await page.selectOption('[data-testid=filter-type]', 'gabor');
  await waitForFrame(page, n);
  await responseFor(page, 'f=gabor');
  await screenshot(page, 'filters');
});

test('the Gaussian response on screen is the blur computed here (separable, reflect border, grey min…max)', async () => {
  const { page } = s;
  let n = await frameCount(page);
  await page.selectOption('[data-testid=filter-type]', 'gaussian');
  await waitForFrame(page, n);
  await responseFor(page, 'f=gaussian&s=2&r=6');
  const drawn = await canvasPixels(page, '[data-testid=response-canvas]');
  const g = await page.evaluate(() => { const x = window.convlab.images.gray(); return { w: x.width, h: x.height, d: Array.from(x.data) }; });
  assert.deepEqual([drawn.width, drawn.height], [g.w, g.h]);
  const reflect = (i, len) => { const q = 2 * len; const k = ((i % q) + q) % q; return k < len ? k : q - 1 - k; };
  const R = 6, sigma = 2;
  const taps = Array.from({ length: 2 * R + 1 }, (_, i) => Math.exp(-((i - R) ** 2) / (2 * sigma * sigma)));
  const total = taps.reduce((a, b) => a + b, 0);
  const w1 = taps.map((t) => t / total); // G(x, y) = g(x)·g(y), Σ G = 1
  const rows = new Float64Array(g.w * g.h), out = new Float64Array(g.w * g.h);
  for (let y = 0; y < g.h; y++) for (let x = 0; x < g.w; x++) {
    let z = 0;
    for (let j = -R; j <= R; j++) z += w1[j + R] * g.d[y * g.w + reflect(x + j, g.w)];
    rows[y * g.w + x] = z;
  }
  let lo = Infinity, hi = -Infinity;
  for (let y = 0; y < g.h; y++) for (let x = 0; x < g.w; x++) {
    let z = 0;
    for (let i = -R; i <= R; i++) z += w1[i + R] * rows[reflect(y + i, g.h) * g.w + x];
    out[y * g.w + x] = z; lo = Math.min(lo, z); hi = Math.max(hi, z);
  }
  let worst = 0;
  for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(drawn.data[4 * i] - 255 * (out[i] - lo) / (hi - lo)));
  assert.ok(worst <= 1.5, `drawn grey within rounding of the blur computed here (worst ${worst.toFixed(2)} levels)`);
  // The kernel's text alternative changed with it: 13 × 13 weights g(i)·g(j), from the corner's
  // g(±6)² to the centre's g(0)².
  const spoken = await spokenRange(page, '[data-testid=kernel-canvas]');
  assert.deepEqual([spoken.w, spoken.h], [13, 13]);
  assert.ok(printedAs(spoken.lo, w1[0] ** 2) && printedAs(spoken.hi, w1[R] ** 2), `spoken range ${spoken.lo} … ${spoken.hi}, computed ${w1[0] ** 2} … ${w1[R] ** 2}`);
  n = await frameCount(page);
  await page.selectOption('[data-testid=filter-type]', 'gabor');
  await waitForFrame(page, n);
  await responseFor(page, 'f=gabor');
});

test('the sweep link opens the orientation station with this filter', async () => {
  const { page } = s;
  const r = await routeCount(page);
  await page.click('[data-testid=sweep-link]');
  await waitForRoute(page, r);
  await page.waitForFunction(() => document.body.dataset.station === 'orient');
  assert.equal(await hashParam(page, 'f'), 'gabor');
  assert.equal(await hashParam(page, 'r'), '24');
  const r2 = await routeCount(page);
  await page.goBack();
  await waitForRoute(page, r2);
  await page.waitForFunction(() => document.body.dataset.station === 'filters');
});

test('an old #/filters link with the sweep open is sent on to #/orient with its filter', async () => {
  const t = await openStation('orient', { hash: '' });
  try {
    const r = await routeCount(t.page);
    await t.page.evaluate(() => { location.hash = '#/filters?f=edge&s=3&t=60&r=15&sweep=1&rot=1'; });
    await t.page.waitForFunction(() => document.body.dataset.station === 'orient' && location.hash.includes('f=edge'), null, { timeout: 30000 });
    await waitForRoute(t.page, r);
    const q = await t.page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.split('?')[1])));
    assert.equal(q.f, 'edge'); assert.equal(q.s, '3'); assert.equal(q.r, '15'); assert.equal(q.rot, '1');
    assert.equal(await t.page.getAttribute('[data-testid=rotate-button]', 'aria-pressed'), 'true');
    assert.deepEqual(t.consoleErrors, []);
  } finally {
    await t.close();
  }
});

test('no console errors and no requests outside 127.0.0.1', () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
