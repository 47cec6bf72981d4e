// End-to-end: "Fixed vs learned filters" as a student uses it, in headless Chromium. The test
// computes its own expectations: the bank from the wasm kernel functions (and Sobel by hand),
// the colours through the page's colour rules, a fixed filter's response to a digit as a direct
// correlation in plain JS, and which digit a digit button should pick from the data's labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, changedPixels } from './harness.mjs';

const HASH = '?bank=g1,gb45,sx&steps=40&seed=1';
let s;
before(async () => { s = await openStation('learned', { hash: HASH, viewport: { width: 1280, height: 900 } }); });
after(async () => { await s.close(); });

const tile = (variant, row, i) => `.lf-net[data-variant=${variant}] .${row} canvas[data-index="${i}"]`;
const runTag = (page) => page.evaluate(() => Number(document.querySelector('.lf-nets').dataset.run || 0));
/** Waits until the figures show a run newer than `tag` (a settings change sets up a new one). */
const newRun = (page, tag) => page.waitForFunction((t) => Number(document.querySelector('.lf-nets').dataset.run || 0) > t, tag, { timeout: 30000 });
const tiles = async (page, variant, row, n) => Promise.all(Array.from({ length: n }, (_, i) => canvasPixels(page, tile(variant, row, i))));
const same = (a, b) => a.every((p, i) => changedPixels(p, b[i]) === 0);

/** The bank's kernels from the wasm kernel functions (radius 2) and Sobel x by hand, coloured as the page colours. */
function expectedColours(page, extra = []) {
  return page.evaluate(async (extraK) => {
    const { colorize } = await import('/lib/colors.js');
    const w = window.convlab.wasm;
    const sobel = [0, 0, 0, 0, 0, 0, -1, 0, 1, 0, 0, -2, 0, 2, 0, 0, -1, 0, 1, 0, 0, 0, 0, 0, 0];
    const kernels = [Array.from(w.gaussian_kernel(1, 2)), Array.from(w.gabor_kernel(1.5, Math.PI / 4, 4, 0.6, 0, 2)), sobel, ...extraK];
    return kernels.map((k) => Array.from(colorize(Float32Array.from(k), { scale: 'diverging' }).rgba));
  }, extra);
}

test('the fixed bank drawn for (a) and (c) is ConvLab\'s kernel functions; (b) starts elsewhere', async () => {
  const { page } = s;
  await page.waitForFunction(() => document.querySelector('.lf')?.dataset.ready === 'true', null, { timeout: 30000 });
  const want = await expectedColours(page);
  for (const v of ['fixed', 'from_bank']) {
    const got = await tiles(page, v, 'lf-filters', 3);
    got.forEach((p, i) => {
      assert.equal(p.width, 5, 'a 5×5 filter');
      assert.deepEqual(Array.from(p.data), want[i], `${v} filter ${i}`);
    });
  }
  const learned = await tiles(page, 'learned', 'lf-filters', 3);
  assert.ok(learned.some((p, i) => Array.from(p.data).join() !== want[i].join()), '(b) starts from random weights');
  assert.equal(await page.textContent('.lf-net[data-variant=fixed] .lf-filters .lf-tile-name'), 'Gauss');
  assert.equal(await page.getAttribute('[data-testid=result]', 'data-final'), '');
});

