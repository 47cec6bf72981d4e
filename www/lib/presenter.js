// Classroom controls in the header: presenter mode, "copy link", and the keyboard shortcuts.
//
// Presenter mode (button or `p`) is for a projector: larger type and controls, high contrast,
// the open station filling the screen, explanatory paragraphs collapsed (one button shows them
// again). It is kept in the address's query (`?present`), not in the hash that stations own, so
// it survives every station's own address updates and a prepared link opens in it. PageDown /
// PageUp, and the keys presentation clickers send (PageDown, PageUp, and some send . or b),
// step through the stations in lecture order. `?` lists every shortcut.
//
// body.dataset.presenter is "on" or "off"; tests and the style sheet read it.
import { STATIONS } from '../stations/registry.js';
import { parseHash } from './hash.js';
import { h } from './dom.js';

const QUERY_KEY = 'present';

/** The shortcuts, as the `?` dialog lists them. */
export const SHORTCUTS = [
  ['p', 'Presenter mode on / off (large type, high contrast, full screen width)'],
  ['Page Down (a clicker’s “next”)', 'Next station, in lecture order (in presenter mode, or when the page does not scroll)'],
  ['Page Up (a clicker’s “back”)', 'Previous station'],
  ['n', 'In presenter mode: show or hide the explanations'],
  ['b  or  .', 'Blank the screen (a clicker’s “blank” key); any key brings it back'],
  ['?', 'This list of shortcuts'],
  ['Esc', 'Close this list'],
  ['Tab / Shift+Tab', 'Move between controls; Enter or Space presses a button'],
  ['Arrow keys', 'Inside a station: step, move a probe or a selected point (each station says how)'],
];

const tools = document.getElementById('header-tools');
const app = document.getElementById('app');

