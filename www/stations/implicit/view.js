// Station "Implicit regularization": the lecture's two examples of an optimiser choosing one
// solution among many without any penalty term. Part 1 (least-squares.js): gradient descent
// lands on the minimum-norm solution X⁺y. Part 2 (logistic.js): on separable data w/‖w‖ turns
// towards the max-margin direction. The state lives in the address (model.js).
import { station } from '../../lib/station.js';
import { h } from '../../lib/dom.js';
import { STATE, createImplicitModel } from './model.js';
import { leastSquaresPart } from './least-squares.js';
import { logisticPart } from './logistic.js';

function mount(root, ctx) {
  const model = createImplicitModel(ctx.state);
  const changed = () => { ctx.save(model.toState()); ctx.rendered(); };
  const ls = leastSquaresPart(ctx, model, changed);
  const lg = logisticPart(ctx, model, changed);
  root.classList.add('im');
  ctx.onCleanup(() => root.classList.remove('im'));
  root.append(
    h('h2', {}, 'Implicit regularization'),
    h('p', { class: 'lede' }, 'When many weights fit the training data exactly, the optimiser picks one. Gradient descent picks the shortest (least squares) or the widest-margin one (logistic regression) — an L2-like regularization nobody asked for.'),
    ls.el, lg.el);
  // The maps and the plot are drawn at their column's width: redraw when it changes.
  ctx.observeWidth([ls.el, lg.el], () => { ls.draw(); lg.draw(); });
  ls.update();
  lg.update();
}

export default station({
  id: 'implicit',
  title: 'Implicit regularization',
  css: new URL('./implicit.css', import.meta.url),
  state: STATE,
  mount,
});
