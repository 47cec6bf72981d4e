// End-to-end: the implicit-regularization station as a student uses it, in headless Chromium.
// Expected values are computed here in plain JS from closed forms, independent of the wasm core:
// the solution of a·w = b nearest w⁰ is w⁰ + a(b − a·w⁰)/‖a‖², and the max-margin direction is
// found by a dense search over the angle of the unit normal followed by a golden-section
// refinement (the core enumerates candidate angles exactly instead).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot, changedPixels } from './harness.mjs';

let s;
/**
 * Waits until part 2 has its results: the logistic runs are computed in the worker, and the
 * panel is aria-busy from the moment a change asks for them until the newest ones are drawn
 * (an older run finishing while a newer one waits leaves it busy).
 */
const logisticDone = (page) => page.waitForFunction(() => {
  const panel = document.querySelector('.im-lg');
  return panel && !panel.hasAttribute('aria-busy') && document.querySelector('.im-lg-numbers tfoot');
});
before(async () => {
  s = await openStation('implicit', { viewport: { width: 1280, height: 800 } });
  await logisticDone(s.page);
});
after(async () => { await s.close(); });

const LS_MAP = 'canvas.im-ls-map';
const LG_MAP = 'canvas.im-lg-map';
const PLOT = 'canvas.im-plot';
// The station's map geometry: a square canvas W CSS px wide (at most 560) whose plot square
// starts at (46, 14) px and is W − 60 px wide, showing w ∈ [−4, 4] in both directions.
const PAD_L = 46, PAD_R = 14, PAD_T = 14, WORLD = 4;
/** Canvas px (backing store) of world point (x, y) on a map whose backing store is img. */
function worldToPixel(img, cssWidth, [x, y]) {
  const side = cssWidth - PAD_L - PAD_R, scale = side / (2 * WORLD), k = img.width / cssWidth;
  return [Math.round((PAD_L + side / 2 + x * scale) * k), Math.round((PAD_T + side / 2 - y * scale) * k)];
}
const parse = (t) => Number(String(t).trim().replace(/\u2212/g, '-'));
/** "(1.5, −2)" → [1.5, -2] (the last parenthesised pair in the text). */
const pair = (t) => {
  const all = [...String(t).matchAll(/\(([^()]*),\s*([^()]*)\)/g)];
  const m = all[all.length - 1];
  return [parse(m[1]), parse(m[2])];
};
const text = (sel) => s.page.$eval(sel, (e) => e.textContent);
/** Clicks a map at world point (x, y). */
async function clickWorld(sel, x, y) {
  const box = await s.page.$eval(sel, (c) => {
    c.scrollIntoView({ block: 'center' });
    const r = c.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width };
  });
  const side = box.width - PAD_L - PAD_R, scale = side / (2 * WORLD);
  await s.page.mouse.click(box.left + PAD_L + side / 2 + x * scale, box.top + PAD_T + side / 2 - y * scale);
}

/** Solution of a·w = b nearest w0 (orthogonal projection onto the line). */
function project(a, b, w0) {
  const t = (b - (a[0] * w0[0] + a[1] * w0[1])) / (a[0] ** 2 + a[1] ** 2);
  return [w0[0] + t * a[0], w0[1] + t * a[1]];
}

/** max over unit u of min_i y_i u·x_i, by a dense angle scan and golden-section refinement. */
function maxMargin(points, labels) {
  const m = (th) => Math.min(...points.map((p, i) => labels[i] * (p[0] * Math.cos(th) + p[1] * Math.sin(th))));
  let best = 0;
  const N = 20000;
  for (let k = 0; k < N; k++) if (m((2 * Math.PI * k) / N) > m(best)) best = (2 * Math.PI * k) / N;
  let lo = best - (2 * Math.PI) / N, hi = best + (2 * Math.PI) / N;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 80; it++) {
    const c = hi - g * (hi - lo), d = lo + g * (hi - lo);
    if (m(c) > m(d)) hi = d; else lo = c;
  }
  const th = (lo + hi) / 2;
  return { u: [Math.cos(th), Math.sin(th)], margin: m(th) };
}
const STATION_POINTS = [[1.6, 0.3], [0.5, 1.5], [2.5, 2.0], [1.8, 3.0], [3.0, 1.0],
  [-1.4, -0.5], [-0.3, -1.7], [-2.2, -2.6], [-3.0, -1.5], [-1.0, -3.0]];
