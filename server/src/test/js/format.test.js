import test from 'node:test';
import assert from 'node:assert/strict';
import {formatValue, formatZonedTime, zoneLabel} from '../../main/resources/ui/format.js';

test('values print at a few significant digits', () => {
  assert.equal(formatValue(6.168501482384237e-10), '6.169e-10');
  assert.equal(formatValue(0.123456), '0.1235');
  assert.equal(formatValue(12.345678), '12.35');
  assert.equal(formatValue(123.456), '123.5');
  assert.equal(formatValue(12345.678), '12346');
  assert.equal(formatValue(32000000), '3.2e+7');
  assert.equal(formatValue(0.5), '0.5');
  assert.equal(formatValue(-0.001234), '-0.001234');
  assert.equal(formatValue(100), '100');
  assert.equal(formatValue(0), '0');
  assert.equal(formatValue(null), '');
  assert.equal(formatValue(Infinity), '∞');
});

test('times carry their zone (the tests run with TZ=Asia/Kolkata: UTC+05:30)', () => {
  assert.equal(process.env.TZ, 'Asia/Kolkata', 'run with TZ=Asia/Kolkata (as Maven does)');
  assert.equal(zoneLabel(Date.UTC(2026, 0, 2)), 'UTC+05:30');
  assert.equal(formatZonedTime(Date.UTC(2026, 0, 2, 0, 0, 19)), '2026-01-02 05:30:19 UTC+05:30');
});
