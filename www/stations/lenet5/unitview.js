// "What does this unit respond to?" (after the Deep Visualization Toolbox): for one conv2
// channel, the 9 held-out digits that excite it most, each with the patch its strongest unit
// reads, and an input synthesised to excite it (gradient ascent on the input with L2 and blur
// regularisation). Both are computed in the worker, on the weights the pad is using.
import { h, button } from '../../lib/dom.js';
import { paint } from '../../lib/heatmap.js';
import { num } from '../../lib/format.js';

const DIGIT_CSS = 76; // px per digit thumbnail

function digitFigure(image, caption, field) {
  const c = h('canvas', { class: 'lu-digit', width: 28, height: 28, role: 'img', 'aria-label': caption });
  c.style.width = `${DIGIT_CSS}px`;
  paint(c, image.map((v) => -v), 28, 28, { scale: 'gray', min: -1, max: 0, describe: false }); // negated ink: its caption says it
  const box = h('div', { class: 'lu-patch' });
  if (field) {
    const t = Math.max(0, field.top), l = Math.max(0, field.left), b = Math.min(27, field.bottom), r = Math.min(27, field.right);
    Object.assign(box.style, { left: `${(100 * l) / 28}%`, top: `${(100 * t) / 28}%`, width: `${(100 * (r - l + 1)) / 28}%`, height: `${(100 * (b - t + 1)) / 28}%` });
  } else box.hidden = true;
  return h('figure', { class: 'lu-fig' }, h('div', { class: 'lu-stack' }, c, box), h('figcaption', { class: 'caption' }, caption));
}

/**
 * channels: how many conv2 channels; on.pick(channel) asks for a channel's view.
 * Returns {el, select(channel), busy(), show(result), error(text)}.
 */
export function createUnitView(channels, on) {
  const buttons = Array.from({ length: channels }, (_, k) => {
    const b = button(String(k + 1), () => on.pick(k), { cls: 'lu-ch', title: `conv2 channel ${k + 1}` });
    b.dataset.channel = String(k);
    return b;
  });
  const grid = h('div', { class: 'lu-grid', 'aria-live': 'polite' });
  const synth = h('div', { class: 'lu-synth' });
  const status = h('p', { class: 'note lu-status' });
  const el = h('div', { class: 'lu' },
    h('div', { class: 'lu-pick', role: 'group', 'aria-label': 'conv2 channel' }, h('span', { class: 'lu-picklabel' }, 'conv2 channel'), buttons),
    h('div', { class: 'lu-body' },
      h('div', { class: 'lu-top' }, h('h4', {}, 'Top 9 held-out digits'), grid),
      h('div', { class: 'lu-right' }, h('h4', {}, 'Synthesised input'), synth)),
    status);

  return {
    el,
    select(channel) {
      buttons.forEach((b, k) => b.setAttribute('aria-pressed', String(k === channel)));
    },
    busy(channel) {
      el.dataset.busy = 'true';
      status.textContent = `Searching the held-out digits for what excites conv2 channel ${channel + 1}…`;
    },
    /** result: {channel, digits: [{image, label, activation, field}], synth: {image, activation}}. */
    show(result) {
      grid.replaceChildren(...result.digits.map((d) => digitFigure(d.image, `“${d.label}” ${num(d.activation, 2)}`, d.field)));
      const s = result.synth;
      const fig = digitFigure(s.image, `centre unit ${num(s.activation, 3)}`, s.field);
      fig.classList.add('lu-synthfig');
      synth.replaceChildren(fig, h('p', { class: 'caption' },
        'Gradient ascent on the input, from faint noise, with L2 decay and blur: the ink that excites the channel\'s centre unit most (its receptive field outlined).'));
      el.dataset.busy = 'false';
      el.dataset.channel = String(result.channel);
      el.dataset.shown = String(result.digits.length);
      status.textContent = `The patch outlined on each digit is what its most excited conv2 unit of channel ${result.channel + 1} reads.`;
    },
    error(text) {
      el.dataset.busy = 'false';
      status.textContent = text;
      status.classList.add('error');
    },
  };
}
