import test from 'node:test';
import assert from 'node:assert/strict';
import {PALETTE, colorParts, hexToHsl, setColorParts} from '../../main/resources/ui/colors.js';

/** CIE L*a*b* of an HSL colour (sRGB, D65), for distances as the eye sees them. */
export function lab({hue, saturation, lightness}) {
  const s = saturation / 100;
  const l = lightness / 100;
  const k = (n) => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  const linear = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = [f(0), f(8), f(4)].map(linear);
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const t = (v) => (v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16 / 116);
  return [116 * t(y) - 16, 500 * (t(x) - t(y)), 200 * (t(y) - t(z))];
}

function deltaE(p, q) {
  const [a, b] = [lab(p), lab(q)];
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

function closestPair(colors) {
  let min = Infinity;
  for (let i = 0; i < colors.length; i++) {
    for (let j = i + 1; j < colors.length; j++) {
      min = Math.min(min, deltaE(colors[i], colors[j]));
    }
  }
  return min;
}

const set = (n) => Array.from({length: n}, (_, i) => setColorParts(i));
const hashed = (n) => Array.from({length: n}, (_, i) => colorParts(`run-${i}`));

test('the first ten runs of a set get the palette, every two far apart', () => {
  assert.deepEqual(set(10)[0], hexToHsl(PALETTE[0]));
  assert.ok(closestPair(set(10)) > 20, `closest pair ΔE ${closestPair(set(10)).toFixed(1)}`);
});

test('larger sets stay told apart as far as colours allow', () => {
  for (const [n, least] of [[20, 15], [30, 9], [50, 5]]) {
    assert.ok(closestPair(set(n)) > least, `${n} runs: closest pair ΔE ${closestPair(set(n)).toFixed(1)}`);
  }
});

test('hashed colours of a comparison collide: why sets are coloured by their place', () => {
  assert.ok(closestPair(hashed(20)) < 6, '20 hashed colours include a near pair');
  assert.ok(closestPair(hashed(50)) < 1, '50 hashed colours include two the same');
});

test('hex and HSL agree', () => {
  assert.deepEqual(hexToHsl('#ff0000'), {hue: 0, saturation: 100, lightness: 50});
  assert.deepEqual(hexToHsl('#808080'), {hue: 0, saturation: 0, lightness: 50});
});
