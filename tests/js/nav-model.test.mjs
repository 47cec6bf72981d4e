// The station navigation's data: numbering, grouping (and its fallback for a new, ungrouped
// station), neighbours, and the registry itself keeping its groups in lecture order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupStations, scatteredGroups, neighbours } from '../../www/lib/nav-model.js';
import { STATIONS, GROUPS } from '../../www/stations/registry.js';

const S = [
  { id: 'a', group: 'x', title: 'Alpha', nav: 'A' },
  { id: 'b', group: 'y', title: 'Beta' },
  { id: 'c', group: 'y', title: 'Gamma', nav: 'C' },
  { id: 'd', title: 'Delta' },
];
const G = [{ id: 'x', title: 'X' }, { id: 'y', title: 'Y', long: 'Why' }, { id: 'z', title: 'Z' }];

test('stations are numbered in registry order and grouped; empty groups are left out', () => {
  const g = groupStations(S, G);
  assert.deepEqual(g.map((x) => x.id), ['x', 'y', 'more']);
  assert.deepEqual(g.map((x) => x.stations.map((s) => `${s.number}${s.id}`)), [['1a'], ['2b', '3c'], ['4d']]);
  assert.equal(g[0].long, 'X', 'a group without a long title uses its title');
  assert.equal(g[1].long, 'Why');
  assert.equal(g[1].stations[0].nav, 'Beta', 'a station without a short label uses its title');
});

test('neighbours: previous and next in lecture order, none past the ends', () => {
  assert.deepEqual(Object.values(neighbours(S, 'b')).map((s) => s && s.id), ['b', 'a', 'c']);
  assert.equal(neighbours(S, 'a').prev, null);
  assert.equal(neighbours(S, 'd').next, null);
  assert.equal(neighbours(S, 'c').current.number, 3);
  assert.deepEqual(neighbours(S, 'nope'), { current: null, prev: null, next: null });
});

test('scatteredGroups finds a group split by another one', () => {
  assert.deepEqual(scatteredGroups(S), []);
  assert.deepEqual(scatteredGroups([...S, { id: 'e', group: 'x' }]), ['x']);
});

test('the registry: every station names a known group, and each group is one run of the lecture', () => {
  const ids = new Set(GROUPS.map((g) => g.id));
  for (const s of STATIONS) assert.ok(ids.has(s.group), `${s.id} has group ${s.group}, one of ${[...ids].join(', ')}`);
  assert.deepEqual(scatteredGroups(STATIONS), []);
  const order = GROUPS.map((g) => g.id).filter((id) => STATIONS.some((s) => s.group === id));
  assert.deepEqual([...new Set(STATIONS.map((s) => s.group))], order, 'groups appear in GROUPS order');
  assert.equal(new Set(STATIONS.map((s) => s.id)).size, STATIONS.length, 'station ids are unique');
});
