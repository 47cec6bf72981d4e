// End-to-end: the custom-kernel station as a student uses it, in headless Chromium.
// Expected outputs are computed here in plain JS (float64, independent of the wasm core).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot } from './harness.mjs';
import { encodePNG, decodePNG } from './png.mjs';

let s;
before(async () => { s = await openStation('kernel'); });
after(async () => { await s.close(); });

/** Index under scipy's reflect mode (d c b a | a b c d). */
const reflect = (i, n) => { const p = 2 * n; let k = ((i % p) + p) % p; return k < n ? k : p - 1 - k; };

/** Correlates each of R, G, B with a 3×3 kernel (reflect border), then display-maps. */
function expectedFilter(img, k, display) {
  const { width: w, height: h, data } = img;
  const out = new Uint8ClampedArray(data.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < 4; ch++) {
    const o = 4 * (y * w + x) + ch;
    if (ch === 3) { out[o] = data[o]; continue; }
    let s = 0;
    for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) {
      s += k[(i + 1) * 3 + j + 1] * data[4 * (reflect(y + i, h) * w + reflect(x + j, w)) + ch];
    }
    out[o] = display === 'abs' ? Math.abs(s) : s; // Uint8ClampedArray clamps and rounds
  }
  return out;
}

function maxDiff(a, b) {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const cells = (page) => page.$$eval('.kcell', (els) => els.map((e) => e.value));
async function typeKernel(page, values) {
  for (let i = 0; i < 9; i++) await page.fill(`.kcell[data-cell="${i}"]`, values[i]);
}

test('loads with the default Gaussian blur applied and no console errors', async () => {
  const { page } = s;
  const input = await canvasPixels(page, '[data-testid=input-canvas]');
  assert.ok(input.width > 100 && input.height > 100, 'a sample image is shown');
  const out = await canvasPixels(page, '[data-testid=output-canvas]');
  const gauss = [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16);
  // The probe box is drawn on the output; compare away from it (the default probe is the centre).
  const want = expectedFilter(input, gauss, 'clamp');
  let worst = 0;
  for (let i = 0; i < want.length; i += 4) {
    const x = (i / 4) % input.width, y = Math.floor(i / 4 / input.width);
    if (Math.abs(x - input.width / 2) < 8 && Math.abs(y - input.height / 2) < 8) continue; // probe box
    for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(want[i + c] - out.data[i + c]));
  }
  assert.ok(worst <= 1, `Gaussian output within ±1 of the JS reference (max ${worst})`);
  assert.deepEqual(s.consoleErrors, []);
});

test('what the screen shows is the filtered output (nothing covers it)', async () => {
  const { page } = s;
  await page.click('button[data-preset="sobel-y"]');
  const out = await canvasPixels(page, '[data-testid=output-canvas]');
  const shot = decodePNG(await page.locator('[data-testid=output-canvas]').screenshot());
  // The canvas is scaled on screen: compare mean brightness of the shown and the true output,
  // away from the probe box. An opaque layer on top would show flat white or black instead.
  const mean = (img) => { let t = 0; for (let i = 0; i < img.data.length; i += 4) t += img.data[i] + img.data[i + 1] + img.data[i + 2]; return t / (img.data.length / 4) / 3; };
  const spread = (img) => { let lo = 255, hi = 0; for (let i = 0; i < img.data.length; i += 4) { lo = Math.min(lo, img.data[i]); hi = Math.max(hi, img.data[i]); } return hi - lo; };
  assert.ok(Math.abs(mean(shot) - mean(out)) < 6, `screen mean ${mean(shot)} vs canvas mean ${mean(out)}`);
  assert.ok(spread(shot) > 100, 'the screen shows edges, not a flat layer');
});

