// End-to-end: the momentum station (gradient descent vs heavy ball) as a lecturer uses it, in
// headless Chromium. Expected values are computed here in plain JS from the formulas, independent
// of the wasm core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot, changedPixels, distinctColours, parsePrinted, frameCount, waitForFrame, routeCount, waitForRoute } from './harness.mjs';

let s;
before(async () => { s = await openStation('momentum', { viewport: { width: 1280, height: 800 } }); });
after(async () => { await s.close(); });

const MAP = 'canvas.mm-map';
const PLOT = 'canvas.mm-plot';
/** Reads printed numbers: "−1.5" (real minus sign) → -1.5. */
const parse = (text) => Number(String(text).trim().replace(/\u2212/g, '-'));
const text = (sel) => s.page.$eval(sel, (e) => e.textContent);
/** A typed-number box: the start's two (mm-x, mm-y) and each slider's box (mm-<key>-box). */
const box = (key) => (key === 'x' || key === 'y' ? `#mm-${key}` : `#mm-${key}-box`);
/** The error line next to a slider's box. */
const fieldError = (key) => `.num-control:has(${box(key)}) .field-error`;

/** How many different colours a canvas shows, one pixel in four (a blank or NaN-poisoned canvas shows one or two). */
const colours = (img) => distinctColours(img, { every: 4 });

/** Counts pixels close to an [r, g, b] colour. */
function pixelsNear(img, [r, g, b], tol = 40) {
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    if (Math.abs(img.data[i] - r) + Math.abs(img.data[i + 1] - g) + Math.abs(img.data[i + 2] - b) < tol) n++;
  }
  return n;
}
const GD_RGB = [0xc4, 0x37, 0x4b];
const HB_RGB = [0x24, 0x58, 0xc6];

/**
 * Lets the page run n animation frames (its own clock): used only to show that nothing
 * happens meanwhile (a paused animation stays put), never to wait for something to happen.
 */
const animationFrames = (n) => s.page.evaluate((k) => new Promise((done) => {
  const tick = () => (k-- > 0 ? requestAnimationFrame(tick) : done());
  tick();
}), n);

// ---- an independent model of the quadratic bowl, written here from the formulas ----
// f(w) = ½ wᵀAw, A = R(θ)·diag(1/κ, 1)·R(θ)ᵀ; heavy ball w⁺ = w − α·A·w + β(w − w⁻), w⁻¹ = w⁰.
function bowl(kappa, thetaDeg) {
  const t = (thetaDeg * Math.PI) / 180, c = Math.cos(t), sn = Math.sin(t), l1 = 1 / kappa, l2 = 1;
  return [[c * c * l1 + sn * sn * l2, c * sn * (l1 - l2)], [c * sn * (l1 - l2), sn * sn * l1 + c * c * l2]];
}
function heavyBall(A, w0, alpha, beta, steps) {
  let prev = w0.slice(), w = w0.slice();
  for (let t = 0; t < steps; t++) {
    const g = [A[0][0] * w[0] + A[0][1] * w[1], A[1][0] * w[0] + A[1][1] * w[1]];
    const next = [0, 1].map((i) => w[i] - alpha * g[i] + beta * (w[i] - prev[i]));
    prev = w; w = next;
  }
  return w;
}
/** Larger root modulus of z² − (1 + β − αλ)z + β, maximised over the two curvatures. */
function rate(kappa, alpha, beta) {
  return Math.max(...[1 / kappa, 1].map((l) => {
    const b = 1 + beta - alpha * l, disc = b * b - 4 * beta;
    return disc >= 0 ? (Math.abs(b) + Math.sqrt(disc)) / 2 : Math.sqrt(beta);
  }));
}
// The bowl's map shows x ∈ [−3, 3], y ∈ [−1.5, 1.5] on a canvas of MAP_W × MAP_H backing pixels.
const toPixel = (img, [x, y]) => [Math.round(((x + 3) / 6) * img.width), Math.round(((1.5 - y) / 3) * img.height)];
/** The run's current iterate is marked by a filled disc of radius of about 7 px (8.5 CSS px at a 700 px map, less its white rim): all pixels within 5 px have its colour. */
function discAt(img, w, rgb) {
  const [cx, cy] = toPixel(img, w);
  let bad = 0;
  for (let dy = -5; dy <= 5; dy++) for (let dx = -5; dx <= 5; dx++) {
    if (dx * dx + dy * dy > 25) continue;
    const i = 4 * ((cy + dy) * img.width + cx + dx);
    if (Math.abs(img.data[i] - rgb[0]) + Math.abs(img.data[i + 1] - rgb[1]) + Math.abs(img.data[i + 2] - rgb[2]) > 30) bad++;
  }
  return bad === 0;
}
const boxNumber = async (key) => parse(await s.page.inputValue(box(key)));
async function settings() {
  return {
    kappa: await boxNumber('kappa'), angle: await boxNumber('angle'), agd: await boxNumber('alpha-gd'),
    ahb: await boxNumber('alpha-hb'), beta: await boxNumber('beta'), start: [await boxNumber('x'), await boxNumber('y')],
  };
}