const STATION_LABELS = [1, 1, 1, 1, 1, -1, -1, -1, -1, -1];

const cell = (row, col) => `.im-ls-numbers tr.${row} td.im-c-${col}`;
const A = [1, 2], B = 3; // the station's default equation a·w = b

test('from 0 the limit is the min-norm solution X⁺y, from the start its projection', async () => {
  const minNorm = project(A, B, [0, 0]); // (0.6, 1.2)
  const got = pair(await text(cell('im-limit', 'zero')));
  assert.ok(Math.abs(got[0] - minNorm[0]) < 1e-4 && Math.abs(got[1] - minNorm[1]) < 1e-4, `${got}`);
  assert.ok(Math.abs(parse(await text(cell('im-limit-norm', 'zero'))) - B / Math.hypot(...A)) < 1e-4);
  const wT = pair(await text(cell('im-wT', 'zero')));
  assert.ok(Math.hypot(wT[0] - minNorm[0], wT[1] - minNorm[1]) < 1e-3, `GD from 0 ended at ${wT}`);
  // X⁺y is drawn where the projection puts it: a black diamond at (0.6, 1.2).
  const img = await canvasPixels(s.page, LS_MAP);
  const width = await s.page.$eval(LS_MAP, (c) => c.getBoundingClientRect().width);
  const [px, py] = worldToPixel(img, width, minNorm);
  for (const [dx, dy] of [[0, 0], [-3, 0], [3, 0], [0, -3], [0, 3]]) {
    const i = 4 * ((py + dy) * img.width + px + dx);
    assert.ok(img.data[i] + img.data[i + 1] + img.data[i + 2] < 3 * 60, `black diamond at (${px + dx}, ${py + dy})`);
  }
});

test('clicking a new start moves the path and the limit becomes that start\'s projection', async () => {
  const before = await canvasPixels(s.page, LS_MAP);
  const oldLimit = pair(await text(cell('im-limit', 'start')));
  await clickWorld(LS_MAP, -2, -3);
  const w0 = [parse(await s.page.inputValue('input[data-key="ls-x"]')), parse(await s.page.inputValue('input[data-key="ls-y"]'))];
  assert.ok(Math.abs(w0[0] + 2) < 0.05 && Math.abs(w0[1] + 3) < 0.05, `start read back as ${w0}`);
  const want = project(A, B, w0);
  const limit = pair(await text(cell('im-limit', 'start')));
  assert.ok(Math.hypot(limit[0] - want[0], limit[1] - want[1]) < 2e-4, `limit ${limit}, projection ${want}`);
  assert.ok(Math.hypot(limit[0] - oldLimit[0], limit[1] - oldLimit[1]) > 1, 'the limit moved');
  const wT = pair(await text(cell('im-wT', 'start')));
  assert.ok(Math.hypot(wT[0] - want[0], wT[1] - want[1]) < 1e-3, `GD ended at ${wT}, not at ${want}`);
  // The limit from the start is a solution, but a longer one than X⁺y: ‖w⁰ + X⁺(y − Xw⁰)‖.
  const limitNorm = parse(await text(cell('im-limit-norm', 'start')));
  assert.ok(Math.abs(limitNorm - Math.hypot(...want)) < 1e-4, `‖limit‖ ${limitNorm} vs ${Math.hypot(...want)}`);
  assert.ok(limitNorm > parse(await text(cell('im-limit-norm', 'zero'))));
  const after = await canvasPixels(s.page, LS_MAP);
  assert.ok(changedPixels(before, after) > 500, 'the map was redrawn with the new path');
});

