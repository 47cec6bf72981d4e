// Soak: memory stays flat over a lecture's worth of use (run by `./build.sh soak`, not part of
// the default suite: it takes about 15 minutes).
//   1. 100 consecutive photo uploads on the custom-kernel station (sizes 0.3 to 3.8 MP),
//   2. 100 MR8 runs on the filters station (in the worker),
//   3. a 10-minute LeNet training run (in the worker), retrained whenever it finishes.
// After a warm-up, the page's wasm memory, the worker's wasm memory and the page's JS heap
// (after a forced garbage collection) must stop growing. Figures are printed for the README.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation } from '../e2e/harness.mjs';
import { encodePNG } from '../e2e/png.mjs';

const MB = 1024 * 1024;
const TRAIN_MINUTES = Number(process.env.SOAK_TRAIN_MINUTES || 10);
let s, cdp;
before(async () => {
  s = await openStation('kernel');
  cdp = await s.context.newCDPSession(s.page);
});
after(async () => { await s.close(); });

/**
 * { pageWasm, workerWasm, heap } in bytes. `heap` is the page's JS heap after a full garbage
 * collection plus the ArrayBuffer backing stores it keeps alive (photos live there).
 */
async function memory() {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize, backingStorageSize = 0 } = await cdp.send('Runtime.getHeapUsage');
  const pageWasm = await s.page.evaluate(() => window.convlab.wasm.wasm_memory().buffer.byteLength);
  let workerWasm = 0;
  for (const w of s.page.workers()) {
    if (!/\/worker\.js/.test(w.url())) continue;
    workerWasm += await w.evaluate(async () => (await import('./pkg/convlab.js')).wasm_memory().buffer.byteLength);
  }
  return { pageWasm, workerWasm, heap: usedSize + backingStorageSize };
}

const show = (m) => `page wasm ${(m.pageWasm / MB).toFixed(1)} MB, worker wasm ${(m.workerWasm / MB).toFixed(1)} MB, JS heap ${(m.heap / MB).toFixed(1)} MB`;

/** Asserts that memory after the run is within what the warm-up already reached. */
function assertFlat(what, warm, end) {
  console.log(`# ${what}: after warm-up ${show(warm)}; at the end ${show(end)}`);
  // Wasm memory only grows; once the working set fits it must not grow again (allow one page
  // step of slack for allocator fragmentation).
  assert.ok(end.pageWasm <= warm.pageWasm * 1.25 + 2 * MB, `${what}: page wasm grew ${show(warm)} → ${show(end)}`);
  assert.ok(end.workerWasm <= warm.workerWasm * 1.25 + 2 * MB, `${what}: worker wasm grew`);
  assert.ok(end.heap <= warm.heap * 1.5 + 8 * MB, `${what}: JS heap grew ${(warm.heap / MB).toFixed(1)} → ${(end.heap / MB).toFixed(1)} MB`);
}

test('100 consecutive uploads keep memory flat', { timeout: 20 * 60_000 }, async () => {
  const { page } = s;
  const sizes = [[640, 480], [1600, 1200], [2200, 1700], [1024, 768], [800, 1200]];
  const pngs = sizes.map(([w, h], i) => encodePNG(w, h, (x, y) => [(x + 7 * i) % 256, (y * 3) % 256, (x ^ y) & 255, 255]));
  let warm = null;
  for (let i = 0; i < 100; i++) {
    const name = `soak-${i}.png`;
    await page.setInputFiles('#app input[type=file]', { name, mimeType: 'image/png', buffer: pngs[i % pngs.length] });
    await page.waitForFunction((n) => window.convlab.images.current()?.name === n, name, { timeout: 60_000 });
    if (i === 9) warm = await memory();
  }
  assertFlat('100 uploads', warm, await memory());
  assert.deepEqual(s.consoleErrors, []);
});

test('100 MR8 runs keep memory flat', { timeout: 30 * 60_000 }, async () => {
  const { page } = s;
  await page.click('#nav a[data-station="filters"]');
  await page.waitForFunction(() => document.body.dataset.station === 'filters');
  await page.evaluate(() => window.convlab.images.select('brick'));
  let warm = null;
  for (let i = 0; i < 100; i++) {
    await page.click('[data-testid=mr8-button]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=mr8-button]').disabled
      && /Done/.test(document.querySelector('[data-testid=mr8-status]').textContent), null, { timeout: 120_000 });
    if (i === 9) warm = await memory();
  }
  assertFlat('100 MR8 runs', warm, await memory());
  assert.deepEqual(s.consoleErrors, []);
});

test(`a ${TRAIN_MINUTES}-minute training run keeps memory flat`, { timeout: (TRAIN_MINUTES + 10) * 60_000 }, async () => {
  const { page } = s;
  await page.click('#nav a[data-station="lenet"]');
  await page.waitForFunction(() => document.body.dataset.station === 'lenet');
  await page.waitForSelector('.ln5[data-ready="true"]', { timeout: 60_000 });
  // The longest run the station offers (its epochs box's upper limit); restarted whenever it ends.
  const longest = 200;
  await page.fill('[data-testid="hyper-epochs"]', String(longest));
  const idle = () => page.waitForFunction(() => document.querySelector('.lt').dataset.state !== 'running', null, { timeout: 60_000 });
  const end = Date.now() + TRAIN_MINUTES * 60_000;
  let warm = null, runs = 0;
  const samples = [];
  while (Date.now() < end) {
    await page.click('.lt-start');
    await page.waitForSelector('.lt[data-state="running"]');
    runs++;
    // One run trains the chosen number of epochs; sample memory each minute meanwhile.
    for (;;) {
      const done = await idle().then(() => true, () => false);
      const m = await memory();
      samples.push(m);
      if (!warm && samples.length >= 2) warm = m;
      if (done || Date.now() > end) break;
    }
    if (Date.now() > end) { await page.click('.lt-stop').catch(() => {}); break; }
  }
  await idle();
  const last = await memory();
  const status = await page.textContent('.lt-progress-text');
  console.log(`# training: ${runs} run(s) of up to ${longest} epochs in ${TRAIN_MINUTES} min; last: ${status}`);
  assertFlat(`${TRAIN_MINUTES}-minute training`, warm || samples[0] || last, last);
  assert.deepEqual(s.consoleErrors, []);
});
