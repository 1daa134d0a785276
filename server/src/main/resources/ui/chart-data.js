/**
 * The data of one chart, shaped from the server's answers before uPlot sees it: each run's x values on the chosen
 * axis, its average (raw or smoothed), its min–max band, aligned into one table over the union of the x values, and
 * the description of every series (its role, its run, its colour). Pure: no DOM and no uPlot, tested with node --test.
 */
import {emaSmooth} from './smoothing.js';

export const FAINT_ALPHA = 0.25;
export const BAND_ALPHA = 0.22;

/** Values for a log scale keep only what is > 0; linear keeps every finite value. */
export function clean(values, log) {
  return Array.from(values, (v) => (v == null || !Number.isFinite(v) || (log && v <= 0) ? null : v));
}

/**
 * Aligns tables [xs, ...columns] (each xs ascending) on the union of their x values, as uPlot.join does: a value a
 * table lacks at an x is undefined (uPlot draws across it), a null it holds stays null (a gap).
 */
export function joinTables(tables) {
  if (tables.length === 0) {
    return [[]];
  }
  if (tables.length === 1) {
    return tables[0];
  }
  const xs = [...new Set(tables.flatMap((t) => t[0]))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const joined = [xs];
  for (const table of tables) {
    for (let c = 1; c < table.length; c++) {
      const column = new Array(xs.length).fill(undefined);
      table[0].forEach((x, i) => {
        column[at.get(x)] = table[c][i];
      });
      joined.push(column);
    }
  }
  return joined;
}

/** The last value that is a number, or null. */
export function lastNumber(values) {
  for (let i = values.length - 1; i >= 0; i--) {
    if (values[i] != null && Number.isFinite(values[i])) {
      return values[i];
    }
  }
  return null;
}

/**
 * Shapes the answers of one chart.
 *
 * @param {object} input
 * @param {string[]} input.tcs the runs, in the legend's order
 * @param {Map<string, object>} input.answers run -> its /ui/api/series answer
 * @param {Map<string, number>} input.origins run -> its first point's time, for the relative axis
 * @param {'step'|'time'|'relative'} input.axis
 * @param {boolean} input.log
 * @param {number} input.smoothing 0 for none, else the EMA weight
 * @param {(tc: string, alpha?: number) => string} input.color
 * @returns the aligned table (data), the series and bands for uPlot, the layout (which series is which run's
 *   average, main line, max, min), and what was drawn: point count, last x, raw or bucketed, the bucket width,
 *   whether a log scale cut the band, and each run's last smoothed value
 */
export function buildChartData({tcs, answers, origins, axis, log, smoothing, color}) {
  const smooth = smoothing > 0;
  const series = [{label: axis}];
  const bands = [];
  const layout = {roles: [null], group: [null], avg: [], main: [], max: [], min: [], tcs};
  const tables = [];
  const smoothedLast = new Map();
  let pointCount = 0;
  let lastX = null;
  let allRaw = true;
  let someRaw = false;
  let bucketWidth = 0;
  let bandCut = false;
  const add = (k, role, opts) => {
    series.push(opts);
    layout.roles.push(role);
    layout.group.push(k);
    return series.length - 1;
  };
  tcs.forEach((tc, k) => {
    const answer = answers.get(tc);
    const origin = answer.firstTimestamp ?? origins.get(tc) ?? 0;
    const xs = axis === 'relative' ? answer.x.map((x) => (x - origin) / 1000) : [...answer.x];
    const avg = clean(answer.avg, log);
    for (let i = 0; i < xs.length; i++) {
      if (avg[i] != null) {
        pointCount++;
        if (lastX === null || xs[i] > lastX) {
          lastX = xs[i];
        }
      }
    }
    allRaw = allRaw && answer.raw;
    someRaw = someRaw || (answer.raw && xs.length > 0);
    bucketWidth = Math.max(bucketWidth, answer.bucketWidth || 0);
    const columns = [avg];
    layout.avg[k] = add(k, smooth ? 'raw' : 'main', {
      label: tc, stroke: smooth ? color(tc, FAINT_ALPHA) : color(tc), width: smooth ? 1 : 1.5, spanGaps: true,
    });
    if (smooth) {
      const smoothed = emaSmooth(answer.avg, smoothing);
      smoothedLast.set(tc, lastNumber(smoothed));
      columns.push(clean(smoothed, log));
      layout.main[k] = add(k, 'main', {
        label: `${tc} (smoothed)`, stroke: color(tc), width: 2, spanGaps: true, points: {show: false},
      });
    } else {
      layout.main[k] = layout.avg[k];
    }
    const none = () => new Array(xs.length).fill(null);
    const min = answer.raw ? none() : clean(answer.min, log);
    bandCut = bandCut || (!answer.raw && log && min.some((v, i) => v === null && avg[i] !== null));
    columns.push(answer.raw ? none() : clean(answer.max, log), min);
    // The band's edges break where a value is missing (a min ≤ 0 on a log scale) instead of spanning it.
    const edge = (label) => ({
      label, stroke: 'transparent', width: 0, spanGaps: false,
      points: {show: false, size: 0, fill: 'transparent', stroke: 'transparent'},
    });
    layout.max[k] = add(k, 'max', edge(`${tc} max`));
    layout.min[k] = add(k, 'min', edge(`${tc} min`));
    bands.push({series: [layout.max[k], layout.min[k]], fill: color(tc, BAND_ALPHA)});
    tables.push([xs, ...columns]);
  });
  return {
    data: joinTables(tables), series, bands, layout, pointCount, lastX, allRaw, someRaw, bucketWidth, bandCut,
    smoothedLast,
  };
}