test('SGD from the clicked start reaches the same projection', async () => {
  await s.page.getByLabel('Method').selectOption('sgd');
  // More steps: SGD uses one example per step.
  await s.page.focus('#im-steps');
  await s.page.keyboard.press('End');
  assert.equal(await s.page.inputValue('#im-steps-box'), '300');
  assert.match(await text('.im-ls-numbers caption'), /T = 300 steps of SGD/);
  const w0 = [parse(await s.page.inputValue('input[data-key="ls-x"]')), parse(await s.page.inputValue('input[data-key="ls-y"]'))];
  const want = project(A, B, w0);
  const wT = pair(await text(cell('im-wT', 'start')));
  assert.ok(Math.hypot(wT[0] - want[0], wT[1] - want[1]) < 1e-3, `SGD ended at ${wT}, not at ${want}`);
  // A typed start works too (keyboard access), and a bad one is explained, not thrown.
  await s.page.fill('input[data-key="ls-x"]', '');
  assert.match(await text('.im-ls .point-control .field-error'), /^Start w₁⁰ needs a number \(or click on the map\)\.$/);
  assert.equal(await s.page.getAttribute('input[data-key="ls-x"]', 'aria-invalid'), 'true');
  await s.page.fill('input[data-key="ls-x"]', '60');
  assert.match(await text('.im-ls .point-control .field-error'), /^Start w₁⁰ must be between −50 and 50/);
  await s.page.fill('input[data-key="ls-x"]', '3');
  await s.page.fill('input[data-key="ls-y"]', '3');
  const limit = pair(await text(cell('im-limit', 'start')));
  const p = project(A, B, [3, 3]);
  assert.ok(Math.hypot(limit[0] - p[0], limit[1] - p[1]) < 2e-4);
});

/** Plain gradient descent on (1/n)·Σ log(1 + exp(−yᵢ wᵀxᵢ)) from w0: the weights after each t in `at`. */
function logisticGD(points, labels, w0, step, at) {
  let w = w0.slice();
  const out = new Map(), n = points.length, last = Math.max(...at);
  for (let t = 1; t <= last; t++) {
    let g0 = 0, g1 = 0;
    for (let i = 0; i < n; i++) {
      const [x0, x1] = points[i], y = labels[i];
      const sig = 1 / (1 + Math.exp(y * (w[0] * x0 + w[1] * x1)));
      g0 += y * x0 * sig; g1 += y * x1 * sig;
    }
    w = [w[0] + (step * g0) / n, w[1] + (step * g1) / n];
    if (at.includes(t)) out.set(t, w);
  }
  return out;
}

test('the printed ‖w‖ and w/‖w‖ match a plain-JS gradient descent on the logistic loss', async () => {
  const lgCell = (row, col) => `.im-lg-numbers tr.${row} td.im-c-${col}`;
  assert.match(await text('.im-lg-numbers caption'), /After t = 100,000 iterations/);
  for (const [col, w0] of [['zero', [0, 0]], ['start', [-2, 3]]]) {
    const runs = logisticGD(STATION_POINTS, STATION_LABELS, w0, 1, [10000, 100000]);
    const [w1e4, w1e5] = [runs.get(10000), runs.get(100000)];
    const n1e4 = Math.hypot(...w1e4), n1e5 = Math.hypot(...w1e5);
    const before = parse(await text(lgCell('im-lg-norm-before', col))), now = parse(await text(lgCell('im-lg-norm', col)));
    assert.ok(Math.abs(before - n1e4) < 2e-4, `${col}: ‖w¹⁰⁰⁰⁰‖ printed ${before}, recomputed ${n1e4}`);
    assert.ok(Math.abs(now - n1e5) < 2e-4, `${col}: ‖w¹⁰⁰⁰⁰⁰‖ printed ${now}, recomputed ${n1e5}`);
    assert.ok(now > before, 'the length keeps growing');
    const u = pair(await text(lgCell('im-lg-dir', col)));
    assert.ok(Math.hypot(u[0] - w1e5[0] / n1e5, u[1] - w1e5[1] / n1e5) < 2e-4, `${col}: w/‖w‖ printed ${u}, recomputed ${w1e5.map((v) => v / n1e5)}`);
  }
});

