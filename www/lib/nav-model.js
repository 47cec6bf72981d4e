// The station navigation as data (no DOM): the registry's stations numbered in lecture order and
// grouped by the lecture's parts, and the stations either side of the open one. www/lib/nav.js
// draws it; tests/js/nav-model.test.mjs checks it.

/**
 * The stations grouped in registry order: [{ id, title, long, stations: [{ ...station, number }] }].
 * Numbers run 1…n over all stations. A station whose group is missing or unknown lands in a
 * trailing "More" group, so a new registry entry is always reachable.
 */
export function groupStations(stations, groups) {
  const known = new Map(groups.map((g) => [g.id, { ...g, long: g.long || g.title, stations: [] }]));
  const more = { id: 'more', title: 'More', long: 'More stations', stations: [] };
  stations.forEach((s, i) => {
    const entry = { ...s, number: i + 1, nav: s.nav || s.title };
    (known.get(s.group) || more).stations.push(entry);
  });
  return [...known.values(), more].filter((g) => g.stations.length > 0);
}

/** The groups that are not one contiguous run of the registry (lecture order broken), by id. */
export function scatteredGroups(stations) {
  const seen = new Set();
  const scattered = new Set();
  stations.forEach((s, i) => {
    if (i > 0 && stations[i - 1].group === s.group) return;
    if (seen.has(s.group)) scattered.add(s.group);
    seen.add(s.group);
  });
  return [...scattered];
}

/**
 * The open station and its neighbours in lecture order: { current, prev, next }, each a
 * numbered station or null (prev at the first station, next at the last; current for an id
 * that is not a station).
 */
export function neighbours(stations, id) {
  const i = stations.findIndex((s) => s.id === id);
  const at = (j) => (j >= 0 && j < stations.length ? { ...stations[j], number: j + 1 } : null);
  if (i < 0) return { current: null, prev: null, next: null };
  return { current: at(i), prev: at(i - 1), next: at(i + 1) };
}
