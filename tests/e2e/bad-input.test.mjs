// The bad-input corpus, driven as a student (or a mangled link) would: files that are not
// images, empty or cut short, headers claiming 30,000 × 30,000 pixels, extreme shapes, SVG, a
// 12-megapixel photo; kernel cells with NaN, Infinity, 1e308, text or nothing; and every
// station opened from an address whose every field holds garbage. Each gets a clear message
// next to the control or a sane value, the previous good state stays, the page keeps working,
// and nothing is logged as an error. Corpus files are generated here, not committed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openStation, canvasPixels, changedPixels, routeCount, waitForRoute } from './harness.mjs';
import { encodePNG } from './png.mjs';
import { STATIONS } from '../../www/stations/registry.js';

const WWW = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'www');
const png = (w, h) => encodePNG(w, h, (x, y) => [(x * 7) % 256, (y * 5) % 256, (x + y) % 256, 255]);
const hugeHeader = (() => { const b = Buffer.from(png(2, 2)); b.writeUInt32BE(30000, 16); b.writeUInt32BE(30000, 20); return b; })();
const photo = fs.readFileSync(path.join(WWW, 'samples', 'astronaut.jpg'));
const REFUSED = [
  ['notes.png', 'image/png', Buffer.from('These are my lecture notes, not a picture.'), /not an image this page can read/],
  ['empty.png', 'image/png', Buffer.alloc(0), /empty \(0 bytes\)/],
  ['half.png', 'image/png', png(64, 64).subarray(0, 300), /PNG file is cut short/],
  ['half.jpg', 'image/jpeg', photo.subarray(0, photo.length >> 1), /JPEG file is cut short/],
  ['huge.png', 'image/png', hugeHeader, /30,000 × 30,000 pixels \(900 megapixels\), too large/],
  ['notes.txt', 'text/plain', Buffer.from('hello'), /not an image/],
];

let s;
before(async () => { s = await openStation('kernel'); });
after(async () => { await s.close(); });

const imageName = (page) => page.evaluate(() => window.convlab.images.current().name);
const message = (page) => page.textContent('[data-testid=image-message]');
async function upload(page, name, mimeType, buffer) {
  await page.setInputFiles('#kernel-file', { name, mimeType, buffer });
}

test('files that are not whole, readable, sensibly sized images are refused with a reason; the photo stays', async () => {
  const { page } = s;
  await upload(page, 'good.png', 'image/png', png(48, 32));
  await page.waitForFunction(() => window.convlab.images.current().name === 'good.png');
  const before = await canvasPixels(page, '[data-testid=output-canvas]');
  for (const [name, type, buf, why] of REFUSED) {
    await upload(page, name, type, buf);
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('[data-testid=image-message]').textContent), why.source, { timeout: 30000 })
      .catch(async () => assert.fail(`${name}: message was "${await message(page)}"`));
    assert.match(await message(page), /previous image is kept/, name);
    assert.equal(await imageName(page), 'good.png', `${name} did not replace the photo`);
    assert.equal(changedPixels(before, await canvasPixels(page, '[data-testid=output-canvas]')), 0, `${name}: output kept`);
  }
  assert.deepEqual(s.consoleErrors, []);
});

test('extreme but real images open: 1 × 1, 20,000 × 1, an SVG, a 12-megapixel photo (scaled, with a note)', async () => {
  const { page } = s;
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><script>alert(1)</script>'
    + '<rect width="120" height="80" fill="#2458c6"/><circle cx="60" cy="40" r="30" fill="#ffb000"/></svg>\n');
  for (const [name, type, buf, w, h] of [
    ['dot.png', 'image/png', png(1, 1), 1, 1],
    ['line.png', 'image/png', png(20000, 1), 20000, 1],
    ['drawing.svg', 'image/svg+xml', svg, 120, 80],
  ]) {
    await upload(page, name, type, buf);
    await page.waitForFunction((n) => window.convlab.images.current().name === n, name, { timeout: 30000 })
      .catch(async () => assert.fail(`${name}: message was "${await message(page)}"`));
    const img = await page.evaluate(() => { const i = window.convlab.images.current(); return { w: i.width, h: i.height }; });
    assert.deepEqual(img, { w, h }, name);
    // The station still filters it: a new kernel changes the output.
    await page.click('button[data-preset="identity"]');
    const a = await canvasPixels(page, '[data-testid=output-canvas]');
    await page.click('button[data-preset="sobel-x"]');
    assert.equal(a.width, w, `${name}: output has the image's width`);
  }
  const big = encodePNG(4000, 3000, (x, y) => [x & 255, y & 255, (x ^ y) & 255, 255]);
  await upload(page, 'phone-photo.png', 'image/png', big);
  await page.waitForFunction(() => window.convlab.images.current().name === 'phone-photo.png', null, { timeout: 60000 });
  const { width, height } = await page.evaluate(() => window.convlab.images.current());
  assert.ok(width * height <= 4_000_000 && Math.abs(width / height - 4 / 3) < 0.01, `${width}×${height}`);
  assert.match(await message(page), /4000×3000/);
  assert.deepEqual(s.consoleErrors, [], 'the SVG\'s script did not run and nothing failed');
});

