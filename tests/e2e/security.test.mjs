// Security: the server sends the Content-Security-Policy and nosniff; the page's meta policy is
// the same; no station trips the policy (no inline style or script, no eval, no foreign
// request); no script builds markup from strings; an uploaded photo never leaves the tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openStation } from './harness.mjs';
import { encodePNG } from './png.mjs';
import { CONTENT_SECURITY_POLICY } from '../../scripts/serve.mjs';
import { STATIONS } from '../../www/stations/registry.js';

const WWW = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'www');

test('every response carries the CSP and nosniff; the meta tag states the same policy', async () => {
  const s = await openStation('kernel');
  try {
    for (const p of ['/', '/main.js', '/pkg/convlab_bg.wasm', '/no-such-file']) {
      const r = await s.page.request.get(s.url + p);
      const csp = r.headers()['content-security-policy'];
      assert.equal(csp, `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`, p);
      assert.equal(r.headers()['x-content-type-options'], 'nosniff', p);
    }
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /'unsafe-inline'|'unsafe-eval'|\*/);
    const meta = await s.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.equal(meta, CONTENT_SECURITY_POLICY);
  } finally {
    await s.close();
  }
});

test('no station violates the policy, and an uploaded photo is never sent anywhere', async () => {
  const s = await openStation('kernel');
  try {
    const { page, context } = s;
    const sent = [];
    context.on('request', (req) => {
      if (req.method() !== 'GET' || req.postDataBuffer()) sent.push(`${req.method()} ${req.url()}`);
    });
    await page.evaluate(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    for (const st of STATIONS) {
      await page.click(`#nav a[data-station="${st.id}"]`);
      await page.waitForFunction((id) => document.body.dataset.station === id, st.id, { timeout: 30000 });
    }
    await page.click('#nav a[data-station="kernel"]');
    await page.waitForFunction(() => document.body.dataset.station === 'kernel');
    const png = encodePNG(40, 30, (x, y) => [x * 6, y * 8, 99, 255]);
    const urlsBefore = new Set();
    context.on('request', (req) => urlsBefore.add(req.url()));
    await page.setInputFiles('#kernel-file', { name: 'secret.png', mimeType: 'image/png', buffer: png });
    await page.waitForFunction(() => window.convlab.images.current().name === 'secret.png');
    await page.fill('.kcell[data-cell="4"]', '2');
    await page.keyboard.press('Tab');
    assert.deepEqual(sent, [], 'no request carried a body or used a method other than GET');
    for (const u of urlsBefore) assert.ok(/^(blob:|data:)/.test(u) || new URL(u).hostname === '127.0.0.1', u);
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(s.consoleErrors, []);
    assert.deepEqual(s.externalRequests, []);
  } finally {
    await s.close();
  }
});

test('no script in www/ writes markup from strings (innerHTML and friends)', () => {
  const offenders = [];
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) { if (ent.name !== 'pkg') walk(p); continue; }
      if (!/\.(js|html)$/.test(ent.name)) continue;
      const src = fs.readFileSync(p, 'utf8');
      for (const re of [/\.innerHTML\s*=/, /\.outerHTML\s*=/, /insertAdjacentHTML/, /document\.write/, /setAttribute\(\s*['"]style['"]/, /\son[a-z]+="/, /<style[\s>]/]) {
        if (re.test(src)) offenders.push(`${path.relative(WWW, p)}: ${re}`);
      }
      if (/\.html$/.test(ent.name) && /<script(?![^>]*\bsrc=)[^>]*>/.test(src)) offenders.push(`${path.relative(WWW, p)}: inline <script>`);
    }
  };
  walk(WWW);
  assert.deepEqual(offenders, []);
});
