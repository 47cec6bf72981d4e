// Runs long work in the module worker (www/worker.js) so the page never freezes.
//
//   const worker = createWorkerClient();
//   await worker.run(task, payload, onProgress)      one-shot; progress arrives as (fraction, text)
//   const s = worker.open(task, payload, onEvent)    a long-lived session (e.g. a trainer)
//   await s.request(command, payload)                → the command's result
//   s.close()
//
// A session's events arrive as onEvent(event, data) in the order the worker posted them. If the
// worker itself dies, every pending promise rejects and every open session gets
// onEvent('error', {message, fatal: true}).

export function createWorkerClient() {
  let worker = null;
  let nextId = 1;
  const pending = new Map(); // request id → {resolve, reject, onProgress}
  const sessions = new Map(); // session id → onEvent

  const ensure = () => {
    if (worker) return worker;
    worker = new Worker(new URL('../worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      if (data.event !== undefined) {
        const onEvent = sessions.get(data.session);
        if (onEvent) onEvent(data.event, data.data);
        return;
      }
      const p = pending.get(data.id);
      if (!p) return;
      if (data.progress !== undefined) { p.onProgress && p.onProgress(data.progress, data.text || ''); return; }
      pending.delete(data.id);
      if (data.error) p.reject(new Error(data.error)); else p.resolve(data.result);
    };
    worker.onerror = (e) => {
      const message = `The background worker failed: ${e.message || 'unknown error'}`;
      for (const p of pending.values()) p.reject(new Error(message));
      pending.clear();
      for (const onEvent of sessions.values()) onEvent('error', { message, fatal: true });
      sessions.clear();
      worker = null;
    };
    return worker;
  };

  const call = (message, onProgress, transfer) => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      ensure().postMessage({ ...message, id }, transfer);
    });
  };

  return {
    /** Runs workers/<task>.js run(payload) once; resolves with its result. */
    run(task, payload, onProgress, transfer = []) {
      return call({ task, payload }, onProgress, transfer);
    },
    /** Opens a session of workers/<task>.js open(payload); returns {request, close}. */
    open(task, payload, onEvent, transfer = []) {
      const session = nextId++;
      sessions.set(session, onEvent || (() => {}));
      ensure().postMessage({ session, task, payload }, transfer);
      let open = true;
      return {
        /** Calls a command of the session; resolves with its result. */
        request(command, commandPayload, commandTransfer = []) {
          if (!open) return Promise.reject(new Error('This session has been closed.'));
          return call({ session, command, payload: commandPayload }, null, commandTransfer);
        },
        /** Ends the session; its later events are dropped. */
        close() {
          if (!open) return;
          open = false;
          sessions.delete(session);
          if (worker) worker.postMessage({ session, close: true });
        },
      };
    },
  };
}
