// End-to-end: the regularization station in headless Chromium, used as a lecturer would —
// train, watch the error curves, turn up weight decay, stop a run, rerun a width of the MNIST sweep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openStation, canvasPixels, screenshot, changedPixels, parsePrinted as parse } from './harness.mjs';

let s;
before(async () => { s = await openStation('regularize', { viewport: { width: 1280, height: 800 } }); });
after(async () => { await s.close(); });

const stat = async (key) => parse(await s.page.$eval(`[data-stat="${key}"]`, (e) => e.textContent));
const statusText = () => s.page.$eval('.rg-status', (e) => e.textContent);

async function waitReady() {
  await s.page.waitForFunction(() => document.querySelector('.rg-status').textContent.startsWith('Ready'), null, { timeout: 30000 });
}
async function trainToEnd() {
  await s.page.click('button.rg-train');
  await s.page.waitForFunction(() => document.querySelector('.rg-status').textContent.startsWith('Done'), null, { timeout: 90000 });
}

test('Train shows progress, lowers the training error, moves the curve, marks early stopping', async () => {
  await waitReady();
  const before = await canvasPixels(s.page, 'canvas.rg-fit');
  await s.page.click('button.rg-train');
  await s.page.waitForFunction(() => {
    const p = document.querySelector('progress.rg-progress');
    return p.value > 0 && p.value < 1 && document.querySelector('.rg-status').textContent.startsWith('Epoch');
  }, null, { timeout: 30000 });
  assert.equal(await s.page.$eval('button.rg-stop', (b) => b.disabled), false, 'Stop is available while training');
  await s.page.waitForFunction(() => document.querySelector('.rg-status').textContent.startsWith('Done'), null, { timeout: 90000 });

  assert.equal(await stat('first-epoch'), 0);
  assert.equal(await stat('now-epoch'), 2000);
  const first = await stat('first-train'), last = await stat('now-train');
  assert.ok(last < first, `final training error ${last} should be below the first ${first}`);
  // The early-stopping row is the least validation error seen, reached no later than now.
  const bestEpoch = await stat('best-epoch'), bestVal = await stat('best-val'), nowVal = await stat('now-val');
  assert.ok(bestEpoch >= 0 && bestEpoch <= 2000);
  assert.ok(bestVal <= nowVal && bestVal <= await stat('first-val'));
  const after = await canvasPixels(s.page, 'canvas.rg-fit');
  assert.ok(changedPixels(before, after) > 2000, 'the fitted curve should move');
  const errPlot = await canvasPixels(s.page, 'canvas.rg-err');
  // The early-stopping marker is drawn in its green (#15803d).
  let green = 0;
  for (let i = 0; i < errPlot.data.length; i += 4) {
    if (Math.abs(errPlot.data[i] - 0x15) + Math.abs(errPlot.data[i + 1] - 0x80) + Math.abs(errPlot.data[i + 2] - 0x3d) < 40) green++;
  }
  assert.ok(green > 100, `the "stop here" marker should be drawn (${green} green pixels)`);
  await screenshot(s.page, 'regularize');
});

