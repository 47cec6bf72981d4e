// The unit inspector (after Harley's interactive LeNet): for the unit under the pointer, its
// receptive field on the input, the filter it applies and the weighted sum written out, ending
// in the core's own value for that unit.
import { h } from '../../lib/dom.js';
import { paint } from '../../lib/heatmap.js';
import { num, short } from '../../lib/format.js';

const PATCH_CSS = 44; // px per k × k patch or filter

const signed = (v) => (v < 0 ? `(${num(v, 3)})` : num(v, 3));

function patchCanvas(values, k, opts, label, css = PATCH_CSS) {
  const c = h('canvas', { class: 'li-patch', 'aria-label': label, role: 'img' });
  c.style.width = `${css}px`;
  paint(c, values, k, k, opts);
  return c;
}

/** {el, show(info)}: info as built by view.js (selection, receptive field, explanation). */
export function createInspector() {
  const title = h('h3', { class: 'li-title' }, 'Point at a unit');
  const fieldCanvas = h('canvas', { class: 'li-input', width: 28, height: 28, role: 'img', 'aria-label': 'The input with the unit\'s receptive field' });
  const fieldBox = h('div', { class: 'li-field' });
  const fieldText = h('span', { class: 'caption' });
  const detail = h('div', { class: 'li-detail' });
  const sum = h('p', { class: 'formula li-sum', 'aria-live': 'polite' });
  const el = h('div', { class: 'li' },
    title,
    h('div', { class: 'li-body' },
      h('div', { class: 'figure li-rf' }, h('div', { class: 'li-stack' }, fieldCanvas, fieldBox), fieldText),
      h('div', { class: 'li-right' }, detail, sum)));

  return {
    el,
    /**
     * info: {label, value (the core's activation), z (the core's pre-activation, if any),
     *   act ('ReLU' | null), input (784 ink values), field {top, left, bottom, right} or null
     *   for the whole input, explanation (model.js explain*), prob (softmax output, if any)}.
     */
    show(info) {
      title.textContent = info.label;
      el.dataset.stage = info.stage;
      paint(fieldCanvas, info.input.map((v) => -v), 28, 28, { scale: 'gray', min: -1, max: 0, describe: false }); // negated ink
      const f = info.field;
      const c = f ? { top: Math.max(0, f.top), left: Math.max(0, f.left), bottom: Math.min(27, f.bottom), right: Math.min(27, f.right) } : { top: 0, left: 0, bottom: 27, right: 27 };
      Object.assign(fieldBox.style, {
        left: `${(100 * c.left) / 28}%`, top: `${(100 * c.top) / 28}%`,
        width: `${(100 * (c.right - c.left + 1)) / 28}%`, height: `${(100 * (c.bottom - c.top + 1)) / 28}%`,
      });
      fieldText.textContent = f
        ? `Receptive field: rows ${f.top}…${f.bottom}, columns ${f.left}…${f.right} (${f.bottom - f.top + 1}×${f.right - f.left + 1} px${f.top < 0 || f.left < 0 || f.bottom > 27 || f.right > 27 ? ', partly zero padding' : ''})`
        : 'Receptive field: the whole 28×28 input';
      detail.replaceChildren(...renderDetail(info.explanation));
      sum.replaceChildren(...renderSum(info));
      sum.dataset.z = info.z === undefined ? '' : String(info.z);
      sum.dataset.explained = info.explanation && info.explanation.z !== undefined ? String(info.explanation.z) : '';
      sum.dataset.value = String(info.value);
    },
  };
}

function renderDetail(e) {
  if (!e) return [];
  if (e.kind === 'conv') {
    const k = Math.round(Math.sqrt(e.channels[0].patch.length));
    const css = e.channels.length === 1 ? 2 * PATCH_CSS : PATCH_CSS; // one channel: room to be big
    const cols = e.channels.map((ch, c) => h('div', { class: 'li-ch' },
      h('span', { class: 'li-chname' }, e.channels.length > 1 ? `in ${c + 1}` : 'input'),
      patchCanvas(ch.patch, k, { scale: 'sequential', min: 0 }, `input patch, channel ${c + 1}`, css),
      patchCanvas(ch.filter, k, { scale: 'diverging' }, `filter, channel ${c + 1}`, css),
      e.channels.length === 1 ? patchCanvas(ch.products, k, { scale: 'diverging' }, 'products w·x', css) : null,
      h('span', { class: 'li-partial' }, `Σ ${short(ch.sum, 2, { unicode: true })}`)));
    return [h('div', { class: 'li-rows', style: { '--patch': `${css}px` } },
      h('div', { class: 'li-legendcol' }, h('span', {}, ''), h('span', {}, 'x'), h('span', {}, 'w'), e.channels.length === 1 ? h('span', {}, 'w·x') : null, h('span', {}, '')),
      cols)];
  }
  if (e.kind === 'pool') {
    const cells = e.window.map((v, i) => h('td', { class: i === e.best ? 'best' : '' }, num(v, 3)));
    const rows = [];
    for (let r = 0; r < e.size; r++) rows.push(h('tr', {}, cells.slice(r * e.size, (r + 1) * e.size)));
    return [h('table', { class: 'patch li-pool' }, h('tbody', {}, rows)),
      h('p', { class: 'note' }, 'Max pooling keeps the largest of the window: "there is an edge here, wherever exactly it is".')];
  }
  if (e.kind === 'dense') {
    return [h('table', { class: 'li-terms' },
      h('thead', {}, h('tr', {}, h('th', {}, 'input i'), h('th', {}, 'wᵢ'), h('th', {}, 'xᵢ'), h('th', {}, 'wᵢ·xᵢ'))),
      h('tbody', {}, e.top.map((t) => h('tr', {}, h('td', {}, String(t.i + 1)), h('td', {}, num(t.w, 3)), h('td', {}, num(t.x, 3)), h('td', {}, num(t.wx, 3))))),
      h('caption', { class: 'caption' }, `The ${e.top.length} largest of ${e.n} terms`))];
  }
  return [];
}

function renderSum(info) {
  const e = info.explanation;
  const out = [];
  if (e && e.kind === 'conv') {
    const parts = e.channels.map((ch) => signed(ch.sum)).join(' + ');
    out.push(`z = Σ w·x + b = ${parts} + ${signed(e.bias)} = ${num(info.z, 4)}`);
  } else if (e && e.kind === 'dense') {
    out.push(`z = Σ wᵢxᵢ + b = ${e.top.map((t) => signed(t.wx)).join(' + ')} + ${signed(e.rest)} (${e.restCount} more) + ${signed(e.bias)} = ${num(info.z, 4)}`);
  } else if (e && e.kind === 'pool') {
    out.push(`max(${e.window.map((v) => num(v, 3)).join(', ')}) = ${num(info.value, 4)}`);
  }
  if (info.act) out.push(h('br'), `${info.act}(z) = max(0, z) = ${num(info.value, 4)}`);
  if (info.prob !== undefined) out.push(h('br'), `softmax: p = e^z / Σⱼ e^zⱼ = ${num(info.prob, 4)}`);
  return out;
}
