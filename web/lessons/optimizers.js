// Lesson 4: optimizers. Part one: four runs on MNIST digits from the same start, curves overlaid.
// Part two: the same four rules on a two-parameter problem, their (w, b) paths over the loss contours.
import { RunSet } from './run-set.js';
import { OverlayChart, runLines } from './overlay-chart.js';
import { variants } from './spec.js';
import { moments, drawSurface, surfacePlot } from './loss-surface.js';
import { panel, dataTable, runLegend } from './widgets.js';
import { el } from '../ui/format.js';
import { t, formatNumber } from '../shared/i18n.js';

export function knobs(p) {
  return [
    { key: 'epochs', label: t('lessons.optimizers.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
    { key: 'path_epochs', label: t('lessons.optimizers.pathEpochs'), type: 'number', step: 1, min: 1, default: 50 },
  ];
}

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const [data, paths] = await Promise.all([ctx.mnist({ train: preset.data.train_limit, test: 1000 }), ctx.loadPreset('optimizer-paths')]);

  // Part one: digits.
  const digits = new RunSet(variants(ctx, preset.lesson.runs.map((r) => ({ ...r, overrides: { ...r.overrides, 'train.epochs': v.epochs } })),
    preset, { userData: data, keepBatches: true }), { lesson: ctx.id });
  const legendBox = el('div');
  const tableBox = el('div');
  const chartRow = el('div', { class: 'charts-2' });
  // Part two: paths over the loss surface.
  const pathSet = new RunSet(variants(ctx, paths.lesson.runs.map((r) => ({ ...r, overrides: { ...r.overrides, 'train.epochs': v.path_epochs } })),
    paths, { options: { trace: [{ layer: 0, name: 'kernel' }, { layer: 0, name: 'bias' }] } }), { lesson: ctx.id });
  const surfaceBox = el('div');
  const pathLegend = el('div');
  const pathChart = el('div');
  ctx.body.append(
    panel(t('lessons.optimizers.digits', { count: formatNumber(2000) }), digits.controls(), legendBox, chartRow, tableBox),
    panel(t('lessons.optimizers.paths'), pathSet.controls({ name: 'paths' }),
      el('div', { class: 'row' }, el('figure', { class: 'picture' }, surfaceBox,
        el('figcaption', { text: t('lessons.optimizers.contours') })),
      el('div', { class: 'fill-rest' }, pathLegend, pathChart))),
  );
  await Promise.all([digits.load(), pathSet.load()]);

  const lossChart = new OverlayChart(chartRow, { title: t('lessons.optimizers.lossChart'), yLabel: t('lessons.optimizers.lossAxis'), log: true,
    testid: 'loss-chart', lines: runLines(digits.runs, 'loss') });
  const accChart = new OverlayChart(chartRow, { title: t('lessons.optimizers.accChart'), yLabel: t('lessons.logistic-regression.accuracy'), testid: 'accuracy-chart',
    lines: runLines(digits.runs, 'val_accuracy') });

  function renderDigits() {
    legendBox.replaceChildren(runLegend(digits.runs));
    tableBox.replaceChildren(dataTable([
      { key: 'label', label: t('lessons.optimizers.optimizer') },
      { key: 'steps', label: t('lessons.optimizers.steps'), numeric: true },
      { key: 'first', label: t('lessons.optimizers.first'), numeric: true },
      { key: 'loss', label: t('lessons.optimizers.loss'), numeric: true },
      { key: 'val', label: t('lessons.common.column.valAcc'), numeric: true },
    ], digits.runs.map((r) => ({
      label: r.displayLabel,
      steps: r.batches.length,
      first: r.batches[0]?.loss ?? null,
      loss: r.last?.loss ?? null,
      val: r.last?.val_accuracy ?? null,
    })), { testid: 'optimizer-table' }));
    lossChart.update();
    accChart.update();
  }
  digits.onChange(renderDigits);
  renderDigits();

  // The surface: moments of the training rows in the model's (min-max) input space.
  const first = pathSet.runs[0];
  const n = first.info.train_rows;
  const { x, y } = await first.request('samples', { split: 'train', start: 0, count: n });
  let lo = Infinity, hi = -Infinity;
  for (const t of x) (lo = Math.min(lo, t)), (hi = Math.max(hi, t));
  const m = moments(Array.from(x, (t) => (t - lo) / (hi - lo)), y);
  const ne = (await first.request('normalEquation')).fit;
  const plot = surfacePlot({ testid: 'loss-surface' });
  surfaceBox.append(plot.canvas);
  const pathChartObj = new OverlayChart(pathChart, { title: t('lessons.optimizers.mseChart'), yLabel: t('lessons.optimizers.mseAxis'), log: true, height: 220,
    testid: 'path-loss-chart', lines: runLines(pathSet.runs, 'loss') });

  const pathOf = (r) => [[0, 0], ...r.batches.filter((b) => b.trace).map((b) => [b.trace[0][0], b.trace[1][0]])];
  function renderPaths() {
    const list = pathSet.runs.map((r) => ({ label: r.displayLabel, color: r.color, points: pathOf(r) }));
    drawSurface(plot, m, { wStar: ne.kernel[0], bStar: ne.bias, paths: list });
    plot.canvas.dataset.optimum = JSON.stringify([ne.kernel[0], ne.bias]);
    plot.canvas.dataset.ends = JSON.stringify(list.map((p) => {
      const [w, b] = p.points.at(-1);
      return { label: p.label, steps: p.points.length - 1, w, b, distance: Math.hypot(w - ne.kernel[0], b - ne.bias) };
    }));
    pathLegend.replaceChildren(runLegend(pathSet.runs, (r) => {
      const [w, b] = pathOf(r).at(-1);
      return el('span', { class: 'hint', text: t('lessons.optimizers.pathAt', { w: w.toFixed(2), b: b.toFixed(2), count: r.batches.length }) });
    }));
    pathChartObj.update();
  }
  pathSet.onChange(renderPaths);
  renderPaths();

  return {
    destroy() {
      for (const c of [lossChart, accChart, pathChartObj]) c.destroy();
      digits.destroy();
      pathSet.destroy();
    },
  };
}