test('the printed max-margin direction matches an angle search; adding a point moves it', async () => {
  const svmText = () => text('.im-lg-numbers tr.im-svm td');
  const ref = maxMargin(STATION_POINTS, STATION_LABELS);
  let u = pair(await svmText());
  assert.ok(Math.hypot(u[0] - ref.u[0], u[1] - ref.u[1]) < 2e-4, `u* ${u} vs ${ref.u}`);
  // The angle curve is drawn (both runs).
  const plot = await canvasPixels(s.page, PLOT);
  let red = 0, blue = 0;
  for (let i = 0; i < plot.data.length; i += 4) {
    const [r, g, b] = [plot.data[i], plot.data[i + 1], plot.data[i + 2]];
    if (Math.abs(r - 0xc4) + Math.abs(g - 0x37) + Math.abs(b - 0x4b) < 40) red++;
    if (Math.abs(r - 0x24) + Math.abs(g - 0x58) + Math.abs(b - 0xc6) < 40) blue++;
  }
  assert.ok(red > 300 && blue > 300, `curves: ${red} red, ${blue} blue px`);

  const before = await canvasPixels(s.page, LG_MAP);
  await clickWorld(LG_MAP, 0.8, 0.2); // class +1 inside the old margin band
  await logisticDone(s.page);
  const added = pair(await text('.im-added'));
  assert.ok(Math.abs(added[0] - 0.8) < 0.05 && Math.abs(added[1] - 0.2) < 0.05, `added ${added}`);
  const ref2 = maxMargin([...STATION_POINTS, added], [...STATION_LABELS, 1]);
  u = pair(await svmText());
  assert.ok(Math.hypot(u[0] - ref2.u[0], u[1] - ref2.u[1]) < 2e-4, `new u* ${u} vs ${ref2.u}`);
  assert.ok(Math.hypot(u[0] - ref.u[0], u[1] - ref.u[1]) > 0.05, 'the max-margin direction changed');
  const margin = parse((await svmText()).split('=').pop());
  assert.ok(Math.abs(margin - ref2.margin) < 2e-3, `margin ${margin} vs ${ref2.margin}`);
  const after = await canvasPixels(s.page, LG_MAP);
  assert.ok(changedPixels(before, after) > 1000, 'the max-margin line moved on the map');
});

test('a point on the wrong side is explained, and removing it restores the picture', async () => {
  await s.page.getByLabel('A click adds').selectOption('-1');
  await s.page.fill('input[data-key="new-x"]', '2');
  await s.page.fill('input[data-key="new-y"]', '2');
  await s.page.click('button.im-add');
  await logisticDone(s.page);
  assert.match(await text('.im-lg .message.error'), /No line through the origin separates/);
  assert.match(await text('.im-lg-numbers tr.im-svm td'), /not separable/);
  await s.page.click('button.im-undo');
  await logisticDone(s.page);
  assert.equal(await s.page.$$eval('.message.error', (els) => els.filter((e) => e.textContent).length), 0);
  assert.match(await text('.im-lg-numbers tr.im-svm td'), /u\* =/);
});

