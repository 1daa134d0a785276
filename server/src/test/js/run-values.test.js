import assert from 'node:assert/strict';
import {test} from 'node:test';
import {axesOf, paddedRange, scatterPoints} from '../../main/resources/ui/run-values.js';

test('a scatter has one point per run that has both values, in x order', () => {
  const {points, categories} = scatterPoints(['a', 'b', 'c', 'd'], [0.1, 0.01, null, 0.001], [1, 2, 3, null]);
  assert.equal(categories, null);
  assert.deepEqual(points.map((p) => [p.name, p.x, p.y]), [['b', 0.01, 2], ['a', 0.1, 1]]);
});

test('text x values become sorted categories, placed by their index', () => {
  const {points, categories} = scatterPoints(['a', 'b', 'c'], ['sgd', 'adam', 'sgd'], [1, 2, 3]);
  assert.deepEqual(categories, ['adam', 'sgd']);
  assert.deepEqual(points.map((p) => [p.name, p.x, p.rawX]), [['b', 0, 'adam'], ['a', 1, 'sgd'], ['c', 1, 'sgd']]);
});

test('a y that is no number is no point', () => {
  assert.equal(scatterPoints(['a'], [1], ['text']).points.length, 0);
});

test('parallel axes: numbers scaled from their min to their max, texts by category, one value in the middle', () => {
  const columns = [{label: 'lr'}, {label: 'optimizer'}, {label: 'seed'}];
  const values = [[0.1, 'adam', 7], [0.3, 'sgd', 7], [null, 'adamw', 7]];
  const [lr, optimizer, seed] = axesOf(columns, values);
  assert.equal(lr.min, 0.1);
  assert.equal(lr.max, 0.3);
  assert.ok(Math.abs(lr.position(0.2) - 0.5) < 1e-12);
  assert.deepEqual(optimizer.categories, ['adam', 'adamw', 'sgd']);
  assert.equal(optimizer.position('sgd'), 1);
  assert.equal(optimizer.position('adamw'), 0.5);
  assert.equal(seed.position(7), 0.5);
});

test('axis ranges leave room around the values', () => {
  assert.deepEqual(paddedRange(0, 10), [-0.5, 10.5]);
  assert.deepEqual(paddedRange(5, 5), [4, 6]);
  const [lo, hi] = paddedRange(0.001, 0.1, true);
  assert.ok(Math.abs(Math.log10(lo) - -3.1) < 1e-9 && Math.abs(Math.log10(hi) - -0.9) < 1e-9);
  assert.deepEqual(paddedRange(null, null), [0, 1]);
});
