// The camera as an image source (kernel station): Chromium's fake camera (a moving test
// pattern) is filtered live with the filter time shown; Freeze keeps one frame; Stop releases
// the camera. A denied permission (the fake camera without the auto-accepting fake prompt:
// headless Chromium then refuses the request) and a machine without a camera each get a clear
// message next to the control, and the current image is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStation, canvasPixels, changedPixels, screenshot } from './harness.mjs';

const FAKE_CAMERA = '--use-fake-device-for-media-stream';
const FAKE_PROMPT_ACCEPTS = '--use-fake-ui-for-media-stream';
const frames = (page) => page.$eval('.camera', (e) => Number(e.dataset.frames));
const waitFrames = (page, n) => page.waitForFunction((k) => Number(document.querySelector('.camera').dataset.frames) >= k, n, { timeout: 30000 });
/** Waits until the <video> element itself has shown `n` more frames. */
const videoFrames = (page, n) => page.evaluate((k) => new Promise((resolve) => {
  const v = document.querySelector('.camera video');
  let left = k;
  const tick = () => { if (--left <= 0) resolve(); else v.requestVideoFrameCallback(tick); };
  v.requestVideoFrameCallback(tick);
}), n);

test('the camera is filtered live, frame after frame, with the filter time shown; Freeze and Stop', async () => {
  const s = await openStation('kernel', { args: [FAKE_CAMERA, FAKE_PROMPT_ACCEPTS] });
  try {
    const { page } = s;
    await page.click('button[data-preset="sobel-x"]');
    await page.click('button.camera-start');
    await waitFrames(page, 3);
    assert.equal(await page.evaluate(() => window.convlab.images.current().name), 'Camera');
    const a = await canvasPixels(page, '[data-testid=output-canvas]');
    assert.equal(a.width, 640);
    await waitFrames(page, (await frames(page)) + 5);
    const b = await canvasPixels(page, '[data-testid=output-canvas]');
    assert.ok(changedPixels(a, b) > 100, 'the filtered output follows the moving camera picture');
    assert.match(await page.textContent('.camera-status'), /Live camera, 640×480 px/);
    assert.match(await page.textContent('#app'), /Filtered 640×480 px × 3 channels in [\d.]+ ms/);
    await screenshot(page, 'camera-kernel-1280');

    // Freeze: the video keeps running, the image no longer changes; the kernel still applies.
    await page.click('button.camera-freeze');
    assert.equal(await page.$eval('.camera', (e) => e.dataset.camera), 'frozen');
    const held = await frames(page);
    const still = await canvasPixels(page, '[data-testid=output-canvas]');
    await videoFrames(page, 8);
    assert.equal(await frames(page), held, 'no frame was taken while frozen');
    assert.equal(changedPixels(still, await canvasPixels(page, '[data-testid=output-canvas]')), 0);
    await page.click('button[data-preset="identity"]');
    assert.ok(changedPixels(still, await canvasPixels(page, '[data-testid=output-canvas]')) > 100, 'a new kernel filters the frozen frame');
    await page.click('button.camera-freeze'); // live again
    await waitFrames(page, held + 3);

    await page.click('button.camera-stop');
    assert.equal(await page.$eval('.camera', (e) => e.dataset.camera), 'off');
    assert.equal(await page.$eval('.camera video', (v) => v.srcObject), null, 'the camera is released');
    assert.equal(await page.evaluate(() => window.convlab.images.current().name), 'Camera', 'the last frame stays');
    assert.deepEqual(s.consoleErrors, []);
    assert.deepEqual(s.externalRequests, [], 'no camera frame left the machine');
  } finally {
    await s.close();
  }
});

for (const [what, args, pattern] of [
  ['a denied permission', [FAKE_CAMERA], /camera permission was denied/],
  ['a machine without a camera', [FAKE_PROMPT_ACCEPTS], /No camera was found/],
]) {
  test(`${what} gets a clear message next to the control; the image is kept`, async () => {
    const s = await openStation('kernel', { args });
    try {
      const { page } = s;
      const before = await canvasPixels(page, '[data-testid=output-canvas]');
      await page.click('button.camera-start');
      await page.waitForFunction(() => document.querySelector('.camera').dataset.camera === 'error', null, { timeout: 30000 });
      assert.match(await page.textContent('[data-testid=image-message]'), pattern);
      assert.match(await page.textContent('[data-testid=image-message]'), /current image is kept/);
      assert.equal(await page.evaluate(() => window.convlab.images.current().sampleId), 'astronaut');
      assert.equal(changedPixels(before, await canvasPixels(page, '[data-testid=output-canvas]')), 0);
      assert.equal(await page.isVisible('button.camera-start'), true, 'the student can try again');
      assert.deepEqual(s.consoleErrors, []);
    } finally {
      await s.close();
    }
  });
}

test('filters station: the camera feeds the filter response live, with the time each frame took', async () => {
  const s = await openStation('filters', { args: [FAKE_CAMERA, FAKE_PROMPT_ACCEPTS] });
  try {
    const { page } = s;
    await page.click('button.camera-start');
    await waitFrames(page, 3);
    const responseFor = () => page.$eval('[data-testid=response-canvas]', (c) => c.toDataURL());
    // Wait for a response drawn from a camera frame (the station works on it at 512 × 384).
    await page.waitForFunction(() => /Camera, grey, 512 × 384 px/.test(document.querySelector('.filter-station').textContent)
      && /512 × 384 px, computed by .* in \d+ ms/.test(document.querySelector('.filter-station').textContent), null, { timeout: 30000 });
    const a = await responseFor();
    await waitFrames(page, (await frames(page)) + 6);
    await page.waitForFunction((prev) => document.querySelector('[data-testid=response-canvas]').toDataURL() !== prev, a, { timeout: 30000 });
    await page.click('button.camera-freeze');
    await page.click('button.camera-stop');
    assert.deepEqual(s.consoleErrors, []);
    assert.deepEqual(s.externalRequests, []);
  } finally {
    await s.close();
  }
});

test('LeNet-5: camera frames become the pad\'s ink and the network reads each one', async () => {
  const s = await openStation('lenet', { args: [FAKE_CAMERA, FAKE_PROMPT_ACCEPTS] });
  try {
    const { page } = s;
    await page.click('.ln5-clear');
    const cleared = await page.$eval('canvas.drawpad', (c) => Number(c.dataset.ink));
    await page.click('button.camera-start');
    await waitFrames(page, 3);
    // A digit read from the pad as it is now, after a camera frame was painted on it (the pad
    // counts its ink changes in data-ink, the reading records the count it read), with the ink
    // counted in the same turn: frames keep arriving, and a stale reading (the sample drawn at
    // mount) would pass a bare "a digit is shown" while the pad holds another frame.
    const reading = await page.waitForFunction((after) => {
      const pad = document.querySelector('canvas.drawpad'), pred = document.querySelector('.ln5-pred-digit');
      if (Number(pad.dataset.ink) <= after || pred.dataset.ink !== pad.dataset.ink || !/^\d$/.test(pred.dataset.pred || '')) return false;
      const d = pad.getContext('2d').getImageData(0, 0, pad.width, pad.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return { inked: n };
    }, cleared, { timeout: 30000 });
    const { inked } = await reading.jsonValue();
    assert.ok(inked > 100, `the frame was painted as ink (${inked} px)`);
    await page.click('button.camera-freeze');
    assert.equal(await page.$eval('.camera', (e) => e.dataset.camera), 'frozen');
    await page.click('button.camera-stop');
    assert.deepEqual(s.consoleErrors, []);
  } finally {
    await s.close();
  }
});