test('opens with both paths drawn in their colours, each ending where the recurrence says', async () => {
  const map = await canvasPixels(s.page, MAP);
  assert.ok(colours(map) > 50, 'the map shows shading and contours');
  assert.ok(pixelsNear(map, GD_RGB) > 300, 'gradient descent path (red) is drawn');
  assert.ok(pixelsNear(map, HB_RGB) > 300, 'heavy-ball path (blue) is drawn');
  assert.match(await text('.mm-key-gd'), /Gradient descent/);
  assert.match(await text('.mm-key-hb'), /Heavy ball/);
  // The page opens on the whole race, t = steps: each run's marker sits on w^steps.
  const c = await settings();
  const steps = await boxNumber('steps');
  assert.equal(Number((await text('.mm-t')).match(/t = (\d+)/)[1]), steps);
  const A = bowl(c.kappa, c.angle);
  const gdEnd = heavyBall(A, c.start, c.agd, 0, steps), hbEnd = heavyBall(A, c.start, c.ahb, c.beta, steps);
  assert.ok(discAt(map, gdEnd, GD_RGB), `red marker at w^${steps} = (${gdEnd.map((v) => v.toFixed(3))})`);
  assert.ok(discAt(map, hbEnd, HB_RGB), `blue marker at w^${steps} = (${hbEnd.map((v) => v.toFixed(3))})`);
  assert.ok(!discAt(map, gdEnd, HB_RGB) && !discAt(map, hbEnd, GD_RGB), 'and not the other way round');
  // The rates printed under the plot are the theory's, ρ = max over λ of the root modulus.
  const theory = await text('.mm-theory');
  const printed = [...theory.matchAll(/contracts ×([\d.]+) per step/g)].map((m) => Number(m[1]));
  assert.equal(printed.length, 2, theory);
  assert.ok(Math.abs(printed[0] - rate(c.kappa, c.agd, 0)) < 6e-4, `GD ρ printed ${printed[0]}, formula ${rate(c.kappa, c.agd, 0)}`);
  assert.ok(Math.abs(printed[1] - rate(c.kappa, c.ahb, c.beta)) < 6e-4, `HB ρ printed ${printed[1]}, formula ${rate(c.kappa, c.ahb, c.beta)}`);
  // The convergence plot shows both runs (measured and theory lines in the runs' colours).
  const plot = await canvasPixels(s.page, PLOT);
  assert.ok(pixelsNear(plot, GD_RGB) > 300 && pixelsNear(plot, HB_RGB) > 300, 'both curves on the plot');
});

