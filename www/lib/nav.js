// The station navigation in the header, drawn from the registry (www/stations/registry.js):
// the stations numbered in lecture order, grouped by the lecture's parts.
//
// It picks the richest layout that fits the header on one row, measured, not guessed from
// breakpoints (so presenter mode's larger type and new stations are handled by themselves):
//   full     every group with its stations' short labels (a wide laptop, a projector);
//   group    numbered chips, but the open station's group with its labels;
//   compact  every group with numbered chips; the open station's chip also shows its label;
//   menu     "‹ [☰ 5/13 · MR8 filter bank ▾] ›": previous / next and one disclosure button
//            that opens the grouped list (a tablet: one row);
//   stacked  the same, on a second row below the brand and tools (a phone); that row stays
//            at the top of the screen while the page scrolls.
// header.dataset.nav holds the layout, header.dataset.menu "open" while the list is open,
// header.dataset.navWidth / navFont the header width and type size it was chosen for.
// `#nav a[data-station]` are the station links in every layout (tests click them).
import { h } from './dom.js';
import { groupStations, neighbours } from './nav-model.js';

const LAYOUTS = ['full', 'group', 'compact', 'menu', 'stacked'];

/**
 * Builds the navigation into `nav` (#nav, inside `bar`, inside `header`) and keeps it fitted.
 * Returns { mark(id) }: shows `id` as the open station (links, chip, menu button, prev / next).
 */
