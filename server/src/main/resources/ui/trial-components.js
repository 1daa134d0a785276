/**
 * The trial components page: every trial component of one account and region that has metrics, in an experiment or
 * not, with its metrics' last values, filtered by name, sorted, refreshed every 5 seconds; ticked ones open together
 * on the charts page.
 */
import {getJson, signInPending, startPage} from './api.js';
import {PartitionPicker} from './partitions.js';
import {colorsFor} from './colors.js';
import {el, setData, setText} from './dom.js';
import {exact, formatValue, formatZonedTime, printable} from './format.js';

const REFRESH_MS = 5000;
const MAX_PICKS = 100;

const $ = (id) => document.getElementById(id);
const ui = {
  partition: $('partition'),
  filter: $('filter'),
  sort: $('sort'),
  table: $('trial-components'),
  tbody: $('trial-components').tBodies[0],
  compare: $('compare'),
  clearPicks: $('clear-picks'),
  pickCount: $('pick-count'),
  empty: $('empty'),
  noMatch: $('no-match'),
  status: $('status'),
};

const state = {
  account: null,
  region: null,
  trialComponents: [], // the listing's answer, most recently updated first
  rows: new Map(), // name -> {row, checkbox, metrics, points, first, last, metricsKey}
  picked: new Set(),
  generation: 0, // bumped when the partition changes: answers for an older one are dropped
};

const picker = new PartitionPicker(ui.partition, choosePartition);

function chartsUrl(names) {
  const query = picker.query();
  names.forEach((name) => query.append('tc', name));
  return `charts.html?${query}`;
}

function showPartition() {
  state.account = picker.account;
  state.region = picker.region;
  document.getElementById('back').href = state.account ? `/ui/?${picker.query()}` : '/ui/';
}

function choosePartition() {
  showPartition();
  state.generation++;
  state.trialComponents = [];
  state.picked.clear();
  state.rows.forEach(({row}) => row.remove());
  state.rows.clear();
  updatePicks();
  refreshList().catch(showError);
}

// ---- Rows ----

function createRow(name) {
  const checkbox = el('input', {type: 'checkbox', class: 'compare-pick', value: name, 'aria-label': `Compare ${name}`});
  checkbox.checked = state.picked.has(name);
  checkbox.addEventListener('change', () => {
    if (checkbox.checked) {
      state.picked.add(name);
    } else {
      state.picked.delete(name);
    }
    updatePicks();
  });
  const link = el('a', {class: 'open', href: chartsUrl([name])}, name);
  const cells = {
    metrics: el('td', {class: 'metrics'}),
    points: el('td', {class: 'points num'}),
    first: el('td', {class: 'first-update'}),
    last: el('td', {class: 'last-update'}),
  };
  const row = el('tr', {class: 'trial-component', dataset: {name}},
    el('td', {class: 'pick'}, checkbox),
    el('td', {class: 'name'}, el('span', {class: 'swatch', 'aria-hidden': 'true'}), link),
    cells.metrics, cells.points, cells.first, cells.last);
  return {row, checkbox, ...cells, metricsKey: null};
}

function updateRow(entry, tc) {
  const metrics = [...(tc.metrics || [])].sort((a, b) => a.name.localeCompare(b.name));
  const metricsKey = JSON.stringify(metrics.map((m) => [m.name, m.lastValue]));
  if (metricsKey !== entry.metricsKey) {
    entry.metricsKey = metricsKey;
    entry.metrics.replaceChildren(...metrics.map((m) =>
      el('span', {class: 'metric', dataset: {metric: m.name}}, `${printable(m.name)} `,
        el('span', {class: 'last-value', title: exact(m.lastValue)}, formatValue(m.lastValue)))));
  }
  setText(entry.points, tc.pointCount);
  setText(entry.first, formatZonedTime(tc.firstTimestamp));
  setData(entry.first, 'ms', tc.firstTimestamp ?? '');
  setText(entry.last, formatZonedTime(tc.lastTimestamp));
  setData(entry.last, 'ms', tc.lastTimestamp ?? '');
}

