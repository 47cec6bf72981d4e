// Long work that only the latest request matters for (a slider dragged while the worker is
// busy): at most one job runs at a time, and while it runs only the newest request waits;
// older waiting requests are dropped. DOM-free; tests/js/latest.test.mjs.

/**
 * latestOnly(start) → request(args). `start(args)` returns a promise (the job); request(args)
 * runs it now if nothing runs, or else queues args in place of any request still waiting.
 * request() resolves when that request's job has finished ({ done: true, value }) or when a
 * newer request replaced it before it started ({ done: false }). A job that rejects resolves
 * its request with { done: true, error }.
 */
export function latestOnly(start) {
  let running = false;
  let waiting = null; // { args, resolve }
  async function pump() {
    running = true;
    while (waiting) {
      const { args, resolve } = waiting;
      waiting = null;
      try { resolve({ done: true, value: await start(args) }); } catch (error) { resolve({ done: true, error }); }
    }
    running = false;
  }
  return function request(args) {
    return new Promise((resolve) => {
      if (waiting) waiting.resolve({ done: false });
      waiting = { args, resolve };
      if (!running) pump();
    });
  };
}
