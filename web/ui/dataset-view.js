// The data panel: a grid of sample images with their labels, or the first rows of a table.
import { el, int } from './format.js';
import { paintImage } from '../shared/plot.js';
import { t } from '../shared/i18n.js';

// Data values as they are in the file: up to 6 significant digits, no thousands separators.
const raw = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));

export function splitSummary(info) {
  const task = t(info.task === 'classification' ? 'dataset.classification' : 'dataset.regression', { count: info.classes });
  return t(info.target ? 'dataset.splitOf' : 'dataset.split', { train: int(info.train_rows), validation: int(info.validation_rows),
    test: int(info.test_rows), task, target: info.target });
}

// names: the classes' names (the core's class_names), or null to show labels as numbers.
export function renderImages(container, preview, { w, h, c }, caption, names = null) {
  const n = preview.y.length;
  const grid = el('div', { class: 'digits', 'data-testid': 'sample-grid' });
  for (let i = 0; i < n; ++i) {
    const label = String(names?.[preview.y[i]] ?? preview.y[i]);
    const canvas = el('canvas', { 'aria-label': t('dataset.sample', { i, label }) });
    paintImage(canvas, preview.x, { w, h, offset: i * w * h * c, channels: c, scale: 255, gray: true });
    grid.append(el('figure', { class: 'digit', 'data-testid': 'sample' }, canvas, el('figcaption', { text: label })));
  }
  container.replaceChildren(el('p', { class: 'caption', text: caption }), grid);
}

// The columns' names are the file's, in whatever language it is written (data-i18n-skip: not the page's words).
export function renderTable(container, { features, target, x, y, classification, names = null }, caption) {
  const cols = features.length;
  const rows = y.length;
  const head = el('tr', {}, el('th', { text: '#' }), features.map((f) => el('th', { text: f, 'data-i18n-skip': '' })), el('th', { class: 'target', text: t('dataset.targetColumn', { target }) }));
  const body = [];
  for (let r = 0; r < rows; ++r) {
    const cells = [];
    for (let c = 0; c < cols; ++c) cells.push(el('td', { text: raw(x[r * cols + c]) }));
    body.push(el('tr', {}, el('td', { class: 'rownum', text: String(r + 1) }), cells,
      el('td', { class: 'target', text: classification && names ? String(names[y[r]] ?? y[r]) : raw(y[r]) })));
  }
  const table = el('table', { class: 'data-table', 'data-testid': 'sample-table' }, el('thead', {}, head), el('tbody', {}, body));
  container.replaceChildren(el('p', { class: 'caption', text: caption }), el('div', { class: 'scroll' }, table));
}
