// The page shell: every station in the header opens (by click, as a user would), unmounts
// cleanly when the next one opens, and an unknown route falls back to the kernel station.
// The header's navigation (www/lib/nav.js): one row with the grouped, numbered stations on a
// laptop or projector; on a phone one menu button (mouse, touch, Tab / Enter / Escape) and
// previous / next; the open station always named; no sideways scrolling at any size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, openFromNav, navFitted, routeCount, waitForRoute, trackPendingWork, screenshot } from './harness.mjs';
import { STATIONS, GROUPS } from '../../www/stations/registry.js';

let s;
before(async () => { s = await openStation('kernel', { init: trackPendingWork }); });
after(async () => { await s.close(); });

test('the header lists every station and each one opens from it', async () => {
  const { page } = s;
  const ids = await page.$$eval('#nav a', (as) => as.map((a) => a.dataset.station));
  assert.deepEqual(ids, STATIONS.map((st) => st.id));
  for (const st of [...STATIONS, STATIONS[1]]) {
    await openFromNav(page, st.id);
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
  await openFromNav(page, 'kernel');
  await openFromNav(page, 'momentum');
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
  await openFromNav(page, 'kernel');
  const centre = '[data-cell="4"]';
  await page.evaluate(() => { location.hash = '#/kernel?k=0,0,0,0,2,0,0,0,0&img=coffee'; });
  await page.waitForFunction((sel) => document.querySelector(sel)?.value === '2', centre, { timeout: 30000 });
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

// ---- the header's navigation at a phone's, a tablet's, a laptop's and a projector's width ----

const SIZES = [[375, 812], [768, 1024], [1366, 768], [1920, 1080]];
const header = (page) => page.evaluate(() => {
  const el = document.querySelector('.app-header');
  const box = (q) => { const b = document.querySelector(q)?.getBoundingClientRect(); return b && { top: b.top, bottom: b.bottom, left: b.left, right: b.right }; };
  return {
    layout: el.dataset.nav, menu: el.dataset.menu, height: el.getBoundingClientRect().height,
    brand: box('.brand'), tools: box('#header-tools'), nav: box('#nav'), toggle: box('#nav-toggle'),
    scrollWidth: document.documentElement.scrollWidth, innerWidth,
  };
});
const rootPx = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
/** What the header shows as the open station: the visible text naming it. */
const shownStation = (page) => page.evaluate(() => {
  const toggle = document.getElementById('nav-toggle');
  if (toggle.offsetParent) return toggle.textContent;
  const a = document.querySelector('#nav a[aria-current="page"] .nav-short');
  const b = a.getBoundingClientRect();
  return b.width > 2 && b.right <= innerWidth ? a.textContent : '';
});

for (const [width, height] of SIZES) {
  test(`header at ${width}×${height}: ${width >= 1366 ? 'one row with every station' : 'menu button with previous / next'}, no sideways scrolling`, async () => {
    const { page } = s;
    await page.setViewportSize({ width, height });
    await openFromNav(page, 'mr8');
    await navFitted(page);
    const hd = await header(page);
    assert.ok(hd.scrollWidth <= hd.innerWidth, `page is ${hd.scrollWidth} px wide at ${hd.innerWidth} px`);
    if (width >= 1366) {
      assert.match(hd.layout, /^(full|group|compact)$/);
      // One row: brand, stations and tools side by side, the header no taller than ~3.5 lines.
      assert.ok(hd.tools.top < hd.brand.bottom && hd.nav.top < hd.brand.bottom, 'brand, stations and tools share one row');
      assert.ok(hd.height < 3.6 * (await rootPx(page)), `header is ${hd.height} px tall`);
      assert.equal(await page.$$eval('#nav a', (as) => as.filter((a) => a.offsetParent).length), STATIONS.length, 'every station is one click away');
      assert.equal(await page.isVisible('.nav-step.next'), false);
      // Tab from the brand goes straight to the first station, with a visible focus ring.
      await page.focus('.brand');
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement, cs = getComputedStyle(el);
        return { station: el.dataset.station, ring: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
      });
      assert.deepEqual(focus, { station: STATIONS[0].id, ring: true });
    } else {
      assert.match(hd.layout, /^(menu|stacked)$/);
      assert.equal(await page.isVisible('#nav a[data-station="kernel"]'), false, 'the list stays closed until asked for');
      assert.equal(await page.isVisible('.nav-step.prev'), true);
      assert.equal(await page.isVisible('.nav-step.next'), true);
      assert.ok(hd.height < 6.5 * (await rootPx(page)), `header is ${hd.height} px tall`);
    }
    assert.match(await shownStation(page), /MR8/, 'the open station is named in the header');
    if (width < 1366) {
      // With the menu open nothing sticks out sideways either.
      await page.click('#nav-toggle');
      const open = await header(page);
      assert.equal(open.menu, 'open');
      assert.ok(open.scrollWidth <= open.innerWidth, `open menu: page is ${open.scrollWidth} px wide`);
      await screenshot(page, `nav-menu-${width}`);
      await page.click('#nav-toggle');
    }
    await screenshot(page, `nav-header-${width}`);
  });
}

test('the header groups the stations in lecture order and numbers them', async () => {
  const { page } = s;
  await page.setViewportSize({ width: 1920, height: 1080 });
  const groups = await page.$$eval('#nav .nav-group', (gs) => gs.map((g) => ({
    title: g.querySelector('.nav-group-title').textContent,
    ids: [...g.querySelectorAll('a')].map((a) => a.dataset.station),
    nums: [...g.querySelectorAll('.nav-num')].map((n) => Number(n.textContent)),
  })));
  const expected = GROUPS.map((g) => ({ title: g.title, ids: STATIONS.filter((st) => st.group === g.id).map((st) => st.id) })).filter((g) => g.ids.length);
  assert.deepEqual(groups.map(({ title, ids }) => ({ title, ids })), expected);
  assert.deepEqual(groups.flatMap((g) => g.nums), STATIONS.map((_, i) => i + 1));
});

test('phone: every station opens from the menu by mouse; the menu closes and names it', async () => {
  const { page } = s;
  await page.setViewportSize({ width: 375, height: 812 });
  for (const st of STATIONS) {
    await page.click('#nav-toggle');
    assert.equal(await page.getAttribute('#nav-toggle', 'aria-expanded'), 'true');
    assert.equal(await page.isVisible(`#nav a[data-station="${st.id}"]`), true);
    await page.click(`#nav a[data-station="${st.id}"]`);
    await page.waitForFunction((id) => document.body.dataset.station === id, st.id, { timeout: 30000 });
    assert.equal(await page.getAttribute('#nav-toggle', 'aria-expanded'), 'false');
    assert.equal(await page.isVisible('#nav'), false);
    assert.ok((await page.textContent('#nav-toggle')).includes(st.title), `the button names ${st.title}`);
  }
  // On a tablet the open list leaves the page below it visible: a click there closes it.
  await page.setViewportSize({ width: 768, height: 1024 });
  await navFitted(page);
  await page.click('#nav-toggle');
  const panel = await page.$eval('#nav', (el) => el.getBoundingClientRect().bottom);
  assert.ok(panel < 1000, `the open list ends at ${panel} px`);
  await page.mouse.click(20, 1010);
  assert.equal(await page.getAttribute('#nav-toggle', 'aria-expanded'), 'false');
});

test('phone: the menu works by keyboard (Enter opens, Tab reaches each station with a focus ring, Escape closes)', async () => {
  const { page } = s;
  await page.setViewportSize({ width: 375, height: 812 });
  for (const [i, st] of STATIONS.entries()) {
    await page.focus('#nav-toggle');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#nav-toggle', 'aria-expanded'), 'true');
    for (let k = 0; k <= i; k++) await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const cs = getComputedStyle(el);
      return { station: el.dataset.station, ring: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2, visible: el.getBoundingClientRect().height > 0 };
    });
    assert.deepEqual(focused, { station: st.id, ring: true, visible: true }, `Tab ${i + 1}× from the button reaches ${st.id}, with a visible focus ring`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.body.dataset.station === id, st.id, { timeout: 30000 });
  }
  await page.focus('#nav-toggle');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('#nav-toggle', 'aria-expanded'), 'false', 'Escape closes the list');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'nav-toggle', 'and gives focus back to the button');
  const ring = await page.$eval('#nav-toggle', (el) => getComputedStyle(el).outlineStyle !== 'none');
  assert.ok(ring, 'the menu button shows its focus ring');
});

