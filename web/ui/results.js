// Test results: the test metrics, and for classification a confusion matrix, per-class figures and
// a gallery of misclassified samples; for regression a predicted-vs-actual scatter. Classes are
// shown by name (`names`: the core's class_names) or, without names (MNIST), by index.
import { el, num } from './format.js';
import { Plot, extent, paintImage } from '../shared/plot.js';
import { t } from '../shared/i18n.js';

// A class's label for display: its name, or its index.
export const classLabel = (names, i) => String(names?.[i] ?? i);

export function metricsList(test, report) {
  const items = [['loss', test.loss]];
  for (const [k, v] of Object.entries(test)) if (k !== 'loss') items.push([k, v]);
  if (report?.mse !== undefined && test.mse === undefined) items.push(['mse', report.mse]);
  return el('dl', { class: 'metrics', 'data-testid': 'test-metrics' },
    items.map(([k, v]) => el('div', { class: 'metric' },
      el('dt', { text: t('results.testMetric', { name: t(`charts.names.${k}`, { defaultValue: k }) }) }),
      el('dd', { 'data-testid': `test-${k}`, dataset: { value: String(v) }, text: num(v) }))));
}

// In a box of its own that scrolls: 30 classes must not widen the page.
export function confusionMatrix(confusion, names = null) {
  const rowSums = confusion.map((r) => r.reduce((a, b) => a + b, 0));
  const label = (i) => classLabel(names, i);
  const head = el('tr', {}, el('th', { class: 'corner', text: t('results.corner') }),
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
        title: t('results.cellTitle', { truth: label(i), predicted: label(j), count, share: (share * 100).toFixed(1) }),
        style: `background:${bg};color:${dark ? '#fff' : 'inherit'}`,
      });
    })));
  return el('div', { class: 'confusion-box', 'data-testid': 'confusion-box' },
    el('table', { class: 'confusion', 'data-testid': 'confusion-matrix' }, el('thead', {}, head), el('tbody', {}, rows)));
}

// Per class, the core's classification report: test samples, recall (share of them found), precision
// (share of the predictions of it that were right) and F1; then their macro means and the balanced
// accuracy, which plain accuracy hides on skewed classes. '–' where nothing was there to count.
export function perClassTable(classification, names = null) {
  const pct = (v, defined = true) => (defined ? `${(100 * v).toFixed(1)}%` : '–');
  const { per_class: rows, macro } = classification;
  return el('div', { class: 'scroll' }, el('table', { class: 'data-table', 'data-testid': 'per-class' },
    el('thead', {}, el('tr', {}, ['class', 'support', 'recall', 'precision', 'f1'].map((k) => el('th', { text: t(`results.perClass.${k}`) })))),
    el('tbody', {}, rows.map((c, i) => el('tr', { 'data-testid': 'per-class-row', dataset: { class: classLabel(names, i), recall: String(c.recall), precision: String(c.precision), f1: String(c.f1) } },
      el('th', { scope: 'row', class: 'cls', text: classLabel(names, i) }), el('td', { text: String(c.support) }),
      el('td', { text: pct(c.recall, c.support > 0) }), el('td', { text: pct(c.precision, c.predicted > 0) }),
      el('td', { text: pct(c.f1, c.support > 0 || c.predicted > 0) })))),
    el('tfoot', {},
      el('tr', { 'data-testid': 'per-class-macro' }, el('th', { scope: 'row', text: t('results.perClass.macro') }), el('td', { text: '' }),
        el('td', { text: pct(macro.recall) }), el('td', { text: pct(macro.precision) }), el('td', { text: pct(macro.f1) })),
      el('tr', {}, el('th', { scope: 'row', text: t('results.perClass.balanced') }), el('td', { text: '' }),
        el('td', { colspan: '3', 'data-testid': 'balanced-accuracy', dataset: { value: String(classification.balanced_accuracy) }, text: pct(classification.balanced_accuracy) })))));
}

// Binary tasks: the core's ROC curve with its AUC, and precision and recall at a threshold the slider
// picks among the curve's points (0.5 to begin with, where the accuracy is counted).
export function rocPanel(roc) {
  const size = 300;
  const dpr = window.devicePixelRatio || 1;
  const canvas = el('canvas', {
    class: 'roc', 'data-testid': 'roc-curve', dataset: { points: String(roc.points.length), auc: String(roc.auc) },
    width: String(size * dpr), height: String(size * dpr), style: `width:${size}px;height:${size}px`,
    'aria-label': t('results.roc.label', { count: roc.points.length, auc: num(roc.auc, 3) }),
  });
  // Point i: "positive" when the score is at least its threshold; the first point (threshold null) calls nothing positive.
  const pts = roc.points;
  const pointAt = (threshold) => {
    let best = 0;
    for (let i = 1; i < pts.length; i++) if (pts[i].threshold > threshold) best = i;  // Keras' p > t
    return best;
  };
  const slider = el('input', { type: 'range', min: '0.01', max: '0.99', step: '0.01', value: '0.5', 'data-testid': 'roc-threshold', 'aria-label': t('results.roc.threshold') });
  const readout = el('p', { class: 'roc-readout', 'data-testid': 'roc-readout' });
  const draw = () => {
    const threshold = Number(slider.value);
    const p = pts[pointAt(threshold)];
    readout.dataset.precision = String(p.precision);
    readout.dataset.recall = String(p.tpr);
    readout.textContent = t('results.roc.readout', { threshold: threshold.toFixed(2), precision: (100 * p.precision).toFixed(1),
      recall: (100 * p.tpr).toFixed(1), fpr: (100 * p.fpr).toFixed(1) });
    paintRoc(canvas, size, dpr, pts, p);
  };
  slider.addEventListener('input', draw);
  draw();
  return el('figure', { class: 'roc-box' }, canvas,
    el('figcaption', {}, t('results.roc.caption'),
      el('strong', { 'data-testid': 'roc-auc', text: roc.auc === null ? t('results.roc.undefined') : num(roc.auc, 4) })),
    el('label', { class: 'roc-slider' }, t('results.roc.threshold'), ' ', slider), readout);
}

