// A small static file server for www/, bound to 127.0.0.1 only.
// Usage: node scripts/serve.mjs [--port 8000]. Tests import { startServer }.
// It serves www/ and, for the benchmark page's peers, node_modules/ under /node_modules/;
// any path that resolves outside those folders is refused with 403.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = [
  { prefix: '/node_modules/', dir: path.join(REPO, 'node_modules') },
  { prefix: '/', dir: path.join(REPO, 'www') },
];
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream', '.gz': 'application/gzip',
};

/** Maps a URL path to a file inside one of the roots, or null when it would escape them. */
export function resolvePath(urlPath) {
  let decoded;
  try { decoded = decodeURIComponent(urlPath.split('?')[0]); } catch { return null; }
  if (decoded.includes('\0')) return null;
  const root = ROOTS.find((r) => decoded.startsWith(r.prefix));
  const rel = decoded.slice(root.prefix.length);
  const file = path.resolve(root.dir, '.' + path.sep + rel);
  if (file !== root.dir && !file.startsWith(root.dir + path.sep)) return null;
  return file;
}

/** Starts the server; resolves to { server, url } once it listens. Port 0 picks a free one. */
export function startServer({ port = 8000, host = '127.0.0.1', quiet = true } = {}) {
  const server = http.createServer((req, res) => {
    let file = resolvePath(new URL(req.url, 'http://x').pathname);
    if (!file) { res.writeHead(403).end('forbidden'); return; }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) file = path.join(file, 'index.html');
      fs.readFile(file, (err2, body) => {
        if (err2) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
        res.writeHead(200, {
          'content-type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
          'cache-control': 'no-cache',
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
