// The page shell: every station in the header opens (by click, as a user would), unmounts
// cleanly when the next one opens, and an unknown route falls back to the kernel station.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, routeCount, waitForRoute, trackPendingWork } from './harness.mjs';
import { STATIONS } from '../../www/stations/registry.js';

let s;
before(async () => { s = await openStation('kernel', { init: trackPendingWork }); });
after(async () => { await s.close(); });

test('the header lists every station and each one opens from it', async () => {
  const { page } = s;
  const ids = await page.$$eval('#nav a', (as) => as.map((a) => a.dataset.station));
  assert.deepEqual(ids, STATIONS.map((st) => st.id));
  for (const st of [...STATIONS, STATIONS[1]]) {
    await page.click(`#nav a[data-station="${st.id}"]`);
    await page.waitForFunction((id) => document.body.dataset.station === id, st.id, { timeout: 30000 });
    assert.equal(await page.getAttribute(`#nav a[data-station="${st.id}"]`, 'aria-current'), 'page');
    assert.equal(await page.$$eval('#nav a[aria-current]', (as) => as.length), 1);
    assert.equal(await page.$$eval('#app > section.station', (els) => els.length), 1, `only ${st.id} is mounted`);
    const text = await page.textContent('#app');
    assert.ok(text.trim().length > 100, `${st.id} shows content`);
    assert.equal(await page.title(), `${st.title} — ConvLab`);
  }
  // Nothing an unmounted station asked for is still pending: no animation frame, interval or
  // timeout left behind (checked after the next frame, so a last frame in flight has run).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const left = await page.evaluate((open) => window.__pendingWork().filter((w) => w.owner !== open), STATIONS[1].id);
  assert.deepEqual(left, [], 'work left behind by unmounted stations');
  assert.deepEqual(s.consoleErrors, []);
});

test('after opening a station from the header, its keys work at once (space plays momentum)', async () => {
  const { page } = s;
  await page.click('#nav a[data-station="kernel"]');
  await page.waitForFunction(() => document.body.dataset.station === 'kernel');
  await page.click('#nav a[data-station="momentum"]');
  await page.waitForFunction(() => document.body.dataset.station === 'momentum');
  const scroll = await page.evaluate(() => window.scrollY);
  await page.keyboard.press('Space');
  assert.match(await page.textContent('button.mm-play'), /Pause/);
  assert.equal(await page.evaluate(() => window.scrollY), scroll, 'space did not scroll the page');
  await page.keyboard.press('Space');
  assert.match(await page.textContent('button.mm-play'), /Play/);
});

test('an unknown route opens the kernel station; no request leaves 127.0.0.1', async () => {
  const { page } = s;
  await page.evaluate(() => { location.hash = '#/no-such-station'; });
  await page.waitForFunction(() => document.body.dataset.station === 'kernel');
  assert.match(await page.evaluate(() => location.hash), /^#\/kernel/);
  assert.deepEqual(s.externalRequests, []);
  assert.deepEqual(s.consoleErrors, []);
});

test('an address typed for the open station applies its state; its nav link keeps the state', async () => {
  const { page } = s;
  await page.click('#nav a[data-station="kernel"]');
  await page.waitForFunction(() => document.body.dataset.station === 'kernel');
  const centre = '[data-cell="4"]';
  await page.evaluate(() => { location.hash = '#/kernel?k=0,0,0,0,2,0,0,0,0&img=coffee'; });
  await page.waitForFunction((sel) => document.querySelector(sel)?.value === '2', centre, { timeout: 10000 });
  assert.equal(await page.evaluate(() => window.convlab.images.current().sampleId), 'coffee');
  assert.match(await page.evaluate(() => location.hash), /k=0%2C0%2C0%2C0%2C2/);
  // Clicking "kernel" in the header again neither resets the kernel nor drops it from the address.
  const routed = await routeCount(page);
  await page.click('#nav a[data-station="kernel"]');
  await waitForRoute(page, routed); // the shell has handled the click's address
  assert.equal(await page.inputValue(centre), '2');
  assert.match(await page.evaluate(() => location.hash), /k=0%2C0%2C0%2C0%2C2/);
  assert.equal(await page.$$eval('#app > section.station', (els) => els.length), 1);
  assert.deepEqual(s.consoleErrors, []);
});
