/**
 * An experiment's runs (?account&region&experiment=E, or &unassigned=true for the runs in no experiment): the runs
 * table (parameters and metric summaries, columns of the user's choice remembered per experiment, sorted and
 * filtered by Search on the server, rows loaded by windows as the table scrolls), runs ticked to compare their
 * curves, the runs grouped by parameters into mean-and-spread curves, a scatter of a parameter against a result and
 * parallel coordinates of the visible columns. The table and the charts refresh every 5 seconds while "Live" is on.
 */
import {ApiError, getJson, postJson, signInPending, startPage} from './api.js';
import {colorsFor} from './colors.js';
import {el, setData, setText} from './dom.js';
import {FilterError, parseFilter} from './filter-expr.js';
import {formatZonedTime, printable} from './format.js';
import {GroupChart} from './group-chart.js';
import {groupMetrics} from './metric-groups.js';
import {ParallelView} from './parallel-view.js';
import {
  columnsFor, defaultVisible, METRIC_STATS, nextSort, rememberChoice, storageKey, visibleColumns,
} from './runs-model.js';
import {RunsTable, WINDOW} from './runs-table.js';
import {ScatterView} from './scatter-view.js';

const LIVE_MS = 5000;
const MAX_COMPARE = 100;
const MAX_PARALLEL_AXES = 8;
const DEFAULT_SORT = {by: 'CreationTime', order: 'Descending'};

const $ = (id) => document.getElementById(id);
const ui = {
  back: $('back'),
  title: $('title'),
  subtitle: $('subtitle'),
  filterForm: $('filter-form'),
  filter: $('filter'),
  filterError: $('filter-error'),
  pickCount: $('pick-count'),
  compare: $('compare'),
  clearPicks: $('clear-picks'),
  columnList: $('column-list'),
  live: $('live'),
  status: $('status'),
  viewport: $('runs-viewport'),
  table: $('runs'),
  empty: $('empty'),
  groupBy: $('group-by'),
  band: $('band'),
  groupAxis: $('group-axis'),
  groupStatus: $('group-status'),
  groupCharts: $('group-charts'),
  scatterX: $('scatter-x'),
  scatterY: $('scatter-y'),
  scatterLog: $('scatter-log'),
  scatterLogX: $('scatter-log-x'),
  scatter: $('scatter'),
  scatterStatus: $('scatter-status'),
  parallel: $('parallel'),
};

const query = new URLSearchParams(location.search);

/** The page's state; also what the group charts read (see GroupChart). */
const page = {
  account: query.get('account'),
  region: query.get('region'),
  experiment: query.get('unassigned') === 'true' ? null : query.get('experiment'),
  names: {parameters: [], metrics: []},
  columns: [], // every column the runs have
  visible: [], // ids of the columns shown
  filterText: query.get('filter') ?? '',
  filterExpression: null,
  sort: query.get('sort') ? {by: query.get('sort'), order: query.get('order') === 'Ascending' ? 'Ascending'
    : 'Descending'} : DEFAULT_SORT,
  snapshot: null,
  generation: 0, // bumped by a new filter or sort: answers for an older one are dropped
  loading: new Set(), // offsets of windows asked for in this generation
  firstWindow: null, // the first window's answer (a promise), asked for before the names arrived
  picked: new Set(query.getAll('pick')),
  groupBy: query.getAll('group'),
  band: query.get('band') === 'std' ? 'std' : 'minmax',
  axis: query.get('gaxis') === 'relative' ? 'relative' : 'step',
  logMetrics: new Set(query.getAll('glog')),
  groupCharts: new Map(), // metric -> GroupChart
  live: query.get('live') !== '0',

  scope() {
    return this.experiment != null ? {experiment: this.experiment} : {unassigned: true};
  },

  expression() {
    return this.filterExpression;
  },

  logChanged(metric, log) {
    if (log) {
      this.logMetrics.add(metric);
    } else {
      this.logMetrics.delete(metric);
    }
    writeUrl();
  },
};

