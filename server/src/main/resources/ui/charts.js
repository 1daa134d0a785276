/**
 * The charts page: one chart per metric of the trial components named in the URL (?account&region&tc=…), with
 * the x axis, log scale, smoothing and live refresh shared by every chart, and zoom per chart.
 */
import {getJson, signInPending, startPage} from './api.js';
import {ChartView} from './chart-view.js';
import {tcColor} from './colors.js';
import {el, setText} from './dom.js';

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
  yLog: $('y-log'),
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
  settings: {axis: 'step', log: false, smoothing: 0, live: true},
  listing: new Map(), // tc name -> its entry of the trial-components answer
  views: new Map(), // metric -> ChartView
  pending: 0,
  listed: false,

  metricOf(tc, metric) {
    return this.listing.get(tc)?.metrics?.find((m) => m.name === metric) ?? null;
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
  const axis = query.get('x');
  if (AXES.includes(axis)) {
    page.settings.axis = axis;
  }
  page.settings.log = query.get('log') === '1';
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
  set('log', page.settings.log ? '1' : '0', '0');
  set('smoothing', String(page.settings.smoothing), '0');
  set('live', page.settings.live ? '1' : '0', '1');
  history.replaceState(null, '', `${location.pathname}?${query}`);
}

function showSettings() {
  ui.xAxis.value = page.settings.axis;
  ui.yLog.checked = page.settings.log;
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
  ui.title.textContent = page.tcs.length > 1 ? `Compare ${page.tcs.length} trial components` : 'Charts';
  document.title = `${page.tcs.length === 1 ? page.tcs[0] : 'Compare'} · Stepwise`;
  ui.partitionNote.textContent = page.account ? `${page.account} · ${page.region}` : '';
  ui.names.replaceChildren(...page.tcs.map((tc) => {
    const swatch = el('span', {class: 'swatch', 'aria-hidden': 'true'});
    swatch.style.backgroundColor = tcColor(tc);
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
  const answer = await getJson('trial-components', {account: page.account, region: page.region});
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

function addView(metric) {
  const view = new ChartView(page, metric);
  view.section.view = view;
  const after = [...page.views.keys()].filter((m) => m.localeCompare(metric) < 0).sort((a, b) => a.localeCompare(b)).pop();
  if (after === undefined) {
    ui.charts.prepend(view.section);
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
  ui.yLog.addEventListener('change', () => {
    page.settings.log = ui.yLog.checked;
    writeUrl();
    renderAll();
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
