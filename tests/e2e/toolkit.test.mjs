// End-to-end: the shared toolkit pieces in a real browser, used as a student would use them.
// The app is opened, then the module under test is imported into the page and its control is
// put in a test area, so the same files the stations load are the ones exercised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, frameCount, waitForFrame } from './harness.mjs';

let s;
before(async () => { s = await openStation('params'); });
after(async () => { await s.close(); });

test('numberControl: slider and box agree; a bad or out-of-limit value is refused next to the control', async () => {
  const { page } = s;
  await page.evaluate(async () => {
    const { numberControl } = await import('/lib/controls.js');
    window.seen = [];
    const c = numberControl({ id: 'tk-lr', label: 'Step size α', min: 1e-3, max: 10, log: true, limits: [1e-6, 100], value: 0.1, onChange: (v) => window.seen.push(v) });
    const area = document.createElement('div');
    area.id = 'tk-area';
    area.append(c.el);
    document.getElementById('app').prepend(area);
  });
  // Typing 2.5 moves the log slider to log10(2.5).
  await page.fill('#tk-lr-box', '2.5');
  assert.equal(await page.evaluate(() => window.seen.at(-1)), 2.5);
  assert.ok(Math.abs(Number(await page.inputValue('#tk-lr')) - Math.log10(2.5)) < 1e-9);
  // Beyond the slider but within the limits is allowed; beyond the limits is refused.
  await page.fill('#tk-lr-box', '50');
  assert.equal(await page.evaluate(() => window.seen.at(-1)), 50);
  const n = await page.evaluate(() => window.seen.length);
  await page.fill('#tk-lr-box', '500');
  assert.equal(await page.textContent('#tk-lr-error'), 'Step size α must be at most 100.');
  assert.equal(await page.getAttribute('#tk-lr-box', 'aria-invalid'), 'true');
  await page.fill('#tk-lr-box', '');
  assert.match(await page.textContent('#tk-lr-error'), /needs an ordinary number/);
  assert.equal(await page.evaluate(() => window.seen.length), n, 'nothing bad reached the station');
  // ↑ in the box steps from the last good value (log: ×10^0.1) and clears the error.
  await page.focus('#tk-lr-box');
  await page.keyboard.press('ArrowUp');
  assert.ok(Math.abs((await page.evaluate(() => window.seen.at(-1))) - 50 * 10 ** 0.1) < 0.01);
  assert.equal(await page.textContent('#tk-lr-error'), '');
  // The slider's own keys (it sits at its top, 10, for anything above): Home → 0.001, End → 10.
  await page.focus('#tk-lr');
  await page.keyboard.press('Home');
  assert.equal(await page.evaluate(() => window.seen.at(-1)), 0.001);
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => window.seen.at(-1)), 10);
  assert.equal(await page.inputValue('#tk-lr-box'), '10');
});

test('numberControl in integer mode refuses decimals', async () => {
  const { page } = s;
  await page.evaluate(async () => {
    const { numberControl } = await import('/lib/controls.js');
    const c = numberControl({ id: 'tk-steps', label: 'Steps', min: 1, max: 200, integer: true, value: 50, onChange: (v) => { window.steps = v; } });
    document.getElementById('tk-area').append(c.el);
  });
  await page.fill('#tk-steps-box', '12.5');
  assert.equal(await page.textContent('#tk-steps-error'), 'Steps must be a whole number.');
  await page.fill('#tk-steps-box', '120');
  assert.equal(await page.evaluate(() => window.steps), 120);
  assert.equal(await page.inputValue('#tk-steps'), '120');
});

