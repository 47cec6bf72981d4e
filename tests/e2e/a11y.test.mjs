// Accessibility: axe-core (from node_modules, injected by this test only; the app never loads
// it) checks every station after it has mounted and drawn; no serious or critical violation
// may remain. Each finding is printed with the elements it concerns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { openStation } from './harness.mjs';
import { STATIONS } from '../../www/stations/registry.js';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let s;
before(async () => { s = await openStation(STATIONS[0].id); });
after(async () => { await s.close(); });

/** Runs axe on the page; returns the serious and critical violations as readable lines. */
async function seriousViolations(page) {
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses inline scripts,
  // so a <script> tag with axe's source would be blocked.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(1).join(' ').trim()}`));
}

for (const st of STATIONS) {
  test(`${st.id}: no serious or critical accessibility violations`, async () => {
    const { page } = s;
    await page.click(`#nav a[data-station="${st.id}"]`);
    await page.waitForFunction((id) => document.body.dataset.station === id, st.id, { timeout: 30000 });
    const found = await seriousViolations(page);
    if (found.length) console.log(`${st.id}:\n  ${found.join('\n  ')}`);
    assert.deepEqual(found, []);
  });
}

/** Tabs through the station; returns the controls that showed no focus ring when focused. */
async function unfocusedRing(page) {
  return page.evaluate(async () => {
    const root = document.querySelector('#app > section.station');
    const focusable = [...root.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')]
      .filter((el) => !el.disabled && el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden');
    return { count: focusable.length, ids: focusable.map((el) => el.outerHTML.slice(0, 80)) };
  });
}

for (const st of STATIONS) {
  test(`${st.id}: every control is reached by Tab and shows a visible focus ring`, async () => {
    const { page } = s;
    await page.click(`#nav a[data-station="${st.id}"]`);
    await page.waitForFunction((id) => document.body.dataset.station === id, st.id, { timeout: 30000 });
    const { count } = await unfocusedRing(page);
    await page.focus('#app > section.station');
    const seen = new Set(), missing = [];
    for (let i = 0; i < count + 5 && seen.size < count; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || !el.closest('#app > section.station')) return null;
        const cs = getComputedStyle(el);
        const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
        // Native checkboxes, radios and sliders draw their own focus indicator.
        const native = el.tagName === 'INPUT' && ['checkbox', 'radio', 'range'].includes(el.type) && el.matches(':focus-visible');
        return { key: el.outerHTML.slice(0, 80), ring: ring || native };
      });
      if (!info) continue;
      seen.add(info.key);
      if (!info.ring) missing.push(info.key);
    }
    assert.ok(seen.size >= Math.min(count, 1), `${st.id}: Tab reaches its controls (${seen.size} of ${count})`);
    assert.deepEqual(missing, [], `${st.id}: focused without a visible ring`);
  });
}

test('presenter mode, the shortcut list and a refused file pass axe too', async () => {
  const { page } = s;
  await page.click('#nav a[data-station="kernel"]');
  await page.waitForFunction(() => document.body.dataset.station === 'kernel');
  await page.click('button.present');
  assert.deepEqual(await seriousViolations(page), [], 'presenter mode');
  await page.setInputFiles('#kernel-file', { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
  await page.waitForFunction(() => /not an image/.test(document.querySelector('[data-testid=image-message]').textContent));
  await page.fill('.kcell[data-cell="4"]', 'abc');
  assert.deepEqual(await seriousViolations(page), [], 'with error messages shown');
  await page.click('button.help');
  assert.deepEqual(await seriousViolations(page), [], 'shortcut list open');
  await page.keyboard.press('Escape');
  await page.click('button.present');
});

test('the kernel station\'s output canvas says what it shows now (photo, operation, kernel)', async () => {
  const { page } = s;
  await page.click('#nav a[data-station="kernel"]');
  await page.waitForFunction(() => document.body.dataset.station === 'kernel');
  await page.click('button[data-preset="sobel-x"]');
  const label = await page.getAttribute('[data-testid=output-canvas]', 'aria-label');
  assert.match(label, /Astronaut after correlation with the kernel -1, 0, 1, -2, 0, 2, -1, 0, 1/);
});