test('a preset click and a typed kernel change the output to the expected pixels', async () => {
  const { page } = s;
  await page.click('button[data-preset="sobel-x"]');
  assert.deepEqual(await cells(page), ['-1', '0', '1', '-2', '0', '2', '-1', '0', '1']);
  const input = await canvasPixels(page, '[data-testid=input-canvas]');
  await page.mouse.move(0, 0); // keep the probe where it is
  const probeFree = (a, b) => {
    let m = 0;
    for (let i = 0; i < a.length; i += 4) {
      const x = (i / 4) % input.width, y = Math.floor(i / 4 / input.width);
      if (Math.abs(x - input.width / 2) < 8 && Math.abs(y - input.height / 2) < 8) continue;
      for (let c = 0; c < 3; c++) m = Math.max(m, Math.abs(a[i + c] - b[i + c]));
    }
    return m;
  };
  let out = await canvasPixels(page, '[data-testid=output-canvas]');
  assert.ok(probeFree(expectedFilter(input, [-1, 0, 1, -2, 0, 2, -1, 0, 1], 'abs'), out.data) <= 1, 'Sobel x, |value| display');

  // Typing fractions: a horizontal average of the left and right neighbours.
  await page.selectOption('#station-kernel select >> nth=2', 'clamp');
  await typeKernel(page, ['0', '0', '0', '1/2', '0', '0.5', '0', '0', '0']);
  out = await canvasPixels(page, '[data-testid=output-canvas]');
  assert.ok(probeFree(expectedFilter(input, [0, 0, 0, 0.5, 0, 0.5, 0, 0, 0], 'clamp'), out.data) <= 1, 'typed kernel');
  assert.match(await page.textContent('[data-testid=kernel-sum]'), /Sum of weights = 1\b/);
});

test('a cell with text, NaN or Infinity shows a message and keeps the last good output', async () => {
  const { page } = s;
  const before = await canvasPixels(page, '[data-testid=output-canvas]');
  for (const bad of ['abc', 'NaN', 'Infinity', '1/0']) {
    await page.fill('.kcell[data-cell="4"]', bad);
    const msg = await page.textContent('[data-testid=kernel-message]');
    assert.match(msg, /Row 2, column 2/, `message for ${bad}`);
    assert.equal(await page.getAttribute('.kcell[data-cell="4"]', 'aria-invalid'), 'true');
    const after = await canvasPixels(page, '[data-testid=output-canvas]');
    assert.equal(maxDiff(before.data, after.data), 0, `output kept for ${bad}`);
  }
  await page.fill('.kcell[data-cell="4"]', '0');
  assert.equal((await page.textContent('[data-testid=kernel-message]')).trim(), '');
});

test('the kernel and sample round-trip through the URL hash', async () => {
  const { page, context } = s;
  await page.selectOption('#station-kernel select >> nth=0', 'coffee');
  await page.waitForFunction(() => window.convlab.images.current().sampleId === 'coffee');
  await typeKernel(page, ['0', '-1', '0', '-1', '5', '-1', '0', '-1', '1/8']);
  const url = await page.evaluate(() => location.href); // page.url() learns of replaceState late
  assert.match(url, /img=coffee/);
  const out1 = await canvasPixels(page, '[data-testid=output-canvas]');
  const page2 = await context.newPage();
  await page2.goto(url);
  await page2.waitForFunction(() => document.body.dataset.station === 'kernel');
  assert.deepEqual(await cells(page2), ['0', '-1', '0', '-1', '5', '-1', '0', '-1', '1/8']);
  assert.equal(await page2.evaluate(() => window.convlab.images.current().sampleId), 'coffee');
  const out2 = await canvasPixels(page2, '[data-testid=output-canvas]');
  assert.equal(maxDiff(out1.data, out2.data), 0, 'same output after reopening the link');
  await page2.close();
});