test('moving the β slider changes the drawn path', async () => {
  const before = await canvasPixels(s.page, MAP);
  const betaBefore = parse(await s.page.inputValue(box('beta')));
  // Click on the β slider's track at 30 % of its width, as a user would.
  const r = await s.page.locator('#mm-beta').boundingBox();
  await s.page.mouse.click(r.x + 0.3 * r.width, r.y + r.height / 2);
  const betaAfter = parse(await s.page.inputValue(box('beta')));
  assert.ok(Math.abs(betaAfter - betaBefore) > 0.2, `β moved from ${betaBefore} to ${betaAfter}`);
  assert.equal(parse(await text('.mm-val-beta')), betaAfter, 'the printed formula shows the new β');
  const after = await canvasPixels(s.page, MAP);
  assert.ok(changedPixels(before, after) > 1000, 'the heavy-ball path was redrawn');
  // The blue marker moved from the old β's end point to the new one's, computed here.
  const c = await settings();
  const steps = await boxNumber('steps');
  const A = bowl(c.kappa, c.angle);
  const oldEnd = heavyBall(A, c.start, c.ahb, betaBefore, steps), newEnd = heavyBall(A, c.start, c.ahb, betaAfter, steps);
  assert.ok(Math.hypot(oldEnd[0] - newEnd[0], oldEnd[1] - newEnd[1]) > 0.3, 'the test moves β enough to move the end point');
  assert.ok(discAt(after, newEnd, HB_RGB), `blue marker at the new end (${newEnd.map((v) => v.toFixed(3))})`);
  assert.ok(!discAt(after, oldEnd, HB_RGB), 'no longer at the old end');
});

test('"use optimal α, β" prints the formula values', async () => {
  for (const kappa of [100, 1000]) {
    await s.page.fill(box('kappa'), String(kappa));
    await s.page.click('.mm-optimal');
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
    // At the optimum ρ = (κ−1)/(κ+1) and (√κ−1)/(√κ+1): "1000× closer every t steps" is the
    // least t with ρᵗ ≤ 10⁻³, counted here step by step.
    const closer = [...(await text('.mm-theory')).matchAll(/1000× closer every (\d+) steps/g)].map((m) => Number(m[1]));
    const rates = [(kappa - 1) / (kappa + 1), (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1)];
    for (const [i, rho] of rates.entries()) {
      let t = 0, left = 1;
      while (left > 1e-3) { left *= rho; t++; }
      assert.equal(closer[i], t, `κ = ${kappa}, ${i ? 'heavy ball' : 'GD'}: printed ${closer[i]} steps, counted ${t} at ρ = ${rho}`);
    }
    assert.doesNotMatch(await text('.mm-msgbox'), /diverge|does not converge/, 'the optimum converges');
  }
  await s.page.fill(box('kappa'), '100');
});

test('a diverging α is said in words, at the right step, with no blank canvas', async () => {
  const start = [parse(await s.page.inputValue(box('x'))), parse(await s.page.inputValue(box('y')))];
  const kappa = parse(await s.page.inputValue(box('kappa')));
  const angle = parse(await s.page.inputValue(box('angle')));
  assert.equal(angle, 0);
  await s.page.fill(box('alpha-gd'), '2.4');
  // Gradient descent on diag(1/κ, 1), written out here: w ← w − α·A·w, escape when
  // ‖w‖ > 1000·max(‖w⁰‖, 1).
  let [x, y] = start;
  const limit = 1000 * Math.max(Math.hypot(x, y), 1);
  let step = 0;
  while (Math.hypot(x, y) <= limit && step < 1000) { x -= (2.4 / kappa) * x; y -= 2.4 * y; step++; }
  assert.ok(step < 1000, 'α = 2.4 > 2 escapes within a few dozen steps');
  const msg = await text('.mm-msgbox');
  assert.match(msg, new RegExp(`Gradient descent diverged at step ${step}: αλ_max = 2\\.4 > 2`), msg);
  const map = await canvasPixels(s.page, MAP);
  assert.ok(colours(map) > 50, 'the map still shows the function');
  assert.ok(pixelsNear(map, GD_RGB) > 200, 'the diverging path is drawn up to where it leaves');
  assert.ok(colours(await canvasPixels(s.page, PLOT)) > 5, 'the plot is drawn');
  assert.match(await s.page.textContent('.mm-now-gd'), /diverged/);
  assert.doesNotMatch(await s.page.textContent('.mm-now-hb'), /diverged/);

  // β ≥ 1 never converges: said in words too.
  await s.page.fill(box('beta'), '1.05');
  assert.match(await text('.mm-msgbox'), /Heavy ball .*β = 1\.05 ≥ 1/);
  // Back to sane values: the message goes away.
  await s.page.fill(box('alpha-gd'), '1');
  await s.page.fill(box('alpha-hb'), '1');
  await s.page.fill(box('beta'), '0.5');
  assert.equal((await text('.mm-msgbox')).trim(), '');
});

