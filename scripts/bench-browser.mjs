// Runs www/bench.html in headless Chromium and prints its results (./build.sh bench).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const { server, url } = await startServer({ port: 0 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convlab-bench-'));
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] || await ctx.newPage();
page.on('console', (m) => console.error(`console.${m.type()}:`, m.text()));
page.on('crash', () => console.error('the benchmark tab crashed'));
await page.goto(`${url}/bench.html?auto${process.argv[2] ? '&only=' + process.argv[2] : ''}`);
await page.waitForFunction(() => window.benchResults, null, { timeout: 600000 });
console.log(await page.textContent('#log'));
console.log(JSON.stringify(await page.evaluate(() => window.benchResults), null, 2));
await ctx.close();
server.close();
fs.rmSync(dir, { recursive: true, force: true });
