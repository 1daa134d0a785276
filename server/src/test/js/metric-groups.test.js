import test from 'node:test';
import assert from 'node:assert/strict';
import {groupMetrics, prefixOf} from '../../main/resources/ui/metric-groups.js';

test('metrics group by the prefix before the first colon or slash', () => {
  assert.deepEqual(groupMetrics(['validation:loss', 'train:loss', 'lr', 'train:accuracy', 'eval/f1', 'epoch']), [
    {prefix: '', metrics: ['epoch', 'lr']},
    {prefix: 'eval', metrics: ['eval/f1']},
    {prefix: 'train', metrics: ['train:accuracy', 'train:loss']},
    {prefix: 'validation', metrics: ['validation:loss']},
  ]);
});

test('a leading separator is no prefix', () => {
  assert.equal(prefixOf(':loss'), '');
  assert.equal(prefixOf('a:b/c'), 'a');
  assert.deepEqual(groupMetrics([]), []);
});
