// A small static file server for www/, bound to 127.0.0.1 only.
// Usage: node scripts/serve.mjs [--port 8000]. Tests import { startServer }.
// It serves www/ and, for the benchmark page's peers, node_modules/ under /node_modules/;
// any path that resolves outside those folders is refused with 403. Every response carries the
// app's Content-Security-Policy (the same as index.html's meta tag, plus frame-ancestors, which
// only a header can set) and `X-Content-Type-Options: nosniff`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(REPO, 'www');
const rootsFor = (www) => [
  { prefix: '/node_modules/', dir: path.join(REPO, 'node_modules') },
  { prefix: '/', dir: www },
];

/**
 * The page may run only its own scripts, workers, styles, images and wasm: no inline script or
 * style, no eval (wasm compilation is allowed by 'wasm-unsafe-eval'), no request to another
 * origin. Uploaded photos are decoded from blob: URLs; the favicon is a data: URL.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'",
  "style-src 'self'", "img-src 'self' data: blob:", "media-src 'self' blob:", "connect-src 'self'",
  "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'",
].join('; ');
/**
 * The benchmark page loads the peers, never the app: OpenCV.js may compile code with eval, and
 * TF.js fetches a data: URL (its feature probe) that connect-src 'self' would refuse with a
 * console error. Both stay on this machine.
 */
const BENCH_POLICY = CONTENT_SECURITY_POLICY
  .replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'unsafe-eval'")
  .replace("connect-src 'self'", "connect-src 'self' data:");
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream', '.gz': 'application/gzip',
};

/** Maps a URL path to a file inside one of the roots, or null when it would escape them. */
export function resolvePath(urlPath, roots = rootsFor(WWW)) {
  let decoded;
  try { decoded = decodeURIComponent(urlPath.split('?')[0]); } catch { return null; }
  if (decoded.includes('\0')) return null;
  const root = roots.find((r) => decoded.startsWith(r.prefix));
  const rel = decoded.slice(root.prefix.length);
  const file = path.resolve(root.dir, '.' + path.sep + rel);
  if (file !== root.dir && !file.startsWith(root.dir + path.sep)) return null;
  return file;
}

/**
 * Starts the server; resolves to { server, url } once it listens. Port 0 picks a free one.
 * `www` serves another copy of the page (the offline-update test serves a build it can change).
 */
export function startServer({ port = 8000, host = '127.0.0.1', quiet = true, www = WWW } = {}) {
  const roots = rootsFor(www);
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url, 'http://x').pathname;
    const security = {
      'content-security-policy': `${/^\/bench/.test(pathname) ? BENCH_POLICY : CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
    };
    let file = resolvePath(pathname, roots);
    if (!file) { res.writeHead(403, security).end('forbidden'); return; }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) file = path.join(file, 'index.html');
      fs.readFile(file, (err2, body) => {
        if (err2) { res.writeHead(404, { 'content-type': 'text/plain', ...security }).end('not found'); return; }
        res.writeHead(200, {
          'content-type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
          'cache-control': 'no-cache',
          ...security,
        });
        res.end(body);
        if (!quiet) console.log(req.method, req.url);
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({ server, url: `http://${host}:${p}` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 8000;
  const { url } = await startServer({ port });
  console.log(`ConvLab is being served at ${url}/  (Ctrl+C to stop)`);
}
