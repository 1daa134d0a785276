/**
 * One chart: one metric of the chosen trial components, drawn with uPlot. Each trial component gets its average
 * line (in its colour), its min–max band when the answer is bucketed, and, when smoothing, its smoothed line over
 * the faint raw one. The chart asks the server for about one bucket per pixel of its width, over its zoomed range.
 *
 * What it drew is exposed for the browser tests on its section: the property `uplot` and data-* attributes.
 */
import uPlot from '/ui/vendor/uplot/uPlot.esm.js';
import {apiUrl, getJson} from './api.js';
import {buildChartData} from './chart-data.js';
import {el, setData, setText} from './dom.js';
import {
  exact, formatDuration, formatMillis, formatSteps, formatValue, formatZonedTime, printable, timeTicks, zoneLabel,
} from './format.js';

const MAX_BUCKETS = 10000;
const FOCUS_ALPHA = 0.3;

/** The axis the server is asked for: relative time is wall time shifted by each series' first point. */
export const queryAxis = (axis) => (axis === 'relative' ? 'time' : axis);

const STEP_INCRS = [];
for (let e = 0; e < 16; e++) {
  for (const m of [1, 2, 5]) {
    STEP_INCRS.push(m * 10 ** e);
  }
}
const DURATION_INCRS = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5,
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
  3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 1209600, 2592000, 7776000, 31536000,
];

function plotHeight() {
  return window.innerWidth <= 600 ? 220 : 280;
}

/** Sizes a y axis to its longest tick label (uPlot's default is a fixed 50 px). */
function axisSize(u, values, axisIdx) {
  const axis = u.axes[axisIdx];
  let size = axis.ticks.size + axis.gap;
  const longest = (values ?? []).reduce((acc, v) => (String(v).length > acc.length ? String(v) : acc), '');
  if (longest) {
    u.ctx.font = axis.font[0];
    size += u.ctx.measureText(longest).width / devicePixelRatio;
  }
  return Math.ceil(size) + 4;
}

/** A y tick label: short, without float noise, and never rounded to 0 (as uPlot's 3 decimals would 0.0001). */
function tickNumber(v) {
  if (v == null) {
    return '';
  }
  const tidy = Number(v.toPrecision(10));
  const abs = Math.abs(tidy);
  return abs !== 0 && (abs < 1e-4 || abs >= 1e9) ? tidy.toExponential() : String(tidy);
}

/** The x axis's title. */
export function xAxisTitle(axis) {
  switch (axis) {
    case 'time':
      return `Wall time (${zoneLabel()})`;
    case 'relative':
      return 'Time since the run\'s first point';
    default:
      return 'Step';
  }
}

function fileName(tc, metric, kind) {
  return `${tc}-${metric}`.replace(/[^A-Za-z0-9._-]/g, '_') + `-${kind}.csv`;
}

export class ChartView {
  /**
   * @param page what the chart needs of its page: account, region, settings {axis, smoothing, live},
   *   metricOf(tc, metric), color(tc, alpha), loading(delta), drawn(view), logChanged(view)
   * @param log whether this chart starts on a log y scale (each chart has its own)
   */
  constructor(page, metric, log = false) {
    this.page = page;
    this.metric = metric;
    this.log = log;
    this.tcs = []; // trial components that have this metric, in the page's order
    this.zoom = null; // {min, max} on the x scale, or null for the whole extent
    this.answers = null; // Map tc -> series answer, on this.answersAxis
    this.answersAxis = null;
    this.answersTcs = [];
    this.origins = new Map(); // tc -> first point's time (relative axis)
    this.lastBuckets = 0;
    this.u = null;
    this.signature = null;
    this.layout = null;
    this.seq = 0;
    this.loading = false;
    this.draws = 0;
    this.drawn = false;
    this.visible = true;
    this.stale = false;
    this.dragging = false;
    this.width = 0;
    this.hover = {ci: null, data: null, idx: []};
    this.buildDom();
  }