test('uploading a real PNG shows it; a non-image file is refused and the output stays', async () => {
  const { page } = s;
  const W = 64, H = 48;
  const png = encodePNG(W, H, (x, y) => [x * 4, y * 5, (x * y) % 256, 255]);
  await page.setInputFiles('#kernel-file', { name: 'gradient.png', mimeType: 'image/png', buffer: png });
  await page.waitForFunction(() => window.convlab.images.current().name === 'gradient.png');
  const input = await canvasPixels(page, '[data-testid=input-canvas]');
  assert.equal(input.width, W);
  assert.equal(input.data[4 * (10 * W + 20)], 80);
  assert.equal(input.data[4 * (10 * W + 20) + 1], 50);
  assert.match(await page.textContent('figcaption'), /gradient\.png, 64×48/);
  const before = await canvasPixels(page, '[data-testid=output-canvas]');

  await page.setInputFiles('#kernel-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.waitForFunction(() => /not an image/.test(document.querySelector('[data-testid=image-message]').textContent));
  // A corrupt file that claims to be a PNG.
  await page.setInputFiles('#kernel-file', { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
  await page.waitForFunction(() => /not an image this page can read/.test(document.querySelector('[data-testid=image-message]').textContent));
  const after = await canvasPixels(page, '[data-testid=output-canvas]');
  assert.equal(maxDiff(before.data, after.data), 0, 'previous output kept');
  assert.equal(await page.evaluate(() => window.convlab.images.current().name), 'gradient.png');
});

test('a photo over 4 megapixels is scaled down with a visible note', async () => {
  const { page } = s;
  const png = encodePNG(2600, 1800, (x) => [x % 256, 128, 64, 255]); // 4.68 MP
  await page.setInputFiles('#kernel-file', { name: 'big.png', mimeType: 'image/png', buffer: png });
  await page.waitForFunction(() => window.convlab.images.current().name === 'big.png', null, { timeout: 30000 });
  const { width, height } = await page.evaluate(() => window.convlab.images.current());
  assert.ok(width * height <= 4_000_000 && width > 1500, `${width}×${height}`);
  assert.match(await page.textContent('[data-testid=image-message]'), /2600×1800/);
});

test('hovering an output pixel writes out its weighted sum', async () => {
  const { page } = s;
  await page.selectOption('#station-kernel select >> nth=0', 'astronaut');
  await page.waitForFunction(() => window.convlab.images.current().sampleId === 'astronaut');
  await page.click('button[data-preset="gaussian"]');
  const box = await page.locator('[data-testid=output-canvas]').boundingBox();
  // hover() scrolls the canvas into view first, clear of the sticky header.
  await page.locator('[data-testid=output-canvas]').hover({ position: { x: box.width * 0.25, y: box.height * 0.5 } });
  const text = await page.textContent('[data-testid=worked-example]');
  const m = text.match(/Output pixel \(x = (\d+), y = (\d+)\)/);
  assert.ok(m, text);
  const [x, y] = [Number(m[1]), Number(m[2])];
  assert.ok(Math.abs(x - 128) <= 2 && Math.abs(y - 256) <= 2, `probe at ${x},${y}`);
  const input = await canvasPixels(page, '[data-testid=input-canvas]');
  const gauss = [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16);
  let sum = 0;
  for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) sum += gauss[(i + 1) * 3 + j + 1] * input.data[4 * ((y + i) * input.width + x + j)];
  const red = await page.textContent('[data-channel=R]');
  const shown = Number(red.match(/= ([-\d.]+) → shown as (\d+)/)[1]);
  assert.ok(Math.abs(shown - sum) < 0.01, `R sum ${shown} vs ${sum}`);
  await screenshot(page, 'kernel');
});

test('the keyboard walks the probe; at a corner with a constant border the outside reads 0', async () => {
  const { page } = s;
  await page.click('button[data-preset="gaussian"]');
  await page.selectOption('#station-kernel select >> nth=1', 'constant');
  const box = await page.locator('[data-testid=output-canvas]').boundingBox();
  await page.locator('[data-testid=output-canvas]').click({ position: { x: box.width * 0.5, y: box.height * 0.5 } }); // pins
  const at = async () => (await page.textContent('[data-testid=worked-example]')).match(/x = (\d+), y = (\d+)\)/).slice(1).map(Number);
  const [x0, y0] = await at();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  assert.deepEqual(await at(), [x0 + 2, y0 - 1]);
  assert.match(await page.textContent('[data-testid=worked-example]'), /pinned/);
  await page.keyboard.press('Escape');
  assert.doesNotMatch(await page.textContent('[data-testid=worked-example]'), /pinned/);
  // Shift+arrows move 10 px at a time and stop at the edge: the top-left corner.
  for (let i = 0; i < 60; i++) { await page.keyboard.press('Shift+ArrowLeft'); await page.keyboard.press('Shift+ArrowUp'); }
  assert.deepEqual(await at(), [0, 0]);
  // The 5 cells past the edge are 0 under the constant border: the Gaussian sum is
  // (4·x(0,0) + 2·x(0,1) + 2·x(1,0) + x(1,1)) / 16 per channel.
  assert.equal(await page.$$eval('.ch-R td.outside', (tds) => tds.length), 5);
  const input = await canvasPixels(page, '[data-testid=input-canvas]');
  const v = (x, y) => input.data[4 * (y * input.width + x)];
  const want = (4 * v(0, 0) + 2 * v(1, 0) + 2 * v(0, 1) + v(1, 1)) / 16;
  const shown = Number((await page.textContent('[data-channel=R]')).match(/= ([-\d.]+) → shown as/)[1]);
  assert.ok(Math.abs(shown - want) < 0.01, `R at the corner: ${shown} vs ${want}`);
  const out = await canvasPixels(page, '[data-testid=output-canvas]');
  assert.ok(Math.abs(out.data[0] - want) <= 0.5 + 1e-9, `the drawn corner pixel ${out.data[0]} is the rounded sum ${want}`);
  await page.selectOption('#station-kernel select >> nth=1', 'reflect');
});

/** Dispatches a drop or paste carrying a PNG file, the way the browser would. */
async function deliverFile(page, kind, png, name) {
  await page.evaluate(({ kind, b64, name }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name, { type: 'image/png' }));
    if (kind === 'drop') {
      document.querySelector('#station-kernel').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    } else {
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
    }
  }, { kind, b64: png.toString('base64'), name });
}

