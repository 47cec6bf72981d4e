// Where the time goes: runs one benchmark workload in headless Chromium under the DevTools CPU
// profiler and prints the functions with the most self time (wasm functions by their Rust
// names). Usage: node scripts/bench-profile.mjs mr8|rgba3x3|sharpen [repeats]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const WORKLOADS = {
  // Warm MR8 on 512² (spectra kept after the first call).
  mr8: `const img = new Float32Array(512 * 512).map((_, i) => Math.sin(i * 0.001) + ((i * 7919) % 97) / 97);
        wasm.mr8_responses(img, 512, 512);
        return () => wasm.mr8_responses(img, 512, 512);`,
  // The station's 3×3 keystroke on a 720p photo kept in wasm memory (Gaussian: separable path).
  rgba3x3: `const im = new wasm.RgbaImage(1280, 720);
        new Uint8Array(wasm.wasm_memory().buffer, im.input_ptr(), im.byte_len()).fill(128);
        const k = new Float32Array([1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16));
        return () => im.filter(k, 3, 3, 'nearest', 'clamp', false);`,
  sharpen: `const im = new wasm.RgbaImage(1280, 720);
        new Uint8Array(wasm.wasm_memory().buffer, im.input_ptr(), im.byte_len()).fill(128);
        const k = new Float32Array([0, -1, 0, -1, 5, -1, 0, -1, 0]);
        return () => im.filter(k, 3, 3, 'nearest', 'clamp', false);`,
};
const name = process.argv[2] || 'mr8';
const repeats = Number(process.argv[3] || 20);
if (!WORKLOADS[name]) throw new Error(`unknown workload ${name}: ${Object.keys(WORKLOADS).join(', ')}`);

const { server, url } = await startServer({ port: 0 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convlab-profile-'));
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = ctx.pages()[0] || await ctx.newPage();
  await page.goto(`${url}/bench.html`);
  await page.evaluate(async (body) => {
    const { loadCores } = await import('/bench/cores.js');
    const { wasm, build } = await loadCores();
    window.profileBuild = build;
    window.workload = new Function('wasm', body)(wasm);
    for (let i = 0; i < 3; i++) window.workload();
  }, WORKLOADS[name]);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const ms = await page.evaluate((n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) window.workload();
    return (performance.now() - t0) / n;
  }, repeats);
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const key = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'program'})`;
    self.set(key, (self.get(key) || 0) + (dt[i] || 0));
    total += dt[i] || 0;
  });
  console.log(`${name} (${await page.evaluate(() => window.profileBuild)} core): ${ms.toFixed(2)} ms a run, ${repeats} runs; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const [fn, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`${(100 * us / total).toFixed(1).padStart(5)} %  ${fn.slice(0, 110)}`);
  }
} finally {
  await ctx.close();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
