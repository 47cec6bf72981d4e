// End-to-end: "Max over orientations" (part 2 of the filter stations). The sweep runs in the
// worker; the test waits on its status and the render counter. The drawn maps are read back
// as numbers (the diverging scale is monotone in R − B) and checked here: the max map is the
// max of the six drawn responses, and the drawn reference is the first max turned by 30°.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, screenshot } from './harness.mjs';

let s;
before(async () => { s = await openStation('orient', { viewport: { width: 1366, height: 900 } }); });
after(async () => { await s.close(); });

const ORIENTATIONS = [0, 30, 60, 90, 120, 150];
/** Position of each pixel on the blue–white–red scale: R − B (−255 … 255), monotone in the value. */
const signed = (img) => Float64Array.from({ length: img.width * img.height }, (_, i) => img.data[4 * i] - img.data[4 * i + 2]);
const hashParam = (key) => s.page.evaluate((k) => new URLSearchParams(location.hash.split('?')[1] || '').get(k), key);
/**
 * Waits until the drawn sweep (computed in the worker) belongs to the settings now in the
 * address: the max canvas names them (data-for). A render count or a "Done" status could
 * still be the previous sweep's.
 */
const sweptForAddress = () => s.page.waitForFunction(() => {
  const drawn = document.querySelector('[data-testid=sweep-max]').dataset.for;
  return drawn !== undefined && drawn === (location.hash.split('?')[1] || '')
    && /^Done/.test(document.querySelector('[data-testid=sweep-status]').textContent);
}, null, { timeout: 60000 });
/** Does an action, then waits for the sweep of the settings it made. */
async function act(fn) {
  await fn();
  await sweptForAddress();
}

const swept = async () => {
  await sweptForAddress();
  assert.match(await s.page.textContent('[data-testid=sweep-status]'), /^Done: 6 orientations/);
};

test('the sweep runs in the worker and draws six responses and their max', async () => {
  await swept();
  assert.match(await s.page.textContent('[data-testid=sweep-status]'), /in the worker/);
  const maps = [];
  for (const t of ORIENTATIONS) {
    const p = await canvasPixels(s.page, `[data-testid=sweep-${t}]`);
    assert.equal(p.width, 512);
    maps.push(signed(p));
  }
  const mx = signed(await canvasPixels(s.page, '[data-testid=sweep-max]'));
  // One colour scale for all seven, and colouring is monotone: the drawn max is the max of the drawn six.
  let off = 0;
  for (let i = 0; i < mx.length; i++) {
    const want = Math.max(...maps.map((m) => m[i]));
    if (Math.abs(mx[i] - want) > 4) off++;
  }
  assert.ok(off < 0.005 * mx.length, `${off} of ${mx.length} max pixels differ from the max of the six`);
  assert.ok(new Set(mx).size > 100, 'a real picture');
  assert.match(await s.page.textContent('[data-testid=invariance]'), /Press “Rotate image by 30°”/);
});

