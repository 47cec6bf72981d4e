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
