// Station "Regularization": weight decay, dropout and early stopping on a toy fit (fit.js),
// and the lecture's "hidden regularization" figure — test error vs width on MNIST (widths.js).
import { station } from '../../lib/station.js';
import { h } from '../../lib/dom.js';
import { STATE } from './model.js';
import { fitPanels } from './fit.js';
import { widthPanel } from './widths.js';

function mount(root, ctx) {
  const s = { ...ctx.state };
  const save = () => ctx.save(s);
  const fit = fitPanels(ctx, s, save);
  const widths = widthPanel(ctx);
  root.append(h('div', { class: 'station rg' },
    h('div', { class: 'rg-head' },
      h('h2', {}, 'Regularization: weight decay, dropout, early stopping'),
      h('p', { class: 'lede' }, 'Weight decay adds λw to the gradient, dropout zeroes each hidden unit with probability p while training (survivors ×1/(1−p)), early stopping keeps the weights with the least validation error.')),
    h('div', { class: 'rg-top' }, ...fit.els),
    widths.el));
  save(); // the address shows what is used: refused values are dropped
}

export default station({
  id: 'regularize', title: 'Regularization',
  css: new URL('./regularize.css', import.meta.url), state: STATE, mount,
});
