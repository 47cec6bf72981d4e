// The heat-map painter's text alternative (www/lib/heatmap.js describeHeatmap): size and value
// range in words, NaN named. DOM-free.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeHeatmap } from '../../www/lib/heatmap.js';

test('states the size and the range of the finite values', () => {
  assert.equal(describeHeatmap({ w: 49, h: 49, lo: -0.9263, hi: 1 }), '49 × 49 values, from -0.926 to 1');
  assert.equal(describeHeatmap({ w: 13, h: 13, lo: 4.91e-6, hi: 0.0398 }), '13 × 13 values, from 4.9e-6 to 0.04');
});

test('flat, empty and NaN maps say so', () => {
  assert.equal(describeHeatmap({ w: 2, h: 2, lo: 3, hi: 3 }), '2 × 2 values, all 3');
  assert.equal(describeHeatmap({ w: 1, h: 1, lo: null, hi: null, nan: true }), '1 × 1 values, no finite values, some NaN (drawn grey)');
  assert.equal(describeHeatmap({ w: 3, h: 2, lo: -1, hi: 1, nan: true }), '3 × 2 values, from -1 to 1, some NaN (drawn grey)');
});
