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

/**
 * Reads W off the drawn figure: one pixel near each cell's top-left corner (away from its
 * printed number), classified as 0 (the faint zero fill), + (red side) or − (blue side).
 */
async function drawnSigns(page) {
  return page.$eval('[data-testid=matrix-canvas]', (c) => {
    const L = JSON.parse(c.dataset.layout), k = c.width / L.width;
    const img = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const out = [];
    for (let r = 0; r < L.rows; r++) {
      const row = [];
      for (let j = 0; j < L.cols; j++) {
        const x = Math.round((L.Wx + j * L.cell + 3) * k), y = Math.round((L.Wy + r * L.cell + 3) * k);
        const i = 4 * (y * c.width + x), [R, G, B] = [img[i], img[i + 1], img[i + 2]];
        row.push(Math.abs(R - 244) + Math.abs(G - 245) + Math.abs(B - 248) < 8 ? '0' : R > B + 20 ? '+' : B > R + 20 ? '-' : '?');
      }
      out.push(row.join(''));
    }
    return out;
  });
}
/** The signs W must have, from z_i = Σ_t w_t x_{i−m+t}: row r is output i = r + m (valid) or r (same). */
function expectedSigns(w, n, mode) {
  const m = (w.length - 1) / 2, rows = mode === 'valid' ? n - 2 * m : n, first = mode === 'valid' ? m : 0;
  return Array.from({ length: rows }, (_, r) => Array.from({ length: n }, (_, j) => {
    const t = j - (r + first) + m;
    const v = t >= 0 && t < w.length ? w[t] : 0;
    return v === 0 ? '0' : v > 0 ? '+' : '-';
  }).join(''));
}

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
  // The drawn W is the banded matrix: + − + marching down the diagonal, faint zeros elsewhere.
  await page.mouse.move(0, 0);
  assert.deepEqual(await drawnSigns(page), expectedSigns([1, -2, 1], 12, 'valid'));
});

