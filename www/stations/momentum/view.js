// Station "Momentum": gradient descent and the heavy-ball method race on the same function.
// Every path, the landscape, the divergence diagnosis and the optimal (α, β) come from the
// Rust core (heavy_ball_path, objective_grid, diagnose_path, optimal_parameters); this view
// draws them, animates t and keeps the controls, the printed formula and the URL in step.
// Keys (while focus is not in a field): space play/pause, ← → step, Home back to t = 0. The
// shell's own keys (p, ?, PageUp/PageDown) and any key with a modifier are left alone.
import { station } from '../../lib/station.js';
import { h, button, message } from '../../lib/dom.js';
import { STATE, createMomentumModel, mapTransform, clampStep, stepsPerSecond, MAP_ASPECT } from './model.js';
import { computeLandscape, drawMap } from './map.js';
import { createPanels, writePanels, drawPlot } from './panels.js';
import { createControls } from './controls.js';

/** The address is rewritten at most this often while a slider is dragged. */
const SAVE_DELAY_MS = 250;

function mount(root, ctx) {
  const { wasm } = ctx;
  const model = createMomentumModel(ctx.state);
  const cur = () => model.cur();
  let land = null; // the landscape of the function shown (recomputed when model.gridKey() changes)
  let runs = null; // { problem, info, gd, hb }

  // ---- DOM ----
  const mapCanvas = h('canvas', {
    class: 'mm-map', tabindex: '0', role: 'img',
    'aria-label': 'Contour map of f with the gradient-descent path in red and the heavy-ball path in blue. Click to move the start; space plays or pauses; arrow keys step.',
  });
  const plotCanvas = h('canvas', { class: 'mm-plot', role: 'img', 'aria-label': 'f(w^t) minus f* against t on a log scale, measured and theoretical' });
  const panels = createPanels();
  const playBtn = button('▶ Play', () => togglePlay(), { title: 'Play or pause the animation (space)', cls: 'primary mm-play' });
  const scrub = h('input', { type: 'range', min: 0, max: cur().steps, step: 1, value: model.t, 'aria-label': 'Time step t', class: 'mm-scrub' });
  const tOut = h('output', { class: 'mm-t', 'aria-live': 'off' });
  const msgEl = h('div');
  const msg = message(msgEl);
  const controls = createControls(model, {
    change: update,
    kind: (v) => { pause(); model.setKind(v); syncControls(); update(); },
    zoom: (v) => { model.zoom = v; update(); },
    steps: (v) => { model.setSteps(v); update(); },
    start: (p) => { cur().start = p; update(); },
    optimal: useOptimal,
    lecture: () => { cur().beta = 0.9; syncControls(); update(); },
    reseed: () => { model.seed += 1; update(); },
  }, panels.optimal);

  root.classList.add('mm');
  ctx.onCleanup(() => root.classList.remove('mm'));
  root.append(
    h('header', { class: 'mm-head' },
      h('h2', {}, 'Setting the step size: gradient descent vs the heavy-ball method'),
      h('p', { class: 'lede' }, 'Same start, same function; heavy ball adds ',
        h('span', { class: 'mm-inline-formula' }, 'β(wᵗ − wᵗ⁻¹)'), ' and keeps going in its old direction.')),
    h('div', { class: 'mm-top' },
      h('div', { class: 'mm-left' },
        h('div', { class: 'panel mm-map-panel' },
          h('div', { class: 'mm-legend', 'aria-label': 'Legend' }, panels.keyGd, panels.keyHb),
          h('figure', { class: 'figure' }, mapCanvas),
          h('div', { class: 'row mm-transport' },
            button('Reset', () => { pause(); model.t = 0; render(); }, { title: 'Back to t = 0 (Home)', cls: 'mm-reset' }),
            button('◂ Step', () => stepBy(-1), { title: 'One step back (←)', cls: 'mm-back' }),
            playBtn,
            button('Step ▸', () => stepBy(1), { title: 'One step forward (→)', cls: 'mm-step' }),
            h('span', { class: 'mm-scrubwrap' }, scrub, tOut)),
          h('div', { class: 'mm-msgbox' }, msgEl),
          h('p', { class: 'caption' }, '★ minimum w*, ○ start w⁰: click or drag on the map to move it. Each contour line is half as high as the next one out; darker is higher. Keys: space play/pause, ← → step, Home reset.')),
        h('div', { class: 'panel mm-plot-panel' }, h('h3', {}, 'Distance from the bottom: f(wᵗ) − f*, log scale'),
          h('figure', { class: 'figure' }, plotCanvas, panels.plotLegend), panels.theory, panels.caption)),
      h('div', { class: 'mm-right' },
        controls.el,
        h('div', { class: 'panel mm-update-panel' }, h('h3', {}, 'The update, with the current numbers'), panels.formula, panels.now))));

  // ---- computation (all in the core) ----
  function run(problem, alpha, beta) {
    const c = cur();
    const path = wasm.heavy_ball_path(problem, c.start, alpha, beta, c.steps);
    // The gradient each step used (its noise included), as the core's run drew it.
    const grads = wasm.heavy_ball_gradients(problem, c.start, alpha, beta, c.steps);
    const diag = wasm.diagnose_path(problem, path, alpha, beta);
    // Steps to get 1000× closer at the theory's contraction ρ (undefined when ρ ≥ 1).
    const closer = diag.rate < 1 ? wasm.steps_to_shrink(diag.rate, 1000) : undefined;
    return { path, grads, alpha, beta, diag, closer, gap: wasm.objective_gap(problem, path) };
  }
  function compute() {
    if (!land || land.key !== model.gridKey()) land = computeLandscape(wasm, model);
    const problem = model.problem();
    runs = { problem, info: wasm.optimal_parameters(problem), gd: run(problem, cur().alphaGd, 0), hb: run(problem, cur().alphaHb, cur().beta) };
  }
  /** The gradient run `key` used at step s (with noise: ∇f + noise), recorded by the core. */
  function gradient(key, s) {
    const g = runs[key].grads;
    return [g[2 * s], g[2 * s + 1]];
  }

  // ---- drawing ----
  const figureWidth = (canvas) => Math.max(200, Math.floor(canvas.parentElement.clientWidth));
  function drawFigures() {
    if (!runs) return;
    drawMap(mapCanvas, figureWidth(mapCanvas), { model, runs, land });
    drawPlot(plotCanvas, panels.plotLegend, figureWidth(plotCanvas), model, runs);
  }
  function writeText() {
    const c = cur();
    tOut.textContent = `t = ${model.t} / ${c.steps}`;
    scrub.max = c.steps; scrub.value = model.t;
    playBtn.textContent = model.playing ? '❚❚ Pause' : '▶ Play';
    playBtn.setAttribute('aria-pressed', String(model.playing));
    const problems = writePanels(panels, model, runs, gradient);
    if (problems.length) msg.error(problems.join('\n')); else msg.clear();
  }
  function render() {
    if (!runs) return;
    model.t = clampStep(model.t, cur().steps);
    drawFigures();
    writeText();
    ctx.rendered();
  }
  ctx.observeWidth([mapCanvas.parentElement, plotCanvas.parentElement], drawFigures);

  // ---- state changes ----
  let saveTimer = 0;
  const save = () => { clearTimeout(saveTimer); saveTimer = setTimeout(() => ctx.save(model.toState()), SAVE_DELAY_MS); };
  ctx.onCleanup(() => clearTimeout(saveTimer)); // a pending write would overwrite the next address
  function update() {
    try {
      compute();
    } catch (e) {
      runs = null;
      msg.error(e.message || String(e));
      ctx.rendered();
      return;
    }
    render();
    save();
  }
  function lambdaMax() {
    try { return wasm.optimal_parameters(model.problem(false)).lambda_max; } catch { return 1; /* update() says why */ }
  }
  const syncControls = () => controls.sync(lambdaMax());
  function useOptimal() {
    const info = runs ? runs.info : wasm.optimal_parameters(model.problem(false));
    Object.assign(cur(), { alphaGd: info.gradient_descent.alpha, alphaHb: info.heavy_ball.alpha, beta: info.heavy_ball.beta });
    syncControls();
    update();
  }

  // The start point: click or drag on the map.
  let dragging = false;
  const moveStart = (ev) => {
    const r = mapCanvas.getBoundingClientRect();
    const [x, y] = mapTransform(model.view(), 1, 1 / MAP_ASPECT).toWorld((ev.clientX - r.left) / r.width, (ev.clientY - r.top) / r.height);
    cur().start = [+x.toPrecision(4), +y.toPrecision(4)];
    controls.start.show(cur().start);
    if (!model.playing) model.t = cur().steps;
    update();
  };
  ctx.listen(mapCanvas, 'pointerdown', (ev) => { dragging = true; mapCanvas.setPointerCapture?.(ev.pointerId); moveStart(ev); });
  ctx.listen(mapCanvas, 'pointermove', (ev) => { if (dragging) moveStart(ev); });
  ctx.listen(mapCanvas, 'pointerup', () => { dragging = false; });
  ctx.listen(mapCanvas, 'pointercancel', () => { dragging = false; });

  // ---- animation ----
  let raf = 0, lastTime = 0, carry = 0;
  function frame(now) {
    if (!model.playing) return;
    const dt = lastTime ? (now - lastTime) / 1000 : 0;
    lastTime = now;
    carry += dt * stepsPerSecond(cur().steps);
    const advance = Math.floor(carry);
    if (advance > 0) {
      carry -= advance;
      model.t = Math.min(cur().steps, model.t + advance);
      render();
    }
    if (model.t >= cur().steps) { pause(); return; }
    raf = requestAnimationFrame(frame);
  }
  function play() {
    if (!runs) return;
    if (model.t >= cur().steps) model.t = 0;
    model.playing = true; lastTime = 0; carry = 0;
    render();
    raf = requestAnimationFrame(frame);
  }
  function pause() {
    model.playing = false;
    cancelAnimationFrame(raf);
    if (runs) { writeText(); ctx.rendered(); }
  }
  ctx.onCleanup(() => { model.playing = false; cancelAnimationFrame(raf); });
  const togglePlay = () => (model.playing ? pause() : play());
  function stepBy(d) { pause(); model.stepBy(d); render(); }

  ctx.listen(scrub, 'input', () => { pause(); model.t = +scrub.value; render(); });
  const KEYS = { ' ': togglePlay, ArrowRight: () => stepBy(1), ArrowLeft: () => stepBy(-1), Home: () => { pause(); model.t = 0; render(); } };
  ctx.listen(document, 'keydown', (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey || !KEYS[ev.key]) return;
    const el = ev.target;
    if (el !== mapCanvas && el instanceof Element && el.closest('input, select, textarea, button, a')) return;
    ev.preventDefault();
    KEYS[ev.key]();
  });

  syncControls();
  update();
}

export default station({
  id: 'momentum',
  title: 'Momentum',
  css: new URL('./momentum.css', import.meta.url),
  state: STATE,
  mount,
});