test('typed nonsense is refused with a reason, not drawn', async () => {
  const before = await canvasPixels(s.page, MAP);
  await s.page.fill(box('kappa'), '0.5');
  assert.match(await text(fieldError('kappa')), /at least 1/);
  assert.equal(await s.page.getAttribute(box('kappa'), 'aria-invalid'), 'true');
  await s.page.fill(box('kappa'), '100');
  assert.equal(await s.page.getAttribute(box('kappa'), 'aria-invalid'), null);
  // Every kind of bad number, in the fields where it can be typed.
  const cases = [
    ['steps', '2.5', /steps must be a whole number/, '150'],
    ['steps', '100000', /steps must be at most 2000/, '150'],
    ['sigma', '-1', /noise σ must be at least 0/, '0'],
    ['alpha-gd', '1e400', /α step size needs an ordinary number/, '1'],
    ['alpha-gd', '-5000', /α step size must be at least −1000/, '1'],
    ['beta', '', /β momentum needs an ordinary number/, '0.5'],
    ['angle', '1e308', /rotation θ must be at most 360/, '0'],
    ['kappa', '1e9', /condition number κ must be at most 1·10⁶/, '100'],
  ];
  for (const [key, bad, why, good] of cases) {
    await s.page.fill(box(key), bad);
      const shown = await text(fieldError(key));
    assert.match(shown, why, `${key} = "${bad}"`);
    assert.equal(await s.page.getAttribute(box(key), 'aria-invalid'), 'true');
    assert.equal(changedPixels(before, await canvasPixels(s.page, MAP)), 0, `${key} = "${bad}" leaves the drawing alone`);
    await s.page.fill(box(key), good);
      assert.equal(await s.page.getAttribute(box(key), 'aria-invalid'), null);
  }
  // Letters cannot even get into a number box; what can ("1e", "-") is not a number.
  await s.page.fill(box('alpha-hb'), '');
  await s.page.type(box('alpha-hb'), '1e');
  assert.match(await text(fieldError('alpha-hb')), /needs an ordinary number/);
  await s.page.fill(box('alpha-hb'), '1');
  // The start point: an empty box is named.
  await s.page.fill(box('x'), '');
  assert.match(await text('.mm-start .field-error'), /Start x needs a number/);
  assert.equal(await s.page.getAttribute(box('x'), 'aria-invalid'), 'true');
  await s.page.fill(box('x'), '5000');
  assert.match(await text('.mm-start .field-error'), /between −1000 and 1000/);
  await s.page.fill(box('x'), '-2.6');
  assert.equal(await text('.mm-start .field-error'), '');
  assert.equal(changedPixels(before, await canvasPixels(s.page, MAP)), 0, 'all back as before');
});

