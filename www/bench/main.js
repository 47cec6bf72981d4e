// The benchmark page: loads both ConvLab builds and the peers, runs every case in
// cases/index.js (or ?only=a,b), shows a table and sets window.benchResults for
// scripts/bench-browser.mjs. ?auto starts at once.
import { CASES } from './cases/index.js';
import { loadCores } from './cores.js';
import { loadOpenCV, loadTf, loadConvnet } from './peers.js';
import * as inputs from './inputs.js';
import { runCase } from './runner.js';

const params = new URLSearchParams(location.search);
const logEl = document.getElementById('log');
const statusEl = document.getElementById('status');
const log = (text) => { logEl.textContent += text + '\n'; console.log(text); };

function renderTable(records) {
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const label of ['case', 'contender', 'median', 'ratio', 'max |Δ|']) {
    const th = document.createElement('th');
    th.textContent = label;
    head.append(th);
  }
  const body = table.createTBody();
  for (const rec of records) {
    for (const c of rec.contenders) {
      const tr = body.insertRow();
      const ratio = c.ratio === undefined ? 'reference' : c.peer ? `ConvLab ${c.ratio.toFixed(1)}×` : `${c.ratio.toFixed(2)}× time`;
      for (const v of [rec.id, c.name, `${c.medianMs.toFixed(2)} ms`, ratio, c.maxDiff === undefined ? '' : String(+c.maxDiff.toPrecision(3))]) tr.insertCell().textContent = v;
    }
  }
  document.getElementById('table').replaceChildren(table);
}

async function run() {
  document.getElementById('run').disabled = true;
  const t0 = performance.now();
  const { build, wasm, cores } = await loadCores();
  const results = { userAgent: navigator.userAgent, build, hardwareConcurrency: navigator.hardwareConcurrency, cases: [], errors: [] };
  log(`${navigator.userAgent}\nConvLab core in use: ${build} (relaxed SIMD ${cores.relaxed ? 'available' : 'not available'})`);
  const ctx = { build, wasm, cores, peers: { opencv: loadOpenCV, tf: loadTf, convnet: loadConvnet }, inputs };
  const only = params.get('only') ? params.get('only').split(',') : null;
  for (const id of CASES.filter((c) => !only || only.includes(c))) {
    statusEl.textContent = `running ${id}…`;
    try {
      const mod = await import(`./cases/${id}.js`);
      results.cases.push(await runCase(id, mod, ctx, { log }));
      renderTable(results.cases);
    } catch (e) {
      log(`\n${id}: FAILED ${e && e.stack ? e.stack : e}`);
      results.errors.push({ id, error: String(e && e.message ? e.message : e) });
    }
  }
  results.totalSeconds = (performance.now() - t0) / 1000;
  statusEl.textContent = `done in ${results.totalSeconds.toFixed(0)} s`;
  log('\ndone');
  window.benchResults = results;
}

document.getElementById('run').addEventListener('click', run);
if (params.has('auto')) run();
