// Shared setup for the browser end-to-end tests: serve www/ on a free 127.0.0.1 port, open
// Debian's Chromium headless through playwright-core, and record console errors and any
// request that leaves 127.0.0.1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Opens the app at #/<stationId> (with an optional "?state" suffix) and waits until that
 * station is mounted. Returns { page, context, url, consoleErrors, externalRequests, close }.
 * `www` serves another copy of the page; `args` adds Chromium flags (e.g. a fake camera);
 * `query` goes before the hash (e.g. '?present' for presenter mode); `init` is a function run in
 * the page before its own scripts (e.g. trackPendingWork).
 */
export async function openStation(stationId, { hash = '', query = '', viewport = { width: 1280, height: 900 }, www, args = [], init, touch = false } = {}) {
  const { server, url } = await startServer({ port: 0, www });
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convlab-e2e-'));
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM, headless: true, args: [...ARGS, ...args], viewport, acceptDownloads: true,
    hasTouch: touch, // a touch screen (tests/e2e/touch.test.mjs)
  });
  const consoleErrors = [];
  const externalRequests = [];
  context.on('request', (req) => {
    const u = new URL(req.url());
    if (!['data:', 'blob:'].includes(u.protocol) && u.hostname !== '127.0.0.1') externalRequests.push(req.url());
  });
  if (init) await context.addInitScript(init);
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  await page.goto(`${url}/${query}#/${stationId}${hash}`);
  await page.waitForFunction((id) => document.body.dataset.station === id, stationId, { timeout: 30000 });
  return {
    page, context, url, consoleErrors, externalRequests,
    async close() {
      await context.close();
      await new Promise((r) => server.close(r));
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}

/** Reads a canvas's pixels as { width, height, data: Uint8Array [r, g, b, a, ...] }. */
export async function canvasPixels(page, selector) {
  const { width, height, b64 } = await page.$eval(selector, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let bin = '';
    for (let i = 0; i < d.length; i += 0x8000) bin += String.fromCharCode.apply(null, d.subarray(i, i + 0x8000));
    return { width: c.width, height: c.height, b64: btoa(bin) };
  });
  return { width, height, data: new Uint8Array(Buffer.from(b64, 'base64')) };
}

/** Saves a screenshot under screenshots/ (gitignored) for a human to look at. */
export async function screenshot(page, name) {
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** How many pixels differ in R, G or B between two canvasPixels() reads of the same size. */
export function changedPixels(a, b) {
  if (a.data.length !== b.data.length) throw new Error(`canvas sizes differ: ${a.data.length} vs ${b.data.length} bytes`);
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) n++;
  }
  return n;
}

/**
 * Number of distinct RGB colours on a canvas read (a blank or flat canvas has one or two);
 * `every` samples one pixel in that many (1 = all of them).
 */
export function distinctColours(p, { every = 1 } = {}) {
  const set = new Set();
  for (let i = 0; i < p.data.length; i += 4 * every) set.add((p.data[i] << 16) | (p.data[i + 1] << 8) | p.data[i + 2]);
  return set.size;
}

const SUPERSCRIPT = { '⁰': 0, '¹': 1, '²': 2, '³': 3, '⁴': 4, '⁵': 5, '⁶': 6, '⁷': 7, '⁸': 8, '⁹': 9 };
/** Reads a number as a station prints it: "0.0749", "−1.5", "1.2·10⁻⁵", "2,000". */
export function parsePrinted(text) {
  const t = String(text).trim().replace(/\u2212/g, '-').replace(/,/g, '');
  const m = t.match(/^(-?[\d.]+)·10([⁻]?)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/);
  if (m) return Number(m[1]) * 10 ** ((m[2] ? -1 : 1) * Number([...m[3]].map((c) => SUPERSCRIPT[c]).join('')));
  return Number(t);
}

/** The page's render counter (document.body.dataset.frame): complete redraws so far. */
export const frameCount = (page) => page.evaluate(() => Number(document.body.dataset.frame) || 0);

