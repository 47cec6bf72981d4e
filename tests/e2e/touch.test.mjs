// Touch on a phone (375 px, a touch screen): dragging on the stations' canvases and sliders
// works with a finger, through real touch events (the DevTools protocol's touch input, so the
// browser applies touch-action and may turn a drag into a scroll, as a phone does). Each drag
// must change the station's state (kept in the address) rather than scroll the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, openFromNav } from './harness.mjs';

let s, cdp;
before(async () => {
  s = await openStation('matrix1d', { touch: true, viewport: { width: 375, height: 812 } });
  cdp = await s.context.newCDPSession(s.page);
});
after(async () => { await s.close(); });

/** Drags a finger across `selector` from one point to another (fractions of its box). */
async function touchDrag(page, selector, from, to, steps = 8) {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  const box = await page.locator(selector).first().boundingBox();
  const at = ([fx, fy]) => ({ x: box.x + fx * box.width, y: box.y + fy * box.height });
  const point = (t) => at([from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t]);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point(0)] });
  for (let k = 1; k <= steps; k++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point(k / steps)] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

const open = openFromNav;


const hashState = (page) => page.evaluate(() => location.hash);
const CASES = [
  { station: 'matrix1d', selector: '[data-testid=signal-canvas]', from: [0.3, 0.8], to: [0.3, 0.15], observe: hashState },
  // The start point's boxes follow the finger (the address is written a moment later).
  { station: 'momentum', selector: 'canvas.mm-map', from: [0.2, 0.2], to: [0.7, 0.6],
    observe: (page) => page.evaluate(() => `${document.getElementById('mm-x').value},${document.getElementById('mm-y').value}`) },
  { station: 'matrix2d', selector: '.m2d-thumb', from: [0.2, 0.2], to: [0.75, 0.7], observe: hashState,
    prepare: (page) => page.click('button[data-source="photo"]') },
];

for (const { station, selector, from, to, observe, prepare } of CASES) {
  test(`${station}: a finger drag on the figure changes it`, async () => {
    const { page } = s;
    await open(page, station);
    if (prepare) await prepare(page);
    const before = await observe(page);
    await touchDrag(page, selector, from, to);
    const y1 = await page.evaluate(() => window.scrollY);
    const after = await observe(page);
    assert.notEqual(after, before, `${station}: the drag changed nothing`);
    // The drag must move the figure's state, not scroll the page: a second drag back leaves
    // the scroll position where it was.
    await touchDrag(page, selector, to, from);
    assert.notEqual(await observe(page), after, `${station}: the drag back changed it again`);
    assert.equal(await page.evaluate(() => window.scrollY), y1, `${station}: the drag did not scroll the page`);
    assert.equal(await page.evaluate(() => window.scrollX), 0);
  });
}

test('pooling: a slider follows a finger', async () => {
  const { page } = s;
  await open(page, 'pooling');
  const slider = '#app input[type=range]';
  const before = await page.locator(slider).first().inputValue();
  await touchDrag(page, slider, [0.05, 0.5], [0.9, 0.5]);
  assert.notEqual(await page.locator(slider).first().inputValue(), before);
});

test('kernel: tapping the output shows how that pixel is computed', async () => {
  const { page } = s;
  await open(page, 'kernel');
  const canvas = page.locator('[data-testid=output-canvas]');
  await canvas.scrollIntoViewIfNeeded();
  const before = await page.textContent('[data-testid=worked-example]');
  const box = await canvas.boundingBox();
  await page.touchscreen.tap(box.x + box.width * 0.2, box.y + box.height * 0.3);
  await page.waitForFunction((b) => document.querySelector('[data-testid=worked-example]').textContent !== b, before, { timeout: 30000 })
    .catch(() => assert.fail('a tap did not move the probe'));
  assert.deepEqual(s.consoleErrors, []);
});