  buildDom() {
    this.resolution = el('span', {class: 'resolution'});
    this.resetButton = el('button', {type: 'button', class: 'reset-zoom button-quiet', hidden: true}, 'Zoom out');
    this.resetButton.addEventListener('click', () => this.resetZoom());
    this.logBox = el('input', {type: 'checkbox', class: 'y-log'});
    this.logBox.checked = this.log;
    this.logBox.addEventListener('change', () => {
      this.log = this.logBox.checked;
      this.render();
      this.page.logChanged?.(this);
    });
    const logToggle = el('label', {class: 'chart-log'}, this.logBox, ' log y');
    this.plot = el('div', {class: 'plot', role: 'img', 'aria-label': `Chart of ${printable(this.metric)}`});
    this.cursorX = el('span', {class: 'cursor-x', 'aria-hidden': 'true'});
    this.items = el('span', {class: 'legend-items'});
    this.legend = el('div', {class: 'legend'}, this.items, this.cursorX);
    this.exports = el('div', {class: 'exports'});
    this.section = el('section', {class: 'chart', dataset: {metric: this.metric, draws: '0'}},
      el('div', {class: 'chart-head'}, el('h2', {}, printable(this.metric)), this.resolution, logToggle,
        this.resetButton),
      this.plot, this.legend, this.exports);
    this.section.uplot = null;

    this.plot.addEventListener('mousedown', () => {
      this.dragging = true;
      window.addEventListener('mouseup', () => {
        this.dragging = false;
      }, {once: true});
    });
    this.resizeObserver = new ResizeObserver(() => this.onResize());
    this.resizeObserver.observe(this.plot);
  }

  // ---- Trial components, legend and downloads ----

  /** The trial components drawn (those that have the metric); rebuilds the legend when they change. */
  setTrialComponents(tcs) {
    if (tcs.join('\n') === this.tcs.join('\n') && this.legendItems) {
      this.updateLastValues();
      return;
    }
    this.tcs = [...tcs];
    this.legendItems = new Map();
    this.items.replaceChildren(...this.tcs.map((tc) => {
      const swatch = el('span', {class: 'swatch', 'aria-hidden': 'true'});
      swatch.style.backgroundColor = this.page.color(tc);
      const lastValue = el('span', {class: 'last-value'});
      const smoothedValue = el('span', {class: 'smoothed-value', hidden: true});
      const hoverValue = el('span', {class: 'hover-value'});
      const item = el('span', {class: 'legend-item', dataset: {tc}},
        swatch, el('span', {class: 'tc-name'}, tc), el('span', {class: 'value-label'}, 'last'), lastValue,
        smoothedValue, hoverValue);
      item.addEventListener('mouseenter', () => this.focusTc(tc));
      item.addEventListener('mouseleave', () => this.focusTc(null));
      this.legendItems.set(tc, {item, lastValue, smoothedValue, hoverValue});
      return item;
    }));
    this.buildExports();
    this.updateLastValues();
  }

  /**
   * The legend's last values: the raw last value of each run (a few digits; the exact one in its tooltip), and, while
   * smoothing, the smoothed line's last value beside it.
   */
  updateLastValues() {
    for (const [tc, {lastValue, smoothedValue}] of this.legendItems ?? []) {
      const last = this.page.metricOf(tc, this.metric)?.lastValue;
      setText(lastValue, formatValue(last));
      lastValue.title = exact(last);
      const smoothed = this.page.settings.smoothing > 0 ? this.smoothedLast?.get(tc) : null;
      smoothedValue.hidden = smoothed == null;
      setText(smoothedValue, smoothed == null ? '' : `smoothed ${formatValue(smoothed)}`);
      smoothedValue.title = smoothed == null ? '' : exact(smoothed);
    }
  }

  buildExports() {
    this.exportLinks = new Map();
    const links = (tc, rawText, bucketsText) => {
      const raw = el('a', {class: 'export-raw', download: fileName(tc, this.metric, 'raw'), dataset: {tc}}, rawText);
      const buckets = el('a', {class: 'export-buckets', download: fileName(tc, this.metric, 'buckets'), dataset: {tc}},
        bucketsText);
      this.exportLinks.set(tc, {raw, buckets});
      return [raw, buckets];
    };
    if (this.tcs.length === 1) {
      const [raw, buckets] = links(this.tcs[0], 'raw points', 'buckets as drawn');
      this.exports.replaceChildren('Download CSV: ', raw, ' · ', buckets);
    } else {
      const list = el('ul', {}, ...this.tcs.map((tc) => {
        const [raw, buckets] = links(tc, 'raw points', 'buckets as drawn');
        return el('li', {}, el('span', {class: 'tc-name'}, tc), ': ', raw, ' · ', buckets);
      }));
      this.exports.replaceChildren(el('details', {}, el('summary', {}, 'Download CSV'), list));
    }
    this.updateExports();
  }

