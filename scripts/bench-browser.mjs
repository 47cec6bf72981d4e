// Runs www/bench.html in headless Chromium (./build.sh bench), prints its log and a table of
// medians and ratios, and writes everything as JSON (default target/bench/browser.json).
// Usage: node scripts/bench-browser.mjs [--only case1,case2] [--out file.json]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const only = opt('--only');
const outFile = opt('--out') || path.join('target', 'bench', 'browser.json');

const machine = () => ({ cpu: os.cpus()[0]?.model, cores: os.cpus().length, loadavg: os.loadavg().map((l) => +l.toFixed(2)) });
const before = machine();
const { server, url } = await startServer({ port: 0 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convlab-bench-'));
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.error(`console.${m.type()}:`, m.text()); });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('crash', () => console.error('the benchmark tab crashed'));
  await page.goto(`${url}/bench.html?auto${only ? `&only=${only}` : ''}`);
  await page.waitForFunction(() => window.benchResults, null, { timeout: 1800000, polling: 1000 });
  const results = await page.evaluate(() => window.benchResults);
  console.log(await page.textContent('#log'));
  results.machine = { before, after: machine(), date: new Date().toISOString() };
  console.log(`\nload average (1, 5, 15 min) before ${before.loadavg.join(', ')}, after ${results.machine.after.loadavg.join(', ')} on ${before.cores} × ${before.cpu}`);
  console.log('\n| case | contender | median | ratio (peer ÷ ConvLab) | max abs difference |\n|---|---|---|---|---|');
  for (const rec of results.cases) {
    for (const c of rec.contenders) {
      const ratio = c.ratio === undefined ? 'reference' : c.peer ? `${c.ratio.toFixed(1)}×` : `(${c.ratio.toFixed(2)}× the time)`;
      const rate = c.perSecond ? ` (${c.perSecond.toFixed(0)} ${rec.per.noun}/s)` : '';
      console.log(`| ${rec.id} | ${c.name} | ${c.medianMs.toFixed(2)} ms${rate} | ${ratio} | ${c.maxDiff === undefined ? '' : +c.maxDiff.toPrecision(3)} |`);
    }
    for (const f of rec.facts) console.log(`| ${rec.id} | ${f.name} | ${f.value} | | |`);
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(results, null, 2));
  console.log(`\nresults written to ${outFile}`);
  if (results.errors.length) { console.error(`${results.errors.length} case(s) failed`); process.exitCode = 1; }
} finally {
  await ctx.close();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
