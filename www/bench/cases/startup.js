// Page start-up: the app opened in a fresh frame, from navigation to the first station drawn
// (<body data-ready="true">, set by www/main.js after the station mounted). HTTP cache warm, as
// on a second visit or a lecture reload; each build forced once through ?core=.
export const title = 'page start-up, index.html#/kernel to first station drawn (1366×768 frame)';

function openApp(query) {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.style.cssText = 'position:absolute;left:-10000px;top:0;width:1366px;height:768px;border:0';
    const timer = setTimeout(() => { frame.remove(); reject(new Error('the app did not start in 60 s')); }, 60000);
    const done = () => { clearTimeout(timer); frame.remove(); resolve(); };
    frame.addEventListener('load', () => {
      const body = frame.contentDocument.body;
      if (body.dataset.ready === 'true') { done(); return; }
      new MutationObserver((_, obs) => {
        if (body.dataset.ready === 'true') { obs.disconnect(); done(); }
      }).observe(body, { attributes: true, attributeFilter: ['data-ready'] });
    });
    frame.src = `/index.html${query}#/kernel`;
    document.body.append(frame);
  });
}

export async function setup({ build, cores }) {
  const contenders = [{ name: `ConvLab app, ${build} core (chosen by feature detection)`, run: () => openApp('') }];
  const other = build === 'relaxed' ? 'simd' : 'relaxed';
  if (cores[other]) contenders.push({ name: `ConvLab app, ${other} core forced`, run: () => openApp(`?core=${other}`) });
  return { contenders, reps: 10, warm: 1 };
}
