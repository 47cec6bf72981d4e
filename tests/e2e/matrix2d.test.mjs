// End-to-end: the "2D conv = matrix" station in headless Chromium, used as a student would.
// Expected numbers are worked out here in plain JS (window sums, index arithmetic), independent
// of the wasm core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, screenshot } from './harness.mjs';

const AMBER = [224, 138, 0]; // the row highlight (ROW_COLOR in www/lib/matrixview.js)
const RED = [178, 24, 43]; // the diverging scale's end for +max|w| (www/lib/canvas.js)
const SLIDE = [-2, -1, 0, -1, 0, 1, 0, 1, 2];

let s;
before(async () => { s = await openStation('matrix2d', { viewport: { width: 1280, height: 900 } }); });
after(async () => { await s.close(); });

const layoutOf = (page) => page.$eval('[data-testid=matrix-canvas]', (c) => JSON.parse(c.dataset.layout));
async function pixelAt(page, x, y) {
  return page.$eval('[data-testid=matrix-canvas]', (c, [x, y]) => {
    const L = JSON.parse(c.dataset.layout);
    const k = c.width / L.width;
    return Array.from(c.getContext('2d').getImageData(Math.round(x * k), Math.round(y * k), 1, 1).data.slice(0, 3));
  }, [x, y]);
}
const near = (a, b, tol = 6) => a.every((v, i) => Math.abs(v - b[i]) <= tol);
const imageValues = (page) => page.$$eval('[data-testid=image-table] input', (els) => els.map((e) => Number(e.value)));
/** The output table's numbers (printed with 2 decimals, Unicode minus). */
const outputValues = async (page) => (await page.$$eval('[data-testid=output-table] td', (els) => els.map((e) => e.textContent)))
  .map((t) => Number(t.replace('−', '-')));
/** Printed values agree with exact ones to the 2 decimals shown. */
function assertPrinted(printed, exact) {
  assert.equal(printed.length, exact.length);
  printed.forEach((p, i) => assert.ok(Math.abs(p - exact[i]) <= 0.0051, `output ${i}: printed ${p}, expected ${exact[i]}`));
}

/** W as drawn: one pixel near each cell's top-left corner, classified 0 (faint), + (red) or − (blue). */
async function drawnSigns(page) {
  return page.$eval('[data-testid=matrix-canvas]', (c) => {
    const L = JSON.parse(c.dataset.layout), k = c.width / L.width;
    const img = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const out = [];
    for (let r = 0; r < L.rows; r++) {
      let row = '';
      for (let j = 0; j < L.cols; j++) {
        const x = Math.round((L.Wx + j * L.cell + 2) * k), y = Math.round((L.Wy + r * L.cell + 2) * k);
        const i = 4 * (y * c.width + x), [R, G, B] = [img[i], img[i + 1], img[i + 2]];
        row += Math.abs(R - 244) + Math.abs(G - 245) + Math.abs(B - 248) < 8 ? '0' : R > B + 20 ? '+' : B > R + 20 ? '-' : '?';
      }
      out.push(row);
    }
    return out;
  });
}
/**
 * The signs W must have, by hand: row r is output pixel (a, b) (valid: offset by 1), column j is
 * pixel (p, q) = (⌊j/C⌋, j mod C) of the row-major vec(x); the entry is kernel cell
 * (p − a + 1, q − b + 1) when that lies in the 3 × 3 kernel, else 0.
 */
function expectedSigns(k, R, C, mode) {
  const [OR, OC, a0] = mode === 'valid' ? [R - 2, C - 2, 1] : [R, C, 0];
  const out = [];
  for (let r = 0; r < OR * OC; r++) {
    const a = Math.floor(r / OC) + a0, b = (r % OC) + a0;
    let row = '';
    for (let j = 0; j < R * C; j++) {
      const u = Math.floor(j / C) - a + 1, v = (j % C) - b + 1;
      const w = u >= 0 && u < 3 && v >= 0 && v < 3 ? k[u * 3 + v] : 0;
      row += w === 0 ? '0' : w > 0 ? '+' : '-';
    }
    out.push(row);
  }
  return out;
}

/** Valid 3×3 correlation of a rows × cols image, row-major, in plain JS. */
function validCorrelation(x, rows, cols, k) {
  const out = [];
  for (let a = 1; a < rows - 1; a++) for (let b = 1; b < cols - 1; b++) {
    let sum = 0;
    for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) sum += k[u * 3 + v] * x[(a + u - 1) * cols + b + v - 1];
    out.push(sum);
  }
  return out;
}