test('the settings, start points and added points are kept in the address and restored on reload', async () => {
  const t = await openStation('implicit', { viewport: { width: 1280, height: 800 } });
  try {
    const { page } = t;
    await page.getByLabel('Method').selectOption('sgd');
    await page.fill('#im-ls-x', '-1.5');
    await page.fill('#im-ls-y', '0.5');
    await page.focus('#im-steps');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.getByLabel('Iterations').selectOption('1000');
    await page.fill('#im-new-x', '-0.5');
    await page.fill('#im-new-y', '2.5');
    await page.click('button.im-add');
    await logisticDone(page);
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /m=sgd/);
    assert.match(hash, /pts=/);
    const before = { ls: await canvasPixels(page, LS_MAP), lg: await canvasPixels(page, LG_MAP), steps: await page.inputValue('#im-steps-box') };
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.station === 'implicit', null, { timeout: 30000 });
    await logisticDone(page);
    assert.equal(await page.evaluate(() => location.hash), hash, 'the address is unchanged by the reload');
    assert.equal(await page.getByLabel('Method').inputValue(), 'sgd');
    assert.equal(await page.getByLabel('Iterations').inputValue(), '1000');
    assert.equal(await page.inputValue('#im-ls-x'), '-1.5');
    assert.equal(await page.inputValue('#im-ls-y'), '0.5');
    assert.equal(await page.inputValue('#im-steps-box'), before.steps);
    assert.equal(changedPixels(await canvasPixels(page, LS_MAP), before.ls), 0, 'the same least-squares picture');
    assert.equal(changedPixels(await canvasPixels(page, LG_MAP), before.lg), 0, 'the same points and boundaries');
    assert.deepEqual(t.consoleErrors, []);
  } finally {
    await t.close();
  }
});

test('a step α·L past 2 blows up, said in words; the step α slider redraws the angle plot', async () => {
  // Gradient descent on f = (1/2n)‖Xw − y‖² has curvature λ = (1/n)Σ sᵢ²·‖a‖² = 3.5/3·5 along a;
  // the slider's α·L uses L = maxᵢ ‖xᵢ‖² = 1.5²·5 = 11.25, so GD is stable while α·L < 2L/λ ≈ 3.86.
  await s.page.fill('#im-rel-box', '2.5');
  assert.match(await text('.im-ls .im-alpha'), /α = 2\.5\/L = 0\.222, {2}L = maxᵢ ‖xᵢ‖² = 11\.25$/);
  assert.match(await text('.im-ls .message'), /α·L = 2\.5 ≥ 2: convergence is no longer guaranteed/);
  await s.page.fill('#im-steps-box', '300');
  await s.page.fill('#im-rel-box', '4.5'); // |1 − αλ| = |1 − 0.4·5.83| = 1.33 per step along a: blows up
  assert.match(await text('.im-ls .message.error'), /The step is too large: α·L = 4\.5 ≥ 2 makes the iterates blow up/);
  assert.ok(Math.abs(1 - (4.5 / 11.25) * (3.5 / 3) * 5) > 1, 'the test picks a step past GD\'s limit');
  await s.page.fill('#im-steps-box', '40');
  await s.page.fill('#im-rel-box', '1.5');
  assert.match(await text('.im-ls .message'), /overshoots the line/);
  await s.page.fill('#im-rel-box', '0.5');
  assert.equal((await text('.im-ls .message')).trim(), '');
  const before = await canvasPixels(s.page, PLOT);
  await s.page.fill('#im-step-box', '3');
  await logisticDone(s.page); // busy from the change until the newest runs are drawn
  assert.ok(changedPixels(before, await canvasPixels(s.page, PLOT)) > 200, 'a larger step turns faster: the curves moved');
  assert.match(await text('.im-status'), /^100,000 iterations from each start in \d+ ms \(in the worker\)\.$/);
  await s.page.fill('#im-step-box', '1');
  await logisticDone(s.page);
});

test('no console errors, no external requests; screenshot', async () => {
  await s.page.click('button.im-reset');
  await logisticDone(s.page);
  await s.page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(s.page, 'implicit');
  // Leaving and coming back unmounts cleanly (stylesheet removed, fresh state).
  await s.page.evaluate(() => { location.hash = '#/momentum'; });
  await s.page.waitForFunction(() => document.body.dataset.station === 'momentum');
  assert.equal(await s.page.$$eval('link[href$="implicit.css"]', (l) => l.length), 0);
  await s.page.evaluate(() => { location.hash = '#/implicit'; });
  await s.page.waitForFunction(() => document.body.dataset.station === 'implicit');
  assert.equal(await s.page.$$eval('link[href$="implicit.css"]', (l) => l.length), 1);
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
