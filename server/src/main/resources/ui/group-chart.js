/**
 * One metric's chart of runs grouped by parameters: each group's mean across its runs per step (or per time since
 * each run's start), with its band (min–max, or ±1 standard deviation), computed by the server (/ui/api/groups).
 * The legend names each group with its run count, and, under the cursor, the mean there and how many runs it is of.
 * What it drew is exposed for the browser tests on its section: the property `uplot` and data-* attributes.
 */
import uPlot from '/ui/vendor/uplot/uPlot.esm.js';
import {postJson} from './api.js';
import {xAxisTitle} from './chart-view.js';
import {colorsFor} from './colors.js';
import {el, setData, setText} from './dom.js';
import {exact, formatDuration, formatValue, printable} from './format.js';
import {buildGroupData, groupLabel} from './group-series.js';

const MAX_BUCKETS = 2000;

export class GroupChart {
  /**
   * @param page account, region, scope() (experiment or unassigned), expression(), groupBy, band, axis,
   *   logMetrics (the metrics drawn on a log scale), logChanged(metric, log)
   */
  constructor(page, metric) {
    this.page = page;
    this.metric = metric;
    this.u = null;
    this.seq = 0;
    this.draws = 0;
    this.plot = el('div', {class: 'plot', role: 'img', 'aria-label': `Groups of ${printable(metric)}`});
    this.legend = el('div', {class: 'legend group-legend'});
    this.cursor = el('span', {class: 'cursor-x', 'aria-hidden': 'true'});
    this.note = el('span', {class: 'resolution'});
    this.logBox = el('input', {type: 'checkbox', class: 'y-log'});
    this.logBox.checked = page.logMetrics.has(metric);
    this.logBox.addEventListener('change', () => {
      page.logChanged(metric, this.logBox.checked);
      if (this.answer) {
        this.render(this.answer);
      }
    });
    this.zoomed = false;
    this.section = el('section', {class: 'chart group-chart', dataset: {metric, draws: '0'}},
      el('div', {class: 'chart-head'}, el('h3', {}, printable(metric)), this.note,
        el('label', {class: 'chart-log'}, this.logBox, ' log y')), this.plot, this.legend, this.cursor);
    this.section.uplot = null;
  }

  buckets() {
    return Math.max(10, Math.min(MAX_BUCKETS, Math.round(this.plot.clientWidth) || 600));
  }

  async load() {
    const seq = ++this.seq;
    try {
      const answer = await postJson('groups', {
        account: this.page.account, region: this.page.region, ...this.page.scope(),
        expression: this.page.expression(), groupBy: this.page.groupBy, metric: this.metric,
        axis: this.page.axis, buckets: this.buckets(), from: null, to: null,
      });
      if (seq === this.seq) {
        this.render(answer);
      }
    } catch (e) {
      if (seq === this.seq) {
        setText(this.note, `could not load: ${e.message}`);
      }
    }
  }

  render(answer) {
    this.answer = answer;
    const labels = answer.groups.map((g) => groupLabel(g.key));
    const colors = colorsFor(labels);
    const color = (label, alpha = 1) => colors.get(label)?.(alpha) ?? 'gray';
    const built = buildGroupData(answer, {band: this.page.band, log: this.logBox.checked, color});
    this.built = built;
    const axis = answer.axis;
    const shape = JSON.stringify([axis, this.page.band, this.logBox.checked, labels]);
    if (this.u && shape === this.shape) {
      this.u.setData(built.data, !this.zoomed); // a live refresh of the same groups: drawn in place, zoom kept
    } else {
      this.draw(built, axis);
      this.shape = shape;
    }
    this.legend.replaceChildren(...built.groups.map((group) => {
      const swatch = el('span', {class: 'swatch', 'aria-hidden': 'true'});
      swatch.style.backgroundColor = color(group.label);
      const value = el('span', {class: 'hover-value'});
      const item = el('span', {class: 'legend-item', dataset: {group: group.label, runs: group.runCount},
        title: group.runNames.join(', ')}, swatch, el('span', {class: 'group-name'}, group.label),
      el('span', {class: 'run-count'}, ` · ${group.runCount} run${group.runCount === 1 ? '' : 's'}`), value);
      group.valueNode = value;
      return item;
    }));
    this.draws++;
    setData(this.section, 'groupCount', built.groups.length);
    setData(this.section, 'bucketWidth', answer.bucketWidth);
    setData(this.section, 'draws', this.draws);
    setText(this.note, answer.groups.length === 0 ? 'no run has this metric' : `mean per ${
      axis === 'step' ? `${answer.bucketWidth} step${answer.bucketWidth === 1 ? '' : 's'}`
        : `${formatDuration(answer.bucketWidth / 1000)}`}, band: ${this.page.band === 'std' ? '±1 std' : 'min–max'}`);
  }

  draw(built, axis) {
    this.u?.destroy();
    this.u = new uPlot({
      width: Math.max(100, Math.round(this.plot.clientWidth) || 600),
      height: window.innerWidth <= 600 ? 220 : 280,
      legend: {show: false},
      ms: 1,
      scales: {x: {time: false}, y: this.logBox.checked ? {distr: 3, log: 10} : {distr: 1}},
      series: built.series,
      bands: built.bands,
      axes: [
        {label: xAxisTitle(axis), labelSize: 20, labelFont: '12px system-ui, sans-serif',
          values: axis === 'relative' ? (u, splits) => splits.map((v) => formatDuration(v / 1000)) : undefined},
        {label: printable(this.metric), labelSize: 20, labelFont: '12px system-ui, sans-serif',
          values: (u, splits) => splits.map((v) => formatValue(v))},
      ],
      cursor: {drag: {x: true, y: false}},
      hooks: {
        setCursor: [(u) => this.onCursor(u)],
        setSelect: [(u) => {
          if (u.select.width > 0) {
            this.zoomed = true;
          }
        }],
      },
    }, built.data, this.plot);
    this.u.over.addEventListener('dblclick', () => {
      this.zoomed = false;
    });
    this.section.uplot = this.u;
  }

  /** Under the cursor: each group's mean there, and of how many of its runs. */
  onCursor(u) {
    const ci = u.cursor.idx;
    if (!this.built) {
      return;
    }
    const x = ci == null ? null : u.data[0][ci];
    setText(this.cursor, x == null ? '' : this.page.axis === 'step' ? `step ${x}` : `+${formatDuration(x / 1000)}`);
    for (const group of this.built.groups) {
      const mean = ci == null ? null : u.data[group.mean][ci];
      const runs = x == null ? null : group.runsAt.get(x);
      setText(group.valueNode, mean == null ? '' : ` ${formatValue(mean)} (${runs} of ${group.runCount})`);
      group.valueNode.title = mean == null ? '' : exact(mean);
    }
  }

  destroy() {
    this.u?.destroy();
    this.section.remove();
  }
}
