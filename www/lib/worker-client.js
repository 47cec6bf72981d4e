// Runs long tasks in the module worker (www/worker.js) so the page never freezes.
// run(task, payload, onProgress) → Promise of the result; progress arrives as (fraction, text).

export function createWorkerClient() {
  let worker = null;
  let nextId = 1;
  const pending = new Map();
  const ensure = () => {
    if (worker) return worker;
    worker = new Worker(new URL('../worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      const p = pending.get(data.id);
      if (!p) return;
      if (data.progress !== undefined) { p.onProgress && p.onProgress(data.progress, data.text || ''); return; }
      pending.delete(data.id);
      if (data.error) p.reject(new Error(data.error)); else p.resolve(data.result);
    };
    worker.onerror = (e) => {
      for (const p of pending.values()) p.reject(new Error(`The background worker failed: ${e.message || 'unknown error'}`));
      pending.clear();
      worker = null;
    };
    return worker;
  };
  return {
    run(task, payload, onProgress, transfer = []) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        ensure().postMessage({ id, task, payload }, transfer);
      });
    },
  };
}