test('a photo can be dropped onto the page or pasted', async () => {
  const { page } = s;
  await deliverFile(page, 'drop', encodePNG(30, 20, () => [200, 10, 10, 255]), 'dropped.png');
  await page.waitForFunction(() => window.convlab.images.current().name === 'dropped.png');
  let input = await canvasPixels(page, '[data-testid=input-canvas]');
  assert.deepEqual([input.width, input.height, input.data[0], input.data[1]], [30, 20, 200, 10]);
  await deliverFile(page, 'paste', encodePNG(12, 16, () => [0, 0, 240, 255]), 'pasted.png');
  await page.waitForFunction(() => window.convlab.images.current().name === 'pasted.png');
  input = await canvasPixels(page, '[data-testid=input-canvas]');
  assert.deepEqual([input.width, input.height, input.data[2]], [12, 16, 240]);
});

test('normalise divides by the sum; a zero-sum kernel is scaled by its positive part', async () => {
  const { page } = s;
  await typeKernel(page, ['1', '2', '1', '2', '4', '2', '1', '2', '1']);
  await page.click('text=Normalise kernel');
  assert.deepEqual(await cells(page), ['0.0625', '0.125', '0.0625', '0.125', '0.25', '0.125', '0.0625', '0.125', '0.0625']);
  assert.match(await page.textContent('[data-testid=kernel-sum]'), /= 1 \(brightness kept\)/);
  await page.click('button[data-preset="sobel-x"]');
  await page.click('text=Normalise kernel');
  assert.deepEqual(await cells(page), ['-0.25', '0', '0.25', '-0.5', '0', '0.5', '-0.25', '0', '0.25']);
  assert.match(await page.textContent('[data-testid=kernel-message]'), /sum to 0/);
});

test('the output downloads as a PNG with the filtered pixels', async () => {
  const { page } = s;
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download output PNG')]);
  assert.match(download.suggestedFilename(), /\.png$/);
  const file = await download.path();
  const fs = await import('node:fs');
  const head = fs.readFileSync(file).subarray(0, 8);
  assert.deepEqual([...head], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
});

test('convolution flips the kernel; no request left 127.0.0.1; no console errors', async () => {
  const { page } = s;
  await page.selectOption('#station-kernel select >> nth=0', 'camera');
  await page.waitForFunction(() => window.convlab.images.current().sampleId === 'camera');
  await page.click('button[data-preset="identity"]');
  await typeKernel(page, ['0', '0', '0', '0', '0', '1', '0', '0', '0']); // picks the right neighbour
  const corr = await canvasPixels(page, '[data-testid=output-canvas]');
  await page.click('text=Convolution (flipped)');
  const conv = await canvasPixels(page, '[data-testid=output-canvas]');
  const input = await canvasPixels(page, '[data-testid=input-canvas]');
  assert.equal(input.width, 512);
  const W = input.width;
  let differing = 0;
  for (let x = 1; x < W - 1; x++) {
    const i = 4 * (100 * W + x);
    assert.equal(corr.data[i], input.data[i + 4], `correlation reads x+1 at x=${x}`);
    assert.equal(conv.data[i], input.data[i - 4], `convolution reads x−1 at x=${x}`);
    if (input.data[i + 4] !== input.data[i - 4]) differing++;
  }
  assert.ok(differing > 100, 'the two really differ on this row');
  assert.match(await page.evaluate(() => location.hash), /op=conv/);
  assert.deepEqual(s.externalRequests, []);
  assert.deepEqual(s.consoleErrors, []);
});