  updateExports() {
    const axis = this.answersAxis ?? this.page.settings.axis;
    const buckets = this.lastBuckets || this.bucketCount();
    for (const [tc, {raw, buckets: bucketsLink}] of this.exportLinks ?? []) {
      const params = {
        account: this.page.account, region: this.page.region, trialComponent: tc, metric: this.metric,
        axis: queryAxis(axis), buckets, ...this.range(tc, axis, this.zoom),
      };
      raw.href = apiUrl('series.csv', {...params, raw: true});
      bucketsLink.href = apiUrl('series.csv', {...params, raw: false});
    }
  }

  // ---- Loading ----

  /** About one bucket per CSS pixel of the plot's width. */
  bucketCount() {
    const width = Math.round(this.plot.clientWidth) || 600;
    return Math.max(1, Math.min(MAX_BUCKETS, width));
  }

  /** The [from, to) range to ask for, in the query axis's units (steps, epoch ms), or {} for everything. */
  range(tc, axis, zoom) {
    if (!zoom) {
      return {};
    }
    let {min, max} = zoom;
    if (axis === 'relative') {
      const origin = this.origins.get(tc) ?? this.page.metricOf(tc, this.metric)?.firstTimestamp ?? 0;
      min = origin + min * 1000;
      max = origin + max * 1000;
    }
    return {from: Math.floor(min), to: Math.floor(max) + 1};
  }

  /** Asks for every trial component's series over the current range, then draws. Later calls supersede. */
  async load() {
    const seq = ++this.seq;
    const axis = this.page.settings.axis;
    const zoom = this.zoom;
    const tcs = [...this.tcs];
    const buckets = this.bucketCount();
    this.loading = true;
    this.page.loading(1);
    try {
      const answers = await Promise.all(tcs.map((tc) => getJson('series', {
        account: this.page.account, region: this.page.region, trialComponent: tc, metric: this.metric,
        axis: queryAxis(axis), buckets, ...this.range(tc, axis, zoom),
      })));
      if (seq !== this.seq) {
        return;
      }
      this.answers = new Map(tcs.map((tc, i) => [tc, answers[i]]));
      this.answersAxis = axis;
      this.answersTcs = tcs;
      this.lastBuckets = buckets;
      answers.forEach((answer, i) => {
        if (answer.firstTimestamp != null) {
          this.origins.set(tcs[i], answer.firstTimestamp);
        }
      });
      this.stale = false;
      this.hideError();
      this.render();
    } catch (e) {
      if (seq === this.seq) {
        this.showError(e);
      }
    } finally {
      if (seq === this.seq) {
        this.loading = false;
      }
      this.page.loading(-1);
    }
  }

  showError(e) {
    if (!this.error) {
      this.error = el('div', {class: 'error', role: 'alert'});
      this.plot.after(this.error);
    }
    const retry = el('button', {type: 'button', class: 'button-quiet'}, 'Retry now');
    retry.addEventListener('click', () => this.load());
    this.error.replaceChildren(
      `Could not load ${printable(this.metric)}: ${e.message} `,
      this.page.settings.live ? 'Trying again at the next refresh. ' : '', retry);
  }

  hideError() {
    this.error?.remove();
    this.error = null;
  }

  // ---- Zoom ----

  onSelect(u) {
    const {left, width} = u.select;
    if (width < 2) {
      return;
    }
    const min = u.posToVal(left, 'x');
    const max = u.posToVal(left + width, 'x');
    u.setSelect({left: 0, top: 0, width: 0, height: 0}, false);
    this.zoom = {min, max};
    u.setScale('x', {min, max}); // at once, with what is loaded; finer buckets follow
    this.resetButton.hidden = false;
    this.load();
  }

  resetZoom() {
    if (this.zoom === null) {
      return;
    }
    this.zoom = null;
    this.resetButton.hidden = true;
    this.load();
  }