const table = new RunsTable({
  viewport: ui.viewport,
  table: ui.table,
  need: (offsets) => offsets.forEach((offset) => loadWindow(offset)),
  onSort: (column) => {
    page.sort = nextSort(page.sort, column);
    writeUrl();
    restartRows();
  },
  onPick: (name, checked) => {
    if (checked) {
      page.picked.add(name);
    } else {
      page.picked.delete(name);
    }
    showPicks();
  },
  runUrl: (name) => chartsUrl([name]),
});
const scatter = new ScatterView(ui.scatter, ui.scatterStatus, (name) => {
  location.href = chartsUrl([name]);
});
const parallel = new ParallelView(ui.parallel);

// ---- URL ----

function partitionQuery() {
  return new URLSearchParams({account: page.account, region: page.region});
}

function writeUrl() {
  const q = new URLSearchParams(location.search);
  const set = (key, value, byDefault) => (value == null || value === byDefault ? q.delete(key) : q.set(key, value));
  const setAll = (key, values) => {
    q.delete(key);
    values.forEach((v) => q.append(key, v));
  };
  set('filter', page.filterText, '');
  const defaultSort = page.sort.by === DEFAULT_SORT.by && page.sort.order === DEFAULT_SORT.order;
  set('sort', defaultSort ? null : page.sort.by);
  set('order', defaultSort ? null : page.sort.order);
  setAll('pick', [...page.picked].sort());
  setAll('group', page.groupBy);
  set('band', page.band, 'minmax');
  set('gaxis', page.axis, 'step');
  setAll('glog', [...page.logMetrics].sort());
  set('live', page.live ? '1' : '0', '1');
  set('sx', ui.scatterX.value || null);
  set('sy', ui.scatterY.value || null);
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

function chartsUrl(names) {
  const q = partitionQuery();
  names.forEach((name) => q.append('tc', name));
  q.set('from', `${location.pathname}${location.search}`);
  return `/ui/charts.html?${q}`;
}

// ---- Header ----

async function showHeader() {
  ui.back.href = `/ui/?${partitionQuery()}`;
  const name = page.experiment ?? 'Unassigned';
  setText(ui.title, name);
  document.title = `${name} · Stepwise`;
  const partition = `${page.account} · ${page.region}`;
  if (page.experiment == null) {
    setText(ui.subtitle, `Runs in no experiment · ${partition}`);
    return;
  }
  setText(ui.subtitle, partition);
  const answer = await getJson('experiments', {account: page.account, region: page.region});
  const experiment = answer.experiments.find((e) => e.name.toLowerCase() === page.experiment.toLowerCase());
  if (!experiment) {
    setText(ui.subtitle, `No experiment of this name in ${partition}.`);
    return;
  }
  setText(ui.title, experiment.displayName ?? experiment.name);
  document.title = `${experiment.displayName ?? experiment.name} · Stepwise`;
  const parts = [experiment.description, partition, `created ${formatZonedTime(experiment.creationTime)}`];
  setText(ui.subtitle, parts.filter((p) => p).join(' · '));
}

// ---- Columns ----

function rememberedColumns() {
  try {
    const saved = localStorage.getItem(storageKey(page.account, page.region, page.experiment));
    return saved ? JSON.parse(saved) : null;
  } catch {
    return null; // storage off or an unreadable value: the default choice
  }
}

function rememberColumns() {
  try {
    localStorage.setItem(storageKey(page.account, page.region, page.experiment),
      JSON.stringify(rememberChoice(page.columns, page.visible)));
  } catch {
    // Storage off (a private window's quota): the choice lasts as long as the page.
  }
}

function shownColumns() {
  const byId = new Map(page.columns.map((c) => [c.id, c]));
  return page.visible.map((id) => byId.get(id)).filter((c) => c);
}

function setNames(names) {
  const known = JSON.stringify(page.names);
  if (known === JSON.stringify(names)) {
    return false;
  }
  page.names = names;
  page.columns = columnsFor(names.parameters, names.metrics);
  page.visible = visibleColumns(page.columns, rememberedColumns());
  buildColumnChooser();
  buildGroupBy();
  buildScatterSelects();
  table.setColumns(shownColumns(), page.sort);
  return true;
}

function columnToggle(column, label = column.label) {
  const box = el('input', {type: 'checkbox', value: column.id, dataset: {column: column.id},
    'aria-label': `Show ${column.label}`});
  box.checked = page.visible.includes(column.id);
  box.disabled = column.id === 'name';
  box.addEventListener('change', () => {
    const shown = new Set(page.visible);
    if (box.checked) {
      shown.add(column.id);
    } else {
      shown.delete(column.id);
    }
    page.visible = page.columns.filter((c) => shown.has(c.id)).map((c) => c.id);
    rememberColumns();
    table.setColumns(shownColumns(), page.sort);
    loadColumnViews();
  });
  return el('label', {class: 'column-toggle'}, box, ` ${label}`);
}

function buildColumnChooser() {
  const groups = [];
  const runColumns = page.columns.filter((c) => c.group === 'run');
  groups.push(el('fieldset', {}, el('legend', {}, 'Run'), ...runColumns.map((c) => columnToggle(c))));
  const parameters = page.columns.filter((c) => c.group === 'parameter');
  if (parameters.length) {
    groups.push(el('fieldset', {}, el('legend', {}, 'Parameters'), ...parameters.map((c) => columnToggle(c))));
  }
  if (page.names.metrics.length) {
    const rows = page.names.metrics.map((metric) => el('tr', {},
      el('th', {scope: 'row'}, metric),
      ...METRIC_STATS.map((stat) => el('td', {}, columnToggle(
        page.columns.find((c) => c.id === `metric:${metric}.${stat.id}`), '')))));
    groups.push(el('fieldset', {}, el('legend', {}, 'Metrics'), el('table', {class: 'stat-grid'},
      el('thead', {}, el('tr', {}, el('th', {}), ...METRIC_STATS.map((s) => el('th', {scope: 'col'}, s.label)))),
      el('tbody', {}, ...rows))));
  }
  const reset = el('button', {type: 'button', class: 'button-quiet', id: 'columns-reset'}, 'Default columns');
  reset.addEventListener('click', () => {
    page.visible = visibleColumns(page.columns, null);
    rememberColumns();
    buildColumnChooser();
    table.setColumns(shownColumns(), page.sort);
    loadColumnViews();
  });
  ui.columnList.replaceChildren(...groups, reset);
  // Ids too are in the default set: keep what a reset shows equal to defaultVisible's choice.
  setData(ui.columnList, 'defaultCount', defaultVisible(page.columns).length);
}

// ---- Filter ----

function applyFilter(text) {
  try {
    page.filterExpression = parseFilter(text, page.names);
  } catch (e) {
    if (e instanceof FilterError) {
      showFilterError(text, e);
      return false;
    }
    throw e;
  }
  page.filterText = text.trim();
  ui.filterError.hidden = true;
  ui.filter.removeAttribute('aria-invalid');
  return true;
}

/** The mistake, with the expression and a caret under the place it was found. */
function showFilterError(text, error) {
  const position = Math.max(0, Math.min(error.position ?? 0, text.length));
  ui.filterError.replaceChildren(`Filter: ${error.message}`, el('code', {class: 'filter-caret'},
    `${text}\n${' '.repeat(position)}^`));
  setData(ui.filterError, 'position', position);
  ui.filterError.hidden = false;
  ui.filter.setAttribute('aria-invalid', 'true');
  ui.filter.focus();
  ui.filter.setSelectionRange(position, Math.min(text.length, position + 1));
}

function showServerFilterError(message) {
  ui.filterError.replaceChildren(`Filter: ${message}`);
  delete ui.filterError.dataset.position;
  ui.filterError.hidden = false;
  ui.filter.setAttribute('aria-invalid', 'true');
}

// ---- The table's rows ----

function runsBody(extra) {
  return {account: page.account, region: page.region, ...page.scope(), expression: page.filterExpression,
    sortBy: page.sort.by, sortOrder: page.sort.order, ...extra};
}

function showStatus(text, error = false) {
  setText(ui.status, text);
  ui.status.classList.toggle('error', error);
}

function showTotal(total) {
  setText(ui.status, `${total.toLocaleString('en-US')} run${total === 1 ? '' : 's'}${page.filterExpression
    ? ' match the filter' : ''}`);
  ui.status.classList.remove('error');
  ui.empty.hidden = total > 0;
  ui.viewport.hidden = total === 0;
}

/** The order changed: the first window again, under a new snapshot. */
function restartRows() {
  page.generation++;
  page.snapshot = null;
  page.loading.clear();
  ui.viewport.scrollTop = 0;
  table.setColumns(shownColumns(), page.sort);
  table.reset(0);
  loadWindow(0);
}

/** The filter changed: the rows, and the views of every matching run. */
function restartTable() {
  restartRows();
  loadGroupCharts();
  loadColumnViews();
}

async function loadWindow(offset) {
  const generation = page.generation;
  if (page.loading.has(offset) || (offset > 0 && page.snapshot == null)) {
    return; // asked already, or waiting for the first window's snapshot (which asks for the rest by drawing)
  }
  page.loading.add(offset);
  const asked = offset === 0 ? page.firstWindow : null;
  page.firstWindow = null;
  try {
    const ask = () => postJson('runs', runsBody({offset, limit: WINDOW, snapshot: page.snapshot}));
    const answer = await (asked ? asked.catch(ask) : ask()); // a failed early answer: asked again, now
    if (generation !== page.generation) {
      return;
    }
    page.snapshot = answer.snapshot;
    showTotal(answer.total);
    table.addWindow(offset, answer.runs, answer.total);
    document.body.dataset.ready = 'true';
  } catch (e) {
    if (generation !== page.generation) {
      return;
    }
    page.loading.delete(offset);
    if (e instanceof ApiError && e.status === 400 && page.snapshot != null && /snapshot/i.test(e.message)) {
      restartRows(); // the snapshot expired: order the matches again
    } else if (e instanceof ApiError && e.status === 400) {
      showServerFilterError(e.message);
      showStatus('');
    } else {
      showStatus(`Could not load the runs: ${e.message}`, true);
    }
  }
}

/** Live: the windows in view again, under a new snapshot, swapped in at once. */
async function refreshTable() {
  const generation = page.generation;
  const offsets = table.windowsInView();
  const first = await postJson('runs', runsBody({offset: offsets[0] ?? 0, limit: WINDOW, snapshot: null}));
  const rest = await Promise.all(offsets.slice(1).map((offset) => postJson('runs',
    runsBody({offset, limit: WINDOW, snapshot: first.snapshot}))));
  if (generation !== page.generation) {
    return;
  }
  page.snapshot = first.snapshot;
  page.loading = new Set(offsets.length ? offsets : [0]);
  const windows = [[first.offset, first.runs], ...rest.map((answer) => [answer.offset, answer.runs])];
  showTotal(first.total);
  table.replaceWindows(windows, first.total);
}

// ---- Picks ----

function showPicks() {
  const picked = [...page.picked];
  const colors = colorsFor(picked);
  table.setPicked(page.picked, colors);
  const count = picked.length;
  setText(ui.pickCount, count === 0 ? 'Tick runs to compare their curves'
    : count > MAX_COMPARE ? `${count} runs ticked: compare at most ${MAX_COMPARE}`
      : `${count} run${count === 1 ? '' : 's'} ticked`);
  ui.compare.disabled = count === 0 || count > MAX_COMPARE;
  ui.clearPicks.hidden = count === 0;
  writeUrl();
}

// ---- Group by ----

function buildGroupBy() {
  page.groupBy = page.groupBy.filter((name) => page.names.parameters.includes(name));
  if (page.names.parameters.length === 0) {
    ui.groupBy.replaceChildren(el('span', {class: 'muted'}, 'These runs have no parameters.'));
    return;
  }
  ui.groupBy.replaceChildren(...page.names.parameters.map((name) => {
    const box = el('input', {type: 'checkbox', value: name, class: 'group-pick'});
    box.checked = page.groupBy.includes(name);
    box.addEventListener('change', () => {
      const chosen = new Set(page.groupBy);
      if (box.checked) {
        chosen.add(name);
      } else {
        chosen.delete(name);
      }
      page.groupBy = page.names.parameters.filter((p) => chosen.has(p));
      writeUrl();
      rebuildGroupCharts();
    });
    return el('label', {class: 'control-check'}, box, ` ${name}`);
  }));
}

function rebuildGroupCharts() {
  page.groupCharts.forEach((chart) => chart.destroy());
  page.groupCharts.clear();
  ui.groupCharts.replaceChildren();
  if (page.groupBy.length === 0) {
    setText(ui.groupStatus, 'Tick one or more parameters to draw each group of runs as one curve per metric.');
    return;
  }
  if (page.groupBy.length > 4) {
    setText(ui.groupStatus, 'Group by at most 4 parameters.');
    return;
  }
  setText(ui.groupStatus, '');
  for (const {prefix, metrics} of groupMetrics(page.names.metrics)) {
    const charts = el('div', {class: 'chart-group-charts'});
    ui.groupCharts.append(el('details', {class: 'chart-group', open: true, dataset: {prefix}},
      el('summary', {}, prefix === '' ? 'Metrics without a prefix' : printable(prefix)), charts));
    for (const metric of metrics) {
      const chart = new GroupChart(page, metric);
      page.groupCharts.set(metric, chart);
      charts.append(chart.section);
    }
  }
  loadGroupCharts();
}

function loadGroupCharts() {
  const charts = [...page.groupCharts.values()];
  Promise.all(charts.map((chart) => chart.load())).then(() => {
    if (charts.length > 0 && charts.every((chart) => chart.draws > 0)) {
      document.body.dataset.groupsReady = 'true'; // every group chart drawn once (for tests and benchmarks)
    }
  });
}

// ---- Scatter and parallel coordinates ----

function option(value, label) {
  return el('option', {value}, label);
}

function buildScatterSelects() {
  const keepX = ui.scatterX.value || query.get('sx');
  const keepY = ui.scatterY.value || query.get('sy');
  const parameters = page.names.parameters.map((p) => option(`parameter:${p}`, p));
  const stats = page.names.metrics.flatMap((m) => METRIC_STATS.map((s) => option(`metric:${m}.${s.id}`,
    `${m} ${s.label}`)));
  ui.scatterX.replaceChildren(
    el('optgroup', {label: 'Parameters'}, ...parameters),
    el('optgroup', {label: 'Run'}, option('duration', 'Duration (ms)')),
    el('optgroup', {label: 'Metrics'}, ...stats.map((o) => o.cloneNode(true))));
  ui.scatterY.replaceChildren(
    el('optgroup', {label: 'Metrics'}, ...stats),
    el('optgroup', {label: 'Run'}, option('duration', 'Duration (ms)')));
  const has = (select, value) => value && [...select.options].some((o) => o.value === value);
  ui.scatterX.value = has(ui.scatterX, keepX) ? keepX : (ui.scatterX.options[0]?.value ?? '');
  const lastOfFirst = page.names.metrics.length ? `metric:${page.names.metrics[0]}.last` : 'duration';
  ui.scatterY.value = has(ui.scatterY, keepY) ? keepY : lastOfFirst;
}

function labelOf(select) {
  return select.selectedOptions[0]?.textContent ?? '';
}

let columnsSeq = 0;

/** The scatter and the parallel coordinates: the columns they draw, for every matching run, in one call. */
async function loadColumnViews() {
  const seq = ++columnsSeq;
  const axes = shownColumns().filter((c) => c.group === 'parameter' || c.group === 'metric')
    .slice(0, MAX_PARALLEL_AXES);
  const wanted = [...new Set([ui.scatterX.value, ui.scatterY.value, ...axes.map((c) => c.id)].filter((c) => c))];
  if (wanted.length === 0) {
    return;
  }
  try {
    const answer = await postJson('runs/columns', {account: page.account, region: page.region, ...page.scope(),
      expression: page.filterExpression, sortBy: page.sort.by, sortOrder: page.sort.order, columns: wanted});
    if (seq !== columnsSeq) {
      return;
    }
    const values = (id) => answer.columns[id] ?? answer.names.map(() => null);
    scatter.render(answer.names, values(ui.scatterX.value), values(ui.scatterY.value), labelOf(ui.scatterX),
      labelOf(ui.scatterY), {logX: ui.scatterLogX.checked, logY: ui.scatterLog.checked});
    const runs = answer.names.map((name, i) => ({name, values: axes.map((c) => values(c.id)[i])}));
    if (axes.length >= 2) {
      parallel.render(axes.map((c, a) => ({label: c.label, value: (run) => run.values[a]})), runs);
    } else {
      parallel.clear('Show two or more parameter or metric columns in the table to draw them here.');
    }
  } catch (e) {
    if (seq === columnsSeq) {
      setText(ui.scatterStatus, `Could not load the runs' values: ${e.message}`);
    }
  }
}

// ---- Loading and live refresh ----

async function loadNames() {
  const names = await getJson('runs/names', {account: page.account, region: page.region,
    ...(page.experiment != null ? {experiment: page.experiment} : {unassigned: 'true'})});
  return setNames(names);
}

/**
 * What changes when the runs change: their number and last activity (their own changes and their metrics' latest
 * points), one cheap call for the partition.
 */
async function activity() {
  const answer = await getJson('experiments', {account: page.account, region: page.region});
  const entry = page.experiment == null ? answer.unassigned
    : answer.experiments.find((e) => e.name.toLowerCase() === page.experiment.toLowerCase());
  return JSON.stringify([entry?.runCount, entry?.lastActivity, entry?.lastModifiedTime]);
}

const FULL_REFRESH_MS = 30000; // also catches what the activity misses (a point logged with an old timestamp)
let lastActivity = null;
let lastFull = 0;

function scheduleLive() {
  setTimeout(async () => {
    if (page.live && !signInPending() && !document.hidden) {
      try {
        const now = await activity();
        if (now !== lastActivity || Date.now() - lastFull >= FULL_REFRESH_MS) {
          lastActivity = now;
          lastFull = Date.now();
          if (await loadNames()) {
            rebuildGroupCharts();
          } else {
            loadGroupCharts();
          }
          await refreshTable();
          await loadColumnViews();
        }
      } catch (e) {
        showStatus(`Could not refresh: ${e.message} Trying again in a few seconds.`, true);
      }
    }
    scheduleLive();
  }, LIVE_MS);
}

function wireControls() {
  ui.filter.value = page.filterText;
  ui.filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (applyFilter(ui.filter.value)) {
      writeUrl();
      restartTable();
    }
  });
  ui.compare.addEventListener('click', () => {
    location.href = chartsUrl([...page.picked]);
  });
  ui.clearPicks.addEventListener('click', () => {
    page.picked.clear();
    showPicks();
  });
  ui.live.checked = page.live;
  ui.live.addEventListener('change', () => {
    page.live = ui.live.checked;
    writeUrl();
  });
  ui.band.value = page.band;
  ui.band.addEventListener('change', () => {
    page.band = ui.band.value;
    writeUrl();
    page.groupCharts.forEach((chart) => chart.answer && chart.render(chart.answer));
  });
  ui.groupAxis.value = page.axis;
  ui.groupAxis.addEventListener('change', () => {
    page.axis = ui.groupAxis.value;
    writeUrl();
    loadGroupCharts();
  });
  for (const select of [ui.scatterX, ui.scatterY]) {
    select.addEventListener('change', () => {
      writeUrl();
      loadColumnViews();
    });
  }
  ui.scatterLog.addEventListener('change', loadColumnViews);
  ui.scatterLogX.addEventListener('change', loadColumnViews);
}