test('numberControl with an "off" notch: the log slider\'s left end is 0, and 0 may be typed', async () => {
  const { page } = s;
  await page.evaluate(async () => {
    const { numberControl, ZERO_NOTCH } = await import('/lib/controls.js');
    window.lam = [];
    window.notch = ZERO_NOTCH;
    const c = numberControl({ id: 'tk-lam', label: 'Weight decay λ', log: true, zero: true, min: 1e-6, max: 1, digits: 2, zeroNote: 'off', value: 0, onChange: (v) => window.lam.push(v) });
    document.getElementById('tk-area').append(c.el);
  });
  const notch = await page.evaluate(() => window.notch);
  assert.equal(Number(await page.inputValue('#tk-lam')), -6 - notch, 'λ = 0 sits at the left end');
  assert.ok(await page.isVisible('#tk-lam-zero'), 'the "off" note shows beside a 0');
  assert.equal(await page.textContent('#tk-lam-zero'), 'off');
  await page.fill('#tk-lam-box', '0.01');
  assert.equal(Number(await page.inputValue('#tk-lam')), -2);
  assert.ok(!(await page.isVisible('#tk-lam-zero')), 'no "off" note while λ is on');
  await page.focus('#tk-lam');
  await page.keyboard.press('Home');
  assert.equal(await page.evaluate(() => window.lam.at(-1)), 0);
  assert.equal(await page.inputValue('#tk-lam-box'), '0');
  assert.ok(await page.isVisible('#tk-lam-zero'), 'the slider\'s left end shows "off" again');
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => window.lam.at(-1)), 1);
  // In the box: ↑ from 0 gives the smallest λ that is on, ↓ from there is off again.
  await page.fill('#tk-lam-box', '0');
  await page.focus('#tk-lam-box');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => window.lam.at(-1)), 1e-6);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => window.lam.at(-1)), 0);
  await page.fill('#tk-lam-box', '-1e-3');
  assert.equal(await page.textContent('#tk-lam-error'), 'Weight decay λ must be at least 0.');
  assert.equal(await page.evaluate(() => window.lam.at(-1)), 0, 'the last good value stays');
  assert.ok(await page.isVisible('#tk-lam-zero'), 'a refused value leaves the "off" note of the value in force');
});

test('the heat-map painter draws NaN grey and ±∞ at the ends of the scale', async () => {
  const { page } = s;
  await page.evaluate(async () => {
    const { paint } = await import('/lib/heatmap.js');
    const c = document.createElement('canvas');
    c.id = 'tk-heat';
    document.getElementById('tk-area').append(c);
    window.heat = paint(c, Float32Array.from([-1, 0, 1, NaN, Infinity, -Infinity]), 3, 2);
  });
  const px = await canvasPixels(page, '#tk-heat');
  const rgb = (i) => Array.from(px.data.slice(4 * i, 4 * i + 3));
  assert.deepEqual(await page.evaluate(() => window.heat), { min: -1, max: 1, nan: true });
  assert.deepEqual(rgb(3), [128, 128, 128], 'NaN');
  assert.deepEqual(rgb(4), rgb(2), '+∞ as the top end');
  assert.deepEqual(rgb(5), rgb(0), '−∞ as the bottom end');
  assert.ok(rgb(2)[0] > 150 && rgb(2)[2] < 80, 'the top end is red');
  assert.ok(rgb(0)[2] > 150 && rgb(0)[0] < 80, 'the bottom end is blue');
});

test('linePlot at the device pixel ratio: a log-y curve, a marker and a vertical line where the data put them', async () => {
  const { page } = s;
  const at = await page.evaluate(async () => {
    const { linePlot } = await import('/lib/plot.js');
    const c = document.createElement('canvas');
    c.id = 'tk-plot';
    document.getElementById('tk-area').append(c);
    const xs = [0, 1, 2, 3, 4], ys = xs.map((x) => 10 ** -x);
    const { px, py } = linePlot(c, [{ name: 'loss', color: '#ff0000', xs, ys, marker: 'circle', markerSize: 6 }],
      { size: { width: 400, height: 250 }, logY: true, vlines: [{ x: 2, color: '#0000ff', dash: [] }], legend: 'bottom-left' });
    return { w: c.width, x1: px(1), y1: py(0.1), x2: px(2), yTop: py(1), yBottom: py(1e-4), k: c.width / 400 };
  });
  assert.equal(at.w, Math.round(400 * at.k));
  // On a log axis equal ratios are equal steps: 1 → 0.1 → … → 1e-4 spread evenly.
  assert.ok(Math.abs((at.yBottom - at.yTop) / 4 - (at.y1 - at.yTop)) < 1e-6);
  const px = await canvasPixels(page, '#tk-plot');
  const rgbAt = (x, y) => { const i = 4 * (Math.round(y * at.k) * px.width + Math.round(x * at.k)); return Array.from(px.data.slice(i, i + 3)); };
  const [r, g, b] = rgbAt(at.x1, at.y1);
  assert.ok(r > 200 && g < 60 && b < 60, `the marker at (1, 0.1) is red: ${[r, g, b]}`);
  const v = rgbAt(at.x2, (at.yTop + at.y1) / 2);
  assert.ok(v[2] > 200 && v[0] < 60, `the vertical line at x = 2 is blue: ${v}`);
});

test('the render counter: every complete redraw of a scaffold station bumps it', async () => {
  const { page } = s;
  const n = await frameCount(page);
  await page.fill('#params-k', '1000');
  assert.ok(await waitForFrame(page, n) > n);
  assert.equal(await page.$eval('[data-testid=fc-weights]', (e) => e.textContent), '196,608,000');
  await page.fill('#params-k', '10,000');
  assert.deepEqual(s.consoleErrors, []);
});
