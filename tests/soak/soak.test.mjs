// Soak: memory stays flat over a lecture's worth of use (run by `./build.sh soak`, not part of
// the default suite: it takes about 15 minutes).
//   1. 100 consecutive photo uploads on the custom-kernel station (sizes 0.3 to 3.8 MP),
//   2. 100 MR8 runs on the MR8 station (in the worker),
//   3. a 10-minute LeNet-5 training run on MNIST (in the worker), restarted if it finishes.
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
  await page.click('#nav a[data-station="mr8"]');
  await page.waitForFunction(() => document.body.dataset.station === 'mr8');
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
  // LeNet-5 on MNIST, as many epochs as the station allows: one run for the whole time.
  await page.fill('[data-testid=hyper-epochs]', '200');
  const state = () => page.$eval('#app .lt', (e) => e.dataset.state);
  await page.click('.lt-start');
  await page.waitForFunction(() => document.querySelector('#app .lt').dataset.state === 'running', null, { timeout: 60_000 });
  const end = Date.now() + TRAIN_MINUTES * 60_000;
  let warm = null, restarts = 0;
  while (Date.now() < end) {
    // Sample once a minute (or when the run ends early, restart it).
    await page.waitForFunction(() => document.querySelector('#app .lt').dataset.state !== 'running', null, { timeout: 60_000 })
      .catch(() => {});
    if (await state() !== 'running') { restarts++; await page.click('.lt-start'); }
    const m = await memory();
    if (!warm) warm = m;
  }
  const progress = await page.textContent('#app .lt');
  await page.click('.lt-stop');
  const last = await memory();
  console.log(`# training: ${TRAIN_MINUTES} min of LeNet-5 on MNIST, ${restarts} restart(s); ${progress.match(/Epoch [^·]+·[^·]+steps/)?.[0] || ''}`);
  assertFlat(`${TRAIN_MINUTES}-minute training`, warm, last);
  assert.deepEqual(s.consoleErrors, []);
});
