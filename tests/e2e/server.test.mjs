// The static server: right MIME types, bound to 127.0.0.1, nothing served from outside www/
// (and node_modules/ for the benchmark peers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, resolvePath } from '../../scripts/serve.mjs';

/** GET with the path sent exactly as written (no client-side normalisation of ".."). */
function rawGet(url, path) {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = http.request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], csp: res.headers['content-security-policy'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the page and the wasm with the right MIME types, on 127.0.0.1 only', async () => {
  const { server, url } = await startServer({ port: 0 });
  try {
    assert.equal(server.address().address, '127.0.0.1');
    const index = await rawGet(url, '/');
    assert.equal(index.status, 200);
    assert.match(index.body, /<title>ConvLab/);
    assert.match((await rawGet(url, '/main.js')).type, /^text\/javascript/);
    const wasm = await rawGet(url, '/pkg/convlab_bg.wasm');
    assert.equal(wasm.status, 200);
    assert.equal(wasm.type, 'application/wasm');
  } finally {
    server.close();
  }
});

test('refuses every path that would leave www/', async () => {
  const { server, url } = await startServer({ port: 0 });
  try {
    for (const p of ['/../Cargo.toml', '/%2e%2e/Cargo.toml', '/..%2fCargo.toml', '/..%5cCargo.toml',
      '/node_modules/../Cargo.toml', '/node_modules/..%2f..%2fCargo.toml', '/%00', '/%E0%A4%A']) {
      const r = await rawGet(url, p);
      assert.ok(r.status === 403 || r.status === 404, `${p} → ${r.status}`);
      assert.doesNotMatch(r.body, /\[package\]/, `${p} leaked Cargo.toml`);
    }
    assert.equal(resolvePath('/..%2f..%2fetc/passwd'), null);
  } finally {
    server.close();
  }
});

test('only the benchmark page may fetch data: URLs (TF.js probes one); the app may fetch only its own origin', async () => {
  const { server, url } = await startServer({ port: 0 });
  try {
    const connect = (csp) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'));
    assert.equal(connect((await rawGet(url, '/')).csp), "connect-src 'self'");
    assert.equal(connect((await rawGet(url, '/main.js')).csp), "connect-src 'self'");
    assert.equal(connect((await rawGet(url, '/bench.html')).csp), "connect-src 'self' data:");
  } finally {
    server.close();
  }
});
