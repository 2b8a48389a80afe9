// Lesson 1: one linear unit trained by full-batch gradient descent on house prices. With one
// feature (RM) the line moves over the scatter; with all features the weights creep towards the
// normal-equation solution, which a button computes in the core.
import { RunSet, SPEEDS, paceOf, pacedLesson } from './run-set.js';
import { OverlayChart } from './overlay-chart.js';
import { Plot, extent } from '../shared/plot.js';
import { panel, readouts, dataTable, redrawer } from './widgets.js';
import { el, num } from '../ui/format.js';
import { t } from '../shared/i18n.js';

const NE = '#ea580c';

export function knobs(p) {
  const one = p.lesson.one_feature;
  const isOne = (v) => v.features === 'one';
  return [
    { key: 'features', label: t('lessons.common.knob.features'), options: [['one', `one: ${one.feature}`], ['all', 'all 12']], default: 'one' },
    { key: 'lr', label: t('lessons.common.knob.lr'), type: 'number', min: 0, dependsOn: 'features',
      default: (v) => (isOne(v) ? one.learning_rate : p.optimizer.learning_rate) },
    { key: 'epochs', label: t('lessons.linear-regression.epochs'), type: 'number', step: 1, min: 1, dependsOn: 'features',
      default: (v) => (isOne(v) ? one.epochs : p.train.epochs) },
    { key: 'speed', label: t('lessons.common.knob.speed'), options: SPEEDS, live: true, dependsOn: 'features',
      default: (v) => (isOne(v) ? String(one.pace) : 'max') },
  ];
}