async function load() {
  if (!page.account || !page.region || (page.experiment == null && query.get('unassigned') !== 'true')) {
    showStatus('This page needs ?account=…&region=… and &experiment=… (or &unassigned=true): open an experiment'
      + ' from the experiments page.', true);
    return;
  }
  wireControls();
  if (!page.filterText) {
    // The first window needs the names only to translate a filter: without one it is asked for at once, beside them.
    page.firstWindow = postJson('runs', runsBody({offset: 0, limit: WINDOW, snapshot: null}));
    page.firstWindow.catch(() => {}); // a failure: loadWindow asks again
  }
  for (;;) {
    try {
      await Promise.all([showHeader(), loadNames()]);
      break;
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
        showStatus(`Could not load the experiment: ${e.message}`, true); // asking again would not change that
        return;
      }
      showStatus(`Could not load the experiment: ${e.message} Trying again in a few seconds.`, true);
      await new Promise((resolve) => setTimeout(resolve, LIVE_MS));
    }
  }
  if (page.filterText && !applyFilter(page.filterText)) {
    page.filterExpression = null;
  }
  showPicks();
  rebuildGroupCharts();
  restartTable();
  lastActivity = await activity().catch(() => null);
  lastFull = Date.now();
  scheduleLive();
}

startPage(load);