test('a large weight decay λ gives smaller weights and a flatter curve', async () => {
  const w0 = await stat('now-w');
  const range0 = Number(await s.page.$eval('canvas.rg-fit', (c) => c.dataset.fitRange));
  await s.page.focus('input[data-key="lambda"]');
  await s.page.keyboard.press('End'); // λ = 1, the slider's top
  assert.equal(await s.page.inputValue('#rg-lambda-box'), '1');
  assert.ok(!(await s.page.isVisible('#rg-lambda-zero')), 'no "off" note while λ is on');
  await waitReady();
  assert.equal(await stat('now-epoch'), 0, 'changing λ resets the run');
  await trainToEnd();
  const w1 = await stat('now-w');
  const range1 = Number(await s.page.$eval('canvas.rg-fit', (c) => c.dataset.fitRange));
  assert.ok(w1 < 0.2 * w0, `‖w‖ with λ = 1 (${w1}) should be far below ‖w‖ with λ = 0 (${w0})`);
  assert.ok(range1 < 0.3 * range0, `the curve should be flatter: range ${range1} vs ${range0}`);
  assert.match(await s.page.url(), /lam=1/, 'the setting is kept in the URL');
  await s.page.focus('input[data-key="lambda"]');
  await s.page.keyboard.press('Home'); // back to λ = 0, the slider's left end
  assert.equal(await s.page.inputValue('#rg-lambda-box'), '0');
  assert.equal(await s.page.textContent('#rg-lambda-zero'), 'off');
  assert.ok(await s.page.isVisible('#rg-lambda-zero'), 'λ = 0 reads "off" beside its box');
  await waitReady();
  assert.match(await s.page.url(), /lam=0/);
});

test('typed settings: a good one is used, a bad one is explained next to its box and keeps the run', async () => {
  await s.page.fill('#rg-hidden-box', '20');
  await waitReady();
  assert.match(await s.page.url(), /hidden=20/);
  assert.equal(await s.page.$eval('input[data-key="hidden"]', (e) => e.value), '20', 'the slider follows the box');
  const cases = [
    ['#rg-hidden-box', '300', /Hidden units H must be at most 200\./],
    ['#rg-hidden-box', '2.5', /must be a whole number/],
    ['#rg-lambda-box', '-0.1', /Weight decay λ must be at least 0\./],
    ['#rg-p-box', '0.95', /Dropout p must be at most 0\.8\./],
    ['#rg-lr-box', '', /Learning rate α needs an ordinary number/],
  ];
  const url = s.page.url(), epoch = await stat('now-epoch');
  for (const [box, bad, why] of cases) {
    await s.page.fill(box, bad);
    assert.match(await s.page.textContent(box.replace('-box', '-error')), why, `${box} "${bad}"`);
    assert.equal(await s.page.getAttribute(box, 'aria-invalid'), 'true');
    assert.equal(s.page.url(), url, `${box} "${bad}" changed no setting`);
    assert.equal(await statusText(), 'Ready: press Train.');
    assert.equal(await stat('now-epoch'), epoch);
  }
  // Typing λ = 0.01 puts the log slider at −2 and keeps it in the address.
  await s.page.fill('#rg-lambda-box', '0.01');
  assert.equal(await s.page.$eval('input[data-key="lambda"]', (e) => Number(e.value)), -2);
  await waitReady();
  assert.match(await s.page.url(), /lam=0\.01/);
  await s.page.fill('#rg-lambda-box', '0');
  await s.page.fill('#rg-hidden-box', '50');
  await waitReady();
});

test('Stop ends a long run early and keeps what was learnt', async () => {
  await s.page.selectOption('.rg-controls select >> nth=2', '10000');
  await s.page.click('button.rg-train');
  await s.page.waitForFunction(() => document.querySelector('progress.rg-progress').value > 0.02, null, { timeout: 30000 });
  await s.page.click('button.rg-stop');
  await s.page.waitForFunction(() => document.querySelector('.rg-status').textContent.startsWith('Stopped'), null, { timeout: 30000 });
  const epoch = await stat('now-epoch');
  assert.ok(epoch > 0 && epoch < 10000, `stopped at epoch ${epoch}`);
  assert.ok(await stat('now-train') < await stat('first-train'));
  assert.equal(await s.page.$eval('button.rg-train', (b) => b.disabled), false);
});

