/**
 * Runs' values laid out for the views that draw every run: the scatter's points (text values as categories) and the
 * parallel coordinates' axes. Pure: no DOM, tested with node --test.
 */

/**
 * The points of the scatter: runs with both values, sorted by x; text x values become category indexes.
 */
export function scatterPoints(names, xs, ys) {
  const numeric = xs.every((x) => x == null || typeof x === 'number');
  const categories = numeric ? null : [...new Set(xs.filter((x) => x != null).map(String))].sort();
  const points = [];
  names.forEach((name, i) => {
    if (xs[i] == null || ys[i] == null || typeof ys[i] !== 'number') {
      return;
    }
    points.push({name, x: numeric ? xs[i] : categories.indexOf(String(xs[i])), rawX: xs[i], y: ys[i]});
  });
  points.sort((a, b) => a.x - b.x || a.name.localeCompare(b.name));
  return {points, categories};
}

/** Each column's scale for the parallel coordinates: numbers min..max, texts their sorted categories. */
export function axesOf(columns, values) {
  return columns.map((column, c) => {
    const own = values.map((row) => row[c]).filter((v) => v != null);
    if (own.every((v) => typeof v === 'number')) {
      const min = own.reduce((a, b) => Math.min(a, b), Infinity);
      const max = own.reduce((a, b) => Math.max(a, b), -Infinity);
      return {column, min, max, position: (v) => (max === min ? 0.5 : (v - min) / (max - min))};
    }
    const categories = [...new Set(own.map(String))].sort();
    return {column, categories, position: (v) => (categories.length === 1 ? 0.5
      : categories.indexOf(String(v)) / (categories.length - 1))};
  });
}

/** An axis range around [min, max] with 5% of room each side (of the decades on a log scale); a lone value gets ±1. */
export function paddedRange(min, max, log = false) {
  if (min == null || max == null || !Number.isFinite(min) || !Number.isFinite(max)) {
    return [0, 1];
  }
  if (log) {
    const lo = Math.log10(min);
    const hi = Math.log10(max);
    const pad = hi === lo ? 0.5 : (hi - lo) * 0.05;
    return [10 ** (lo - pad), 10 ** (hi + pad)];
  }
  const pad = max === min ? Math.max(1, Math.abs(min) * 0.1) : (max - min) * 0.05;
  return [min - pad, max + pad];
}
