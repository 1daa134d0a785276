import test from 'node:test';
import assert from 'node:assert/strict';
import {bandEdges, buildGroupData, groupLabel} from '../../main/resources/ui/group-series.js';

const answer = {
  metric: 'loss', axis: 'step', from: 0, to: 20, bucketWidth: 10,
  groups: [
    {key: {optimizer: 'adam'}, runCount: 3, runNames: ['a1', 'a2', 'a3'], x: [0, 10], mean: [2, 1],
      min: [1.5, 0.5], max: [2.5, 1.5], stdDev: [0.5, 0.25], runs: [3, 2]},
    {key: {optimizer: null}, runCount: 1, runNames: ['x'], x: [10], mean: [4], min: [4], max: [4], stdDev: [0],
      runs: [1]},
  ],
};
const color = (label, alpha = 1) => `${label}/${alpha}`;

test('a group is labelled by its parameter values', () => {
  assert.equal(groupLabel({optimizer: 'adam', lr: 0.01}), 'optimizer=adam, lr=0.01');
  assert.equal(groupLabel({optimizer: null}), 'optimizer=(none)');
});

test('the band is min–max or the mean ± one standard deviation', () => {
  assert.deepEqual(bandEdges(answer.groups[0], 'minmax'), {lower: [1.5, 0.5], upper: [2.5, 1.5]});
  assert.deepEqual(bandEdges(answer.groups[0], 'std'), {lower: [1.5, 0.75], upper: [2.5, 1.25]});
});

test('each group is a mean line with its band, aligned on every x, with its runs per x', () => {
  const built = buildGroupData(answer, {band: 'std', log: false, color});
  assert.deepEqual(built.data, [[0, 10], [2, 1], [2.5, 1.25], [1.5, 0.75], [undefined, 4], [undefined, 4],
    [undefined, 4]]);
  assert.deepEqual(built.groups.map((g) => [g.label, g.mean, g.upper, g.lower, g.runCount]),
    [['optimizer=adam', 1, 2, 3, 3], ['optimizer=(none)', 4, 5, 6, 1]]);
  assert.equal(built.groups[0].runsAt.get(10), 2, 'one run of the group stops before step 10');
  assert.deepEqual(built.bands.map((b) => b.series), [[2, 3], [5, 6]]);
});
