// Shared controls: a labelled range slider with a typed-number box beside it, the segmented
// button group, a pair of boxes for a point, and a training run's Start / Pause / Stop buttons.
// Labels, select, button and message live in ./dom.js.
import { h, nextId, button } from './dom.js';
import { checkNumber } from './parse.js';
import { num } from './format.js';

/** Decades of a `zero` log slider, below its smallest value, that mean 0 ("off"). */
export const ZERO_NOTCH = 0.25;

/**
 * A labelled slider with a typed-number box and an error line beside it.
 *   label, unit, id        text; id of the range input (the box gets id + '-box')
 *   min, max, step         the slider's span (log: min, max > 0, the slider moves in log10)
 *   limits [lo, hi]        what a typed value may be (default: the slider's span); a typed value
 *                          outside the slider's span is allowed within the limits
 *   integer                whole numbers only (slider step 1, box refuses decimals)
 *   zero                   log scale with an "off" notch: the slider's first ZERO_NOTCH decades
 *                          below `min` mean 0 (a weight decay that is off), and 0 may be typed
 *   digits                 significant digits shown in the box
 *   zeroNote               text shown beside the box while the value is 0 ("off"), so a typed-number
 *                          box that must stay a plain number still says what 0 means
 *   value, onChange(v)     the caller keeps the value; onChange gets only valid numbers
 * Keyboard: the slider's arrow/Page/Home/End keys; in the box ↑/↓ step by `step` (×10 with Shift).
 * Returns { el, range, box, value(), show(v), setRange(lo, hi, step), error(text) }.
 */
export function numberControl({
  label, unit = '', id, min, max, step, log = false, integer = false, digits = 4, limits,
  zero = false, zeroNote = '', value, onChange, describedBy, testid,
}) {
  const rangeId = id || nextId('num');
  const [lo, hi] = limits ?? [zero ? 0 : min, max];
  const st = step ?? (integer ? 1 : log ? 0.01 : (max - min) / 100);
  const off = zero && log ? Math.log10(min) - ZERO_NOTCH : null; // the slider position of 0
  const toPos = (v) => (!log ? v : off !== null && v <= 0 ? off : Math.log10(v));
  const fromPos = (p) => (!log ? p : off !== null && p < Math.log10(min) ? 0 : 10 ** p);
  const rounded = (v) => (integer ? Math.round(v) : +(+v).toPrecision(digits));
  let current = value;
  const range = h('input', {
    type: 'range', id: rangeId, min: off ?? toPos(min), max: toPos(max), step: log ? 'any' : st, value: toPos(value),
    'aria-describedby': describedBy,
  });
  const box = h('input', {
    type: 'number', id: `${rangeId}-box`, class: 'num-box', step: integer ? 1 : 'any', value: rounded(value),
    'aria-label': `${label} (type a value)`, 'data-testid': testid,
  });
  const err = h('div', { class: 'field-error', role: 'alert', id: `${rangeId}-error` });
  box.setAttribute('aria-errormessage', err.id);
  const note = zeroNote ? h('span', { class: 'num-zero-note', id: `${rangeId}-zero` }, zeroNote) : null;
  if (note) box.setAttribute('aria-describedby', note.id);
  /** Shows the zero note only while the value in force is 0. */
  const markZero = () => { if (note) note.hidden = current !== 0; };
  const clear = () => { box.removeAttribute('aria-invalid'); err.textContent = ''; };
  const error = (text) => {
    if (!text) { clear(); return; }
    box.setAttribute('aria-invalid', 'true');
    err.textContent = text;
  };
  const placeSlider = (v) => {
    const p = toPos(v);
    if (Number.isFinite(p)) range.value = String(Math.max(+range.min, Math.min(+range.max, p)));
  };
  const accept = (v) => { current = v; markZero(); onChange && onChange(v); };
  range.addEventListener('input', () => {
    let v = fromPos(+range.value);
    v = integer ? Math.round(v) : +v.toPrecision(log ? 3 : 6);
    box.value = rounded(v);
    clear();
    accept(v);
  });
  box.addEventListener('input', () => {
    // type=number reports '' for anything that is not an ordinary number ("1e", "--", "1e400").
    const v = box.value === '' ? NaN : Number(box.value);
    const r = checkNumber(v, { min: lo, max: hi, integer });
    if (r.error) { error(`${label} ${r.error}.`); return; }
    clear();
    placeSlider(v);
    accept(v);
  });
  box.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowUp' && ev.key !== 'ArrowDown') return;
    ev.preventDefault();
    const base = box.hasAttribute('aria-invalid') ? current : Number(box.value);
    const d = (ev.key === 'ArrowUp' ? 1 : -1) * (ev.shiftKey ? 10 : 1);
    let next = log ? base * 10 ** (d * 0.1) : base + d * (integer ? 1 : st);
    // From "off" one step up is the smallest value on; below the smallest is off again.
    if (off !== null) next = base <= 0 ? (d > 0 ? min : 0) : next < min ? 0 : next;
    const v = Math.max(lo, Math.min(hi, integer ? Math.round(next) : +next.toPrecision(digits + 2)));
    box.value = rounded(v);
    clear();
    placeSlider(v);
    accept(v);
  });
  box.addEventListener('blur', () => { if (!box.hasAttribute('aria-invalid')) box.value = rounded(current); });
  const el = h('div', { class: 'control num-control' },
    h('label', { for: rangeId }, label), range,
    h('span', { class: 'num-boxwrap' }, box, unit ? h('span', { class: 'num-unit' }, unit) : null, note), err);
  markZero();
  return {
    el, range, box,
    value: () => current,
    /** Shows v exactly (a slider alone would round it to its step); clears any error. */
    show(v) { current = v; placeSlider(v); box.value = rounded(v); clear(); markZero(); },
    setRange(a, b, s) { range.min = off ?? toPos(a); range.max = toPos(b); if (!log && s !== undefined) range.step = s; placeSlider(current); },
    error,
  };
}