test('hovering output z_i highlights row i − m of W (and back)', async () => {
  const { page } = s;
  // Hover z_4 in the output plot: with m = 1 (valid) that is row 3 of W.
  const P = await layoutOf(page, '[data-testid=output-canvas]');
  const px = P.padL + ((4 + 0.5) * (P.width - P.padL - P.padR)) / P.n;
  await hoverCanvas(page, '[data-testid=output-canvas]', px, 100);
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-row'), '3');
  assert.match(await page.textContent('[data-testid=readout]'), /Row 3 of W computes z₄ from the window x₃ … x₅/);
  // The signal plot shades that window, x₃ … x₅, and nothing else (amber at 18 % over white).
  const S = await layoutOf(page, '[data-testid=signal-canvas]');
  const gap = (S.width - S.padL - S.padR) / S.n;
  const shade = async (i) => pixelAt(page, '[data-testid=signal-canvas]', S.padL + (i + 0.5) * gap + 0.3 * gap, 20);
  const BAND = [249, 234, 209], WHITE = [255, 255, 255];
  for (const i of [3, 4, 5]) assert.ok(near(await shade(i), BAND, 4), `x${i} is in the shaded window`);
  for (const i of [1, 2, 6, 9]) assert.ok(near(await shade(i), WHITE, 4), `x${i} is not`);
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
  // Every other tap too: [1, 2, −1] reverses the signs of the band's middle and right.
  await page.fill('input[data-tap="1"]', '2');
  await page.fill('input[data-tap="2"]', '-1');
  await page.mouse.move(0, 0);
  assert.deepEqual(await drawnSigns(page), expectedSigns([3, 2, -1], 12, 'valid'));
  await page.fill('input[data-tap="1"]', '-2');
  await page.fill('input[data-tap="2"]', '1');
  // A zero tap is not a non-zero: [0, −2, 1] leaves 2 per row, and W's first diagonal fades.
  await page.fill('input[data-tap="0"]', '0');
  assert.match(await page.textContent('[data-testid=nnz-per-row]'), /^2 in every row/);
  assert.deepEqual(await drawnSigns(page), expectedSigns([0, -2, 1], 12, 'valid'));
  const good = await drawnSigns(page);
  for (const [bad, why] of [['abc', /"abc" is not a number/], ['1/0', /divides by zero/], ['2e7', /too large/], ['', /is empty/]]) {
    await page.fill('input[data-tap="0"]', bad);
    assert.match(await page.textContent('[data-testid=filter-message]'), why);
    assert.equal(await page.getAttribute('input[data-tap="0"]', 'aria-invalid'), 'true');
    assert.deepEqual(await drawnSigns(page), good, `"${bad}" leaves W as it was`);
  }
  await page.fill('input[data-tap="0"]', 'abc');
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
  await page.mouse.move(0, 0);
  assert.deepEqual(await drawnSigns(page), expectedSigns([1, -2, 1], 12, 'same'));
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

test('keyboard: arrow keys walk the rows and columns of W, and edit x', async () => {
  const { page } = s;
  await page.click('button[data-signal="step"]');
  await page.focus('[data-testid=matrix-canvas]');
  await page.keyboard.press('ArrowDown'); // row 0
  await page.keyboard.press('ArrowDown'); // row 1
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-row'), '1');
  // valid, m = 1: row 1 computes z₂ from x₁ … x₃.
  assert.match(await page.textContent('[data-testid=readout]'), /Row 1 of W computes z₂ from the window x₁ … x₃/);
  await page.keyboard.press('ArrowRight'); // column 0
  await page.keyboard.press('ArrowRight'); // column 1
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-col'), '1');
  assert.match(await page.textContent('[data-testid=readout]'), /x₁ enters 2 outputs: z₁ \(as w₀\), z₂ \(as w₋₁\)/);
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-row'), '');
  // The output plot: → selects z₁'s row.
  await page.focus('[data-testid=output-canvas]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-row'), '0');
  // The signal plot: → → to x₁, ↑ twice raises it by 0.2, and z₁ = x₀ − 2x₁ + x₂ follows.
  await page.focus('[data-testid=signal-canvas]');
  await page.keyboard.press('ArrowRight'); // x₀
  await page.keyboard.press('ArrowRight'); // x₁
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  const x = new URLSearchParams(page.url().split('?')[1]).get('x').split(',').map(Number);
  assert.deepEqual(x.slice(0, 3), [0, 0.2, 0]);
  await page.focus('[data-testid=matrix-canvas]');
  await page.keyboard.press('ArrowDown'); // row 0 = z₁
  const shown = (await page.textContent('[data-testid=readout] .formula')).split('= ').pop().replace('−', '-');
  assert.ok(Math.abs(Number(shown) - (1 * x[0] - 2 * x[1] + 1 * x[2])) < 1e-3, `z₁ shown as ${shown}`);
  await page.click('button[data-signal="step"]');
});

test('a narrower window lays W out again, with smaller cells that still fit its panel', async () => {
  const { page } = s;
  const wide = await layoutOf(page, '[data-testid=matrix-canvas]');
  await page.setViewportSize({ width: 700, height: 900 });
  // Wait until W is laid out for its panel's new width (data-layout says which width it fit).
  await page.waitForFunction((was) => {
    const fit = JSON.parse(document.querySelector('[data-testid=matrix-canvas]').dataset.layout).fit;
    return fit !== was && fit === document.querySelector('.m1d-matrix').clientWidth;
  }, wide.fit, { timeout: 30000 });
  const narrow = await layoutOf(page, '[data-testid=matrix-canvas]');
  const panel = await page.$eval('.m1d-matrix', (e) => e.clientWidth);
  assert.ok(narrow.cell < wide.cell, `cell ${wide.cell} → ${narrow.cell} px`);
  assert.ok(narrow.width <= panel, `figure ${narrow.width} px in a ${panel} px panel`);
  assert.deepEqual(await drawnSigns(page), expectedSigns([1, -2, 1], 12, 'valid'), 'the same W, redrawn');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('no console errors and no requests beyond 127.0.0.1', async () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
  await screenshot(s.page, 'matrix1d');
});