test('turning the image by 30°: the max barely changes, one orientation changes a lot', async () => {
  await swept();
  const before = signed(await canvasPixels(s.page, '[data-testid=sweep-max]'));
  assert.equal(before.length, 512 * 512);
  await act(() => s.page.click('[data-testid=rotate-button]'));
  await s.page.waitForFunction(() => document.querySelector('[data-testid=invariance]').dataset.max !== undefined);
  const { max, one } = await s.page.$eval('[data-testid=invariance]', (e) => ({ max: +e.dataset.max, one: +e.dataset.one }));
  assert.ok(max < 0.06, `max over orientations changes by ${(100 * max).toFixed(1)} %`);
  assert.ok(one > 0.3, `a single orientation changes by ${(100 * one).toFixed(1)} %`);
  const printed = Number(/([\d.]+) %/.exec(await s.page.textContent('[data-testid=inv-max] td'))[1]);
  assert.ok(Math.abs(printed - 100 * max) < 0.06, `printed ${printed} % = measured ${100 * max}`);
  assert.equal(await s.page.getAttribute('[data-testid=inv-max] td', 'class'), 'good');
  // The printed change, recomputed from the two maps on screen (same colour scale): invert the
  // diverging colours (white 0 → red +1 / blue −1, linear in the green channel), then RMS
  // difference ÷ spread of the reference inside the dashed disc, in plain JS.
  const value = (img, i) => {
    const [r, g, b] = [img.data[4 * i], img.data[4 * i + 1], img.data[4 * i + 2]];
    return r >= b ? (247 - g) / (247 - 24) : -(247 - g) / (247 - 102);
  };
  const drawnMax = await canvasPixels(s.page, '[data-testid=sweep-max]');
  const drawnRef = await canvasPixels(s.page, '[data-testid=sweep-ref]');
  const disc = Number((await s.page.textContent('[data-testid=invariance] caption')).match(/radius (\d+) px/)[1]);
  const inDisc = [];
  for (let y = 0; y < drawnRef.height; y++) for (let x = 0; x < drawnRef.width; x++) {
    if ((x - (drawnRef.width - 1) / 2) ** 2 + (y - (drawnRef.height - 1) / 2) ** 2 <= disc * disc) inDisc.push(y * drawnRef.width + x);
  }
  const refMean = inDisc.reduce((a, i) => a + value(drawnRef, i), 0) / inDisc.length;
  let num = 0, den = 0;
  for (const i of inDisc) {
    num += (value(drawnMax, i) - value(drawnRef, i)) ** 2;
    den += (value(drawnRef, i) - refMean) ** 2;
  }
  const recomputed = Math.sqrt(num / den);
  assert.ok(Math.abs(recomputed - max) < 0.02, `printed ${(100 * max).toFixed(1)} %, from the drawn maps ${(100 * recomputed).toFixed(1)} %`);
  assert.equal(await hashParam('rot'), '1');
  assert.equal(await s.page.getAttribute('[data-testid=rotate-button]', 'aria-pressed'), 'true');

  // The drawn reference is the first max turned 30° clockwise (y down: read the input at R(−30°)·p).
  const ref = signed(await canvasPixels(s.page, '[data-testid=sweep-ref]'));
  const turned = signed(await canvasPixels(s.page, '[data-testid=sweep-max]'));
  const N = 512, c = (N - 1) / 2, a = -30 * Math.PI / 180, R = 180; // compare inside a disc
  let dRef = 0, dTurned = 0, spread = 0, n = 0, mean = 0;
  const inside = [];
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
    if ((x - c) ** 2 + (y - c) ** 2 > R * R) continue;
    const sx = Math.round(c + Math.cos(a) * (x - c) - Math.sin(a) * (y - c));
    const sy = Math.round(c + Math.sin(a) * (x - c) + Math.cos(a) * (y - c));
    inside.push([before[sy * N + sx], ref[y * N + x], turned[y * N + x]]);
  }
  for (const [, r] of inside) mean += r / inside.length;
  for (const [b, r, t] of inside) { dRef += (b - r) ** 2; dTurned += (t - r) ** 2; spread += (r - mean) ** 2; n++; }
  const relRef = Math.sqrt(dRef / spread), relTurned = Math.sqrt(dTurned / spread);
  assert.ok(relRef < 0.2, `reference = first max turned by hand (relative difference ${relRef.toFixed(3)} in drawn levels)`);
  assert.ok(relTurned < 0.3, `max on the turned image ≈ reference in drawn levels (${relTurned.toFixed(3)}), n = ${n}`);
  await screenshot(s.page, 'orient');
});

test('an odd filter (RFS edge) fails without |response| and passes with it, as the note explains', async () => {
  await act(() => s.page.click('button[data-type=edge]'));
  await s.page.waitForFunction(() => document.querySelector('[data-testid=invariance]').dataset.max !== undefined, null, { timeout: 60000 });
  const signedMax = Number(await s.page.getAttribute('[data-testid=invariance]', 'data-max'));
  assert.ok(signedMax > 0.15, `the signed max of an edge changes (${signedMax})`);
  assert.match(await s.page.textContent('[data-testid=invariance]'), /sign flipped/);
  await act(() => s.page.check('#orient-abs'));
  const absMax = Number(await s.page.getAttribute('[data-testid=invariance]', 'data-max'));
  assert.ok(absMax < 0.15, `max of |response| is invariant (${absMax})`);
  assert.match(await s.page.textContent('[data-testid=invariance]'), /almost unchanged/);
  const mx = signed(await canvasPixels(s.page, '[data-testid=sweep-max]'));
  assert.ok(mx.every((v) => v >= -2), 'a max of |response| is never negative (no blue)');
  assert.deepEqual([await s.page.evaluate(() => location.hash.includes('f=edge')), await s.page.evaluate(() => /abs=1/.test(location.hash))], [true, true]);
});

test('a typed radius out of range is refused next to the box; the maps stay', async () => {
  const before = await canvasPixels(s.page, '[data-testid=sweep-max]');
  await s.page.fill('#orient-radius-box', '0');
  assert.match(await s.page.textContent('#orient-radius-error'), /radius must be at least 1/);
  assert.deepEqual((await canvasPixels(s.page, '[data-testid=sweep-max]')).data, before.data);
  await act(() => s.page.fill('#orient-radius-box', '12'));
  assert.equal(await s.page.textContent('#orient-radius-error'), '');
  assert.equal(await hashParam('r'), '12');
});

test('no console errors and no requests outside 127.0.0.1', () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