/**
 * A row of mutually exclusive buttons (aria-pressed). options: [{ value, label, title }].
 * Returns { el, set(value), buttons }; onChange(value) on a click.
 */
export function segmented({ label, options, value, onChange, attr = 'data-value' }) {
  const buttons = options.map((o) => {
    const b = h('button', { type: 'button', title: o.title, [attr]: o.value }, o.label);
    b.addEventListener('click', () => { set(o.value); onChange && onChange(o.value); });
    return b;
  });
  const el = h('div', { class: 'segmented', role: 'group', 'aria-label': label }, buttons);
  function set(v) { buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(options[i].value === v))); }
  set(value);
  return { el, buttons, set };
}

/**
 * Two typed-number boxes for a point (x, y) with one error line beside them: a start point or a
 * data point that a click on a map sets too.
 *   label           the text before the boxes ("start w⁰")
 *   names [nx, ny]  each box's name in messages and aria-labels ("start x")
 *   ids, keys       element ids and data-key attributes of the two boxes (optional)
 *   limits [lo, hi] what each coordinate may be; hint is added to a message ("(or click on the map)")
 *   value, onChange([x, y])   onChange only gets two valid numbers
 * read() checks the boxes, marks the bad ones (aria-invalid, a message) and returns [x, y] or
 * null; show([x, y]) puts a point in the boxes and clears any message.
 * Returns { el, boxes, read(), show(p), error(text) }.
 */
export function pointControl({ label, names, ids = [], keys = [], limits, hint = '', value, onChange, digits = 4 }) {
  const [lo, hi] = limits;
  const err = h('div', { class: 'field-error', role: 'alert', id: nextId('point-error') });
  const boxes = names.map((name, i) => h('input', {
    type: 'number', step: 'any', class: 'num-box', id: ids[i] || nextId('point'), 'data-key': keys[i],
    'aria-label': name, 'aria-errormessage': err.id,
  }));
  const error = (text) => { err.textContent = text || ''; };
  function read() {
    const why = boxes.map((box, i) => {
      const v = box.value === '' ? NaN : Number(box.value);
      const bad = Number.isNaN(v) ? `${names[i]} needs a number`
        : !(v >= lo && v <= hi) ? `${names[i]} must be between ${num(lo)} and ${num(hi)}` : '';
      if (bad) box.setAttribute('aria-invalid', 'true'); else box.removeAttribute('aria-invalid');
      return bad;
    });
    const text = why.filter(Boolean).join('; ');
    error(text ? `${text[0].toUpperCase()}${text.slice(1)}${hint ? ` ${hint}` : ''}.` : '');
    return text ? null : boxes.map((b) => Number(b.value));
  }
  function show(p) {
    boxes.forEach((b, i) => { b.value = String(+(+p[i]).toPrecision(digits)); b.removeAttribute('aria-invalid'); });
    error('');
  }
  if (onChange) boxes.forEach((b) => b.addEventListener('input', () => { const p = read(); if (p) onChange(p); }));
  if (value) show(value);
  const el = h('div', { class: 'control point-control' },
    h('span', { class: 'point-label' }, label),
    h('span', { class: 'num-boxwrap' }, '(', boxes[0], ',', boxes[1], ')'), err);
  return { el, boxes, read, show, error };
}

/**
 * A worker run's three buttons: Start (which reads Restart while a run is active), Pause / Resume
 * (aria-pressed while paused) and Stop, both enabled only while a run is running or paused.
 *   start: { label, activeLabel, title, activeTitle = title, cls }   stop: { title, cls }
 *   pauseCls                  the pause button's class
 *   on: { start(), pause(), resume(), stop() }
 * Returns { start, pause, stop } (the buttons) and set(state) for 'idle' | 'running' | 'paused' |
 * 'done' | 'stopped' | 'diverged'; the pause button calls resume() or pause() by that state.
 */
export function runButtons({ start, stop, pauseCls, on }) {
  let state = 'idle';
  const startBtn = button(start.label, on.start, { cls: start.cls, title: start.title });
  const pauseBtn = button('❚❚ Pause', () => (state === 'paused' ? on.resume() : on.pause()), { cls: pauseCls });
  const stopBtn = button('■ Stop', on.stop, { cls: stop.cls, title: stop.title });
  function set(s) {
    state = s;
    const active = s === 'running' || s === 'paused';
    pauseBtn.disabled = !active;
    stopBtn.disabled = !active;
    pauseBtn.textContent = s === 'paused' ? '▶ Resume' : '❚❚ Pause';
    pauseBtn.setAttribute('aria-pressed', String(s === 'paused'));
    startBtn.textContent = active ? start.activeLabel : start.label;
    startBtn.title = active ? (start.activeTitle ?? start.title) : start.title;
  }
  set('idle');
  return { start: startBtn, pause: pauseBtn, stop: stopBtn, set };
}
