import test from 'node:test';
import assert from 'node:assert/strict';
import {FilterError, fieldProperty, parseFilter} from '../../main/resources/ui/filter-expr.js';

const known = {parameters: ['lr', 'optimizer', 'batch_size', 'dropout.rate'], metrics: ['loss', 'train:loss']};

test('the example of the issue is three filters joined by and', () => {
  assert.deepEqual(parseFilter('lr >= 0.01 and optimizer = adam and loss.min < 0.2', known), {
    Operator: 'And',
    Filters: [
      {Name: 'Parameters.lr', Operator: 'GreaterThanOrEqualTo', Value: '0.01'},
      {Name: 'Parameters.optimizer', Operator: 'Equals', Value: 'adam'},
      {Name: 'Metrics.loss.Min', Operator: 'LessThan', Value: '0.2'},
    ],
  });
});

test('an empty text is no filter', () => {
  assert.equal(parseFilter('', known), null);
  assert.equal(parseFilter('   ', known), null);
});

test('one comparison is one filter', () => {
  assert.deepEqual(parseFilter('status = Failed'), {Filters: [{Name: 'Status.PrimaryStatus', Operator: 'Equals',
    Value: 'Failed'}]});
});

test('and binds tighter than or; parentheses make sub-expressions', () => {
  assert.deepEqual(parseFilter('a = 1 or b = 2 and c = 3', known), {
    Operator: 'Or',
    Filters: [{Name: 'Parameters.a', Operator: 'Equals', Value: '1'}],
    SubExpressions: [{Operator: 'And', Filters: [
      {Name: 'Parameters.b', Operator: 'Equals', Value: '2'}, {Name: 'Parameters.c', Operator: 'Equals', Value: '3'}]}],
  });
  assert.deepEqual(parseFilter('(status = Failed or status = Stopped) and name ~ base', known), {
    Operator: 'And',
    Filters: [{Name: 'TrialComponentName', Operator: 'Contains', Value: 'base'}],
    SubExpressions: [{Operator: 'Or', Filters: [
      {Name: 'Status.PrimaryStatus', Operator: 'Equals', Value: 'Failed'},
      {Name: 'Status.PrimaryStatus', Operator: 'Equals', Value: 'Stopped'}]}],
  });
});

test('nested ands and ors are flattened into one level', () => {
  assert.deepEqual(parseFilter('(a = 1 and b = 2) and (c = 3 and d = 4)', known).Filters.length, 4);
});

test('in, exists, missing and quoted values', () => {
  assert.deepEqual(parseFilter('batch_size in (32, 64) and tags.team exists and notes missing', known), {
    Operator: 'And',
    Filters: [
      {Name: 'Parameters.batch_size', Operator: 'In', Value: '32,64'},
      {Name: 'Tags.team', Operator: 'Exists'},
      {Name: 'Parameters.notes', Operator: 'NotExists'},
    ],
  });
  assert.deepEqual(parseFilter('display = "my first run"').Filters[0].Value, 'my first run');
  assert.deepEqual(parseFilter("display = 'it\\'s'").Filters[0].Value, "it's");
});

test('fields: parameters, metric statistics, named fields and Search spellings', () => {
  assert.equal(fieldProperty('lr', known), 'Parameters.lr');
  assert.equal(fieldProperty('params.name', known), 'Parameters.name');
  assert.equal(fieldProperty('loss.max', known), 'Metrics.loss.Max');
  assert.equal(fieldProperty('train:loss.stddev', known), 'Metrics.train:loss.StdDev');
  assert.equal(fieldProperty('metrics.val.loss.avg', known), 'Metrics.val.loss.Avg');
  assert.equal(fieldProperty('dropout.rate', known), 'Parameters.dropout.rate');
  assert.equal(fieldProperty('unknown.min', known), 'Parameters.unknown.min', 'not a known metric');
  assert.equal(fieldProperty('unknown.min'), 'Metrics.unknown.Min', 'without names, a statistic is a metric');
  assert.equal(fieldProperty('created', known), 'CreationTime');
  assert.equal(fieldProperty('Metrics.loss.Last', known), 'Metrics.loss.Last');
  assert.equal(fieldProperty('Parameters.lr', known), 'Parameters.lr');
});

test('a mistake says where it is', () => {
  const cases = [
    ['lr >= ', 'expected a value after \'>=\' at the end', 6],
    ['lr >= and optimizer = adam', "expected a value after '>=' at column 7, found 'and' (quote it to mean the word)", 6],
    ['lr 0.1', "expected a comparison (= != < <= > >= ~ in exists missing) after 'lr' at column 4, found '0.1'", 3],
    ['lr = 1 and', 'expected a comparison at the end', 10],
    ['(lr = 1', "expected ')' at the end", 7],
    ['lr = 1 lr = 2', "expected 'and', 'or' or the end at column 8, found 'lr'", 7],
    ['lr => 1', "'=>' is no comparison (use = != < <= > >= ~)", 3],
    ['name = "open', 'the quote opened at column 8 is never closed', 7],
    ['lr = 1 & x = 2', "unexpected '&' at column 8", 7],
    ['metrics.loss = 1', "'metrics.loss' names no statistic: end it with .min, .max, .last, .avg, .count or .stddev", 0],
  ];
  for (const [text, message, position] of cases) {
    assert.throws(() => parseFilter(text, known), (e) => {
      assert.ok(e instanceof FilterError, text);
      assert.equal(e.message, message, text);
      assert.equal(e.position, position, text);
      return true;
    });
  }
});

test('more comparisons than Search takes in one level are refused', () => {
  const many = Array.from({length: 21}, (_, i) => `p${i} = ${i}`).join(' and ');
  assert.throws(() => parseFilter(many, known), /at most 20 comparisons/);
});
