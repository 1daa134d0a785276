/**
 * The charts page: one chart per metric of the trial components named in the URL (?account&region&tc=…), grouped
 * by the metrics' prefixes (train:, validation:), with the x axis, smoothing and live refresh shared by every chart,
 * and zoom and log scale per chart. With one run, its details (status, times, parameters, artifacts, tags) head the
 * page.
 */
import {getJson, signInPending, startPage} from './api.js';
import {ChartView} from './chart-view.js';
import {colorsFor} from './colors.js';
import {el, setText} from './dom.js';
import {exact, formatDuration, formatValue, formatZonedTime, printable} from './format.js';
import {prefixOf} from './metric-groups.js';

const LIVE_MS = 3000;
const MAX_TCS = 100;
const AXES = ['step', 'time', 'relative'];

const $ = (id) => document.getElementById(id);
const ui = {
  back: $('back'),
  title: $('title'),
  names: $('tc-names'),
  partitionNote: $('partition-note'),
  xAxis: $('x-axis'),
  details: $('run-details'),
  smoothing: $('smoothing'),
  smoothingValue: $('smoothing-value'),
  live: $('live'),
  message: $('message'),
  charts: $('charts'),
};

const page = {
  account: null,
  region: null,
  tcs: [],
  settings: {axis: 'step', smoothing: 0, live: true},
  logMetrics: new Set(), // the charts on a log scale
  colors: new Map(), // tc -> its colour in this comparison
  listing: new Map(), // tc name -> its entry of the trial-components answer
  views: new Map(), // metric -> ChartView
  groups: new Map(), // metric prefix -> its section's chart container
  pending: 0,
  listed: false,

  metricOf(tc, metric) {
    return this.listing.get(tc)?.metrics?.find((m) => m.name === metric) ?? null;
  },

  color(tc, alpha = 1) {
    return this.colors.get(tc)?.(alpha) ?? 'gray';
  },

  logChanged(view) {
    if (view.log) {
      this.logMetrics.add(view.metric);
    } else {
      this.logMetrics.delete(view.metric);
    }
    writeUrl();
  },

  loading(delta) {
    this.pending += delta;
    if (this.pending > 0) {
      document.body.dataset.loading = 'true';
    } else {
      delete document.body.dataset.loading;
    }
  },

  drawn() {
    checkReady();
  },
};

function checkReady() {
  if (page.listed && [...page.views.values()].every((v) => v.drawn)) {
    document.body.dataset.ready = 'true';
  }
}

// ---- URL and settings ----

function readUrl() {
  const query = new URLSearchParams(location.search);
  page.account = query.get('account');
  page.region = query.get('region');
  page.tcs = [...new Set(query.getAll('tc').filter((tc) => tc))].slice(0, MAX_TCS);
  page.colors = colorsFor(page.tcs);
  const axis = query.get('x');
  if (AXES.includes(axis)) {
    page.settings.axis = axis;
  }
  page.logMetrics = new Set(query.getAll('log'));
  const smoothing = Number(query.get('smoothing'));
  if (Number.isFinite(smoothing) && smoothing > 0 && smoothing < 1) {
    page.settings.smoothing = smoothing;
  }
  page.settings.live = query.get('live') !== '0';
}

function writeUrl() {
  const query = new URLSearchParams(location.search);
  const set = (key, value, byDefault) => (value === byDefault ? query.delete(key) : query.set(key, value));
  set('x', page.settings.axis, 'step');
  query.delete('log');
  [...page.logMetrics].sort().forEach((metric) => query.append('log', metric));
  set('smoothing', String(page.settings.smoothing), '0');
  set('live', page.settings.live ? '1' : '0', '1');
  history.replaceState(null, '', `${location.pathname}?${query}`);
}

function showSettings() {
  ui.xAxis.value = page.settings.axis;
  ui.smoothing.value = String(page.settings.smoothing);
  ui.smoothingValue.value = page.settings.smoothing.toFixed(2);
  ui.live.checked = page.settings.live;
}

// ---- Header ----

