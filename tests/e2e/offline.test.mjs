// Offline use: after one visit the service worker (www/sw.js) has cached the app shell, the
// wasm, the data and the samples, so with the network gone a reload still opens and runs every
// kind of station; and a rebuilt copy replaces the old cache instead of running beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStation } from './harness.mjs';
import { writePrecache } from '../../scripts/precache.mjs';

const WWW = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'www');
const offlineReady = (page, state = 'ready') => page.waitForFunction(
  (st) => document.body.dataset.offline === st, state, { timeout: 60000 });
const version = (page) => page.evaluate(() => import('./lib/offline.js').then((m) => m.servedVersion()));

test('after one visit, the page reloads and works with the network off', async () => {
  const s = await openStation('kernel');
  try {
    const { page, context } = s;
    await offlineReady(page);
    assert.match(await page.textContent('#offline-status'), /Works offline/);
    await context.setOffline(true);
    // Prove the network is really gone for this page: a fetch of an uncached URL fails.
    const blocked = await page.evaluate(() => fetch('/no-such-file-' + Date.now()).then(() => false, () => true));
    assert.ok(blocked, 'fetch to the server fails while offline');
    // That probe logged its own failed request; from here on any failed load is a missing file.
    s.consoleErrors.length = 0;
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.station === 'kernel', null, { timeout: 30000 });
    // Use the station: a typed kernel changes the filtered photo.
    const before = await page.$eval('[data-testid=output-canvas]', (c) => c.toDataURL());
    await page.fill('.kcell[data-cell="4"]', '-3');
    await page.keyboard.press('Tab');
    await page.waitForFunction((b) => document.querySelector('[data-testid=output-canvas]').toDataURL() !== b, before);
    // A station opened for the first time offline (its module, the digits data, the weights),
    // and another sample photo, come from the cache too.
    await page.click('#nav a[data-station="lenet"]');
    await page.waitForFunction(() => document.body.dataset.station === 'lenet', null, { timeout: 30000 });
    assert.doesNotMatch(await page.textContent('#app'), /failed|could not/i);
    await page.click('#nav a[data-station="filters"]');
    await page.waitForFunction(() => document.body.dataset.station === 'filters', null, { timeout: 30000 });
    await page.evaluate(() => window.convlab.images.select('coffee'));
    assert.equal(await page.evaluate(() => window.convlab.images.current().sampleId), 'coffee');
    // A prepared presenter-mode link (its query is part of the page's address) opens offline too.
    await page.goto(`${s.url}/?present#/params`);
    await page.waitForFunction(() => document.body.dataset.station === 'params' && document.body.dataset.presenter === 'on', null, { timeout: 30000 });
    assert.deepEqual(s.consoleErrors, []);
    assert.deepEqual(s.externalRequests, []);
  } finally {
    await s.close();
  }
});

test('a rebuilt copy is offered as an update and replaces the old cache', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convlab-www-'));
  fs.cpSync(WWW, dir, { recursive: true });
  const v1 = writePrecache(dir).version;
  const s = await openStation('params', { www: dir });
  try {
    const { page } = s;
    await offlineReady(page);
    assert.equal(await version(page), v1);
    // A new build: one style sheet changes, the stamp changes with it.
    fs.appendFileSync(path.join(dir, 'style.css'), '\n/* rebuilt */\n');
    const v2 = writePrecache(dir).version;
    assert.notEqual(v2, v1, 'the version follows the content');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await offlineReady(page, 'update');
    // Until the student accepts, the open page keeps the version it started with.
    assert.equal(await version(page), v1);
    await page.click('#offline-status button');
    await page.waitForFunction(() => document.body.dataset.offline === 'ready', null, { timeout: 60000 });
    assert.equal(await version(page), v2);
    const caches = await page.evaluate(() => caches.keys());
    assert.deepEqual(caches, [`convlab-${v2}`]);
    const css = await page.evaluate(() => caches.match(new URL('style.css', location.href).href).then((r) => r.text()));
    assert.match(css, /rebuilt/);
    assert.deepEqual(s.consoleErrors, []);
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
