/**
 * Metrics grouped by their prefix, as TensorBoard groups its tags: `train:loss` and `train:accuracy` under "train",
 * `validation/loss` under "validation". The prefix is what comes before the first ':' or '/'; a metric without one
 * is in the group of no prefix, which comes first. Groups and their metrics are in name order.
 * Pure: no DOM, tested with node --test.
 */

/** The group a metric belongs to: its prefix, or '' for none. */
export function prefixOf(metric) {
  const cut = metric.search(/[:/]/);
  return cut > 0 ? metric.slice(0, cut) : '';
}

/** @returns {{prefix: string, metrics: string[]}[]} */
export function groupMetrics(metrics) {
  const groups = new Map();
  for (const metric of [...new Set(metrics)].sort((a, b) => a.localeCompare(b))) {
    const prefix = prefixOf(metric);
    if (!groups.has(prefix)) {
      groups.set(prefix, []);
    }
    groups.get(prefix).push(metric);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))
    .map(([prefix, names]) => ({prefix, metrics: names}));
}
