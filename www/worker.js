// The module worker: loads the wasm core once and runs named tasks from www/workers/<task>.js.
// Messages in: {id, task, payload}. Out: {id, progress, text} while working, then {id, result}
// or {id, error}.
import { initCore, wasm } from './lib/core.js';

const ready = initCore();
const TASK_NAME = /^[a-z0-9_-]+$/;

self.onmessage = async ({ data }) => {
  const { id, task, payload } = data;
  try {
    if (!TASK_NAME.test(task)) throw new Error(`Unknown task "${task}".`);
    await ready;
    const mod = await import(`./workers/${task}.js`);
    const progress = (fraction, text) => self.postMessage({ id, progress: fraction, text });
    const result = await mod.run(wasm, payload, progress);
    self.postMessage({ id, result });
  } catch (e) {
    self.postMessage({ id, error: e && e.message ? e.message : String(e) });
  }
};
