/**
 * The runs table's model: its columns (the run's own, one per parameter, a few per metric), which are shown (the
 * user's choice, remembered per experiment), how each sorts on the server (the Search property behind it), how its
 * cells read, and which windows of rows a scrolled view needs. Pure: no DOM, tested with node --test.
 */
import {formatDuration, formatValue, formatZonedTime} from './format.js';

/** The statistics a metric can show, and the Search names of each. */
export const METRIC_STATS = [
  {id: 'last', label: 'last', search: 'Last'},
  {id: 'min', label: 'min', search: 'Min'},
  {id: 'max', label: 'max', search: 'Max'},
  {id: 'avg', label: 'avg', search: 'Avg'},
  {id: 'count', label: 'count', search: 'Count'},
  {id: 'stdDev', label: 'std', search: 'StdDev'},
];

/** The statistics shown for each metric until the user chooses otherwise. */
export const DEFAULT_STATS = ['last', 'min', 'max'];

const RUN_COLUMNS = [
  {id: 'name', label: 'Run', group: 'run', sortBy: 'TrialComponentName', value: (r) => r.displayName ?? r.name},
  {id: 'status', label: 'Status', group: 'run', sortBy: 'Status.PrimaryStatus', value: (r) => r.status},
  {id: 'start', label: 'Start', group: 'run', sortBy: 'StartTime', value: (r) => r.startTime, time: true},
  {id: 'end', label: 'End', group: 'run', sortBy: 'EndTime', value: (r) => r.endTime, time: true},
  {
    id: 'duration', label: 'Duration', group: 'run', sortBy: null, numeric: true,
    value: (r) => (r.startTime != null && r.endTime != null ? r.endTime - r.startTime : null),
    format: (v) => (v == null ? '' : formatDuration(v / 1000)),
  },
  {id: 'created', label: 'Created', group: 'run', sortBy: 'CreationTime', value: (r) => r.creationTime, time: true},
];

/** The columns of runs with these parameters and metrics (sorted names). */
export function columnsFor(parameters, metrics) {
  const columns = RUN_COLUMNS.map((c) => ({...c}));
  for (const name of parameters) {
    columns.push({
      id: `parameter:${name}`, label: name, group: 'parameter', sortBy: `Parameters.${name}`,
      value: (r) => r.parameters?.[name] ?? null,
    });
  }
  for (const metric of metrics) {
    for (const stat of METRIC_STATS) {
      columns.push({
        id: `metric:${metric}.${stat.id}`, label: `${metric} ${stat.label}`, group: 'metric', metric,
        stat: stat.id, sortBy: `Metrics.${metric}.${stat.search}`, numeric: true,
        value: (r) => r.metrics?.[metric]?.[stat.id] ?? null,
      });
    }
  }
  return columns;
}

/** What a cell shows (a few significant digits, times with their zone) and its exact value for the tooltip. */
export function cellText(column, run) {
  const value = column.value(run);
  if (value == null) {
    return {text: '', title: ''};
  }
  if (column.format) {
    return {text: column.format(value), title: String(value)};
  }
  if (column.time) {
    return {text: formatZonedTime(value), title: String(value)};
  }
  if (typeof value === 'number') {
    return {text: formatValue(value), title: String(value)};
  }
  return {text: String(value), title: String(value)};
}

/** The columns shown by default: the run's own (but "created"), every parameter, each metric's last, min and max. */
export function defaultVisible(columns) {
  return columns.filter((c) => (c.group === 'run' && c.id !== 'created') || c.group === 'parameter'
    || (c.group === 'metric' && DEFAULT_STATS.includes(c.stat))).map((c) => c.id);
}

/** The key under which a user's column choice is remembered. */
export function storageKey(account, region, experiment) {
  return `stepwise.columns.${account}.${region}.${experiment ?? '(unassigned)'}`;
}

/**
 * The visible columns: the remembered choice (ids that no longer exist dropped, columns new since then shown if they
 * would be by default, so that a new parameter is not hidden), else the default; the run's name always first.
 */
export function visibleColumns(columns, remembered) {
  const ids = new Set(columns.map((c) => c.id));
  let visible;
  if (remembered) {
    const chosen = new Set(remembered.shown.filter((id) => ids.has(id)));
    const known = new Set(remembered.known);
    defaultVisible(columns).filter((id) => !known.has(id)).forEach((id) => chosen.add(id));
    visible = columns.filter((c) => chosen.has(c.id)).map((c) => c.id);
  } else {
    visible = defaultVisible(columns);
  }
  return ['name', ...visible.filter((id) => id !== 'name')];
}

/** What to remember of a choice: the ids shown, and every id known then (to tell new columns later). */
export function rememberChoice(columns, shown) {
  return {shown: [...shown], known: columns.map((c) => c.id)};
}

/** The next sort after a click on a column: ascending first (newest first for times), then the other way. */
export function nextSort(current, column) {
  if (!column.sortBy) {
    return current;
  }
  if (current?.by === column.sortBy) {
    return {by: column.sortBy, order: current.order === 'Ascending' ? 'Descending' : 'Ascending'};
  }
  return {by: column.sortBy, order: column.time ? 'Descending' : 'Ascending'};
}

/**
 * The windows (their offsets) that rows [first, last] need, in windows of `size` rows, among `total` rows: the ones
 * that hold them and one beyond each end, so that scrolling finds its rows loaded.
 */
export function windowsFor(first, last, size, total) {
  if (total <= 0) {
    return [];
  }
  const from = Math.max(0, Math.floor(Math.max(0, first) / size) - 1);
  const to = Math.min(Math.ceil(total / size) - 1, Math.floor(Math.min(total - 1, last) / size) + 1);
  const offsets = [];
  for (let w = from; w <= to; w++) {
    offsets.push(w * size);
  }
  return offsets;
}

/** The rows a viewport shows: from the scroll offset and the heights (px), with a few rows more either side. */
export function visibleRows(scrollTop, viewportHeight, rowHeight, total, overscan = 10) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total - 1, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return {first, last};
}
