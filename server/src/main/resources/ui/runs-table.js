/**
 * The runs table: a real table (header, rows, cells) of which only the rows in view exist, between two spacer rows
 * that keep the scroll height of every row; rows come from windows of the server's ordered matches, asked for as the
 * view scrolls. Sorting is the server's: a click on a column's header asks for the next order.
 */
import {el, setText} from './dom.js';
import {cellText, visibleRows, windowsFor} from './runs-model.js';

export const ROW_HEIGHT = 30;
export const WINDOW = 200;

export class RunsTable {
  /**
   * @param {object} options
   * @param {HTMLElement} options.viewport the scrolling container
   * @param {HTMLTableElement} options.table
   * @param {(offsets: number[]) => void} options.need asks for windows not loaded yet
   * @param {(column: object) => void} options.onSort a click on a sortable header
   * @param {(name: string, checked: boolean) => void} options.onPick a run ticked or unticked
   * @param {(name: string) => string} options.runUrl the link of a run's name
   */
  constructor({viewport, table, need, onSort, onPick, runUrl}) {
    this.viewport = viewport;
    this.table = table;
    this.head = table.tHead.rows[0];
    this.body = table.tBodies[0];
    this.need = need;
    this.onSort = onSort;
    this.onPick = onPick;
    this.runUrl = runUrl;
    this.columns = [];
    this.sort = null;
    this.total = 0;
    this.windows = new Map(); // offset -> runs
    this.picked = new Set();
    this.colors = new Map();
    this.frame = 0;
    viewport.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(viewport);
  }

  /** The columns shown and the current order; rebuilds the header. */
  setColumns(columns, sort) {
    this.columns = columns;
    this.sort = sort;
    const pick = el('th', {scope: 'col', class: 'col-pick'}, el('span', {class: 'visually-hidden'}, 'Compare'));
    this.head.replaceChildren(pick, ...columns.map((column) => {
      const sorted = sort && column.sortBy === sort.by;
      const label = el('span', {}, column.label);
      const th = el('th', {
        scope: 'col', class: `${column.numeric ? 'num' : ''} col-${column.group}`.trim(), dataset: {column: column.id},
        'aria-sort': sorted ? (sort.order === 'Ascending' ? 'ascending' : 'descending') : null,
      });
      if (column.sortBy) {
        const button = el('button', {type: 'button', class: 'sort', title: `Sort by ${column.label}`}, label,
          el('span', {class: 'sort-mark', 'aria-hidden': 'true'}, sorted ? (sort.order === 'Ascending' ? ' ▲' : ' ▼')
            : ''));
        button.addEventListener('click', () => this.onSort(column));
        th.append(button);
      } else {
        th.append(label);
      }
      return th;
    }));
    this.draw();
  }

  /** A new order or filter: the rows known so far are dropped. */
  reset(total) {
    this.total = total;
    this.windows.clear();
    this.draw();
  }

  /** A window of rows arrived. */
  addWindow(offset, runs, total) {
    this.total = total;
    this.windows.set(offset, runs);
    this.schedule();
  }

  /** Fresh rows for the windows in view (a live refresh): they replace every row known so far at once. */
  replaceWindows(windows, total) {
    const fresh = new Map(windows);
    const same = total === this.total && fresh.size === this.windows.size
      && [...fresh].every(([offset, runs]) => JSON.stringify(runs) === JSON.stringify(this.windows.get(offset)));
    if (same) {
      return; // nothing changed: the rows (and the focus, a hover, a click under way) stay as they are
    }
    this.total = total;
    this.windows = fresh;
    this.draw();
  }

  /** The windows (offsets) that the rows in view need now. */
  windowsInView() {
    const {first, last} = this.rowsInView();
    return windowsFor(first, last, WINDOW, this.total);
  }

  rowsInView() {
    const headHeight = this.table.tHead.offsetHeight;
    const scrollTop = Math.max(0, this.viewport.scrollTop - headHeight);
    return visibleRows(scrollTop, this.viewport.clientHeight, ROW_HEIGHT, this.total);
  }

  setPicked(picked, colors) {
    this.picked = picked;
    this.colors = colors;
    for (const row of this.body.rows) {
      this.paintPick(row);
    }
  }

  runAt(index) {
    const offset = Math.floor(index / WINDOW) * WINDOW;
    return this.windows.get(offset)?.[index - offset];
  }

  /** The runs loaded, in order (for the views that draw every row: the parallel coordinates). */
  loadedRuns() {
    return [...this.windows.keys()].sort((a, b) => a - b).flatMap((offset) => this.windows.get(offset));
  }

  schedule() {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  /** Draws the rows in view, asks for the windows they need. */
  draw() {
    const {first, last} = this.rowsInView();
    const missing = windowsFor(first, last, WINDOW, this.total).filter((offset) => !this.windows.has(offset));
    if (missing.length > 0) {
      this.need(missing);
    }
    const rows = [];
    if (this.total > 0) {
      rows.push(spacer(first * ROW_HEIGHT, this.columns.length + 1));
      for (let i = first; i <= last; i++) {
        rows.push(this.row(i));
      }
      rows.push(spacer((this.total - 1 - last) * ROW_HEIGHT, this.columns.length + 1));
    }
    this.body.replaceChildren(...rows);
    this.table.dataset.total = String(this.total);
    this.table.dataset.first = String(first);
  }

  row(index) {
    const run = this.runAt(index);
    if (!run) {
      return el('tr', {class: 'run loading', dataset: {index}}, el('td', {colspan: this.columns.length + 1},
        'loading…'));
    }
    const checkbox = el('input', {type: 'checkbox', class: 'compare-pick', value: run.name,
      'aria-label': `Compare ${run.name}`});
    checkbox.checked = this.picked.has(run.name);
    checkbox.addEventListener('change', () => this.onPick(run.name, checkbox.checked));
    const cells = this.columns.map((column) => {
      if (column.id === 'name') {
        return el('td', {class: 'name'}, el('span', {class: 'swatch', 'aria-hidden': 'true'}),
          el('a', {class: 'open', href: this.runUrl(run.name), title: run.name}, column.value(run)));
      }
      const {text, title} = cellText(column, run);
      const td = el('td', {class: column.numeric || typeof column.value(run) === 'number' ? 'num' : null,
        dataset: {column: column.id}, title: title || null});
      setText(td, text);
      return td;
    });
    const tr = el('tr', {class: 'run', dataset: {name: run.name, index}}, el('td', {class: 'pick'}, checkbox),
      ...cells);
    this.paintPick(tr);
    return tr;
  }

  paintPick(tr) {
    const swatch = tr.querySelector('.swatch');
    if (swatch) {
      swatch.style.backgroundColor = this.colors.get(tr.dataset.name)?.() ?? 'transparent';
    }
  }
}

function spacer(height, span) {
  const td = el('td', {colspan: span});
  const tr = el('tr', {class: 'spacer', 'aria-hidden': 'true'}, td);
  tr.style.height = `${Math.max(0, height)}px`;
  return tr;
}