export function createNav({ header, bar, nav, stations, groups }) {
  const grouped = groupStations(stations, groups);
  const links = new Map();
  const list = h('ol', { class: 'nav-groups' }, grouped.map((g) => {
    const titleId = `nav-group-${g.id}`;
    return h('li', { class: 'nav-group', 'data-group': g.id },
      h('span', { class: 'nav-group-title', id: titleId, title: g.long }, g.title),
      h('ol', { class: 'nav-list', 'aria-labelledby': titleId }, g.stations.map((s) => {
        const a = h('a', { href: `#/${s.id}`, 'data-station': s.id, title: `Station ${s.number}: ${s.title}` },
          h('span', { class: 'nav-num' }, String(s.number)),
          h('span', { class: 'nav-short' }, s.nav),
          h('span', { class: 'nav-full' }, s.title));
        links.set(s.id, a);
        return h('li', {}, a);
      })));
  }));
  nav.replaceChildren(list);

  const toggleNum = h('span', { class: 'nav-toggle-num' });
  const toggleTitle = h('span', { class: 'nav-toggle-title' });
  const toggle = h('button', { type: 'button', id: 'nav-toggle', class: 'nav-toggle', 'aria-expanded': 'false', 'aria-controls': 'nav' },
    h('span', { class: 'nav-toggle-icon', 'aria-hidden': 'true' }), h('span', { class: 'visually-hidden' }, 'Stations menu, open: '), toggleNum, toggleTitle,
    h('span', { class: 'nav-toggle-caret', 'aria-hidden': 'true' }));
  const prev = h('a', { class: 'nav-step prev' }, h('span', { 'aria-hidden': 'true' }, '‹'));
  const next = h('a', { class: 'nav-step next' }, h('span', { 'aria-hidden': 'true' }, '›'));
  bar.replaceChildren(prev, toggle, nav, next);

  let current = null;

  function setOpen(open, { focusToggle = false } = {}) {
    if (open && !header.dataset.nav?.match(/menu|stacked/)) open = false;
    header.dataset.menu = open ? 'open' : 'closed';
    toggle.setAttribute('aria-expanded', String(open));
    if (!open && focusToggle) toggle.focus();
  }

  function setStep(a, station, word) {
    if (station) {
      a.href = `#/${station.id}`;
      a.removeAttribute('aria-disabled');
      a.setAttribute('aria-label', `${word} station: ${station.number}. ${station.title}`);
      a.title = `${word}: ${station.number}. ${station.title}`;
    } else {
      a.removeAttribute('href');
      a.setAttribute('aria-disabled', 'true');
      a.setAttribute('aria-label', `No ${word.toLowerCase()} station`);
      a.title = '';
    }
  }

  function mark(id) {
    current = id;
    for (const [sid, a] of links) {
      if (sid === id) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    const n = neighbours(stations, id);
    toggleNum.textContent = n.current ? `${n.current.number}/${stations.length}` : '';
    toggleTitle.textContent = n.current ? n.current.title : 'Stations';
    setStep(prev, n.prev, 'Previous');
    setStep(next, n.next, 'Next');
    for (const g of nav.querySelectorAll('.nav-group')) g.classList.toggle('current', Boolean(g.querySelector('[aria-current]')));
    setOpen(false);
  }

  /** The width the header's children need on one row, in px (they do not shrink). */
  function needed() {
    const cs = getComputedStyle(header);
    const kids = [...header.children].filter((el) => getComputedStyle(el).display !== 'none');
    const gap = parseFloat(cs.columnGap) || 0;
    let w = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + gap * Math.max(0, kids.length - 1);
    for (const el of kids) w += el.getBoundingClientRect().width;
    return w;
  }

  /** Lays the header out in the richest layout that fits on one row. */
  function fit() {
    const room = header.clientWidth;
    for (const layout of LAYOUTS) {
      header.dataset.nav = layout;
      if (layout === 'stacked') break;
      let w = needed();
      // Labels shown depend on the open station; fit the widest case, so that the layout
      // does not change from station to station.
      const shown = [...nav.querySelectorAll('a')].filter((a) => labelShown(a)).reduce((t, a) => t + labelWidth.get(a.dataset.station), 0);
      if (layout === 'group') w += Math.max(...grouped.map((g) => g.stations.reduce((t, st) => t + labelWidth.get(st.id), 0))) - shown;
      if (layout === 'compact') w += Math.max(...labelWidth.values()) - shown;
      if (layout === 'full') {
        for (const [id, a] of links) labelWidth.set(id, a.querySelector('.nav-short').getBoundingClientRect().width + labelGap(a));
      }
      if (w <= room - 4) break; // a few px to spare for rounding
    }
    if (header.dataset.nav !== 'menu' && header.dataset.nav !== 'stacked') setOpen(false);
    // What this layout was chosen for (tests wait until these match the page).
    header.dataset.navWidth = String(room);
    header.dataset.navFont = getComputedStyle(document.documentElement).fontSize;
    // A phone: only the station row stays on screen when the page scrolls.
    header.style.setProperty('--nav-stick', header.dataset.nav === 'stacked' ? `${-bar.offsetTop}px` : '0px');
  }
  const labelWidth = new Map(); // station id → px its label adds to its link (measured in 'full')
  const labelShown = (a) => a.querySelector('.nav-short').getBoundingClientRect().width > 1;
  const labelGap = (a) => parseFloat(getComputedStyle(a).columnGap) || 0;
  let pending = 0;
  const refit = () => { if (!pending) pending = requestAnimationFrame(() => { pending = 0; fit(); }); };

  toggle.addEventListener('click', () => setOpen(header.dataset.menu !== 'open'));
  nav.addEventListener('click', (ev) => { if (ev.target.closest('a')) setOpen(false); });
  header.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && header.dataset.menu === 'open') {
      ev.preventDefault();
      setOpen(false, { focusToggle: true });
    }
  });
  // Clicking or tabbing away from the open list closes it.
  document.addEventListener('pointerdown', (ev) => { if (header.dataset.menu === 'open' && !bar.contains(ev.target)) setOpen(false); });
  bar.addEventListener('focusout', (ev) => { if (header.dataset.menu === 'open' && ev.relatedTarget && !bar.contains(ev.relatedTarget)) setOpen(false); });

  setOpen(false);
  fit();
  // The window's width, and the tools beside the stations (presenter.js fills them after this
  // runs, and adds a button in presenter mode).
  const resized = new ResizeObserver(refit);
  resized.observe(header);
  for (const el of header.children) if (el !== bar) resized.observe(el);
  // Presenter mode changes the type size (the header's width stays): fit again.
  new MutationObserver(refit).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  if (document.fonts) document.fonts.ready.then(refit);
  return { mark, fit };
}