test('opens with the slide’s kernel on a 6 × 6 image: W is 16 × 36 and reshaping W·vec(x) matches the convolution', async () => {
  const { page } = s;
  assert.deepEqual((await page.$$eval('.m2d-kcell', (els) => els.map((e) => e.value))).map(Number), SLIDE);
  assert.equal(await page.textContent('[data-testid=w-shape]'), 'W is 16 × 36');
  const L = await layoutOf(page);
  assert.deepEqual([L.rows, L.cols], [16, 36]);
  assert.match(await page.textContent('.m2d-order'), /row-major/);
  assert.match(await page.textContent('.lede'), /correlation/);
  const check = await page.textContent('[data-testid=check]');
  assert.match(check, /Same numbers/);
  assert.match(check, /into 4 × 4/);
  assert.equal(await page.getAttribute('[data-testid=check]', 'data-agree'), 'true');
  // The output table shows the valid correlation, worked out here.
  const x = await imageValues(page);
  assert.equal(x.length, 36);
  assertPrinted(await outputValues(page), validCorrelation(x, 6, 6, SLIDE));
  // 3 of the slide kernel's 9 cells are 0, so each row has 6 non-zeros.
  assert.match(await page.textContent('[data-testid=nnz-per-row]'), /^6 in every row/);
  // The drawn W is the doubly block Toeplitz matrix worked out by hand, cell by cell.
  await page.mouse.move(0, 0);
  assert.deepEqual(await drawnSigns(page), expectedSigns(SLIDE, 6, 6, 'valid'));
});

test('hovering an output pixel highlights its row of W and its 3×3 window', async () => {
  const { page } = s;
  // Output cell 5 is pixel (2, 2) of the image (valid: 4 × 4 outputs start at (1, 1)).
  await page.hover('[data-testid=output-table] td[data-row="5"]');
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-row'), '5');
  const windowPixels = await page.$$eval('[data-testid=image-table] td.in-window input', (els) => els.map((e) => +e.dataset.pixel));
  // Rows 1–3, columns 1–3 of a 6-wide image, row-major: p·6 + q.
  assert.deepEqual(windowPixels, [7, 8, 9, 13, 14, 15, 19, 20, 21]);
  assert.match(await page.textContent('[data-testid=readout]'), /Row 5 of W = output pixel \(2, 2\).*columns 7–9, 13–15, 19–21/);
  const L = await layoutOf(page);
  const left = L.Wx - 2;
  assert.ok(near(await pixelAt(page, left, L.Wy + 5.5 * L.cell), AMBER), 'row 5 framed in amber');
  assert.ok(!near(await pixelAt(page, left, L.Wy + 9.5 * L.cell), AMBER), 'row 9 not framed');
  // The reverse: hovering an image pixel marks the outputs that read it. Pixel (0, 0) feeds
  // only output (1, 1), through the kernel's top-left cell.
  await page.hover('[data-testid=image-table] input[data-pixel="0"]');
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-col'), '0');
  assert.deepEqual(await page.$$eval('[data-testid=output-table] td.uses-col', (els) => els.map((e) => e.dataset.row)), ['0']);
});

test('typing a kernel cell changes W (and the check still agrees)', async () => {
  const { page } = s;
  await page.mouse.move(0, 0);
  const L = await layoutOf(page);
  const cell00 = () => pixelAt(page, L.Wx + 3, L.Wy + 3); // W[0, 0] = w(0, 0), away from its number
  const before = await cell00();
  await page.fill('.m2d-kcell[data-cell="0"]', '5');
  const after = await cell00();
  assert.notDeepEqual(after, before);
  assert.ok(near(after, RED), `W[0,0] = 5 is the largest weight: darkest red, got ${after}`);
  const k = [5, ...SLIDE.slice(1)];
  assertPrinted(await outputValues(page), validCorrelation(await imageValues(page), 6, 6, k));
  assert.equal(await page.getAttribute('[data-testid=check]', 'data-agree'), 'true');
  // Zeroing the centre-right cell and flipping the bottom-left one changes W in every row.
  await page.fill('.m2d-kcell[data-cell="5"]', '0');
  await page.fill('.m2d-kcell[data-cell="6"]', '-3');
  const k2 = [5, -1, 0, -1, 0, 0, -3, 1, 2];
  await page.mouse.move(0, 0);
  assert.deepEqual(await drawnSigns(page), expectedSigns(k2, 6, 6, 'valid'));
  assertPrinted(await outputValues(page), validCorrelation(await imageValues(page), 6, 6, k2));
  const good = await drawnSigns(page);
  for (const [bad, why] of [['1/0', /divides by zero/], ['x', /"x" is not a number/], ['-3e6', /too large/]]) {
    await page.fill('.m2d-kcell[data-cell="0"]', bad);
    assert.match(await page.textContent('[data-testid=kernel-message]'), why);
    assert.equal(await page.getAttribute('.m2d-kcell[data-cell="0"]', 'aria-invalid'), 'true');
    assert.deepEqual(await drawnSigns(page), good, `"${bad}" leaves W as it was`);
  }
  await page.click('button[data-kernel="slide"]');
  assert.equal(await page.textContent('[data-testid=kernel-message]'), '');
});