/**
 * Waits until the page has drawn a frame after `afterN` (a frameCount() read before the
 * action): `const n = await frameCount(page); await page.click(x); await waitForFrame(page, n);`
 * Resolves to the new count. Any redraw satisfies it, including one for earlier work (a worker
 * response, a resize, the previous test's last stroke): before asserting on what is drawn, wait
 * for a signal naming the state it belongs to (a data-for the view sets, as in filters, orient,
 * pooling; LeNet's data-ink), never on the count alone.
 */
export async function waitForFrame(page, afterN, { timeout = 30000 } = {}) {
  await page.waitForFunction((n) => (Number(document.body.dataset.frame) || 0) > n, afterN, { timeout });
  return frameCount(page);
}

/** The shell's count of handled addresses (document.body.dataset.routed), for waitForRoute. */
export const routeCount = (page) => page.evaluate(() => Number(document.body.dataset.routed) || 0);

/** Waits until the shell has handled an address after `afterN` (a routeCount() read before). */
export async function waitForRoute(page, afterN, { timeout = 30000 } = {}) {
  await page.waitForFunction((n) => (Number(document.body.dataset.routed) || 0) > n, afterN, { timeout });
}

/**
 * An init script (openStation's `init`) that keeps a ledger of the page's pending animation
 * frames, intervals and timeouts, each owned by the station whose route was open when it was
 * asked for (a callback's own requests inherit its owner). window.__pendingWork() lists them:
 * after a station unmounts, anything it still owns is an animation or timer left behind.
 */
export function trackPendingWork() {
  const pending = new Map();
  let running = null; // the owner of the callback now running
  const route = () => location.hash.replace(/^#\/?/, '').split('?')[0];
  const track = (kind, request, cancel, { repeat = false } = {}) => {
    const origRequest = window[request], origCancel = window[cancel];
    window[request] = function (fn, ...rest) {
      const owner = running ?? route();
      let id = null;
      const wrapped = typeof fn === 'function' ? function (...args) {
        if (!repeat) pending.delete(`${kind}:${id}`);
        const outer = running;
        running = owner;
        try { return fn.apply(this, args); } finally { running = outer; }
      } : fn;
      id = origRequest.call(window, wrapped, ...rest);
      pending.set(`${kind}:${id}`, { kind, owner });
      return id;
    };
    window[cancel] = function (id) { pending.delete(`${kind}:${id}`); return origCancel.call(window, id); };
  };
  track('frame', 'requestAnimationFrame', 'cancelAnimationFrame');
  track('interval', 'setInterval', 'clearInterval', { repeat: true });
  track('timeout', 'setTimeout', 'clearTimeout');
  window.__pendingWork = () => [...pending.values()];
}

/**
 * Opens a station from the header as a user does: clicks its link, first opening the station
 * menu when the header shows the menu button (a phone or a narrow window), and waits until the
 * station is mounted.
 */
export async function openFromNav(page, id, { timeout = 30000 } = {}) {
  const link = `#nav a[data-station="${id}"]`;
  await navFitted(page);
  if (!(await page.isVisible(link)) && (await page.isVisible('#nav-toggle'))) {
    if ((await page.getAttribute('#nav-toggle', 'aria-expanded')) !== 'true') await page.click('#nav-toggle');
  }
  const routed = await routeCount(page);
  await page.click(link);
  try {
    await page.waitForFunction((i) => document.body.dataset.station === i, id, { timeout });
  } catch (e) {
    // Say what the page was doing: a click that did not navigate, or a mount that did not end.
    const state = await page.evaluate(() => {
      const header = document.querySelector('.app-header');
      return { hash: location.hash, station: document.body.dataset.station, routed: Number(document.body.dataset.routed) || 0,
        layout: header?.dataset.nav, menu: header?.dataset.menu, focus: document.activeElement?.outerHTML.slice(0, 80) };
    }).catch(() => ({}));
    throw new Error(`${id} did not open from the header within ${timeout} ms (routes handled before the click: ${routed}; now ${JSON.stringify(state)}): ${e.message}`);
  }
}

/** Waits until the header's navigation has chosen its layout for the window's width and type size. */
export async function navFitted(page, { timeout = 30000 } = {}) {
  await page.waitForFunction(() => {
    const header = document.querySelector('.app-header');
    return header && Number(header.dataset.navWidth) === header.clientWidth
      && header.dataset.navFont === getComputedStyle(document.documentElement).fontSize;
  }, null, { timeout });
}
