// Test results: the test metrics, and for classification a confusion matrix, per-class figures and
// a gallery of misclassified samples; for regression a predicted-vs-actual scatter. Classes are
// shown by name (`names`: the core's class_names) or, without names (MNIST), by index.
import { el, num, paintImage } from './format.js';
import { Plot, extent } from '../shared/plot.js';

// A class's label for display: its name, or its index.
export const classLabel = (names, i) => String(names?.[i] ?? i);

export function metricsList(test, report) {
  const items = [['loss', test.loss]];
  for (const [k, v] of Object.entries(test)) if (k !== 'loss') items.push([k, v]);
  if (report?.mse !== undefined && test.mse === undefined) items.push(['mse', report.mse]);
  return el('dl', { class: 'metrics', 'data-testid': 'test-metrics' },
    items.map(([k, v]) => el('div', { class: 'metric' },
      el('dt', { text: `test ${k}` }),
      el('dd', { 'data-testid': `test-${k}`, dataset: { value: String(v) }, text: num(v) }))));
}

// In a box of its own that scrolls: 30 classes must not widen the page.
export function confusionMatrix(confusion, names = null) {
  const rowSums = confusion.map((r) => r.reduce((a, b) => a + b, 0));
  const label = (i) => classLabel(names, i);
  const head = el('tr', {}, el('th', { class: 'corner', text: 'true ↓ / predicted →' }),
    confusion.map((_, j) => el('th', { scope: 'col', class: 'cls', title: label(j), text: label(j) })));
  const rows = confusion.map((row, i) => el('tr', {},
    el('th', { scope: 'row', class: 'cls', title: label(i), text: label(i) }),
    row.map((count, j) => {
      const share = rowSums[i] ? count / rowSums[i] : 0;
      // Correct answers in blue, confusions in red; the colour's strength is the row share.
      const strength = i === j ? share : Math.min(1, share * 4);
      const bg = i === j ? `rgba(37, 99, 235, ${0.08 + 0.72 * strength})` : count ? `rgba(220, 38, 38, ${0.1 + 0.7 * strength})` : 'transparent';
      const dark = i === j ? strength > 0.55 : strength > 0.6;
      return el('td', {
        text: String(count),
        title: `true ${label(i)}, predicted ${label(j)}: ${count} (${(share * 100).toFixed(1)}% of the ${label(i)} samples)`,
        style: `background:${bg};color:${dark ? '#fff' : 'inherit'}`,
      });
    })));
  return el('div', { class: 'confusion-box', 'data-testid': 'confusion-box' },
    el('table', { class: 'confusion', 'data-testid': 'confusion-matrix' }, el('thead', {}, head), el('tbody', {}, rows)));
}

// Per class, from the confusion matrix: its test samples, recall (share of them found) and
// precision (share of the predictions of it that were right).
export function perClassTable(confusion, names = null) {
  const predicted = confusion.map((_, j) => confusion.reduce((sum, row) => sum + row[j], 0));
  const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '–');
  return el('div', { class: 'scroll' }, el('table', { class: 'data-table', 'data-testid': 'per-class' },
    el('thead', {}, el('tr', {}, ['class', 'test samples', 'recall', 'precision'].map((t) => el('th', { text: t })))),
    el('tbody', {}, confusion.map((row, i) => {
      const total = row.reduce((a, b) => a + b, 0);
      return el('tr', { 'data-testid': 'per-class-row', dataset: { class: classLabel(names, i) } },
        el('th', { scope: 'row', class: 'cls', text: classLabel(names, i) }), el('td', { text: String(total) }),
        el('td', { text: pct(row[i], total) }), el('td', { text: pct(row[i], predicted[i]) }));
    }))));
}

// Misclassified images; pixels are fetched per sample with the worker's `samples` command.
export function gallery(items, shape, fetchSample, onError, names = null) {
  const box = el('div', { class: 'digits wrong', 'data-testid': 'misclassified' });
  for (const m of items) {
    const canvas = el('canvas', { width: String(shape.w), height: String(shape.h) });
    const conf = m.probabilities?.[m.predicted];
    box.append(el('figure', { class: 'digit', 'data-testid': 'misclassified-item', title: conf !== undefined ? `confidence ${(conf * 100).toFixed(0)}%` : '' },
      canvas,
      el('figcaption', {}, el('span', { class: 'bad', text: `pred ${classLabel(names, m.predicted)}` }),
        el('span', { text: ` true ${classLabel(names, m.label)}` }))));
    fetchSample(m.index).then(
      (x) => paintImage(canvas, x, 0, shape.w, shape.h, shape.c),
      (e) => onError(e.message),
    );
  }
  return box;
}

// In a box that scrolls: long class names must not widen the page.
export function misclassifiedList(items, names = null) {
  return el('div', { class: 'scroll' }, el('table', { class: 'data-table', 'data-testid': 'misclassified' },
    el('thead', {}, el('tr', {}, el('th', { text: 'test row' }), el('th', { text: 'true' }), el('th', { text: 'predicted' }), el('th', { text: 'p(predicted)' }))),
    el('tbody', {}, items.map((m) => el('tr', {},
      el('td', { text: String(m.index + 1) }), el('td', { text: classLabel(names, m.label) }), el('td', { class: 'bad', text: classLabel(names, m.predicted) }),
      el('td', { text: num(m.probabilities?.length === 1 ? (m.predicted ? m.probabilities[0] : 1 - m.probabilities[0]) : m.probabilities?.[m.predicted], 3) }))))));
}

// Predicted vs actual (the lessons' plotter), with the y = x line of perfect predictions.
export function scatter(points, mse, target) {
  const plot = new Plot({ width: 360, height: 360, margin: { b: 44 }, testid: 'scatter',
    label: `Predicted versus actual for ${points.length} test samples` });
  plot.canvas.classList.add('scatter');
  plot.canvas.dataset.points = String(points.length);
  const range = extent(points.flat());
  plot.domain({ x: range, y: range }).clear().axes({ xLabel: `actual ${target ?? ''}`.trim(), yLabel: 'predicted' });
  plot.line(range, range, { color: '#9ca3af', width: 1, dash: [5, 4] });
  plot.points(points.map((p) => p[0]), points.map((p) => p[1]), { r: 3, alpha: 0.55 });
  return el('figure', { class: 'scatter-box' }, plot.canvas,
    el('figcaption', {}, 'Predicted vs actual on the test set (dashed: perfect prediction). MSE ', el('strong', { text: num(mse) })));
}