test('keyboard: space plays and pauses, arrows step, Home resets', async () => {
  const t = async () => Number((await text('.mm-t')).match(/t = (\d+)/)[1]);
  await s.page.fill(box('alpha-gd'), '0.3');
  await s.page.fill(box('alpha-hb'), '0.3');
  await s.page.fill(box('beta'), '0.7');
  await s.page.focus(MAP);
  await s.page.keyboard.press('Home');
  assert.equal(await t(), 0);
  for (let i = 0; i < 3; i++) await s.page.keyboard.press('ArrowRight');
  assert.equal(await t(), 3);
  // After three steps the markers sit on w³ of each run, worked out here.
  const c = await settings();
  const A = bowl(c.kappa, c.angle);
  const at3 = await canvasPixels(s.page, MAP);
  assert.ok(discAt(at3, heavyBall(A, c.start, 0.3, 0, 3), GD_RGB), 'red marker on GD w³');
  assert.ok(discAt(at3, heavyBall(A, c.start, 0.3, 0.7, 3), HB_RGB), 'blue marker on heavy-ball w³');
  assert.match(await s.page.textContent('.mm-now-caption'), /Step t = 3 → 4/);
  await s.page.keyboard.press('ArrowLeft');
  assert.equal(await t(), 2);
  const before = await canvasPixels(s.page, MAP);
  await s.page.keyboard.press('Space');
  assert.equal(await s.page.getAttribute('.mm-play', 'aria-pressed'), 'true');
  // Playing, the page redraws as t advances: wait until it has passed step 5.
  await s.page.waitForFunction(() => Number(document.querySelector('.mm-t').textContent.match(/t = (\d+)/)[1]) > 5);
  await s.page.keyboard.press('Space');
  assert.equal(await s.page.getAttribute('.mm-play', 'aria-pressed'), 'false');
  const played = await t();
  assert.ok(played > 5, `the animation advanced (t = ${played})`);
  // Where the animation stopped, the markers sit on that step's iterates.
  const atPause = await canvasPixels(s.page, MAP);
  assert.ok(changedPixels(before, atPause) > 100, 'the paths grew on the map');
  assert.ok(discAt(atPause, heavyBall(A, c.start, 0.3, 0.7, played), HB_RGB), `blue marker on heavy-ball w^${played}`);
  const frames = await frameCount(s.page);
  await animationFrames(30);
  assert.equal(await t(), played, 'paused means paused');
  assert.equal(await frameCount(s.page), frames, 'and nothing is redrawn');
  // The same transport with the mouse: Reset, Step ▸, ◂ Step, Play/Pause.
  await s.page.click('.mm-reset');
  assert.equal(await t(), 0);
  await s.page.click('.mm-step');
  await s.page.click('.mm-step');
  assert.equal(await t(), 2);
  await s.page.click('.mm-back');
  assert.equal(await t(), 1);
  await s.page.click('.mm-play');
  assert.equal(await s.page.getAttribute('.mm-play', 'aria-pressed'), 'true');
  // Playing, t moves on by itself (a redraw for another reason, such as a resize, would not).
  await s.page.waitForFunction(() => Number(document.querySelector('.mm-t').textContent.match(/t = (\d+)/)[1]) > 1, null, { timeout: 30000 });
  await s.page.click('.mm-play');
  assert.equal(await s.page.getAttribute('.mm-play', 'aria-pressed'), 'false');
  assert.ok(await t() > 1, 'Play advanced t');
});

test('clicking the map moves the start point', async () => {
  const r = await s.page.locator(MAP).boundingBox();
  // The bowl's map spans x ∈ [−3, 3], y ∈ [−1.5, 1.5]: click at (u, v) = (0.75, 0.25) of it.
  await s.page.mouse.click(r.x + 0.75 * r.width, r.y + 0.25 * r.height);
  const x = parse(await s.page.inputValue(box('x'))), y = parse(await s.page.inputValue(box('y')));
  assert.ok(Math.abs(x - 1.5) < 0.05 && Math.abs(y - 0.75) < 0.05, `start (${x}, ${y})`);
});