test('the MNIST width sweep opens from the shipped results; rerunning one width updates its points', async () => {
  await s.page.waitForFunction(() => document.querySelector('canvas.rg-widths')?.dataset.points === '10', null, { timeout: 30000 });
  const rows = async () => s.page.$$eval('.rg-widths-table tbody tr', (trs) => trs.map((tr) => ({
    width: Number(tr.dataset.width), source: tr.className, cells: [...tr.cells].map((c) => c.textContent) })));
  const shipped = JSON.parse(fs.readFileSync(new URL('../../www/data/width-sweep.json', import.meta.url), 'utf8'));
  const before = await rows();
  assert.deepEqual(before.map((r) => r.width), shipped.points.map((p) => p.width));
  assert.ok(before.at(-1).width >= 2048);
  // The table prints the shipped numbers.
  for (const [k, r] of before.entries()) {
    assert.equal(r.cells[4], `${(100 * shipped.points[k].held_out_error).toFixed(2)} %`);
  }
  // The finding quotes where training error reaches 0 and what held-out error does past it.
  const w0 = shipped.points.find((p) => p.train_error === 0).width;
  const finding = await s.page.$eval('.rg-widths-finding', (p) => p.textContent);
  assert.ok(finding.includes(`Training error is 0 from ${w0} units on`), finding);
  // The spread it compares with: one standard error √(p(1 − p)/n) of the lowest held-out error
  // past that width, on the sweep's held-out digits, recomputed here.
  const past = shipped.points.filter((p) => p.width >= w0);
  const low = past.reduce((a, b) => (b.held_out_error < a.held_out_error ? b : a));
  const n = shipped.settings.held_out_digits;
  const se = Math.sqrt((low.held_out_error * (1 - low.held_out_error)) / n);
  assert.ok(finding.includes(`(one standard error on ${n.toLocaleString('en-US')} digits ≈ ${(100 * se).toFixed(2)} %)`), finding);
  assert.match(await s.page.$eval('.rg-widths-settings', (p) => p.textContent), /first 2,000 training digits/);

  const pixels0 = await canvasPixels(s.page, 'canvas.rg-widths');
  await s.page.selectOption('select[data-key="width"]', '4');
  await s.page.click('button.rg-rerun-one');
  await s.page.waitForFunction(() => document.querySelector('canvas.rg-widths').dataset.rerun === '4', null, { timeout: 120000 });
  await s.page.waitForFunction(() => document.querySelector('.rg-widths-status').textContent.startsWith('Done'), null, { timeout: 30000 });
  const after = await rows();
  const r4 = after.find((r) => r.width === 4);
  assert.equal(r4.source, 'rerun');
  assert.equal(after.filter((r) => r.source === 'rerun').length, 1, 'only width 4 was rerun');
  // The same seed and settings in wasm: the shipped numbers again, within noise (3 digits of 2,000).
  const rerunHeldOut = parseFloat(r4.cells[4]) / 100;
  assert.ok(Math.abs(rerunHeldOut - shipped.points[0].held_out_error) <= 0.0015, `rerun ${rerunHeldOut} vs shipped ${shipped.points[0].held_out_error}`);
  assert.ok(changedPixels(pixels0, await canvasPixels(s.page, 'canvas.rg-widths')) > 30, 'the rerun point is drawn');
  await screenshot(s.page, 'regularize-widths');
});

test('settings in the address are restored, clamped or replaced by the default', async () => {
  const t = await openStation('regularize', { hash: '?hidden=1e9&act=relu&lr=0.1&epochs=-3' });
  try {
    await t.page.waitForFunction(() => /act=relu/.test(location.hash) && /epochs=2000/.test(location.hash), null, { timeout: 30000 });
    const q = new URLSearchParams((await t.page.evaluate(() => location.hash)).split('?')[1]);
    assert.equal(q.get('lr'), '0.1');
    assert.equal(q.get('hidden'), '200', 'too many units are clamped to the slider\'s top');
    assert.equal(q.get('epochs'), '2000', 'a refused epoch count falls back to the default');
    assert.equal(await t.page.$eval('.rg-controls input[type=range]', (i) => i.value), '200');
    assert.deepEqual(t.consoleErrors, []);
  } finally {
    await t.close();
  }
});

test('no console errors and no external requests', async () => {
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.externalRequests, []);
});