test('the boundary and the image size change W’s printed shape', async () => {
  const { page } = s;
  await page.click('button[data-mode="same"]');
  assert.equal(await page.textContent('[data-testid=w-shape]'), 'W is 36 × 36');
  assert.equal(await page.getAttribute('[data-testid=check]', 'data-agree'), 'true');
  // Zero border, by hand: the slide kernel's 6 non-zero cells sit at offsets (−1,−1), (−1,0),
  // (0,−1), (0,1), (1,0), (1,1). Inner pixels keep all 6; each edge drops 2 of them; the
  // corners (0,0) and (5,5) keep 3, the corners (0,5) and (5,0) keep 2.
  const text = await page.textContent('[data-testid=nnz-per-row]');
  const counts = Object.fromEntries([...text.matchAll(/(\d+) in (\d+) rows?/g)].map((m) => [m[1], +m[2]]));
  assert.deepEqual(counts, { 6: 16, 4: 16, 3: 2, 2: 2 });
  await page.mouse.move(0, 0);
  assert.deepEqual(await drawnSigns(page), expectedSigns(SLIDE, 6, 6, 'same'));
  await page.locator('[data-testid=rows-slider]').fill('8');
  assert.equal(await page.textContent('[data-testid=w-shape]'), 'W is 48 × 48');
  await page.click('button[data-mode="valid"]');
  assert.equal(await page.textContent('[data-testid=w-shape]'), 'W is 24 × 48'); // (8−2)·(6−2) × 8·6
  await page.mouse.move(0, 0);
  assert.deepEqual(await drawnSigns(page), expectedSigns(SLIDE, 8, 6, 'valid'));
  await page.locator('[data-testid=rows-slider]').fill('6');
  assert.equal(await page.textContent('[data-testid=w-shape]'), 'W is 16 × 36');
});

test('editing a pixel updates the output, and a photo patch also reshapes correctly', async () => {
  const { page } = s;
  await page.fill('[data-testid=image-table] input[data-pixel="14"]', '7');
  const x = await imageValues(page);
  assert.equal(x[14], 7);
  assertPrinted(await outputValues(page), validCorrelation(x, 6, 6, SLIDE));
  assert.equal(await page.getAttribute('[data-testid=check]', 'data-agree'), 'true');
  await page.click('button[data-source="photo"]');
  const patch = await imageValues(page);
  assert.ok(patch.every((v) => v >= 0 && v <= 1), 'grey levels in 0…1');
  assert.ok(new Set(patch).size > 3, 'a real photo patch, not a flat image');
  assertPrinted(await outputValues(page), validCorrelation(patch, 6, 6, SLIDE));
  assert.equal(await page.getAttribute('[data-testid=check]', 'data-agree'), 'true');
});

test('keyboard: arrows walk W, and every output and pixel can be reached by Tab', async () => {
  const { page } = s;
  await page.click('button[data-source="square"]');
  await page.focus('[data-testid=matrix-canvas]');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown'); // rows 0 … 5
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-row'), '5');
  // Row 5 of a 4 × 4 valid output is pixel (1 + ⌊5/4⌋, 1 + 5 mod 4) = (2, 2).
  assert.match(await page.textContent('[data-testid=readout]'), /Row 5 of W = output pixel \(2, 2\)/);
  assert.equal(await page.$eval('[data-testid=output-table] td.hot-row', (e) => e.dataset.row), '5');
  await page.keyboard.press('ArrowRight'); // column 0
  await page.keyboard.press('ArrowRight'); // column 1 = pixel (0, 1): only output (1, 1) and (1, 2) read it
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-col'), '1');
  assert.deepEqual(await page.$$eval('[data-testid=output-table] td.uses-col', (els) => els.map((e) => e.dataset.row)), ['0', '1']);
  // Tab from the last kernel cell reaches the output cells (tabindex 0), focus highlights the row.
  await page.focus('.m2d-kcell[data-cell="8"]');
  let reached = null;
  for (let i = 0; i < 12 && reached === null; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement.closest('[data-testid=output-table]') ? document.activeElement.dataset.row : null);
  }
  assert.equal(reached, '0', 'the first output cell is in the tab order');
  assert.equal(await page.getAttribute('[data-testid=matrix-figure]', 'data-active-row'), '0');
});

test('a photo patch is restored on reload: same photo, same pixels', async () => {
  const t = await openStation('matrix2d', { viewport: { width: 1280, height: 900 } });
  try {
    await t.page.click('button[data-source="photo"]');
    await t.page.getByLabel('Photo', { exact: true }).selectOption('coffee');
    await t.page.waitForFunction(() => window.convlab.images.current().sampleId === 'coffee', null, { timeout: 30000 });
    await t.page.focus('.m2d-thumb');
    await t.page.keyboard.press('ArrowRight');
    const before = await imageValues(t.page);
    assert.match(await t.page.evaluate(() => location.hash), /[?&]img=coffee(&|$)/);
    await t.page.reload();
    await t.page.waitForFunction(() => document.body.dataset.station === 'matrix2d', null, { timeout: 30000 });
    assert.equal(await t.page.evaluate(() => window.convlab.images.current().sampleId), 'coffee');
    assert.deepEqual(await imageValues(t.page), before, 'the same patch of the same photo');
    assert.deepEqual(t.consoleErrors, []);
  } finally {
    await t.close();
  }
});

test('no console errors and no requests beyond 127.0.0.1', async () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
  await screenshot(s.page, 'matrix2d');
});
