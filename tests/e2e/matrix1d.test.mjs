// End-to-end: the "1D conv = matrix" station in headless Chromium, used as a student would.
// Expected values are derived here by hand (the slide's filter on a step) or by plain-JS
// arithmetic, independent of the wasm core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, screenshot } from './harness.mjs';

const AMBER = [224, 138, 0]; // the row highlight (ROW_COLOR in www/lib/matrixview.js)
const RED = [178, 24, 43]; // the diverging scale's end for +max|w| (www/lib/canvas.js)

let s;
before(async () => { s = await openStation('matrix1d', { viewport: { width: 1280, height: 900 } }); });
after(async () => { await s.close(); });

const layoutOf = (page, sel) => page.$eval(sel, (c) => JSON.parse(c.dataset.layout));

/** RGB of the canvas pixel at CSS position (x, y) in the canvas's own drawing coordinates. */
async function pixelAt(page, sel, x, y) {
  return page.$eval(sel, (c, [x, y]) => {
    const L = JSON.parse(c.dataset.layout);
    const k = c.width / L.width;
    return Array.from(c.getContext('2d').getImageData(Math.round(x * k), Math.round(y * k), 1, 1).data.slice(0, 3));
  }, [x, y]);
}
const near = (a, b, tol = 6) => a.every((v, i) => Math.abs(v - b[i]) <= tol);

/** Hovers a point given in the canvas's drawing coordinates. */
async function hoverCanvas(page, sel, x, y) {
  const L = await layoutOf(page, sel);
  const w = await page.$eval(sel, (c) => c.getBoundingClientRect().width);
  await page.locator(sel).hover({ position: { x: (x * w) / L.width, y: (y * w) / L.width } });
}

test('opens with the slide: [1, −2, 1] on 12 samples gives a 10 × 12 banded W that reproduces the convolution', async () => {
  const { page } = s;
  const taps = await page.$$eval('input[data-tap]', (els) => els.map((e) => e.value));
  assert.deepEqual(taps, ['1', '-2', '1']);
  assert.equal(await page.textContent('[data-testid=w-shape]'), 'W is 10 × 12'); // (n − 2m) × n
  assert.match(await page.textContent('[data-testid=nnz-per-row]'), /^3 in every row/);
  assert.match(await page.textContent('[data-testid=distinct]'), /^2/); // 1 and −2
  const check = await page.textContent('[data-testid=check]');
  assert.match(check, /W x equals the convolution/);
  assert.ok(+(await page.getAttribute('[data-testid=check]', 'data-max-diff')) <= 1e-6);
  const L = await layoutOf(page, '[data-testid=matrix-canvas]');
  assert.equal(L.rows, 10);
  assert.equal(L.cols, 12);
  // The step x = 0…0 1…1 (x₆ is the first 1) under [1, −2, 1]: z₅ = 1, z₆ = −1, the rest 0.
  const zAt = async (i) => {
    await hoverCanvas(page, '[data-testid=matrix-canvas]', L.zX + L.vw / 2, L.zY + (i - 1 + 0.5) * L.cell);
    return (await page.textContent('[data-testid=readout] .formula')).split('= ').pop();
  };
  assert.equal(await zAt(5), '1');
  assert.equal(await zAt(6), '−1');
  assert.equal(await zAt(8), '0');
});

test('hovering output z_i highlights row i − m of W (and back)', async () => {
  const { page } = s;
  // Hover z_4 in the output plot: with m = 1 (valid) that is row 3 of W.
  const P = await layoutOf(page, '[data-testid=output-canvas]');
  const px = P.padL + ((4 + 0.5) * (P.width - P.padL - P.padR)) / P.n;
  await hoverCanvas(page, '[data-testid=output-canvas]', px, 100);
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-row'), '3');
  assert.match(await page.textContent('[data-testid=readout]'), /Row 3 of W computes z₄ from the window x₃ … x₅/);
  // Pixels: the amber frame sits just left of row 3, not beside row 6.
  const L = await layoutOf(page, '[data-testid=matrix-canvas]');
  const left = L.Wx - 2;
  assert.ok(near(await pixelAt(page, '[data-testid=matrix-canvas]', left, L.Wy + 3.5 * L.cell), AMBER), 'row 3 framed');
  assert.ok(!near(await pixelAt(page, '[data-testid=matrix-canvas]', left, L.Wy + 6.5 * L.cell), AMBER), 'row 6 not framed');
  // And back: hovering row 7 of W (on a zero cell far from the band) selects z_8.
  await hoverCanvas(page, '[data-testid=matrix-canvas]', L.Wx + 1.5 * L.cell, L.Wy + 7.5 * L.cell);
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-row'), '7');
  assert.match(await page.textContent('[data-testid=readout]'), /z₈ = w₋₁·x₇ \+ w₀·x₈ \+ w₁·x₉/);
  // Hovering the input entry x_0 selects column 0: only z_1 (row 0) uses it in valid mode.
  await hoverCanvas(page, '[data-testid=matrix-canvas]', L.xX + L.vw / 2, L.xY + 0.5 * L.cell);
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-col'), '0');
  assert.match(await page.textContent('[data-testid=readout]'), /x₀ enters 1 output: z₁ \(as w₋₁\)/);
});