test('kernel cells with NaN, Infinity, 1e308, text or nothing: a message by the kernel, the last good output stays', async () => {
  const { page } = s;
  await page.click('button[data-preset="sharpen"]');
  const good = await canvasPixels(page, '[data-testid=output-canvas]');
  for (const bad of ['NaN', 'Infinity', '-Infinity', '1e308', 'abc', '', '1/0', '2..3']) {
    await page.fill('.kcell[data-cell="4"]', bad);
    const msg = await page.textContent('[data-testid=kernel-message]');
    assert.ok(msg.trim().length > 10, `"${bad}" explained (got "${msg}")`);
    assert.equal(await page.getAttribute('.kcell[data-cell="4"]', 'aria-invalid'), 'true', `"${bad}" marked invalid`);
    assert.equal(changedPixels(good, await canvasPixels(page, '[data-testid=output-canvas]')), 0, `"${bad}": output kept`);
  }
  await page.fill('.kcell[data-cell="4"]', '5');
  assert.equal((await page.textContent('[data-testid=kernel-message]')).trim(), '', 'a good value clears the message');
  assert.deepEqual(s.consoleErrors, []);
});

const GARBAGE = ['NaN', 'Infinity', '-1e308', '1e308', 'abc', '', '-1', '0', '99999999999', '%00', '../../etc/passwd', '1,2,x'];

test('every station opened from an address whose every field holds garbage still works', async () => {
  const { page } = s;
  for (const st of STATIONS) {
    await page.click(`#nav a[data-station="${st.id}"]`);
    await page.waitForFunction((id) => document.body.dataset.station === id, st.id, { timeout: 30000 });
    const keys = [...new URLSearchParams(new URL(page.url()).hash.split('?')[1] || '').keys()];
    for (const g of GARBAGE) {
      const q = [...keys, 'zz'].map((k) => `${k}=${encodeURIComponent(g)}`).join('&');
      // The station is already open: wait until the shell has handled this address (mounted
      // the station afresh with it), not merely for the station's name, which is still set.
      const routed = await routeCount(page);
      await page.evaluate((h) => { location.hash = h; }, `#/${st.id}?${q}`);
      await waitForRoute(page, routed);
      await page.waitForFunction((id) => document.body.dataset.station === id, st.id, { timeout: 30000 });
      assert.ok((await page.textContent('#app')).trim().length > 100, `${st.id} with ${g}: content shown`);
      assert.equal(await page.$$eval('#app p.error[role=alert]', (e) => e.length), 0, `${st.id} with ${g} did not fail to start`);
    }
    assert.deepEqual(s.consoleErrors, [], `${st.id}: no errors`);
  }
});

test('every typed number box on every station refuses empty, ±1e308 and out-of-range values next to the box', async () => {
  const { page } = s;
  let boxes = 0;
  for (const st of STATIONS) {
    await page.click(`#nav a[data-station="${st.id}"]`);
    await page.waitForFunction((id) => document.body.dataset.station === id, st.id, { timeout: 30000 });
    const ids = await page.$$eval('#app input.num-box', (els) => els.filter((e) => e.offsetParent && !e.disabled).map((e) => e.id));
    for (const id of ids) {
      const sel = `#${id}`;
      const good = await page.inputValue(`[id="${id}"]`);
      for (const bad of ['', '1e308', '-1e308']) {
        await page.fill(`[id="${id}"]`, bad);
        // A box read only when its button is pressed (implicit's "Add point") is checked then.
        const commit = await page.$eval(`[id="${id}"]`, (b) => b.closest('.row')?.querySelector(':scope > button')?.textContent || null);
        if (commit && (await page.getAttribute(`[id="${id}"]`, 'aria-invalid')) !== 'true') {
          await page.click(`#app .row:has([id="${id}"]) > button`);
        }
        const { invalid, error } = await page.$eval(`[id="${id}"]`, (b) => ({
          invalid: b.getAttribute('aria-invalid'), error: document.getElementById(b.getAttribute('aria-errormessage'))?.textContent || '',
        }));
        assert.equal(invalid, 'true', `${st.id} ${sel} "${bad}" marked invalid`);
        assert.ok(error.length > 10, `${st.id} ${sel} "${bad}" explained next to the box (got "${error}")`);
      }
      await page.fill(`[id="${id}"]`, good);
      if ((await page.getAttribute(`[id="${id}"]`, 'aria-invalid')) === 'true') await page.click(`#app .row:has([id="${id}"]) > button`);
      assert.equal(await page.getAttribute(`[id="${id}"]`, 'aria-invalid'), null, `${st.id} ${sel}: the good value ${good} is accepted again`);
      boxes++;
    }
    assert.equal(await page.$$eval('#app p.error[role=alert]', (e) => e.length), 0, `${st.id} keeps working`);
    assert.deepEqual(s.consoleErrors, [], `${st.id}: no errors`);
  }
  assert.ok(boxes >= 10, `number boxes tried: ${boxes}`);
});
