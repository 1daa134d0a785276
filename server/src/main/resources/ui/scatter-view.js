/**
 * A parameter (or any column) against a result across an experiment's runs: one point per run, hover names it, a
 * click opens it. Text values (optimizer=adam) are placed as categories along the axis.
 * What it drew is exposed for the browser tests: the section's `uplot` and data-point-count.
 */
import uPlot from '/ui/vendor/uplot/uPlot.esm.js';
import {el, setData, setText} from './dom.js';
import {exact, formatValue} from './format.js';
import {scatterPoints} from './run-values.js';

export class ScatterView {
  constructor(container, status, openRun) {
    this.container = container;
    this.status = status;
    this.openRun = openRun;
    this.u = null;
  }

  render(names, xs, ys, xLabel, yLabel, log) {
    const {points, categories} = scatterPoints(names, xs, ys.map((y) => (log && y != null && y <= 0 ? null : y)));
    this.points = points;
    this.u?.destroy();
    this.container.replaceChildren();
    const data = [points.map((p) => p.x), points.map((p) => p.y)];
    this.u = new uPlot({
      width: Math.max(100, Math.round(this.container.clientWidth) || 600),
      height: 320,
      legend: {show: false},
      scales: {x: {time: false}, y: log ? {distr: 3, log: 10} : {distr: 1}},
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