function sorted(trialComponents) {
  const list = [...trialComponents];
  if (ui.sort.value === 'name') {
    list.sort((a, b) => a.name.localeCompare(b.name));
  } else {
    list.sort((a, b) => (b.lastTimestamp ?? -Infinity) - (a.lastTimestamp ?? -Infinity) || a.name.localeCompare(b.name));
  }
  return list;
}

function render() {
  const names = new Set(state.trialComponents.map((tc) => tc.name));
  for (const [name, entry] of state.rows) {
    if (!names.has(name)) {
      entry.row.remove();
      state.rows.delete(name);
      state.picked.delete(name);
    }
  }
  const order = [];
  for (const tc of sorted(state.trialComponents)) {
    let entry = state.rows.get(tc.name);
    if (!entry) {
      entry = createRow(tc.name);
      state.rows.set(tc.name, entry);
    }
    updateRow(entry, tc);
    order.push(entry.row);
  }
  const current = Array.from(ui.tbody.rows);
  if (order.length !== current.length || order.some((row, i) => row !== current[i])) {
    const focused = document.activeElement;
    ui.tbody.append(...order); // moves rows into place
    if (focused && focused !== document.activeElement && focused.isConnected) {
      focused.focus({preventScroll: true});
    }
  }
  applyFilter();
  updatePicks();
}

function applyFilter() {
  const text = ui.filter.value.trim().toLowerCase();
  let shown = 0;
  for (const [name, {row}] of state.rows) {
    const match = !text || name.toLowerCase().includes(text);
    row.hidden = !match;
    shown += match ? 1 : 0;
  }
  const none = state.rows.size === 0;
  ui.empty.hidden = !none;
  if (none) {
    ui.empty.textContent = state.account
      ? 'No trial components in this account and region yet.'
      : 'No metrics have been stored yet: log some with BatchPutMetrics and they show up here.';
  }
  ui.noMatch.hidden = none || shown > 0;
  ui.table.hidden = none;
}

function updatePicks() {
  const count = state.picked.size;
  ui.compare.disabled = count < 2;
  ui.clearPicks.hidden = count === 0;
  ui.pickCount.textContent = count === 0 ? 'Tick 2 or more to compare'
    : count >= MAX_PICKS ? `${count} ticked (the most one chart shows)`
      : `${count} ticked`;
  // The swatch of a ticked run is its colour in the comparison it would open.
  const colors = colorsFor([...state.picked]);
  for (const {row, checkbox} of state.rows.values()) {
    checkbox.checked = state.picked.has(checkbox.value);
    checkbox.disabled = !checkbox.checked && count >= MAX_PICKS;
    row.querySelector('.swatch').style.backgroundColor = colors.get(checkbox.value)?.() ?? 'transparent';
  }
}

// ---- Loading ----

async function refreshList() {
  if (!state.account) {
    render();
    return;
  }
  const generation = state.generation;
  const answer = await getJson('trial-components', {account: state.account, region: state.region});
  if (generation !== state.generation) {
    return;
  }
  state.trialComponents = answer.trialComponents || [];
  ui.status.textContent = '';
  ui.status.classList.remove('error');
  render();
}

function showError(e) {
  ui.status.textContent = `Could not load the trial components: ${e.message} Trying again in a few seconds.`;
  ui.status.classList.add('error');
}

async function refresh() {
  try {
    await picker.load();
    showPartition();
    await refreshList();
  } catch (e) {
    showError(e);
  }
}

function scheduleRefresh() {
  setTimeout(async () => {
    if (!signInPending() && !document.hidden) {
      await refresh();
    }
    scheduleRefresh();
  }, REFRESH_MS);
}

function wireControls() {
  ui.filter.addEventListener('input', applyFilter);
  ui.sort.addEventListener('change', render);
  ui.compare.addEventListener('click', () => {
    if (state.picked.size >= 2) {
      location.href = chartsUrl([...state.picked].slice(0, MAX_PICKS));
    }
  });
  ui.clearPicks.addEventListener('click', () => {
    state.picked.clear();
    updatePicks();
  });
}

async function load() {
  showPartition();
  wireControls();
  await refresh();
  scheduleRefresh();
}

startPage(load);