/** True when a key press belongs to a text field, a slider or a menu rather than to the page. */
function typing(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

function isOn() {
  return new URLSearchParams(location.search).has(QUERY_KEY);
}

/** The station `step` places after the open one (clamped at the ends), or null. */
export function stepStation(currentId, step) {
  const i = STATIONS.findIndex((s) => s.id === currentId);
  const j = Math.max(0, Math.min(STATIONS.length - 1, (i < 0 ? 0 : i) + step));
  return j === i ? null : STATIONS[j].id;
}

function go(step) {
  const next = stepStation(parseHash().id, step);
  if (next) location.hash = `#/${next}`;
}

let presentBtn, notesBtn, copyBtn, copyStatus, dialog;

function apply() {
  const on = isOn();
  document.documentElement.classList.toggle('presenter', on);
  document.body.classList.toggle('presenter', on);
  document.body.dataset.presenter = on ? 'on' : 'off';
  if (presentBtn) {
    presentBtn.setAttribute('aria-pressed', String(on));
    presentBtn.textContent = on ? 'Exit presenter mode' : 'Presenter mode';
  }
  if (notesBtn) notesBtn.hidden = !on;
  if (!on) setNotes(false);
}

function setNotes(show) {
  document.body.classList.toggle('show-notes', show);
  if (notesBtn) {
    notesBtn.setAttribute('aria-pressed', String(show));
    notesBtn.textContent = show ? 'Hide explanations' : 'Show explanations';
  }
}

/** Turns presenter mode on or off, keeping the station and its state (the hash) as they are. */
export function setPresenter(on) {
  const url = new URL(location.href);
  if (on) url.searchParams.set(QUERY_KEY, '');
  else url.searchParams.delete(QUERY_KEY);
  // `?present=` reads badly in a link; `?present` is the same parameter.
  url.search = url.search.replace(new RegExp(`([?&]${QUERY_KEY})=(?=&|$)`), '$1');
  history.replaceState(history.state, '', url.href);
  apply();
}

async function copyLink() {
  const link = location.href;
  let ok = false;
  try {
    await navigator.clipboard.writeText(link);
    ok = true;
  } catch {
    // No clipboard permission (or an insecure context): show the link, selected, to copy by hand.
  }
  copyStatus.replaceChildren();
  if (ok) {
    copyStatus.textContent = 'Link copied: it opens this exact view.';
  } else {
    const field = h('input', { type: 'text', readonly: true, value: link, 'aria-label': 'Link to this view', class: 'copy-field' });
    copyStatus.append('Copy this link: ', field);
    field.focus();
    field.select();
  }
  clearTimeout(copyLink.timer);
  copyLink.timer = setTimeout(() => copyStatus.replaceChildren(), ok ? 4000 : 20000);
}

function buildDialog() {
  const rows = SHORTCUTS.map(([keys, what]) => h('tr', {}, h('th', { scope: 'row' }, h('kbd', {}, keys)), h('td', {}, what)));
  const close = h('button', { type: 'button', class: 'primary' }, 'Close');
  const d = h('dialog', { id: 'shortcuts', 'aria-labelledby': 'shortcuts-title' },
    h('h2', { id: 'shortcuts-title' }, 'Keyboard shortcuts'),
    h('table', { class: 'shortcuts' }, h('tbody', {}, rows)),
    h('form', { method: 'dialog' }, close));
  document.body.append(d);
  return d;
}

function showShortcuts() {
  if (!dialog) dialog = buildDialog();
  if (!dialog.open) dialog.showModal();
}

function onKey(ev) {
  if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (dialog && dialog.open) return; // the dialog handles Esc itself
  const key = ev.key;
  if (document.body.classList.contains('blank')) { ev.preventDefault(); document.body.classList.remove('blank'); return; }
  if (key === '?' && !typing(ev.target)) { ev.preventDefault(); showShortcuts(); return; }
  if (typing(ev.target)) return;
  if (key === 'p' || key === 'P') { ev.preventDefault(); setPresenter(!isOn()); return; }
  if (key === 'b' || key === '.') { ev.preventDefault(); document.body.classList.add('blank'); return; }
  if (key === 'n' && isOn()) { ev.preventDefault(); setNotes(!document.body.classList.contains('show-notes')); return; }
  if (key === 'PageDown' || key === 'PageUp') {
    // Always for clickers in presenter mode; otherwise only when the page has nothing to scroll.
    const scrollable = document.documentElement.scrollHeight > innerHeight + 4;
    if (!isOn() && scrollable) return;
    ev.preventDefault();
    go(key === 'PageDown' ? 1 : -1);
  }
}

function build() {
  if (!tools) return;
  presentBtn = h('button', { type: 'button', class: 'tool present', 'aria-pressed': 'false', title: 'Presenter mode for a projector (key p)', onClick: () => setPresenter(!isOn()) }, 'Presenter mode');
  notesBtn = h('button', { type: 'button', class: 'tool notes', 'aria-pressed': 'false', title: 'Show the explanatory paragraphs (key n)', hidden: true, onClick: () => setNotes(!document.body.classList.contains('show-notes')) }, 'Show explanations');
  copyBtn = h('button', { type: 'button', class: 'tool copy-link', title: 'Copy a link that opens exactly this view', onClick: copyLink }, 'Copy link');
  const helpBtn = h('button', { type: 'button', class: 'tool help', title: 'Keyboard shortcuts (key ?)', 'aria-label': 'Keyboard shortcuts', onClick: showShortcuts }, '?');
  copyStatus = h('span', { class: 'copy-status', role: 'status' });
  tools.replaceChildren(presentBtn, notesBtn, copyBtn, helpBtn, copyStatus);
}

build();
apply();
document.addEventListener('keydown', onKey);
// Stepping to another station starts at its top, as a new slide would.
window.addEventListener('hashchange', (ev) => {
  if (isOn() && parseHash(new URL(ev.oldURL).hash).id !== parseHash().id) window.scrollTo(0, 0);
});
if (app) app.dataset.presenterReady = 'true';