function paintRoc(canvas, size, dpr, pts, mark) {
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const L = 44, R = 10, T = 10, B = 40;
  const W = size - L - R, H = size - T - B;
  const X = (v) => L + v * W, Y = (v) => T + H - v * H;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.font = '12px system-ui, sans-serif';
  ctx.strokeStyle = '#e5e7eb';
  ctx.fillStyle = '#4b5563';
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    ctx.beginPath();
    ctx.moveTo(X(v), T);
    ctx.lineTo(X(v), T + H);
    ctx.moveTo(L, Y(v));
    ctx.lineTo(L + W, Y(v));
    ctx.stroke();
    ctx.textAlign = 'center';
    ctx.fillText(String(v), X(v), T + H + 14);
    ctx.textAlign = 'right';
    ctx.fillText(String(v), L - 4, Y(v) + 4);
  }
  ctx.strokeStyle = '#9ca3af';
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  ctx.moveTo(X(0), Y(0));
  ctx.lineTo(X(1), Y(1));
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = '#2563eb';
  ctx.lineWidth = 2;
  ctx.beginPath();
  pts.forEach((p, i) => (i ? ctx.lineTo(X(p.fpr), Y(p.tpr)) : ctx.moveTo(X(p.fpr), Y(p.tpr))));
  ctx.stroke();
  ctx.lineWidth = 1;
  ctx.fillStyle = '#dc2626';
  ctx.beginPath();
  ctx.arc(X(mark.fpr), Y(mark.tpr), 5, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#111827';
  ctx.textAlign = 'center';
  ctx.fillText(t('results.roc.fprAxis'), L + W / 2, size - 8);
  ctx.save();
  ctx.translate(12, T + H / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(t('results.roc.tprAxis'), 0, 0);
  ctx.restore();
}

// Misclassified images; pixels are fetched per sample with the worker's `samples` command.
export function gallery(items, shape, fetchSample, onError, names = null) {
  const box = el('div', { class: 'digits wrong', 'data-testid': 'misclassified' });
  for (const m of items) {
    const canvas = el('canvas', { width: String(shape.w), height: String(shape.h) });
    const conf = m.probabilities?.[m.predicted];
    box.append(el('figure', { class: 'digit', 'data-testid': 'misclassified-item', title: conf !== undefined ? t('results.confidence', { pct: (conf * 100).toFixed(0) }) : '' },
      canvas,
      el('figcaption', {}, el('span', { class: 'bad', text: t('results.pred', { label: classLabel(names, m.predicted) }) }),
        el('span', { text: t('results.truth', { label: classLabel(names, m.label) }) }))));
    fetchSample(m.index).then(
      (x) => paintImage(canvas, x, { w: shape.w, h: shape.h, channels: shape.c, scale: 255, gray: true }),
      (e) => onError(e),
    );
  }
  return box;
}

// In a box that scrolls: long class names must not widen the page.
export function misclassifiedList(items, names = null) {
  return el('div', { class: 'scroll' }, el('table', { class: 'data-table', 'data-testid': 'misclassified' },
    el('thead', {}, el('tr', {}, ['row', 'truth', 'predicted', 'p'].map((k) => el('th', { text: t(`results.wrongTable.${k}`) })))),
    el('tbody', {}, items.map((m) => el('tr', {},
      el('td', { text: String(m.index + 1) }), el('td', { text: classLabel(names, m.label) }), el('td', { class: 'bad', text: classLabel(names, m.predicted) }),
      el('td', { text: num(m.probabilities?.length === 1 ? (m.predicted ? m.probabilities[0] : 1 - m.probabilities[0]) : m.probabilities?.[m.predicted], 3) }))))));
}

// Predicted vs actual (the lessons' plotter), with the y = x line of perfect predictions.
export function scatter(points, mse, target) {
  const plot = new Plot({ width: 360, height: 360, margin: { b: 44 }, testid: 'scatter',
    label: t('results.scatter.label', { count: points.length }) });
  plot.canvas.classList.add('scatter');
  plot.canvas.dataset.points = String(points.length);
  const range = extent(points.flat());
  plot.domain({ x: range, y: range }).clear().axes({ xLabel: t(target ? 'results.scatter.actualOf' : 'results.scatter.actual', { target }), yLabel: t('results.scatter.predicted') });
  plot.line(range, range, { color: '#9ca3af', width: 1, dash: [5, 4] });
  plot.points(points.map((p) => p[0]), points.map((p) => p[1]), { r: 3, alpha: 0.55 });
  return el('figure', { class: 'scatter-box' }, plot.canvas,
    el('figcaption', {}, t('results.scatter.caption'), el('strong', { text: num(mse) })));
}
