/**
 * Group curves for a chart: the answer of /ui/api/groups (each group's mean across its runs per bucket, with min,
 * max, standard deviation and the number of runs there) shaped into one aligned table, a mean line per group and
 * its band (min–max, or mean ± one standard deviation). Pure: no DOM and no uPlot, tested with node --test.
 */
import {clean, joinTables} from './chart-data.js';

/** "optimizer=adam, lr=0.01": a group's parameter values; a run that lacks a parameter shows "(none)". */
export function groupLabel(key) {
  return Object.entries(key).map(([name, value]) => `${name}=${value == null ? '(none)' : value}`).join(', ');
}

/** The band's lower and upper edges of a group: min and max, or mean ∓ stdDev. */
export function bandEdges(group, band) {
  if (band === 'std') {
    return {
      lower: group.mean.map((m, i) => (m == null || group.stdDev[i] == null ? null : m - group.stdDev[i])),
      upper: group.mean.map((m, i) => (m == null || group.stdDev[i] == null ? null : m + group.stdDev[i])),
    };
  }
  return {lower: [...group.min], upper: [...group.max]};
}

/**
 * @param answer the /ui/api/groups answer
 * @param {{band: 'minmax'|'std', log: boolean, color: (label: string, alpha?: number) => string}} options
 * @returns {{data, series, bands, groups: {label, runCount, runs: number[], mean: number, upper: number,
 *   lower: number}[]}} the table for uPlot (x, then mean, upper and lower of each group), the series, the bands,
 *   and each group's legend entry with the indexes of its columns and its runs per aligned x
 */
export function buildGroupData(answer, {band, log, color}) {
  const series = [{label: answer.axis}];
  const bands = [];
  const tables = [];
  const groups = [];
  answer.groups.forEach((group) => {
    const label = groupLabel(group.key);
    const edges = bandEdges(group, band);
    const mean = series.length;
    series.push({label, stroke: color(label), width: 2, spanGaps: true});
    const upper = series.length;
    series.push({label: `${label} upper`, stroke: 'transparent', width: 0, spanGaps: false, points: {show: false}});
    const lower = series.length;
    series.push({label: `${label} lower`, stroke: 'transparent', width: 0, spanGaps: false, points: {show: false}});
    bands.push({series: [upper, lower], fill: color(label, 0.18)});
    tables.push([[...group.x], clean(group.mean, log), clean(edges.upper, log), clean(edges.lower, log)]);
    groups.push({label, runCount: group.runCount, runNames: group.runNames ?? [], mean, upper, lower,
      runsAt: new Map(group.x.map((x, i) => [x, group.runs[i]]))});
  });
  return {data: joinTables(tables), series, bands, groups};
}
