// Page start-up: the app opened in a new window, from navigation start to the first station
// drawn (<body data-ready="true">, set by www/main.js once the station has mounted), read from
// the new page's own clock (performance.now() counts from its navigation start; polled every
// ~4 ms). HTTP cache and service worker as on a second visit or a reload in a lecture; each
// build forced once through ?core=. (The app refuses to be framed, hence a window.)
export const title = 'page start-up: index.html#/kernel, navigation to first station drawn';

function openApp(query) {
  return new Promise((resolve, reject) => {
    const win = window.open(`/index.html${query}#/kernel`, '_blank', 'width=1366,height=768');
    if (!win) { reject(new Error('the browser blocked the window (allow pop-ups for this page)')); return; }
    const t0 = performance.now();
    const poll = () => {
      let ready = false;
      try { ready = win.location.pathname === '/index.html' && win.document.body?.dataset.ready === 'true'; } catch { /* navigating */ }
      if (ready) {
        const ms = win.performance.now();
        win.close();
        resolve({ ms });
      } else if (performance.now() - t0 > 60000) {
        win.close();
        reject(new Error('the app did not start in 60 s'));
      } else setTimeout(poll, 0);
    };
    poll();
  });
}

export async function setup({ build, cores }) {
  const contenders = [{ name: `ConvLab app, ${build} core (chosen by feature detection)`, run: () => openApp('') }];
  const other = build === 'relaxed' ? 'simd' : 'relaxed';
  if (cores[other]) contenders.push({ name: `ConvLab app, ${other} core forced`, run: () => openApp(`?core=${other}`) });
  return { contenders, reps: 10, warm: 1, notes: ['HTTP cache warm; each run a new window'] };
}