function buildHeader() {
  const back = new URLSearchParams();
  if (page.account && page.region) {
    back.set('account', page.account);
    back.set('region', page.region);
  }
  ui.back.href = `/ui/${back.size ? `?${back}` : ''}`;
  const from = new URLSearchParams(location.search).get('from');
  if (from && from.startsWith('/ui/')) {
    ui.back.href = from; // the runs table this page was opened from
    ui.back.textContent = '← Runs';
  }
  ui.title.textContent = page.tcs.length > 1 ? `Compare ${page.tcs.length} trial components` : 'Charts';
  document.title = `${page.tcs.length === 1 ? page.tcs[0] : 'Compare'} · Stepwise`;
  ui.partitionNote.textContent = page.account ? `${page.account} · ${page.region}` : '';
  ui.names.replaceChildren(...page.tcs.map((tc) => {
    const swatch = el('span', {class: 'swatch', 'aria-hidden': 'true'});
    swatch.style.backgroundColor = page.color(tc);
    return el('li', {class: 'tc-chip', dataset: {tc}}, swatch, el('span', {class: 'tc-name'}, tc),
      el('span', {class: 'missing', hidden: true}, ' (no metrics here)'));
  }));
}

function showMessage(text, isError = false) {
  setText(ui.message, text);
  ui.message.classList.toggle('error', isError);
}

// ---- Listing and charts ----

/** Reads the partition's listing: the chosen trial components' metrics and last values; adds missing charts. */
async function refreshListing() {
  const answer = await getJson('trial-components', {account: page.account, region: page.region, name: page.tcs});
  const chosen = new Set(page.tcs);
  page.listing = new Map((answer.trialComponents || []).filter((tc) => chosen.has(tc.name)).map((tc) => [tc.name, tc]));
  page.listed = true;

  for (const chip of ui.names.children) {
    chip.querySelector('.missing').hidden = page.listing.has(chip.dataset.tc);
  }
  const metrics = new Set();
  for (const tc of page.listing.values()) {
    (tc.metrics || []).forEach((m) => metrics.add(m.name));
  }
  for (const metric of [...metrics].sort((a, b) => a.localeCompare(b))) {
    if (!page.views.has(metric)) {
      addView(metric);
    }
  }
  for (const [metric, view] of page.views) {
    view.setTrialComponents(page.tcs.filter((tc) => page.metricOf(tc, metric) !== null));
  }

  if (page.listing.size === 0) {
    showMessage(page.tcs.length === 1
      ? `${page.tcs[0]} has no metrics in ${page.account} · ${page.region}.`
      : `None of these trial components has metrics in ${page.account} · ${page.region}.`);
  } else if (page.views.size === 0) {
    showMessage('No metrics to draw.');
  } else {
    showMessage('');
  }
  checkReady();
}

const visibility = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const view = entry.target.view;
    view.visible = entry.isIntersecting;
    if (view.visible && view.stale && !view.loading) {
      view.load();
    }
  }
}, {rootMargin: '200px 0px'});

/** The section of a metric prefix (train, validation, or '' for none), made in its place among the others. */
function groupContainer(prefix) {
  if (!page.groups.has(prefix)) {
    const charts = el('div', {class: 'chart-group-charts'});
    const section = el('details', {class: 'chart-group', open: true, dataset: {prefix}},
      el('summary', {}, prefix === '' ? 'Metrics without a prefix' : printable(prefix)), charts);
    section.charts = charts;
    const after = [...page.groups.keys()].filter((p) => (prefix === '' ? false : p === '' || p.localeCompare(prefix) < 0))
      .sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))).pop();
    if (after === undefined) {
      ui.charts.prepend(section);
    } else {
      page.groups.get(after).after(section);
    }
    page.groups.set(prefix, section);
  }
  return page.groups.get(prefix).charts;
}

function addView(metric) {
  const view = new ChartView(page, metric, page.logMetrics.has(metric));
  view.section.view = view;
  const prefix = prefixOf(metric);
  const container = groupContainer(prefix);
  const after = [...page.views.keys()].filter((m) => prefixOf(m) === prefix && m.localeCompare(metric) < 0)
    .sort((a, b) => a.localeCompare(b)).pop();
  if (after === undefined) {
    container.prepend(view.section);
  } else {
    page.views.get(after).section.after(view.section);
  }
  page.views.set(metric, view);
  visibility.observe(view.section);
  delete document.body.dataset.ready;
  return view;
}

function loadAll() {
  return Promise.all([...page.views.values()].map((view) => view.load()));
}

function renderAll() {
  page.views.forEach((view) => view.render());
}

// ---- Live refresh ----

let liveTimer = null;
let liveRun = 0;