  onResize() {
    const width = Math.round(this.plot.clientWidth);
    if (!width || width === this.width) {
      return;
    }
    this.width = width;
    this.u?.setSize({width, height: plotHeight()});
    const buckets = this.bucketCount();
    if (this.lastBuckets && Math.abs(buckets - this.lastBuckets) > this.lastBuckets * 0.1) {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.load(), 400); // ask again at the new resolution
    }
  }

  // ---- Drawing ----

  /** Draws the loaded answers with the page's current settings (log, smoothing), keeping the zoom. */
  render() {
    if (!this.answers) {
      return;
    }
    const {smoothing} = this.page.settings;
    const log = this.log;
    const axis = this.answersAxis;
    const tcs = this.answersTcs;
    const built = buildChartData({
      tcs, answers: this.answers, origins: this.origins, axis, log, smoothing, color: (tc, a) => this.page.color(tc, a),
    });
    this.smoothedLast = built.smoothedLast;
    const signature = JSON.stringify([axis, log, smoothing > 0, tcs]);
    const u = this.u;
    if (u && signature === this.signature) {
      this.layout = built.layout;
      if (this.zoom) {
        u.setData(built.data, false);
        u.setScale('x', {min: this.zoom.min, max: this.zoom.max});
      } else {
        u.setData(built.data, true);
      }
    } else {
      u?.destroy();
      this.layout = built.layout;
      this.signature = signature;
      this.width = Math.round(this.plot.clientWidth) || this.width;
      this.u = new uPlot(this.options(built, axis, log), built.data, this.plot);
      if (this.zoom) {
        this.u.setScale('x', {min: this.zoom.min, max: this.zoom.max});
      }
      this.section.uplot = this.u;
    }
    if (this.u.cursor.left >= 0) {
      // The values under a resting cursor belong to the new data once it is committed (a microtask).
      const cursor = this.u;
      queueMicrotask(() => cursor.setCursor({left: cursor.cursor.left, top: cursor.cursor.top}));
    }
    this.draws++;
    const s = this.section;
    setData(s, 'seriesCount', tcs.length);
    setData(s, 'raw', built.allRaw);
    setData(s, 'bucketWidth', built.bucketWidth);
    setData(s, 'xAxis', axis);
    setData(s, 'yScale', log ? 'log' : 'linear');
    setData(s, 'smoothing', String(smoothing));
    setData(s, 'pointCount', built.pointCount);
    if (built.lastX == null) {
      delete s.dataset.lastX;
    } else {
      setData(s, 'lastX', built.lastX);
    }
    setData(s, 'zoomed', this.zoom !== null);
    setData(s, 'draws', this.draws);
    setText(this.resolution, this.describe(built, axis));
    this.resetButton.hidden = this.zoom === null;
    this.updateExports();
    this.updateLastValues();
    if (!this.drawn) {
      this.drawn = true;
      this.page.drawn(this);
    }
  }

  /** What is drawn, honestly: raw points, or what each point and its band stand for. */
  describe(built, axis) {
    if (built.pointCount === 0) {
      return axis === 'step' && !this.zoom ? 'no point with a step (try wall time)' : 'no points in this range';
    }
    if (built.allRaw) {
      return 'raw points';
    }
    const width = axis === 'step' ? formatSteps(built.bucketWidth) : formatMillis(built.bucketWidth);
    return `each point: avg of ${built.someRaw ? 'up to ' : ''}${width}, band: min–max`
      + (built.bandCut ? ' (left out where min ≤ 0)' : '');
  }

  options(built, axis, log) {
    const xAxis = {
      space: 70, grid: {stroke: 'rgba(0,0,0,0.06)', width: 1}, ticks: {stroke: 'rgba(0,0,0,0.15)'},
      label: xAxisTitle(axis), labelSize: 20, labelFont: '12px system-ui, sans-serif',
    };
    if (axis === 'step') {
      xAxis.incrs = STEP_INCRS;
    } else if (axis === 'relative') {
      xAxis.incrs = DURATION_INCRS;
      xAxis.values = (u, splits) => splits.map((v) => formatDuration(v));
    } else {
      xAxis.values = (u, splits, axisIdx, space, incr) => timeTicks(splits, incr);
      xAxis.space = 90;
    }
    return {
      width: Math.max(100, Math.round(this.plot.clientWidth) || 600),
      height: plotHeight(),
      ms: axis === 'time' ? 1 : 1e-3,
      legend: {show: false},
      focus: {alpha: FOCUS_ALPHA},
      cursor: {
        focus: {prox: 24, bias: 0, dist: (u, si, di, valPos, curPos) =>
          (this.layout.roles[si] === 'main' ? valPos - curPos : Infinity)},
        drag: {x: true, y: false, setScale: false, dist: 5},
        // The crosshair follows across charts of one axis; a drag (zoom) stays in its own chart.
        sync: {key: `stepwise-${axis}`, setSeries: false, filters: {pub: (type) => type === 'mousemove' || type === 'mouseleave'}},
        dataIdx: (u, si, ci) => this.nearestIdx(u, si, ci),
        bind: {
          dblclick: () => (e) => {
            if (e.button === 0) {
              this.resetZoom();
            }
            return null;
          },
        },
      },
      scales: {
        x: {time: axis === 'time'},
        y: log ? {distr: 3, log: 10} : {distr: 1},
      },
      series: built.series,
      bands: built.bands,
      axes: [xAxis, {
        size: axisSize, values: (u, splits) => splits.map(tickNumber), grid: {stroke: 'rgba(0,0,0,0.06)', width: 1},
        ticks: {stroke: 'rgba(0,0,0,0.15)'}, label: printable(this.metric) + (log ? ' (log)' : ''), labelSize: 20,
        labelFont: '12px system-ui, sans-serif',
      }],
      hooks: {
        setSelect: [(u) => this.onSelect(u)],
        setCursor: [(u) => this.onCursor(u)],
        setSeries: [(u, si, opts) => this.onFocus(u, si, opts)],
      },
    };
  }

  /**
   * The data index under the cursor for a series: its trial component's nearest point that has a value (the
   * aligned table has holes where other trial components have points). Every series of one trial component
   * shares its average's index.
   */
  nearestIdx(u, si, ci) {
    if (si === 0 || ci == null) {
      return ci;
    }
    if (this.hover.ci !== ci || this.hover.data !== u.data) {
      this.hover = {ci, data: u.data, idx: []};
    }
    const k = this.layout.group[si];
    if (k in this.hover.idx) {
      return this.hover.idx[k];
    }
    const ys = u.data[this.layout.avg[k]];
    const xs = u.data[0];
    let found = null;
    if (ys[ci] != null) {
      found = ci;
    } else {
      let left = ci - 1;
      while (left >= 0 && ys[left] == null) {
        left--;
      }
      let right = ci + 1;
      while (right < ys.length && ys[right] == null) {
        right++;
      }
      const x = xs[ci];
      if (left >= 0 && (right >= ys.length || x - xs[left] <= xs[right] - x)) {
        found = left;
      } else if (right < ys.length) {
        found = right;
      }
    }
    this.hover.idx[k] = found;
    return found;
  }

  /** The legend follows the cursor: the x under it and each trial component's exact values there. */
  onCursor(u) {
    const ci = u.cursor.idx;
    const layout = this.layout;
    if (!layout || !this.legendItems) {
      return;
    }
    if (ci == null) {
      setText(this.cursorX, '');
      for (const {hoverValue} of this.legendItems.values()) {
        setText(hoverValue, '');
      }
      return;
    }
    setText(this.cursorX, this.formatX(u.data[0][ci]));
    layout.tcs.forEach((tc, k) => {
      const entry = this.legendItems.get(tc);
      if (!entry) {
        return;
      }
      const di = u.cursor.idxs[layout.avg[k]];
      const value = di == null ? null : u.data[layout.avg[k]][di];
      if (value == null) {
        setText(entry.hoverValue, '');
        return;
      }
      let text = di === ci ? formatValue(value) : `${this.formatX(u.data[0][di])}: ${formatValue(value)}`;
      let exactText = exact(value);
      if (layout.main[k] !== layout.avg[k]) {
        text += `, smoothed ${formatValue(u.data[layout.main[k]][di])}`;
        exactText += `, smoothed ${exact(u.data[layout.main[k]][di])}`;
      }
      const max = u.data[layout.max[k]][di];
      const min = u.data[layout.min[k]][di];
      if (max != null && min != null) {
        text += ` (min ${formatValue(min)}, max ${formatValue(max)})`;
        exactText += ` (min ${exact(min)}, max ${exact(max)})`;
      }
      setText(entry.hoverValue, text);
      entry.hoverValue.title = exactText;
    });
  }

  formatX(x) {
    if (x == null) {
      return '';
    }
    switch (this.answersAxis) {
      case 'time':
        return formatZonedTime(x, true);
      case 'relative':
        return `+${formatDuration(x)}`;
      default:
        return `step ${x}`;
    }
  }

  /** Hovering a line highlights every series of its trial component (line, smoothed line, band). */
  onFocus(u, si, opts) {
    if (!opts || opts.focus == null) {
      return;
    }
    const k = si == null ? null : this.layout.group[si];
    if (k != null) {
      u.series.forEach((s, j) => {
        if (j > 0 && this.layout.group[j] === k) {
          s.alpha = 1;
        }
      });
    }
    const focusedTc = k == null ? null : this.layout.tcs[k];
    this.legend.classList.toggle('has-focus', focusedTc !== null);
    for (const [tc, {item}] of this.legendItems ?? []) {
      item.classList.toggle('focused', tc === focusedTc);
    }
  }

  focusTc(tc) {
    if (!this.u || !this.layout) {
      return;
    }
    const k = tc == null ? -1 : this.layout.tcs.indexOf(tc);
    this.u.setSeries(k < 0 ? null : this.layout.main[k], {focus: true});
  }

  destroy() {
    this.resizeObserver.disconnect();
    this.u?.destroy();
    this.section.remove();
  }
}
