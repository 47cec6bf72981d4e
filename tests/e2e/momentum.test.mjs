// End-to-end: the momentum station (gradient descent vs heavy ball) as a lecturer uses it, in
// headless Chromium. Expected values are computed here in plain JS from the formulas, independent
// of the wasm core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot } from './harness.mjs';

let s;
before(async () => { s = await openStation('momentum', { viewport: { width: 1280, height: 800 } }); });
after(async () => { await s.close(); });

const MAP = 'canvas.mm-map';
const PLOT = 'canvas.mm-plot';
/** Reads printed numbers: "−1.5" (real minus sign) → -1.5. */
const parse = (text) => Number(String(text).trim().replace(/\u2212/g, '-'));
const text = (sel) => s.page.$eval(sel, (e) => e.textContent);
const box = (key) => `input.mm-num[data-key="${key}"]`;

/** Number of pixels whose RGB differ between two canvas snapshots. */
function changedPixels(a, b) {
  assert.equal(a.data.length, b.data.length);
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) n++;
  }
  return n;
}

/** How many different colours a canvas shows (a blank or NaN-poisoned canvas shows one or two). */
function distinctColours(img) {
  const seen = new Set();
  for (let i = 0; i < img.data.length; i += 16) seen.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2]);
  return seen.size;
}

/** Counts pixels close to an [r, g, b] colour. */
function pixelsNear(img, [r, g, b], tol = 40) {
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    if (Math.abs(img.data[i] - r) + Math.abs(img.data[i + 1] - g) + Math.abs(img.data[i + 2] - b) < tol) n++;
  }
  return n;
}
const GD_RGB = [0xd1, 0x49, 0x5b];
const HB_RGB = [0x24, 0x58, 0xc6];

async function settle() { await s.page.waitForTimeout(80); }

test('opens with both paths drawn in their colours', async () => {
  const map = await canvasPixels(s.page, MAP);
  assert.ok(distinctColours(map) > 50, 'the map shows shading and contours');
  assert.ok(pixelsNear(map, GD_RGB) > 300, 'gradient descent path (red) is drawn');
  assert.ok(pixelsNear(map, HB_RGB) > 300, 'heavy-ball path (blue) is drawn');
  assert.match(await text('.mm-key-gd'), /Gradient descent/);
  assert.match(await text('.mm-key-hb'), /Heavy ball/);
});

test('moving the β slider changes the drawn path', async () => {
  const before = await canvasPixels(s.page, MAP);
  const betaBefore = parse(await s.page.inputValue(box('beta')));
  // Click on the β slider's track at 30 % of its width, as a user would.
  const r = await s.page.locator('#mm-beta').boundingBox();
  await s.page.mouse.click(r.x + 0.3 * r.width, r.y + r.height / 2);
  await settle();
  const betaAfter = parse(await s.page.inputValue(box('beta')));
  assert.ok(Math.abs(betaAfter - betaBefore) > 0.2, `β moved from ${betaBefore} to ${betaAfter}`);
  assert.equal(parse(await text('.mm-val-beta')), betaAfter, 'the printed formula shows the new β');
  const after = await canvasPixels(s.page, MAP);
  assert.ok(changedPixels(before, after) > 1000, 'the heavy-ball path was redrawn');
});

test('"use optimal α, β" prints the formula values', async () => {
  for (const kappa of [100, 1000]) {
    await s.page.fill(box('kappa'), String(kappa));
    await s.page.click('.mm-optimal');
    await settle();
    // The bowl has λ_max = 1, λ_min = 1/κ.
    const lmin = 1 / kappa, lmax = 1;
    const alphaGd = 2 / (lmin + lmax);
    const alphaHb = (2 / (Math.sqrt(lmin) + Math.sqrt(lmax))) ** 2;
    const beta = ((Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1)) ** 2;
    const close = (got, want, what) => assert.ok(Math.abs(got - want) <= 5e-4 * Math.abs(want), `${what}: printed ${got}, formula ${want}`);
    close(parse(await text('.mm-val-alpha-gd')), alphaGd, `κ = ${kappa}, GD α`);
    close(parse(await text('.mm-val-alpha-hb')), alphaHb, `κ = ${kappa}, heavy-ball α`);
    close(parse(await text('.mm-val-beta')), beta, `κ = ${kappa}, β`);
    close(parse(await s.page.inputValue(box('beta'))), beta, 'β box');
    assert.doesNotMatch(await text('.mm-msgbox'), /diverge|does not converge/, 'the optimum converges');
  }
  await s.page.fill(box('kappa'), '100');
  await settle();
});

