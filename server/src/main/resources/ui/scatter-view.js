/**
 * A parameter (or any column) against a result across an experiment's runs: one point per run, hover names it, a
 * click opens it. Text values (optimizer=adam) are placed as categories along the axis.
 * What it drew is exposed for the browser tests: the section's `uplot` and data-point-count.
 */
import uPlot from '/ui/vendor/uplot/uPlot.esm.js';
import {el, setData, setText} from './dom.js';
import {exact, formatValue} from './format.js';
import {paddedRange, scatterPoints} from './run-values.js';

export class ScatterView {
  constructor(container, status, openRun) {
    this.container = container;
    this.status = status;
    this.openRun = openRun;
    this.u = null;
  }

  /** Draws the runs' points; {logX, logY} put an axis on a log scale (runs with a value <= 0 there are left out). */
  render(names, xs, ys, xLabel, yLabel, {logX = false, logY = false} = {}) {
    const positive = (log) => (v) => (log && typeof v === 'number' && v <= 0 ? null : v);
    const {points, categories} = scatterPoints(names, xs.map(positive(logX)), ys.map(positive(logY)));
    const log = logY;
    const xLog = logX && !categories;
    this.points = points;
    this.u?.destroy();
    this.container.replaceChildren();
    const data = [points.map((p) => p.x), points.map((p) => p.y)];
    this.u = new uPlot({
      width: Math.max(100, Math.round(this.container.clientWidth) || 600),
      height: 320,
      legend: {show: false},
      // Padded ranges: a point on the scale's very edge would be cut, and uPlot draws only the first of several
      // points that share the last x.
      scales: {
        x: {time: false, distr: xLog ? 3 : 1, log: 10, range: (u, min, max) => (categories
          ? [-0.5, categories.length - 0.5] : paddedRange(min, max, xLog))},
        y: {distr: log ? 3 : 1, log: 10, range: (u, min, max) => paddedRange(min, max, log)},
      },
      series: [{label: xLabel}, {label: yLabel, stroke: '#4e79a7', fill: 'rgba(78,121,167,0.5)', paths: () => null,
        points: {show: true, size: 7, stroke: '#4e79a7', fill: 'rgba(78,121,167,0.45)'}}],
      axes: [
        {label: xLabel, labelSize: 20, labelFont: '12px system-ui, sans-serif',
          values: categories ? (u, splits) => splits.map((v) => (Number.isInteger(v) ? categories[v] ?? '' : ''))
            : (u, splits) => splits.map((v) => formatValue(v)),
          incrs: categories ? [1] : undefined},
        {label: yLabel, labelSize: 20, labelFont: '12px system-ui, sans-serif',
          values: (u, splits) => splits.map((v) => formatValue(v))},
      ],
      cursor: {drag: {x: false, y: false}, points: {size: 10}},
      hooks: {setCursor: [(u) => this.onCursor(u)]},
    }, data, this.container);
    this.container.uplot = this.u;
    this.u.over.addEventListener('click', () => {
      const point = this.points[this.u.cursor.idx];
      if (point) {
        this.openRun(point.name);
      }
    });
    setData(this.container, 'pointCount', points.length);
    setText(this.status, points.length === 0 ? 'No run has both values.' : '');
  }

  onCursor(u) {
    const point = this.points?.[u.cursor.idx];
    setText(this.status, point ? `${point.name}: ${exact(point.rawX)} → ${formatValue(point.y)} (${exact(point.y)});`
      + ' click to open it' : '');
    u.over.style.cursor = point ? 'pointer' : '';
  }
}
