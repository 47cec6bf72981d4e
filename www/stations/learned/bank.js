// The bank picker: a checkbox per kernel on offer, and the student's own 3×3 or 5×5 kernel
// typed cell by cell as in the "Your 3×3 kernel" station (or pasted whole: "-1 0 1; -2 0 2;
// -1 0 1"). A typo gets a message next to the grid and never replaces the last good kernel.
import { h, message } from '../../lib/dom.js';
import { segmented } from '../../lib/controls.js';
import { CATALOGUE, OWN, parseKernelText } from './model.js';

/**
 * model: the station model; changed(): the bank or the kernel changed (only called with a
 * valid bank). Returns {el, showCells()}.
 */
export function bankPicker(model, changed) {
  const msgEl = h('div', { class: 'lf-bank-message', 'data-testid': 'bank-message' });
  const msg = message(msgEl);
  const box = (id, label) => {
    const input = h('input', { type: 'checkbox', id: `lf-k-${id}`, 'data-kernel': id, checked: model.bank.includes(id) });
    input.addEventListener('change', () => {
      const r = model.toggle(id, input.checked);
      if (r.error) { input.checked = !input.checked; msg.error(r.error); return; }
      msg.clear();
      changed();
    });
    return h('label', { class: 'lf-check', for: `lf-k-${id}` }, input, h('span', {}, label));
  };
  const list = h('div', { class: 'lf-checks', role: 'group', 'aria-label': 'Kernels in the fixed bank' },
    CATALOGUE.map((k) => box(k.id, k.label)));

  // ---- the typed kernel ----
  const kernelMsgEl = h('div', { class: 'lf-kernel-message', 'data-testid': 'kernel-message' });
  const kernelMsg = message(kernelMsgEl);
  const grid = h('div', { class: 'lf-grid', role: 'group' });
  let inputs = [];
  const sideGroup = segmented({
    label: 'Size', value: String(model.side), attr: 'data-side',
    options: [{ value: '3', label: '3×3' }, { value: '5', label: '5×5' }],
    onChange: (v) => { model.setSide(Number(v)); showCells(); kernelMsg.clear(); if (model.bank.includes(OWN)) changed(); },
  });

  /** Reads every cell; a clean kernel replaces the model's and redraws, a typo only gets a message. */
  function read() {
    const problems = model.setCells(inputs.map((i) => i.value));
    inputs.forEach((inp, i) => inp.setAttribute('aria-invalid', String(problems.some((p) => p.index === i))));
    if (problems.length) {
      kernelMsg.error(`${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''} The networks keep the last good kernel.`);
      return;
    }
    kernelMsg.clear();
    if (model.bank.includes(OWN)) changed();
  }

  /** A paste of a whole kernel fills the grid (and switches its size). */
  function paste(ev) {
    const text = ev.clipboardData?.getData('text') ?? '';
    if (!/[\s,;]/.test(text.trim())) return; // one number: an ordinary paste into the cell
    ev.preventDefault();
    const r = parseKernelText(text);
    if (r.error) { kernelMsg.error(`The pasted kernel ${r.error}. The networks keep the last good kernel.`); return; }
    model.setCells(r.cells);
    sideGroup.set(String(model.side));
    showCells();
    kernelMsg.clear();
    if (model.bank.includes(OWN)) changed();
  }

  function showCells() {
    const side = model.side;
    inputs = model.cells.map((text, i) => {
      const inp = h('input', {
        type: 'text', inputmode: 'decimal', value: text, class: 'lf-cell', autocomplete: 'off', spellcheck: 'false',
        'aria-label': `Your kernel, row ${Math.floor(i / side) + 1}, column ${(i % side) + 1}`, 'data-cell': i,
      });
      inp.addEventListener('input', read);
      inp.addEventListener('paste', paste);
      return inp;
    });
    grid.replaceChildren(...inputs);
    grid.dataset.side = String(side);
    grid.setAttribute('aria-label', `Your ${side} by ${side} kernel`);
  }
  showCells();

  const el = h('div', { class: 'lf-bank' },
    list,
    h('div', { class: 'lf-own' },
      box(OWN, 'Your own kernel (typed below; a 3×3 one sits in the middle of a 5×5 filter with zeros around)'),
      h('div', { class: 'row lf-own-row' }, sideGroup.el),
      grid, kernelMsgEl,
      h('p', { class: 'note' }, 'Numbers or fractions (1/16, −2); paste a whole kernel such as “-1 0 1; -2 0 2; -1 0 1” into any cell.')),
    msgEl);
  return { el, showCells };
}