test('typing a filter tap changes W', async () => {
  const { page } = s;
  const L = await layoutOf(page, '[data-testid=matrix-canvas]');
  await page.mouse.move(0, 0);
  // Sample near a cell's corner, away from its printed number.
  const cell00 = () => pixelAt(page, '[data-testid=matrix-canvas]', L.Wx + 4, L.Wy + 4);
  const before = await cell00();
  await page.fill('input[data-tap="0"]', '3');
  const after = await cell00();
  assert.notDeepEqual(after, before);
  // 3 is now the largest |w|, so W[0, 0] takes the darkest red of the scale.
  assert.ok(near(after, RED), `W[0,0] is ${after}`);
  assert.match(await page.textContent('[data-testid=distinct]'), /^3/); // 3, −2, 1
  assert.match(await page.textContent('[data-testid=check]'), /W x equals the convolution/);
  // A zero tap is not a non-zero: [0, −2, 1] leaves 2 per row.
  await page.fill('input[data-tap="0"]', '0');
  assert.match(await page.textContent('[data-testid=nnz-per-row]'), /^2 in every row/);
  await page.fill('input[data-tap="0"]', 'abc');
  assert.match(await page.textContent('[data-testid=filter-message]'), /"abc" is not a number/);
  assert.equal(await page.getAttribute('input[data-tap="0"]', 'aria-invalid'), 'true');
  await page.click('button[data-filter="second-diff"]');
  assert.equal(await page.textContent('[data-testid=filter-message]'), '');
});

test('switching the boundary changes W’s shape; border rows lose the taps past the ends', async () => {
  const { page } = s;
  await page.click('button[data-mode="same"]');
  assert.equal(await page.textContent('[data-testid=w-shape]'), 'W is 12 × 12');
  assert.equal((await layoutOf(page, '[data-testid=matrix-canvas]')).rows, 12);
  assert.match(await page.textContent('[data-testid=nnz-per-row]'), /^3 in most rows; 2 in rows 0, 11/);
  assert.match(await page.textContent('[data-testid=check]'), /W x equals the convolution/);
  await page.click('button[data-mode="valid"]');
  assert.equal(await page.textContent('[data-testid=w-shape]'), 'W is 10 × 12');
  // A 9-tap filter does not fit in 8 samples: valid mode says so instead of failing.
  await page.locator('[data-testid=n-slider]').fill('8');
  await page.selectOption('[data-testid=filter-length]', '9');
  assert.match(await page.textContent('[data-testid=matrix-message]'), /8 samples but the filter has 9 taps/);
  await page.click('button[data-mode="same"]');
  assert.equal(await page.textContent('[data-testid=w-shape]'), 'W is 8 × 8');
  assert.equal(await page.textContent('[data-testid=matrix-message]'), '');
  await page.selectOption('[data-testid=filter-length]', '3');
  await page.click('button[data-mode="valid"]');
  await page.locator('[data-testid=n-slider]').fill('12');
});

test('dragging the signal edits x, and W x still equals the convolution', async () => {
  const { page } = s;
  await page.click('button[data-signal="spike"]');
  const P = await layoutOf(page, '[data-testid=signal-canvas]');
  const box = await page.locator('[data-testid=signal-canvas]').boundingBox();
  const k = box.width / P.width;
  const xAt = (i) => box.x + (P.padL + ((i + 0.5) * (P.width - P.padL - P.padR)) / P.n) * k;
  // Drag from sample 2 to sample 4 near the top of the plot (x = +1.5 there).
  await page.mouse.move(xAt(2), box.y + 13 * k);
  await page.mouse.down();
  await page.mouse.move(xAt(4), box.y + 13 * k, { steps: 4 });
  await page.mouse.up();
  const hash = new URLSearchParams(page.url().split('?')[1]);
  const x = hash.get('x').split(',').map(Number);
  assert.equal(x.length, 12);
  for (const i of [2, 3, 4]) assert.ok(x[i] > 1.4, `x${i} = ${x[i]} after the drag`);
  assert.equal(x[0], 0);
  assert.match(await page.textContent('[data-testid=check]'), /W x equals the convolution/);
  // Hover z_2: the readout shows the inner product with the dragged values, computed here.
  const O = await layoutOf(page, '[data-testid=output-canvas]');
  await hoverCanvas(page, '[data-testid=output-canvas]', O.padL + (2.5 * (O.width - O.padL - O.padR)) / O.n, 100);
  const z2 = 1 * x[1] - 2 * x[2] + 1 * x[3];
  const shown = Number((await page.textContent('[data-testid=readout] .formula')).split('= ').pop().replace('−', '-'));
  assert.ok(z2 < -1 && Math.abs(shown - z2) < 1e-3, `readout shows z₂ = ${shown}, expected ${z2}`);
});

test('no console errors and no requests beyond 127.0.0.1', async () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
  await screenshot(s.page, 'matrix1d');
});
