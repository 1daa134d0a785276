import test from 'node:test';
import assert from 'node:assert/strict';
import {buildChartData, joinTables} from '../../main/resources/ui/chart-data.js';

const color = (tc, alpha = 1) => `${tc}/${alpha}`;

function answer(x, avg, {raw = false, min = avg, max = avg, bucketWidth = raw ? 0 : 10, firstTimestamp = null} = {}) {
  return {x, avg, min, max, raw, bucketWidth, firstTimestamp};
}

test('tables align on the union of their x values: absent is undefined, null stays a gap', () => {
  assert.deepEqual(joinTables([[[1, 3], [10, null]], [[2, 3], [20, 30]]]),
    [[1, 2, 3], [10, undefined, null], [undefined, 20, 30]]);
  assert.deepEqual(joinTables([[[1], [5]]]), [[1], [5]]);
  assert.deepEqual(joinTables([]), [[]]);
});

test('a run gets its line and its min–max band; raw answers an empty band', () => {
  const built = buildChartData({
    tcs: ['a', 'b'],
    answers: new Map([['a', answer([0, 10], [1, 2], {min: [0.5, 1.5], max: [1.5, 2.5]})],
      ['b', answer([5], [3], {raw: true})]]),
    origins: new Map(), axis: 'step', log: false, smoothing: 0, color,
  });
  assert.deepEqual(built.data, [[0, 5, 10],
    [1, undefined, 2], [1.5, undefined, 2.5], [0.5, undefined, 1.5],
    [undefined, 3, undefined], [undefined, null, undefined], [undefined, null, undefined]]);
  assert.deepEqual(built.layout.roles, [null, 'main', 'max', 'min', 'main', 'max', 'min']);
  assert.deepEqual(built.bands.map((b) => b.fill), ['a/0.22', 'b/0.22']);
  assert.equal(built.series[1].stroke, 'a/1');
  assert.equal(built.pointCount, 3);
  assert.equal(built.lastX, 10);
  assert.equal(built.allRaw, false);
  assert.equal(built.someRaw, true);
  assert.equal(built.bucketWidth, 10);
});

test('smoothing draws the faint raw line under the smoothed one and reports its last value', () => {
  const built = buildChartData({
    tcs: ['a'], answers: new Map([['a', answer([0, 1, 2], [1, 0, 1], {raw: true})]]),
    origins: new Map(), axis: 'step', log: false, smoothing: 0.5, color,
  });
  assert.deepEqual(built.layout.roles, [null, 'raw', 'main', 'max', 'min']);
  assert.equal(built.series[1].stroke, 'a/0.25');
  const smoothed = built.data[2];
  assert.equal(smoothed[0], 1);
  assert.ok(Math.abs(smoothed[2] - 0.7142857142857143) < 1e-12);
  assert.equal(built.smoothedLast.get('a'), smoothed[2]);
});

test('a log scale leaves out values ≤ 0 and says when that cut a band', () => {
  const built = buildChartData({
    tcs: ['a'], answers: new Map([['a', answer([0, 1], [1, 2], {min: [-1, 1], max: [2, 3]})]]),
    origins: new Map(), axis: 'step', log: true, smoothing: 0, color,
  });
  assert.deepEqual(built.data[3], [null, 1]);
  assert.equal(built.bandCut, true);
});

test('the relative axis counts seconds from each run\'s first point', () => {
  const built = buildChartData({
    tcs: ['a'], answers: new Map([['a', answer([1000, 31000], [1, 2], {raw: true, firstTimestamp: 1000})]]),
    origins: new Map(), axis: 'relative', log: false, smoothing: 0, color,
  });
  assert.deepEqual(built.data[0], [0, 30]);
});
