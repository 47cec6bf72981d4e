// The module worker: loads the wasm core once and runs tasks from www/workers/<task>.js, either
// one-shot (`run`) or as a long-lived session (`open`) that keeps its state, such as a trainer,
// between messages and reports on its own.
//
// One-shot:  in {id, task, payload} → out {id, progress, text}* then {id, result} | {id, error}.
//            The task module exports run(wasm, payload, progress(fraction, text)) → result.
// Session:   in {session, task, payload} opens it: the task module exports
//            open(wasm, payload, post(event, data, transfer)) → handle, an object of commands.
//            in {id, session, command, payload} calls handle[command](payload) → {id, result} |
//            {id, error}; in {session, close: true} calls handle.close().
//            Whenever it likes, the session posts out {session, event, data}: e.g. 'progress',
//            'metrics', 'weights', 'state', 'error'.
import { initCore, wasm } from './lib/core.js';

const ready = initCore();
const TASK_NAME = /^[a-z0-9_-]+$/;
const sessions = new Map(); // session id → Promise of its handle

const errorText = (e) => (e && e.message ? e.message : String(e));

async function taskModule(task) {
  if (!TASK_NAME.test(task)) throw new Error(`Unknown task "${task}".`);
  await ready;
  return import(`./workers/${task}.js`);
}

async function runOnce({ id, task, payload }) {
  try {
    const mod = await taskModule(task);
    const progress = (fraction, text) => self.postMessage({ id, progress: fraction, text });
    const result = await mod.run(wasm, payload, progress);
    self.postMessage({ id, result });
  } catch (e) {
    self.postMessage({ id, error: errorText(e) });
  }
}

function openSession({ session, task, payload }) {
  const post = (event, data, transfer = []) => self.postMessage({ session, event, data }, transfer);
  const handle = (async () => {
    const mod = await taskModule(task);
    if (typeof mod.open !== 'function') throw new Error(`Task "${task}" cannot run as a session.`);
    return mod.open(wasm, payload, post);
  })();
  // A session that fails to open says so once, as an event; its later commands reject.
  handle.catch((e) => post('error', { message: errorText(e), fatal: true }));
  sessions.set(session, handle);
}

async function command({ id, session, command: name, payload }) {
  try {
    const handle = await sessions.get(session);
    if (!handle) throw new Error('This session has been closed.');
    if (typeof handle[name] !== 'function' || name === 'close') throw new Error(`Unknown command "${name}".`);
    const result = await handle[name](payload);
    self.postMessage({ id, result });
  } catch (e) {
    self.postMessage({ id, error: errorText(e) });
  }
}

async function closeSession({ session }) {
  const handle = sessions.get(session);
  sessions.delete(session);
  try { (await handle)?.close?.(); } catch { /* it failed to open: nothing to close */ }
}

self.onmessage = ({ data }) => {
  if (data.session === undefined) runOnce(data);
  else if (data.close) closeSession(data);
  else if (data.command !== undefined) command(data);
  else openSession(data);
};