test('rotating the bowl turns the paths with it', async () => {
  await s.page.fill(box('alpha-gd'), '0.5');
  await s.page.fill(box('angle'), '90');
  // θ = 90° swaps the axes: A = diag(1, 1/κ), so GD now races along x and creeps along y.
  const c = await settings();
  assert.equal(c.angle, 90);
  const steps = await boxNumber('steps');
  const end = heavyBall(bowl(c.kappa, 90), c.start, c.agd, 0, steps);
  assert.ok(Math.abs(end[0]) < 1e-6 && Math.abs(end[1] - c.start[1] * (1 - c.agd / c.kappa) ** steps) < 1e-9);
  const map = await canvasPixels(s.page, MAP);
  assert.ok(discAt(map, end, GD_RGB), `red marker at (${end.map((v) => v.toFixed(3))})`);
  await s.page.fill(box('angle'), '0');
});

test('the noise slider shows the stochastic version; σ = 0 is the plain one again', async () => {
  const quiet = await canvasPixels(s.page, MAP);
  const r = await s.page.locator('#mm-sigma').boundingBox();
  await s.page.mouse.click(r.x + 0.4 * r.width, r.y + r.height / 2);
  const sigma = await boxNumber('sigma');
  assert.ok(sigma > 0.2 && sigma < 0.6, `σ = ${sigma}`);
  const noisy = await canvasPixels(s.page, MAP);
  assert.ok(changedPixels(quiet, noisy) > 1000, 'noisy paths differ');
  assert.match(await text('.mm-plot-caption'), /noise floor/);
  assert.match(await s.page.textContent('.mm-now-tables'), /∇f \+ noise/);
  // The step table's gradient term is the noisy gradient the run used: with the printed wᵗ it
  // adds up to the printed wᵗ⁺¹ (gradient descent: no momentum term), and it is not −α∇f(wᵗ).
  const rows = await s.page.$$eval('.mm-now-gd tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
  const [w, step, , next] = rows.map((r) => r.map(parsePrinted));
  const c = await settings();
  const A = bowl(c.kappa, c.angle);
  const plain = [0, 1].map((i) => -c.agd * (A[i][0] * w[0] + A[i][1] * w[1]));
  const digits = (v) => 5e-3 * Math.abs(v) + 1e-12; // the table prints 3 significant digits
  for (const i of [0, 1]) {
    assert.ok(Math.abs(w[i] + step[i] - next[i]) <= digits(w[i]) + digits(step[i]) + digits(next[i]), `wᵗ + step = wᵗ⁺¹ (coordinate ${i}: ${w[i]} + ${step[i]} vs ${next[i]})`);
  }
  assert.ok([0, 1].some((i) => Math.abs(step[i] - plain[i]) > 10 * digits(plain[i])), `the noise shows: step ${step} vs −α∇f(wᵗ) ${plain}`);
  await s.page.click('.mm-reseed');
  assert.ok(changedPixels(noisy, await canvasPixels(s.page, MAP)) > 1000, '"New noise" draws another sample');
  await s.page.fill(box('sigma'), '0');
  assert.equal(changedPixels(quiet, await canvasPixels(s.page, MAP)), 0, 'σ = 0 redraws exactly the noise-free race');
});

test('the Rosenbrock banana is a choice too', async () => {
  const before = await canvasPixels(s.page, MAP);
  await s.page.getByLabel('Shape').selectOption('rosenbrock');
  assert.ok(changedPixels(before, await canvasPixels(s.page, MAP)) > 10000, 'a different landscape');
  assert.match(await text('.mm-theory'), /Rosenbrock is not a quadratic/);
  assert.ok(await s.page.isVisible(box('b')));
  assert.ok(!(await s.page.isVisible(box('kappa'))));
  await screenshot(s.page, 'momentum-rosenbrock');
  await s.page.getByLabel('Shape').selectOption('quadratic');
});

test('the settings live in the address: a shared link opens the same race', async () => {
  const hash = '?f=quadratic&kappa=10&angle=30&agd=0.3&ahb=0.3&beta=0.6&steps=8&x=2&y=-1';
  const t = await openStation('momentum', { hash, viewport: { width: 1280, height: 800 } });
  try {
    const { page } = t;
    const value = async (key) => parse(await page.inputValue(box(key)));
    assert.deepEqual(
      [await value('kappa'), await value('angle'), await value('alpha-gd'), await value('alpha-hb'), await value('beta'), await value('steps'), await value('x'), await value('y')],
      [10, 30, 0.3, 0.3, 0.6, 8, 2, -1]);
    const map = await canvasPixels(page, MAP);
    const A = bowl(10, 30);
    const gdEnd = heavyBall(A, [2, -1], 0.3, 0, 8), hbEnd = heavyBall(A, [2, -1], 0.3, 0.6, 8);
    assert.ok(Math.hypot(gdEnd[0] - hbEnd[0], gdEnd[1] - hbEnd[1]) > 0.2, 'the two end points are apart');
    assert.ok(discAt(map, gdEnd, GD_RGB), 'red marker where the recurrence ends');
    assert.ok(discAt(map, hbEnd, HB_RGB), 'blue marker where the recurrence ends');
    // A change is written back to the address (after the drag pause), and out-of-range values are clamped.
    await page.fill(box('beta'), '0.8');
    await page.waitForFunction(() => /[?&]beta=0\.8(&|$)/.test(location.hash));
    assert.match(await page.evaluate(() => location.hash), /^#\/momentum\?f=quadratic&kappa=10&angle=30&agd=0\.3&ahb=0\.3&beta=0\.8&steps=8&x=2&y=-1$/);
    const r = await routeCount(page);
    await page.evaluate(() => { location.hash = '#/momentum?kappa=1e9&steps=abc'; }); // typed into the address bar
    await waitForRoute(page, r);
    assert.equal(await value('kappa'), 1e6, 'κ clamped to its limit');
    assert.equal(await value('steps'), 150, 'a bad count falls back to the default');
    assert.deepEqual(t.consoleErrors, []);
  } finally {
    await t.close();
  }
});

test('the shell\'s keys pass through: p turns presenter mode on, the map redraws at its new width, space still plays', async () => {
  const t = async () => Number((await text('.mm-t')).match(/t = (\d+)/)[1]);
  await s.page.focus(MAP);
  await s.page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await s.page.keyboard.press('ArrowRight');
  const narrow = await canvasPixels(s.page, MAP);
  const n = await frameCount(s.page);
  await s.page.keyboard.press('p');
  await s.page.waitForFunction(() => document.body.dataset.presenter === 'on');
  await waitForFrame(s.page, n); // the map follows its column's new width (presenter type is larger)
  await s.page.waitForFunction((w) => document.querySelector('canvas.mm-map').width !== w, narrow.width);
  assert.equal(await t(), 4, 'p did not move t');
  assert.equal(await s.page.getAttribute('.mm-play', 'aria-pressed'), 'false', 'nor play');
  const wide = await canvasPixels(s.page, MAP);
  const c = await settings();
  const A = bowl(c.kappa, c.angle);
  assert.ok(discAt(wide, heavyBall(A, c.start, c.agd, 0, 4), GD_RGB), 'red marker on GD w⁴ at the new size');
  assert.ok(discAt(wide, heavyBall(A, c.start, c.ahb, c.beta, 4), HB_RGB), 'blue marker on heavy-ball w⁴ at the new size');
  await s.page.focus(MAP);
  await s.page.keyboard.press('Space');
  assert.equal(await s.page.getAttribute('.mm-play', 'aria-pressed'), 'true', 'space plays in presenter mode');
  await s.page.keyboard.press('Space');
  await s.page.keyboard.press('p');
  await s.page.waitForFunction(() => document.body.dataset.presenter === 'off');
});

test('no console errors, no external requests', async () => {
  await screenshot(s.page, 'momentum');
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
