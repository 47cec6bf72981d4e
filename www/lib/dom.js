// Small DOM helpers shared by every station: an element builder and labelled controls.

let uid = 0;
/** A fresh id for label/for pairs. */
export const nextId = (prefix = 'c') => `${prefix}-${++uid}`;

/**
 * h('div', {class: 'x', onClick: fn, text: 'hi'}, child, ...) → element.
 * `on<Event>` attributes become listeners; `text` sets textContent; `style` (an object, or a
 * string such as '--c: red') is applied through the CSSOM, never as a style attribute, which
 * the Content-Security-Policy (no 'unsafe-inline') would block.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'class') el.className = v;
    else if (k === 'style') setStyle(el, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Sets inline styles through the CSSOM (allowed by the CSP); custom properties via setProperty. */
function setStyle(el, style) {
  if (typeof style === 'string') { el.style.cssText = style; return; }
  for (const [name, value] of Object.entries(style)) {
    if (name.startsWith('--')) el.style.setProperty(name, value);
    else el.style[name] = value;
  }
}

/** A labelled range slider with a live value readout. */
export function slider({ label, min, max, step = 'any', value, unit = '', format, onInput, id }) {
  const inputId = id || nextId('slider');
  const fmt = format || ((v) => String(+(+v).toPrecision(4)));
  const out = h('output', { for: inputId, class: 'value' });
  const input = h('input', { type: 'range', id: inputId, min, max, step, value });
  const show = () => { out.textContent = fmt(+input.value) + (unit ? ` ${unit}` : ''); };
  input.addEventListener('input', () => { show(); onInput && onInput(+input.value); });
  show();
  const el = h('div', { class: 'control slider' }, h('label', { for: inputId }, label), input, out);
  return { el, input, get: () => +input.value, set(v) { input.value = v; show(); } };
}

/** A labelled <select>. options: [{value, label}]. */
export function select({ label, options, value, onChange, id }) {
  const selId = id || nextId('select');
  const sel = h('select', { id: selId },
    options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)));
  sel.addEventListener('change', () => onChange && onChange(sel.value));
  const el = h('div', { class: 'control select' }, h('label', { for: selId }, label), sel);
  return { el, input: sel, get: () => sel.value, set(v) { sel.value = v; } };
}

/** A button with a click handler. */
export function button(label, onClick, { title, cls = '' } = {}) {
  return h('button', { type: 'button', class: cls, title, onClick }, label);
}

/** A message area next to a control: error(text), info(text), clear(). */
export function message(el) {
  el.classList.add('message');
  el.setAttribute('role', 'status');
  return {
    error(text) { el.className = 'message error'; el.setAttribute('role', 'alert'); el.textContent = text; },
    info(text) { el.className = 'message note'; el.setAttribute('role', 'status'); el.textContent = text; },
    clear() { el.className = 'message'; el.textContent = ''; },
  };
}

/** Formats a number with thousands separators (1,966,080,000). */
export const thousands = (n) => Math.round(n).toLocaleString('en-US');