export async function mount(ctx) {
  const { values: v, lesson } = ctx;
  const one = v.features === 'one';
  const spec = ctx.spec({
    'optimizer.learning_rate': v.lr,
    'train.epochs': v.epochs,
    ...(one ? lesson.one_feature.overrides : {}),
  });
  const set = new RunSet([{ label: t('lessons.linear-regression.gd'), spec }], { pace: paceOf(v.speed) });
  const run = set.runs[0];
  let ne = null; // the normal-equation fit
  let gdScores = null; // {train, test} MSE of the current weights

  const solve = el('button', { type: 'button', 'data-testid': 'solve-ne', text: t('lessons.linear-regression.solve'), disabled: true });
  const fitBox = el('div');
  const weightBox = el('div');
  const numbers = el('div', { class: 'fill-rest' });
  const chartBox = el('div');
  ctx.body.append(
    panel(null, set.controls({ extra: [solve], onReset: ctx.reset }),
      el('p', { class: 'note', text: one
        ? t('lessons.linear-regression.noteOne')
        : t('lessons.linear-regression.noteAll') })),
    el('div', { class: 'row' },
      panel(one ? t('lessons.linear-regression.fit', { feature: lesson.one_feature.feature }) : t('lessons.linear-regression.predicted'), fitBox),
      panel(t('lessons.linear-regression.loss'), chartBox)),
    panel(t('lessons.linear-regression.weights'), el('div', { class: 'row' }, weightBox, numbers)),
  );

  await set.load();
  const info = run.info;
  const features = info.features;
  const n = info.train_rows;
  const { x, y } = await run.request('samples', { split: 'train', start: 0, count: n });
  const f = features.length;
  const mean = new Array(f).fill(0), sd = new Array(f).fill(0); // the core's standardisation (population sd)
  for (let i = 0; i < n; i++) for (let c = 0; c < f; c++) mean[c] += x[i * f + c] / n;
  for (let i = 0; i < n; i++) for (let c = 0; c < f; c++) sd[c] += (x[i * f + c] - mean[c]) ** 2 / n;
  for (let c = 0; c < f; c++) sd[c] = Math.sqrt(sd[c]);

  const chart = new OverlayChart(chartBox, {
    title: t('lessons.linear-regression.mseChart'), yLabel: t('lessons.linear-regression.mseAxis'), log: true, testid: 'loss-chart',
    lines: [
      { label: t('lessons.linear-regression.gd'), color: run.color, values: () => run.series('loss') },
      { label: t('lessons.linear-regression.ne'), color: NE, dash: [6, 4], values: () => (ne ? run.series('loss').map(() => ne.train_mse) : []) },
    ],
  });

  const fitPlot = new Plot({ width: 440, height: 320, testid: 'fit-plot', label: t('lessons.linear-regression.plotLabel') });
  fitBox.append(el('figure', { class: 'picture' }, fitPlot.canvas));
  const xs = one ? Array.from(x) : null;
  const [xlo, xhi] = one ? extent(xs) : [0, 1];
  const [ylo, yhi] = extent(y);
  let updates = 0;

  function drawFit(kernel, bias, predicted) {
    fitPlot.clear();
    if (one) {
      fitPlot.domain({ x: [xlo, xhi], y: [ylo, yhi] }).axes({ xLabel: `${features[0]} (rooms per dwelling)`, yLabel: 'MEDV (k$)' });
      fitPlot.points(xs, y, { color: '#6b7280', r: 2.2, alpha: 0.5 });
      const line = (k, b) => [xlo, xhi].map((t) => b + (k * (t - mean[0])) / sd[0]);
      fitPlot.line([xlo, xhi], line(kernel[0], bias), { color: run.color, width: 2.5 });
      if (ne) { // dashed, on top: where it covers the blue line, gradient descent has arrived
        fitPlot.line([xlo, xhi], line(ne.kernel[0], ne.bias), { color: NE, width: 2.5, dash: [7, 7] });
        fitPlot.canvas.dataset.neSlope = String(ne.kernel[0] / sd[0]);
        fitPlot.canvas.dataset.neIntercept = String(ne.bias - (ne.kernel[0] / sd[0]) * mean[0]);
      }
      const slope = kernel[0] / sd[0];
      fitPlot.canvas.dataset.slope = String(slope);
      fitPlot.canvas.dataset.intercept = String(bias - slope * mean[0]);
      fitPlot.text(`MEDV ≈ ${num(slope, 3)}·RM ${bias - slope * mean[0] < 0 ? '−' : '+'} ${num(Math.abs(bias - slope * mean[0]), 3)}`,
        fitPlot.m.l + 8, fitPlot.m.t + 16, { color: run.color });
    } else {
      const [lo, hi] = [Math.min(ylo, 0), yhi];
      fitPlot.domain({ x: [lo, hi], y: [lo, hi] }).axes({ xLabel: 'actual MEDV (k$)', yLabel: 'predicted MEDV (k$)' });
      fitPlot.line([lo, hi], [lo, hi], { color: '#9ca3af', width: 1, dash: [5, 4] });
      if (predicted) fitPlot.points(y, predicted, { color: run.color, r: 2.2, alpha: 0.55 });
    }
    fitPlot.canvas.dataset.updates = String(++updates);
  }

  const barPlot = new Plot({ width: Math.max(360, 46 * f + 70), height: 260, margin: { b: 56 }, testid: 'weight-bars' });
  weightBox.append(el('figure', { class: 'picture' }, barPlot.canvas));
  function drawBars(kernel) {
    const all = [...kernel, ...(ne?.kernel ?? []), 0];
    const [lo, hi] = extent(all, 0.1);
    barPlot.clear().domain({ x: [-0.5, f - 0.5], y: [lo, hi] }).axes({ yLabel: 'weight (k$ per sd)', xTicks: [] });
    const c = barPlot.ctx;
    const w = Math.min(40, (barPlot.pw / f) * 0.6);
    barPlot.clip(() => {
      kernel.forEach((k, i) => {
        c.fillStyle = run.color;
        const y0 = barPlot.Y(0), y1 = barPlot.Y(k);
        c.fillRect(barPlot.X(i) - w / 2, Math.min(y0, y1), w, Math.abs(y1 - y0));
        if (ne) {
          c.fillStyle = NE;
          c.fillRect(barPlot.X(i) - w / 2 - 4, barPlot.Y(ne.kernel[i]) - 1.5, w + 8, 3);
        }
      });
    });
    c.save();
    c.font = '11px system-ui, sans-serif';
    c.fillStyle = '#374151';
    features.forEach((name, i) => {
      c.save();
      c.translate(barPlot.X(i), barPlot.m.t + barPlot.ph + 8);
      c.rotate(-Math.PI / 5);
      c.textAlign = 'right';
      c.fillText(name, 0, 8);
      c.restore();
    });
    c.restore();
  }

  function renderNumbers(kernel, bias) {
    const rows = features.map((name, i) => ({
      feature: name,
      gd: kernel[i],
      ne: ne ? ne.kernel[i] : null,
      diff: ne ? (Math.abs(kernel[i] - ne.kernel[i]) / Math.abs(ne.kernel[i])) * 100 : null,
    }));
    rows.push({ feature: 'bias', gd: bias, ne: ne?.bias ?? null, diff: ne ? (Math.abs(bias - ne.bias) / Math.abs(ne.bias)) * 100 : null });
    const pct = (d) => (d == null ? '–' : `${d < 0.01 ? '<0.01' : num(d, 2)}%`);
    numbers.replaceChildren(
      dataTable([
        { key: 'feature', label: t('lessons.linear-regression.feature'), format: (f) => (f === 'bias' ? t('lessons.linear-regression.bias') : f) },
        { key: 'gd', label: t('lessons.linear-regression.gd'), numeric: true },
        { key: 'ne', label: t('lessons.linear-regression.ne'), numeric: true },
        { key: 'diff', label: t('lessons.linear-regression.diff'), numeric: true, format: pct },
      ], rows, { testid: 'weights-table' }),
      readouts([
        ['gd-train-mse', t('lessons.linear-regression.gdTrain'), gdScores?.train ?? '–'],
        ['ne-train-mse', t('lessons.linear-regression.neTrain'), ne?.train_mse ?? '–'],
        ['gd-test-mse', t('lessons.linear-regression.gdTest'), gdScores?.test ?? '–'],
        ['ne-test-mse', t('lessons.linear-regression.neTest'), ne?.test_mse ?? '–'],
      ]),
    );
  }

  // Redraws from the worker's current weights; one request at a time, the newest change wins.
  const refresh = redrawer(async () => {
    const [kernel, bias] = await Promise.all([run.weights(0, 'kernel'), run.weights(0, 'bias')]);
    const predicted = one ? null : (await run.request('predictSplit', { split: 'train' })).output;
    drawFit(Array.from(kernel), bias[0], predicted);
    drawBars(Array.from(kernel));
    renderNumbers(Array.from(kernel), bias[0]);
    chart.update();
  });

  async function scoreGd() {
    const [train, test] = await Promise.all([run.score('train'), run.score('test')]);
    gdScores = { train: train.loss, test: test.loss };
  }

  solve.addEventListener('click', async () => {
    solve.disabled = true;
    ne = (await run.request('normalEquation')).fit;
    await scoreGd();
    solve.disabled = false;
    solve.dataset.solved = 'true';
    refresh();
  });
  run.on('finished', async () => {
    await scoreGd();
    refresh();
  });
  set.onChange(() => {
    solve.disabled = set.status === 'loading';
    refresh();
  });
  refresh();

  return pacedLesson(set, chart);
}
