// Lesson 2: logistic regression on the breast-cancer data. The sigmoid's output per class as a
// histogram, a threshold slider with the confusion matrix, precision and recall, and with two
// features the decision boundary drawn live over the points.
import { RunSet, SPEEDS, paceOf, pacedLesson } from './run-set.js';
import { OverlayChart, trainValLines } from './overlay-chart.js';
import { Plot, diverging, extent, histogram } from '../shared/plot.js';
import { panel, readouts, redrawer } from './widgets.js';
import { el } from '../ui/format.js';
import { t } from '../shared/i18n.js';

const BENIGN = '#2563eb';
const MALIGNANT = '#dc2626';
const GRID = 64; // the boundary map's resolution (GRID x GRID predictions)

export function knobs(p) {
  return [
    { key: 'features', label: t('lessons.common.knob.features'), default: p.lesson.pairs[0].join('+'),
      options: [...p.lesson.pairs.map((pair) => [pair.join('+'), pair.join(' + ')]), ['all', t('lessons.logistic-regression.all', { count: 30 })]] },
    { key: 'lr', label: t('lessons.common.knob.lr'), type: 'number', min: 0, default: p.optimizer.learning_rate },
    { key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
    { key: 'speed', label: t('lessons.common.knob.speed'), options: SPEEDS, live: true, default: '20' },
    { key: 'threshold', label: t('lessons.logistic-regression.threshold'), type: 'number', min: 0, max: 1, default: 0.5, hidden: true },
  ];
}

// Confusion counts at a threshold; rows are the true class (0 benign, 1 malignant).
export function confusion(probs, labels, threshold) {
  const m = [[0, 0], [0, 0]];
  for (let i = 0; i < labels.length; i++) m[labels[i]][probs[i] >= threshold ? 1 : 0]++;
  const [[tn, fp], [fn, tp]] = m;
  return { m, tn, fp, fn, tp, precision: tp + fp ? tp / (tp + fp) : NaN, recall: tp + fn ? tp / (tp + fn) : NaN,
    accuracy: (tp + tn) / labels.length };
}

export async function mount(ctx) {
  const { values: v, lesson } = ctx;
  const pair = v.features === 'all' ? null : v.features.split('+');
  const overrides = { 'optimizer.learning_rate': v.lr, 'train.epochs': v.epochs };
  if (pair) {
    overrides['data.drop'] = lesson.columns.filter((c) => !pair.includes(c));
    overrides['model.input'] = [2];
  }
  const set = new RunSet([{ label: t('lessons.logistic-regression.model'), spec: ctx.spec(overrides) }], { pace: paceOf(v.speed) });
  const run = set.runs[0];
  let threshold = v.threshold;

  const slider = el('input', { type: 'range', min: '0', max: '1', step: '0.01', value: String(threshold), 'data-testid': 'threshold',
    'aria-label': t('lessons.logistic-regression.sliderLabel') });
  const sliderText = el('strong', { 'data-testid': 'threshold-value', text: threshold.toFixed(2) });
  const histBox = el('div');
  const decisionBox = el('div', { class: 'fill-rest' });
  const boundaryBox = el('div');
  const chartBox = el('div');
  ctx.body.append(
    panel(null, set.controls({ onReset: ctx.reset }), el('label', { class: 'slider' }, t('lessons.logistic-regression.threshold'), slider, sliderText)),
    el('div', { class: 'row' },
      panel(t('lessons.logistic-regression.histogram'), histBox),
      panel(t('lessons.logistic-regression.decisions'), decisionBox)),
    el('div', { class: 'row' },
      pair ? panel(t('lessons.logistic-regression.boundary'), boundaryBox) : null,
      panel(t('lessons.logistic-regression.loss'), chartBox)),
  );

  await set.load();
  const info = run.info;
  const [{ y: valY }, train] = await Promise.all([
    run.request('samples', { split: 'validation', start: 0, count: info.validation_rows }),
    run.request('samples', { split: 'train', start: 0, count: info.train_rows }),
  ]);
  const labels = Array.from(valY, (t) => Math.round(t));
  let probs = null; // validation outputs
  let grid = null; // boundary map outputs

  const chart = new OverlayChart(chartBox, {
    title: t('lessons.logistic-regression.lossChart'), yLabel: t('lessons.logistic-regression.crossEntropy'), testid: 'loss-chart',
    lines: trainValLines(run, 'loss'),
  });

  const hist = new Plot({ width: 440, height: 260, testid: 'probability-histogram' });
  histBox.append(el('figure', { class: 'picture' }, hist.canvas,
    el('figcaption', {}, el('span', { style: `color:${BENIGN}`, text: t('lessons.logistic-regression.benignKey') }), '  ',
      el('span', { style: `color:${MALIGNANT}`, text: t('lessons.logistic-regression.malignantKey') }), t('lessons.logistic-regression.thresholdLine'))));
  const BINS = 20;
  function drawHistogram() {
    hist.clear();
    const by = [0, 1].map((c) => histogram(probs?.filter((_, i) => labels[i] === c) ?? [], 0, 1, BINS));
    const top = Math.max(5, ...by[0], ...by[1]);
    hist.domain({ x: [0, 1], y: [0, top * 1.1] }).axes({ xLabel: 'p = σ(w·x + b)', yLabel: 'validation rows' });
    hist.bars(by[0], 0, 1, { color: BENIGN, alpha: 0.55 });
    hist.bars(by[1], 0, 1, { color: MALIGNANT, alpha: 0.55 });
    hist.vline(threshold, { color: '#111827', width: 2 });
    hist.canvas.dataset.counts = JSON.stringify(by);
  }

  function renderDecisions() {
    if (!probs) return decisionBox.replaceChildren(el('p', { class: 'hint', text: t('lessons.logistic-regression.waiting') }));
    const c = confusion(probs, labels, threshold);
    const cell = (n, testid, good) => el('td', { 'data-testid': testid, dataset: { value: String(n) }, class: good ? 'good' : 'bad', text: String(n) });
    decisionBox.replaceChildren(
      el('table', { class: 'confusion binary', 'data-testid': 'confusion' },
        el('thead', {}, el('tr', {}, el('th', { class: 'corner', text: t('lessons.logistic-regression.corner') }), el('th', { text: t('lessons.logistic-regression.benign') }), el('th', { text: t('lessons.logistic-regression.malignant') }))),
        el('tbody', {},
          el('tr', {}, el('th', { text: t('lessons.logistic-regression.benign') }), cell(c.tn, 'tn', true), cell(c.fp, 'fp', false)),
          el('tr', {}, el('th', { text: t('lessons.logistic-regression.malignant') }), cell(c.fn, 'fn', false), cell(c.tp, 'tp', true)))),
      readouts([
        ['precision', t('lessons.logistic-regression.precision'), c.precision],
        ['recall', t('lessons.logistic-regression.recall'), c.recall],
        ['accuracy', t('lessons.logistic-regression.accuracy'), c.accuracy],
      ]),
      el('p', { class: 'note', text: t('lessons.logistic-regression.missed', { count: c.fn, flagged: c.fp, rows: labels.length }) }),
    );
  }

  // The boundary: p over a grid in raw feature units, the threshold contour, the training points.
  const map = new Plot({ width: 460, height: 400, testid: 'boundary-plot' });
  let gx = null, gy = null, updates = 0;
  if (pair) {
    boundaryBox.append(el('figure', { class: 'picture' }, map.canvas,
      el('figcaption', { text: t('lessons.logistic-regression.shading') })));
    const f = info.features.length;
    const tx = Array.from({ length: info.train_rows }, (_, i) => train.x[i * f]);
    const ty = Array.from({ length: info.train_rows }, (_, i) => train.x[i * f + 1]);
    gx = extent(tx);
    gy = extent(ty);
    map.pointsX = tx;
    map.pointsY = ty;
    map.labels = Array.from(train.y, Math.round);
  }
  const gridInput = () => {
    const input = new Float32Array(GRID * GRID * 2);
    for (let j = 0; j < GRID; j++) for (let i = 0; i < GRID; i++) {
      input[2 * (j * GRID + i)] = gx[0] + (i / (GRID - 1)) * (gx[1] - gx[0]);
      input[2 * (j * GRID + i) + 1] = gy[0] + (j / (GRID - 1)) * (gy[1] - gy[0]);
    }
    return input;
  };
  const gridPoints = pair ? gridInput() : null;

  function drawBoundary() {
    if (!pair) return;
    map.clear().domain({ x: gx, y: gy });
    if (grid) {
      // Light blue (p = 0) through white (p = 0.5) to light red (p = 1).
      map.field((i, j) => diverging(0.7 * (2 * grid[j * GRID + i] - 1)), GRID, GRID);
    }
    map.axes({ xLabel: info.features[0], yLabel: info.features[1] });
    const ls = map.labels;
    for (const c of [0, 1]) {
      const xs = [], ys = [];
      ls.forEach((l, i) => l === c && (xs.push(map.pointsX[i]), ys.push(map.pointsY[i])));
      map.points(xs, ys, { color: c ? MALIGNANT : BENIGN, r: 2.6, alpha: 0.8 });
    }
    if (grid) {
      map.contours(grid, GRID, GRID, [threshold], { color: '#111827', width: 2.5 });
      let correct = 0;
      // How the map classifies the training points (nearest grid cell).
      ls.forEach((l, i) => {
        const gi = Math.round(((map.pointsX[i] - gx[0]) / (gx[1] - gx[0])) * (GRID - 1));
        const gj = Math.round(((map.pointsY[i] - gy[0]) / (gy[1] - gy[0])) * (GRID - 1));
        if ((grid[gj * GRID + gi] >= threshold ? 1 : 0) === l) correct++;
      });
      map.canvas.dataset.accuracy = String(correct / ls.length);
      map.canvas.dataset.malignantShare = String(grid.filter((p) => p >= threshold).length / grid.length);
      map.canvas.dataset.updates = String(++updates);
    }
  }

  const refresh = redrawer(async () => {
    probs = Array.from((await run.request('predictSplit', { split: 'validation' })).output);
    if (pair) grid = (await run.request('predict', { input: gridPoints })).output;
    drawAll();
    chart.update();
  });
  function drawAll() {
    drawHistogram();
    renderDecisions();
    drawBoundary();
  }

  slider.addEventListener('input', () => {
    threshold = Number(slider.value);
    sliderText.textContent = threshold.toFixed(2);
    ctx.setValue('threshold', threshold);
    drawAll();
  });
  set.onChange(() => refresh());
  refresh();

  return pacedLesson(set, chart);
}