test('a typed bad kernel gets a message beside the grid and the last good kernel stays', async () => {
  const { page, consoleErrors } = s;
  let tag = await runTag(page);
  await page.check('#lf-k-own');
  await newRun(page, tag);
  // The default typed kernel is the 3×3 Laplacian, in the middle of a 5×5 filter.
  const lap = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, -4, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
  const [wantLap] = (await expectedColours(page, [lap])).slice(3);
  assert.deepEqual(Array.from((await canvasPixels(page, tile('fixed', 'lf-filters', 3))).data), wantLap);
  const before = await tiles(page, 'fixed', 'lf-filters', 4);
  const hashBefore = await page.evaluate(() => location.hash);

  await page.fill('.lf-cell[data-cell="4"]', 'abc');
  const msg = page.locator('[data-testid=kernel-message]');
  assert.match(await msg.textContent(), /Row 2, column 2 "abc" is not a number.*last good kernel/);
  assert.equal(await msg.getAttribute('role'), 'alert');
  assert.equal(await page.getAttribute('.lf-cell[data-cell="4"]', 'aria-invalid'), 'true');
  await page.fill('.lf-cell[data-cell="4"]', 'NaN');
  assert.match(await msg.textContent(), /"NaN" is not a number/);
  // A pasted kernel of the wrong size is refused by name.
  await page.$eval('.lf-cell[data-cell="0"]', (el) => {
    const dt = new DataTransfer();
    dt.setData('text', '1 2 3 4 5 6 7');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  assert.match(await msg.textContent(), /has 7 numbers: a kernel needs 9 \(3×3\) or 25 \(5×5\)/);
  assert.equal(await page.evaluate(() => location.hash), hashBefore, 'the address keeps the good kernel');
  assert.equal(await runTag(page), tag + 1, 'no new run for a bad kernel');
  assert.ok(same(await tiles(page, 'fixed', 'lf-filters', 4), before), 'the drawn bank is unchanged');

  // A good paste (Sobel y as the student's own) replaces the kernel and the bank redraws.
  tag = await runTag(page);
  await page.$eval('.lf-cell[data-cell="0"]', (el) => {
    const dt = new DataTransfer();
    dt.setData('text', '-1 -2 -1; 0 0 0; 1 2 1');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await newRun(page, tag);
  assert.equal(await msg.textContent(), '');
  const sy = [0, 0, 0, 0, 0, 0, -1, -2, -1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 1, 0, 0, 0, 0, 0, 0];
  const [wantSy] = (await expectedColours(page, [sy])).slice(3);
  assert.deepEqual(Array.from((await canvasPixels(page, tile('fixed', 'lf-filters', 3))).data), wantSy);
  assert.match(await page.evaluate(() => location.hash), /k=-1%2C-2%2C-1%2C0%2C0%2C0%2C1%2C2%2C1/);
  assert.deepEqual(consoleErrors, []);
});

test('training: all three curves advance, the frozen bank stays, learned filters move, the sentence gives the core\'s numbers', async () => {
  const { page, consoleErrors } = s;
  const fixed0 = await tiles(page, 'fixed', 'lf-filters', 4);
  const learned0 = await tiles(page, 'learned', 'lf-filters', 4);
  const fromBank0 = await tiles(page, 'from_bank', 'lf-filters', 4);
  await page.click('button.lf-train');
  await page.waitForFunction(() => document.querySelector('.lf').dataset.state === 'done' && document.querySelector('[data-testid=result]').dataset.final, null, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('.lf-plot').dataset.lastStep === '40', null, { timeout: 10000 });
  const curves = JSON.parse(await page.getAttribute('.lf-plot', 'data-curves'));
  assert.equal(curves.length, 9, 'points at steps 0, 5, …, 40');
  for (let v = 0; v < 3; v++) {
    assert.ok(curves[0][v] < 0.3, `network ${v} starts near chance (${curves[0][v]})`);
    assert.ok(curves[8][v] > curves[0][v] + 0.3, `network ${v} learns: ${curves[0][v]} → ${curves[8][v]}`);
  }
  const final = JSON.parse(await page.getAttribute('[data-testid=result]', 'data-final'));
  const sentence = await page.textContent('[data-testid=result]');
  assert.match(sentence, /^After 40 steps of 32 digits \(1,280 training digits/);
  for (const a of final) assert.ok(sentence.includes(`${(100 * a).toPrecision(3)}\u00a0%`), `${a} printed in: ${sentence}`);
  await page.waitForFunction(() => document.querySelector('.lf-nets').dataset.step === '40', null, { timeout: 10000 });
  assert.ok(same(await tiles(page, 'fixed', 'lf-filters', 4), fixed0), 'the frozen bank is drawn unchanged');
  const moved = (now, then) => now.reduce((n, p, i) => n + changedPixels(p, then[i]), 0);
  assert.ok(moved(await tiles(page, 'learned', 'lf-filters', 4), learned0) > 0, '(b) filters changed');
  assert.ok(moved(await tiles(page, 'from_bank', 'lf-filters', 4), fromBank0) > 0, '(c) filters changed');
  assert.deepEqual(consoleErrors, []);
});

test('a digit button shows that digit, and (a)\'s responses are its direct correlation with the bank', async () => {
  const { page } = s;
  const { index, rgba } = await page.evaluate(async () => {
    const { colorize } = await import('/lib/colors.js');
    const w = window.convlab.wasm;
    const data = new w.MnistData(new Uint8Array(await (await fetch('/data/mnist.bin.gz')).arrayBuffer()));
    let i = 0;
    while (data.held_out_label(i) !== 7) i++;
    const x = data.held_out_image(i);
    const k = Array.from(w.gabor_kernel(1.5, Math.PI / 4, 4, 0.6, 0, 2));
    const r = new Float32Array(784);
    for (let a = 0; a < 28; a++) for (let b = 0; b < 28; b++) {
      let sum = 0; // bias 0: the frozen bank's biases stay 0
      for (let u = 0; u < 5; u++) for (let v = 0; v < 5; v++) {
        const rr = a + u - 2, cc = b + v - 2;
        if (rr >= 0 && rr < 28 && cc >= 0 && cc < 28) sum += k[u * 5 + v] * x[rr * 28 + cc];
      }
      r[a * 28 + b] = sum;
    }
    data.free();
    return { index: i, rgba: Array.from(colorize(r, { scale: 'diverging' }).rgba) };
  });
  await page.click('button.lf-digit-btn[data-digit="7"]');
  await page.waitForFunction((i) => document.querySelector('.lf-nets').dataset.digit === String(i), index, { timeout: 30000 });
  assert.equal(await page.getAttribute('canvas.lf-digit', 'data-index'), String(index));
  assert.match(await page.textContent('.lf-digit-label'), new RegExp(`no. ${index}, a 7`));
  const got = await canvasPixels(page, tile('fixed', 'lf-responses', 1));
  assert.equal(got.width, 28);
  let worst = 0;
  for (let j = 0; j < got.data.length; j++) worst = Math.max(worst, Math.abs(got.data[j] - rgba[j]));
  assert.ok(worst <= 3, `response colours within 3 levels of the direct correlation (worst ${worst})`);
  assert.match(await page.evaluate(() => location.hash), new RegExp(`digit=${index}`));
});

test('a new seed changes (b)\'s start but not the bank; the old seed brings the same picture back', async () => {
  const { page } = s;
  let tag = await runTag(page);
  await page.fill('[data-testid=seed]', '1');
  await newRun(page, tag);
  const seed1 = await tiles(page, 'learned', 'lf-filters', 4);
  const bank1 = await tiles(page, 'fixed', 'lf-filters', 4);
  tag = await runTag(page);
  await page.click('button.lf-newseed');
  await newRun(page, tag);
  const seed = Number(await page.inputValue('[data-testid=seed]'));
  assert.notEqual(seed, 1);
  assert.match(await page.evaluate(() => location.hash), new RegExp(`seed=${seed}`));
  assert.ok(!same(await tiles(page, 'learned', 'lf-filters', 4), seed1), 'another random start');
  assert.ok(same(await tiles(page, 'fixed', 'lf-filters', 4), bank1), 'the same bank');
  tag = await runTag(page);
  await page.fill('[data-testid=seed]', '1');
  await newRun(page, tag);
  assert.ok(same(await tiles(page, 'learned', 'lf-filters', 4), seed1), 'seed 1 again: the same start');
  await page.fill('[data-testid=seed]', '-3');
  assert.match(await page.textContent('#lf-seed-error'), /The seed must be at least 0/);
});

test('pause, resume and stop; stopping scores the networks where they are', async () => {
  const { page } = s;
  await page.fill('[data-testid=steps]', '3000');
  await page.click('button.lf-train');
  await page.waitForFunction(() => Number(document.querySelector('.lf-plot').dataset.points) >= 2, null, { timeout: 30000 });
  // The filters are redrawn while the networks train, not only at the end.
  await page.waitForFunction(() => { const st = Number(document.querySelector('.lf-nets').dataset.step); return st > 0 && st < 3000; }, null, { timeout: 30000 });
  await page.click('button.lf-pause');
  await page.waitForFunction(() => document.querySelector('.lf').dataset.state === 'paused', null, { timeout: 10000 });
  assert.equal(await page.textContent('button.lf-pause'), '▶ Resume');
  await page.click('button.lf-pause');
  await page.waitForFunction(() => document.querySelector('.lf').dataset.state === 'running', null, { timeout: 10000 });
  await page.click('button.lf-stop');
  await page.waitForFunction(() => document.querySelector('.lf').dataset.state === 'stopped' && document.querySelector('[data-testid=result]').dataset.final, null, { timeout: 30000 });
  assert.match(await page.textContent('[data-testid=result]'), /held-out digits: \(a\) fixed bank, frozen/);
  assert.ok(await page.isDisabled('button.lf-stop'));
});
