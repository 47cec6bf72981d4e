// Classroom controls: presenter mode (button, p key, kept in the address), stepping through the
// stations with PageDown / PageUp as a clicker does, the shortcut list (?), blanking the
// screen, and "copy link" reproducing the exact view in a fresh tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, openFromNav, screenshot } from './harness.mjs';
import { STATIONS } from '../../www/stations/registry.js';

let s;
before(async () => { s = await openStation('kernel', { hash: '?k=0,0,0,0,3,0,0,0,0' }); });
after(async () => { await s.close(); });

const station = (page) => page.evaluate(() => document.body.dataset.station);
const rootFont = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
const waitStation = (page, id) => page.waitForFunction((i) => document.body.dataset.station === i, id, { timeout: 30000 });

test('the button turns presenter mode on: larger type, explanations collapsed, kept in the address', async () => {
  const { page } = s;
  const normal = await rootFont(page);
  assert.equal(await page.isVisible('#app .lede'), true);
  await page.click('button.present');
  assert.equal(await page.evaluate(() => document.body.dataset.presenter), 'on');
  assert.equal(await page.getAttribute('button.present', 'aria-pressed'), 'true');
  assert.ok(await rootFont(page) > normal, `root font ${await rootFont(page)} px > ${normal} px`);
  assert.equal(await page.isVisible('#app .lede'), false, 'the explanatory paragraph is collapsed');
  assert.equal(await page.isVisible('.app-footer'), false);
  const url = new URL(page.url());
  assert.equal(url.search, '?present');
  assert.match(url.hash, /^#\/kernel\?k=0%2C0%2C0%2C0%2C3/, 'the station state is untouched');
  await page.click('button.notes');
  assert.equal(await page.isVisible('#app .lede'), true, '"Show explanations" brings them back');
  await page.click('button.notes');
  // A prepared link opens in presenter mode, with the station and its state.
  await page.reload();
  await waitStation(page, 'kernel');
  assert.equal(await page.evaluate(() => document.body.dataset.presenter), 'on');
  assert.equal(await page.inputValue('.kcell[data-cell="4"]'), '3');
  await screenshot(page, 'presenter-kernel-1280');
});

test('PageDown and PageUp step through the stations in lecture order', async () => {
  const { page } = s;
  const order = STATIONS.map((st) => st.id);
  let i = order.indexOf('kernel');
  await page.focus('#app > section.station');
  for (const [key, step] of [['PageDown', 1], ['PageDown', 1], ['PageUp', -1]]) {
    await page.keyboard.press(key);
    i += step;
    await waitStation(page, order[i]);
  }
  assert.equal(await station(page), order[i]);
  // At the first station PageUp stays there.
  await openFromNav(page, order[0]);
  await page.focus('#app > section.station');
  await page.keyboard.press('PageUp');
  assert.equal(await station(page), order[0]);
  assert.ok(page.url().includes('?present#/'), 'stepping keeps presenter mode');
});

test('p toggles presenter mode, but not while typing in a field', async () => {
  const { page } = s;
  await openFromNav(page, 'kernel');
  await page.click('.kcell[data-cell="0"]');
  await page.keyboard.press('p');
  assert.equal(await page.evaluate(() => document.body.dataset.presenter), 'on', 'typing p in a cell keeps the mode');
  await page.focus('#app > section.station');
  await page.keyboard.press('p');
  assert.equal(await page.evaluate(() => document.body.dataset.presenter), 'off');
  assert.equal(new URL(page.url()).search, '');
  await page.keyboard.press('p');
  assert.equal(await page.evaluate(() => document.body.dataset.presenter), 'on');
});

test('? lists the keyboard shortcuts; Esc closes the list; b blanks the screen', async () => {
  const { page } = s;
  await page.focus('#app > section.station');
  await page.keyboard.press('Shift+Slash');
  assert.equal(await page.evaluate(() => document.getElementById('shortcuts').open), true);
  const text = await page.textContent('#shortcuts');
  for (const k of ['Page Down', 'Page Up', 'p', '?', 'b']) assert.ok(text.includes(k), `lists ${k}`);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.getElementById('shortcuts').open), false);
  await page.keyboard.press('b');
  assert.equal(await page.evaluate(() => document.body.classList.contains('blank')), true);
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => document.body.classList.contains('blank')), false);
});

test('"Copy link" copies the exact view; the link opens it in a new tab', async () => {
  const { page, context, url } = s;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  // (Cell 0 still holds "…p" from the previous test: an invalid entry is not saved.)
  for (let i = 0; i < 9; i++) await page.fill(`.kcell[data-cell="${i}"]`, i === 4 ? '-2' : '0');
  await page.keyboard.press('Tab');
  await page.click('button.copy-link');
  await page.waitForFunction(() => /copied/.test(document.querySelector('.copy-status').textContent));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, page.url());
  assert.match(copied, /\?present#\/kernel\?k=0%2C0%2C0%2C0%2C-2%2C0/);
  const tab = await context.newPage();
  await tab.goto(copied);
  await waitStation(tab, 'kernel');
  assert.equal(await tab.inputValue('.kcell[data-cell="4"]'), '-2');
  assert.equal(await tab.evaluate(() => document.body.dataset.presenter), 'on');
  await tab.close();
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