function scheduleLive(delay = LIVE_MS) {
  clearTimeout(liveTimer);
  liveTimer = null;
  if (page.settings.live) {
    const run = liveRun;
    liveTimer = setTimeout(() => liveTick(run), delay);
  }
}

async function liveTick(run) {
  if (run !== liveRun || !page.settings.live) {
    return;
  }
  if (!signInPending() && !document.hidden) {
    try {
      await refreshListing();
    } catch (e) {
      showMessage(`Could not refresh the list of metrics: ${e.message}`, true);
    }
    await Promise.all([...page.views.values()].map((view) => {
      if (!view.visible) {
        view.stale = true; // refreshed when it scrolls into view
        return null;
      }
      return view.loading || view.dragging ? null : view.load();
    }));
  }
  if (run === liveRun) {
    scheduleLive();
  }
}

// ---- Controls ----

let smoothingFrame = 0;

function wireControls() {
  ui.xAxis.addEventListener('change', () => {
    page.settings.axis = ui.xAxis.value;
    writeUrl();
    page.views.forEach((view) => {
      view.zoom = null; // a range on one axis means nothing on another
    });
    loadAll();
  });
  ui.smoothing.addEventListener('input', () => {
    page.settings.smoothing = Number(ui.smoothing.value);
    ui.smoothingValue.value = page.settings.smoothing.toFixed(2);
    cancelAnimationFrame(smoothingFrame);
    smoothingFrame = requestAnimationFrame(() => {
      writeUrl();
      renderAll();
    });
  });
  ui.live.addEventListener('change', () => {
    page.settings.live = ui.live.checked;
    writeUrl();
    liveRun++;
    if (page.settings.live) {
      scheduleLive(0);
    } else {
      clearTimeout(liveTimer);
    }
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && page.settings.live) {
      liveRun++;
      scheduleLive(0);
    }
  });
}

// ---- One run's details ----

function detailsList(title, entries) {
  if (entries.length === 0) {
    return null;
  }
  return el('div', {class: 'detail-block'}, el('h2', {}, title),
    el('dl', {class: 'details-list'}, ...entries.flatMap(([name, value, exactValue]) => [
      el('dt', {}, printable(name)), el('dd', {title: exactValue ?? ''}, value)])));
}

/** With one run: its status, times, parameters, artifacts, tags and trials, from /ui/api/run. */
async function loadRunDetails() {
  if (page.tcs.length !== 1) {
    return;
  }
  let run;
  try {
    run = await getJson('run', {account: page.account, region: page.region, name: page.tcs[0]});
  } catch (e) {
    return; // a run known only by its metrics, or an older server: the charts say enough
  }
  const times = [
    ['Status', run.status ?? '—'], ['Message', run.statusMessage], ['Start', formatZonedTime(run.startTime)],
    ['End', formatZonedTime(run.endTime)],
    ['Duration', run.startTime != null && run.endTime != null ? formatDuration((run.endTime - run.startTime) / 1000)
      : null],
    ['Created', formatZonedTime(run.creationTime)],
    ['Trials', (run.parents ?? []).map((p) => `${p.trialName} (${p.experimentName})`).join(', ')],
  ].filter(([, value]) => value);
  const parameters = Object.entries(run.parameters ?? {}).map(([name, value]) =>
    [name, typeof value === 'number' ? formatValue(value) : String(value), exact(value)]);
  const artifacts = [
    ...Object.entries(run.inputArtifacts ?? {}).map(([name, a]) => [`in: ${name}`, a.value]),
    ...Object.entries(run.outputArtifacts ?? {}).map(([name, a]) => [`out: ${name}`, a.value]),
  ];
  const tags = (run.tags ?? []).map((t) => [t.key, t.value]);
  ui.details.replaceChildren(...[detailsList('Run', times), detailsList('Parameters', parameters),
    detailsList('Artifacts', artifacts), detailsList('Tags', tags)].filter(Boolean));
  ui.details.hidden = false;
}

async function load() {
  readUrl();
  showSettings();
  buildHeader();
  wireControls();
  if (!page.account || !page.region || page.tcs.length === 0) {
    showMessage('Choose one or more trial components on the trial components page.');
    page.listed = true;
    checkReady();
    return;
  }
  loadRunDetails();
  try {
    await refreshListing();
    await loadAll();
  } catch (e) {
    showMessage(`Could not load the metrics: ${e.message}`, true);
  }
  liveRun++;
  scheduleLive();
}

startPage(load);
