// Small DOM pieces the lessons share: lesson text with `code` and **bold**, panels, number
// read-outs the tests can read (data-value), tables (optionally sortable) and run legends.
import { el, num } from '../ui/format.js';
import { statusWord } from './run-set.js';

// Inline markup: `code`, **bold**, *emphasis*. Everything else is text (never HTML).
export function rich(text) {
  const out = [];
  const re = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*]+\*)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const t = m[0];
    if (t.startsWith('`')) out.push(el('code', { text: t.slice(1, -1) }));
    else if (t.startsWith('**')) out.push(el('strong', { text: t.slice(2, -2) }));
    else out.push(el('em', { text: t.slice(1, -1) }));
    last = m.index + t.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function paragraphs(list = [], attrs = {}) {
  return list.map((p) => el('p', attrs, ...rich(p)));
}

export function panel(title, ...children) {
  return el('section', { class: 'panel' }, title ? el('h2', { text: title }) : null, ...children);
}

// A labelled number with data-value for tests: readout('gd-mse', 'train MSE', 22.67).
export function readout(testid, label, value, digits = 4) {
  return el('div', { class: 'metric' },
    el('dt', { text: label }),
    el('dd', { 'data-testid': testid, dataset: { value: String(value) }, text: typeof value === 'number' ? num(value, digits) : String(value ?? '–') }));
}

export function readouts(items) {
  return el('dl', { class: 'metrics' }, items.map((a) => readout(...a)));
}

export function swatch(color, dash) {
  return el('span', { class: `swatch${dash ? ' dashed' : ''}`, style: `--c:${color}` });
}

// columns: [{key, label, format?, numeric?}], rows: objects. Sortable by clicking a header.
export function dataTable(columns, rows, { testid, sortable = false, rowAttrs } = {}) {
  const table = el('table', { class: 'data-table lesson-table', 'data-testid': testid });
  let sort = { key: null, dir: 1 };
  const render = () => {
    const sorted = sort.key ? [...rows].sort((a, b) => {
      const x = a[sort.key], y = b[sort.key];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return c * sort.dir;
    }) : rows;
    const head = el('tr', {}, columns.map((c) => el('th', {
      scope: 'col',
      class: sortable ? 'sortable' : null,
      'data-key': c.key,
      'aria-sort': sort.key === c.key ? (sort.dir > 0 ? 'ascending' : 'descending') : null,
      text: `${c.label}${sort.key === c.key ? (sort.dir > 0 ? ' ▲' : ' ▼') : ''}`,
      onclick: sortable ? () => {
        sort = { key: c.key, dir: sort.key === c.key ? -sort.dir : c.numeric ? -1 : 1 };
        render();
      } : null,
    })));
    const body = sorted.map((r) => el('tr', rowAttrs?.(r) ?? {}, columns.map((c) => {
      const v = r[c.key];
      const cell = c.format ? c.format(v, r) : typeof v === 'number' ? num(v) : v;
      return el('td', { class: c.numeric ? 'num' : null, 'data-key': c.key, dataset: { value: String(v ?? '') } }, cell ?? '–');
    })));
    table.replaceChildren(el('thead', {}, head), el('tbody', {}, body));
  };
  render();
  return el('div', { class: 'scroll' }, table);
}

// One line per run: colour, label, status, and the core's message if it failed.
export function runLegend(runs, extra = () => null) {
  return el('ul', { class: 'run-legend', 'data-testid': 'run-legend' }, runs.map((r) => el('li', {
    'data-testid': 'run', dataset: { label: r.label, status: r.status },
  },
  swatch(r.color),
  el('span', { class: 'run-label', text: r.displayLabel ?? r.label }),
  el('span', { class: `run-status s-${r.status}`, text: statusWord(r.status) }),
  extra(r),
  r.error ? el('span', { class: 'error run-error', 'data-testid': 'run-error', text: r.error }) : null)));
}

// Redraws from a worker's current state, one request at a time: calls made while one runs collapse
// into a single rerun after it (`pause` ms later, to cap the rate of heavy pictures). A failure means
// the lesson closed and its worker is gone.
export function redrawer(draw, pause = 0) {
  let busy = false, again = false;
  const redraw = async () => {
    if (busy) return void (again = true);
    busy = true;
    try {
      await draw();
    } catch {
      // the lesson closed
    }
    busy = false;
    if (again) {
      again = false;
      if (pause) setTimeout(redraw, pause);
      else redraw();
    }
  };
  return redraw;
}
