import test from 'node:test';
import assert from 'node:assert/strict';
import {
  cellText, columnsFor, defaultVisible, nextSort, rememberChoice, visibleColumns, visibleRows, windowsFor,
} from '../../main/resources/ui/runs-model.js';

const run = {
  name: 'run-1', displayName: 'run-1', status: 'Completed', startTime: Date.UTC(2026, 0, 2), endTime: Date.UTC(2026, 0, 2, 1, 30),
  creationTime: Date.UTC(2026, 0, 2), parameters: {lr: 0.01, optimizer: 'adam'},
  metrics: {loss: {min: 6.168501482384237e-10, max: 2.5, last: 0.123456, avg: 1, count: 10, stdDev: 0.5}},
};

test('columns: the run\'s own, one per parameter, one per metric statistic, each with its Search sort', () => {
  const columns = columnsFor(['lr', 'optimizer'], ['loss']);
  const ids = columns.map((c) => c.id);
  assert.deepEqual(ids.slice(0, 8), ['name', 'status', 'start', 'end', 'duration', 'created', 'parameter:lr',
    'parameter:optimizer']);
  assert.deepEqual(ids.slice(8), ['metric:loss.last', 'metric:loss.min', 'metric:loss.max', 'metric:loss.avg',
    'metric:loss.count', 'metric:loss.stdDev']);
  const byId = new Map(columns.map((c) => [c.id, c]));
  assert.equal(byId.get('parameter:lr').sortBy, 'Parameters.lr');
  assert.equal(byId.get('metric:loss.stdDev').sortBy, 'Metrics.loss.StdDev');
  assert.equal(byId.get('duration').sortBy, null, 'Search has no duration to sort by');
});

test('cells show a few digits and keep the exact value for the tooltip', () => {
  const byId = new Map(columnsFor(['lr', 'optimizer'], ['loss']).map((c) => [c.id, c]));
  assert.deepEqual(cellText(byId.get('metric:loss.min'), run), {text: '6.169e-10', title: '6.168501482384237e-10'});
  assert.deepEqual(cellText(byId.get('metric:loss.last'), run), {text: '0.1235', title: '0.123456'});
  assert.deepEqual(cellText(byId.get('parameter:optimizer'), run), {text: 'adam', title: 'adam'});
  assert.equal(cellText(byId.get('duration'), run).text, '1h 30m');
  assert.match(cellText(byId.get('start'), run).text, /^2026-01-02 \d\d:\d\d:00 UTC/);
  assert.deepEqual(cellText(byId.get('parameter:lr'), {parameters: {}}), {text: '', title: ''});
});

test('by default every parameter and each metric\'s last, min and max are shown', () => {
  const columns = columnsFor(['lr'], ['loss']);
  assert.deepEqual(defaultVisible(columns), ['name', 'status', 'start', 'end', 'duration', 'parameter:lr',
    'metric:loss.last', 'metric:loss.min', 'metric:loss.max']);
});

test('a remembered choice is kept; columns new since then are shown; gone ones dropped; the name stays first', () => {
  const before = columnsFor(['lr'], ['loss']);
  const remembered = rememberChoice(before, ['status', 'metric:loss.avg', 'parameter:lr']);
  assert.deepEqual(visibleColumns(before, remembered), ['name', 'status', 'parameter:lr', 'metric:loss.avg']);
  const after = columnsFor(['batch_size'], ['loss']);
  assert.deepEqual(visibleColumns(after, remembered), ['name', 'status', 'parameter:batch_size', 'metric:loss.avg']);
  assert.deepEqual(visibleColumns(after, null), defaultVisible(after));
});

test('a click sorts ascending (times descending first), a second click the other way', () => {
  const byId = new Map(columnsFor(['lr'], ['loss']).map((c) => [c.id, c]));
  let sort = nextSort(null, byId.get('parameter:lr'));
  assert.deepEqual(sort, {by: 'Parameters.lr', order: 'Ascending'});
  sort = nextSort(sort, byId.get('parameter:lr'));
  assert.deepEqual(sort, {by: 'Parameters.lr', order: 'Descending'});
  assert.deepEqual(nextSort(sort, byId.get('start')), {by: 'StartTime', order: 'Descending'});
  assert.deepEqual(nextSort(sort, byId.get('duration')), sort, 'an unsortable column changes nothing');
});

test('a viewport needs the windows that hold its rows and one beyond each end', () => {
  assert.deepEqual(windowsFor(0, 40, 200, 10000), [0, 200]);
  assert.deepEqual(windowsFor(450, 480, 200, 10000), [200, 400, 600]);
  assert.deepEqual(windowsFor(9990, 9999, 200, 10000), [9600, 9800]);
  assert.deepEqual(windowsFor(0, 10, 200, 0), []);
  assert.deepEqual(visibleRows(2800, 560, 28, 10000, 5), {first: 95, last: 125});
  assert.deepEqual(visibleRows(0, 560, 28, 12, 5), {first: 0, last: 11});
});