test('a diverging α is said in words, at the right step, with no blank canvas', async () => {
  const start = [parse(await s.page.inputValue(box('x'))), parse(await s.page.inputValue(box('y')))];
  const kappa = parse(await s.page.inputValue(box('kappa')));
  const angle = parse(await s.page.inputValue(box('angle')));
  assert.equal(angle, 0);
  await s.page.fill(box('alpha-gd'), '2.4');
  await settle();
  // Gradient descent on diag(1/κ, 1), written out here: w ← w − α·A·w, escape when
  // ‖w‖ > 1000·max(‖w⁰‖, 1).
  let [x, y] = start;
  const limit = 1000 * Math.max(Math.hypot(x, y), 1);
  let step = 0;
  while (Math.hypot(x, y) <= limit) { x -= (2.4 / kappa) * x; y -= 2.4 * y; step++; }
  const msg = await text('.mm-msgbox');
  assert.match(msg, new RegExp(`Gradient descent diverged at step ${step}: αλ_max = 2\\.4 > 2`), msg);
  const map = await canvasPixels(s.page, MAP);
  assert.ok(distinctColours(map) > 50, 'the map still shows the function');
  assert.ok(pixelsNear(map, GD_RGB) > 200, 'the diverging path is drawn up to where it leaves');
  assert.ok(distinctColours(await canvasPixels(s.page, PLOT)) > 5, 'the plot is drawn');
  assert.match(await s.page.textContent('.mm-now-table'), /diverged/);

  // β ≥ 1 never converges: said in words too.
  await s.page.fill(box('beta'), '1.05');
  await settle();
  assert.match(await text('.mm-msgbox'), /Heavy ball .*β = 1\.05 ≥ 1/);
  // Back to sane values: the message goes away.
  await s.page.fill(box('alpha-gd'), '1');
  await s.page.fill(box('alpha-hb'), '1');
  await s.page.fill(box('beta'), '0.5');
  await settle();
  assert.equal((await text('.mm-msgbox')).trim(), '');
});

test('typed nonsense is refused with a reason, not drawn', async () => {
  await s.page.fill(box('kappa'), '0.5');
  await settle();
  assert.match(await text('.mm-field-error:not(:empty)'), /at least 1/);
  assert.equal(await s.page.getAttribute(box('kappa'), 'aria-invalid'), 'true');
  await s.page.fill(box('kappa'), '100');
  await settle();
  assert.equal(await s.page.getAttribute(box('kappa'), 'aria-invalid'), null);
});

test('keyboard: space plays and pauses, arrows step, Home resets', async () => {
  const t = async () => Number((await text('.mm-t')).match(/t = (\d+)/)[1]);
  await s.page.focus(MAP);
  await s.page.keyboard.press('Home');
  assert.equal(await t(), 0);
  for (let i = 0; i < 3; i++) await s.page.keyboard.press('ArrowRight');
  assert.equal(await t(), 3);
  await s.page.keyboard.press('ArrowLeft');
  assert.equal(await t(), 2);
  const before = await canvasPixels(s.page, MAP);
  await s.page.keyboard.press('Space');
  assert.equal(await s.page.getAttribute('.mm-play', 'aria-pressed'), 'true');
  await s.page.waitForTimeout(600);
  await s.page.keyboard.press('Space');
  assert.equal(await s.page.getAttribute('.mm-play', 'aria-pressed'), 'false');
  const played = await t();
  assert.ok(played > 5, `the animation advanced (t = ${played})`);
  assert.ok(changedPixels(before, await canvasPixels(s.page, MAP)) > 100, 'the paths grew on the map');
  await s.page.waitForTimeout(200);
  assert.equal(await t(), played, 'paused means paused');
});

test('clicking the map moves the start point', async () => {
  const r = await s.page.locator(MAP).boundingBox();
  // The bowl's map spans x ∈ [−3, 3], y ∈ [−1.5, 1.5]: click at (u, v) = (0.75, 0.25) of it.
  await s.page.mouse.click(r.x + 0.75 * r.width, r.y + 0.25 * r.height);
  await settle();
  const x = parse(await s.page.inputValue(box('x'))), y = parse(await s.page.inputValue(box('y')));
  assert.ok(Math.abs(x - 1.5) < 0.05 && Math.abs(y - 0.75) < 0.05, `start (${x}, ${y})`);
});

test('the Rosenbrock banana is a choice too', async () => {
  const before = await canvasPixels(s.page, MAP);
  await s.page.selectOption('.mm-fs select', 'rosenbrock');
  await settle();
  assert.ok(changedPixels(before, await canvasPixels(s.page, MAP)) > 10000, 'a different landscape');
  assert.match(await text('.mm-theory'), /Rosenbrock is not a quadratic/);
  assert.ok(await s.page.isVisible(box('b')));
  assert.ok(!(await s.page.isVisible(box('kappa'))));
  await screenshot(s.page, 'momentum-rosenbrock');
  await s.page.selectOption('.mm-fs select', 'quadratic');
  await settle();
});

test('no console errors, no external requests', async () => {
  await screenshot(s.page, 'momentum');
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