test('phone: previous / next step through the stations in lecture order and stop at the ends', async () => {
  const { page } = s;
  await page.setViewportSize({ width: 375, height: 812 });
  await openFromNav(page, STATIONS[0].id);
  assert.equal(await page.getAttribute('.nav-step.prev', 'aria-disabled'), 'true');
  for (const st of STATIONS.slice(1, 4)) {
    await page.click('.nav-step.next');
    await page.waitForFunction((id) => document.body.dataset.station === id, st.id, { timeout: 30000 });
  }
  await page.click('.nav-step.prev');
  await page.waitForFunction((id) => document.body.dataset.station === id, STATIONS[2].id, { timeout: 30000 });
  assert.match(await page.getAttribute('.nav-step.next', 'aria-label'), new RegExp(`Next station: 4\\. ${STATIONS[3].title}`));
  const last = STATIONS.at(-1);
  await openFromNav(page, last.id);
  assert.equal(await page.getAttribute('.nav-step.next', 'aria-disabled'), 'true');
  assert.equal(await page.getAttribute('.nav-step.next', 'href'), null);
  // Scrolled down a long station, the station row is still at the top of the screen.
  await openFromNav(page, 'kernel');
  await page.evaluate(() => window.scrollTo(0, 900));
  const bar = await page.$eval('#station-bar', (el) => el.getBoundingClientRect().top);
  assert.ok(bar >= -1 && bar < 20, `station row at ${bar} px from the top after scrolling`);
  await page.evaluate(() => window.scrollTo(0, 0));
  assert.deepEqual(s.consoleErrors, []);
});

test('presenter mode keeps one header row on a 1366 px projector (the menu, previous / next) and still hides the explanations', async () => {
  const { page } = s;
  await page.setViewportSize({ width: 1366, height: 768 });
  await openFromNav(page, 'kernel');
  await page.click('button.present');
  await navFitted(page);
  const hd = await header(page);
  assert.notEqual(hd.layout, 'stacked');
  assert.ok(hd.tools.top < hd.brand.bottom && hd.nav.top < hd.brand.bottom, 'stations and tools on the brand\'s row');
  assert.ok(hd.scrollWidth <= hd.innerWidth);
  assert.equal(await page.isVisible('#app .lede'), false);
  assert.match(await shownStation(page), /3×3 kernel/);
  if (hd.layout === 'menu') {
    await page.click('.nav-step.next');
    await page.waitForFunction((id) => document.body.dataset.station === id, STATIONS[2].id, { timeout: 30000 });
    assert.ok(page.url().includes('?present#/'), 'stepping keeps presenter mode');
  }
  await screenshot(page, 'nav-presenter-1366');
  await page.click('button.present');
  assert.deepEqual(s.consoleErrors, []);
});
