/**
 * Parallel coordinates: one vertical axis per chosen column, one line per run through its values, coloured by the
 * last column (blue for its lowest values, red for its highest), as in the tools people know. Text columns are
 * placed as categories. Drawn on a canvas (thousands of lines); hover names the run nearest the cursor.
 */
import {el, setData, setText} from './dom.js';
import {formatValue} from './format.js';
import {axesOf} from './run-values.js';

const MARGIN = {top: 44, bottom: 24, left: 56, right: 56};

/** The text cut with an ellipsis to fit a width in pixels. */
function fit(g, text, width) {
  if (g.measureText(text).width <= width) {
    return text;
  }
  let cut = text;
  while (cut.length > 1 && g.measureText(`${cut}…`).width > width) {
    cut = cut.slice(0, -1);
  }
  return `${cut}…`;
}

export class ParallelView {
  constructor(container) {
    this.container = container;
    this.canvas = el('canvas', {class: 'parallel-canvas', role: 'img'});
    this.tip = el('p', {class: 'status'});
    container.replaceChildren(this.canvas, this.tip);
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
  }

  /** Nothing to draw, and why. */
  clear(message) {
    this.runs = [];
    const g = this.canvas.getContext('2d');
    g.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.canvas.style.height = '0px';
    setText(this.tip, message);
    setData(this.container, 'lineCount', 0);
    setData(this.container, 'axisCount', 0);
  }

  render(columns, runs) {
    setText(this.tip, '');
    this.columns = columns;
    this.runs = runs;
    const values = runs.map((run) => columns.map((c) => c.value(run)));
    this.values = values;
    this.axes = axesOf(columns, values);
    const width = Math.max(300, this.container.clientWidth || 600);
    const height = 300;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = width * ratio;
    this.canvas.height = height * ratio;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.setAttribute('aria-label', `Parallel coordinates of ${runs.length} runs over ${columns.map((c) =>
      c.label).join(', ')}`);
    const g = this.canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const plotWidth = width - MARGIN.left - MARGIN.right;
    const plotHeight = height - MARGIN.top - MARGIN.bottom;
    this.xOf = (c) => MARGIN.left + (columns.length === 1 ? plotWidth / 2 : (c * plotWidth) / (columns.length - 1));
    this.yOf = (p) => MARGIN.top + (1 - p) * plotHeight;
    const last = this.axes[this.axes.length - 1];
    g.lineWidth = 1;
    values.forEach((row) => {
      const colorAt = row[row.length - 1] == null ? 0.5 : last.position(row[row.length - 1]);
      g.strokeStyle = `hsla(${Math.round(220 - 220 * colorAt)}, 70%, 45%, 0.35)`;
      g.beginPath();
      let started = false;
      row.forEach((v, c) => {
        if (v == null) {
          started = false;
          return;
        }
        const x = this.xOf(c);
        const y = this.yOf(this.axes[c].position(v));
        if (started) {
          g.lineTo(x, y);
        } else {
          g.moveTo(x, y);
          started = true;
        }
      });
      g.stroke();
    });
    g.fillStyle = '#222';
    g.strokeStyle = '#666';
    g.font = '12px system-ui, sans-serif';
    g.textAlign = 'center';
    const room = columns.length === 1 ? plotWidth : plotWidth / (columns.length - 1) - 8;
    this.axes.forEach((axis, c) => {
      const x = this.xOf(c);
      const edge = c === 0 || c === columns.length - 1;
      const width = edge ? Math.min(room, 2 * MARGIN.left - 4) : room; // centred on the axis, kept on the canvas
      g.beginPath();
      g.moveTo(x, MARGIN.top);
      g.lineTo(x, height - MARGIN.bottom);
      g.stroke();
      g.font = '600 12px system-ui, sans-serif';
      g.fillStyle = '#222';
      g.fillText(fit(g, axis.column.label, width), x, 14);
      g.font = '12px system-ui, sans-serif';
      g.fillStyle = '#555';
      const top = axis.categories ? axis.categories[axis.categories.length - 1] : formatValue(axis.max);
      const bottom = axis.categories ? axis.categories[0] : formatValue(axis.min);
      g.fillText(fit(g, top ?? '', width), x, MARGIN.top - 8);
      g.fillText(fit(g, bottom ?? '', width), x, height - 6);
    });
    setData(this.container, 'lineCount', runs.length);
    setData(this.container, 'axisCount', columns.length);
  }

  /** Names the run whose line passes nearest the cursor on the nearest axis. */
  hover(event) {
    if (!this.runs?.length) {
      return;
    }
    const box = this.canvas.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    let c = 0;
    for (let i = 1; i < this.columns.length; i++) {
      if (Math.abs(this.xOf(i) - x) < Math.abs(this.xOf(c) - x)) {
        c = i;
      }
    }
    let best = null;
    let distance = Infinity;
    this.values.forEach((row, r) => {
      if (row[c] != null) {
        const d = Math.abs(this.yOf(this.axes[c].position(row[c])) - y);
        if (d < distance) {
          distance = d;
          best = r;
        }
      }
    });
    setText(this.tip, best == null || distance > 12 ? '' : `${this.runs[best].name}: ${this.columns[c].label} = ${
      this.values[best][c]}`);
  }
}
