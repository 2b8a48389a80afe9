// Lesson 6: the same sigmoid classifier from a saturated start, trained on cross-entropy and on
// squared error: relative loss and validation accuracy overlaid, the gradients' shapes, and how
// many training rows stay confidently wrong.
import { RunSet } from './run-set.js';
import { OverlayChart, runLines } from './overlay-chart.js';
import { variants } from './spec.js';
import { Plot } from '../shared/plot.js';
import { panel, dataTable, runLegend } from './widgets.js';
import { el } from '../ui/format.js';
import { t } from '../shared/i18n.js';

export function knobs(p) {
  return [
    { key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
    { key: 'lr', label: t('lessons.common.knob.lr'), type: 'number', min: 0, default: p.optimizer.learning_rate },
  ];
}

const sigmoid = (z) => 1 / (1 + Math.exp(-z));

// |∂loss/∂z| for y = 1 over z: cross-entropy 1 − p, squared error 2 (1 − p) p (1 − p).
function gradientPlot(colors) {
  const p = new Plot({ width: 420, height: 260, testid: 'gradient-plot' });
  const zs = Array.from({ length: 241 }, (_, i) => -8 + i / 15);
  p.clear().domain({ x: [-8, 8], y: [0, 1.05] }).axes({ xLabel: t('lessons.losses.zAxis'), yLabel: '|∂loss / ∂z|' });
  p.line(zs, zs.map((z) => 1 - sigmoid(z)), { color: colors[0], width: 2.5 });
  p.line(zs, zs.map((z) => 2 * (1 - sigmoid(z)) ** 2 * sigmoid(z)), { color: colors[1], width: 2.5 });
  p.vline(Math.log(0.02 / 0.98), { color: '#9ca3af', width: 1, dash: [4, 4] });
  p.text('p = 0.02', p.X(Math.log(0.02 / 0.98)) + 4, p.m.t + 14, { color: '#6b7280', font: '11px system-ui, sans-serif' });
  return p;
}

// Rows on the wrong side with p < 0.05 or p > 0.95.
function confidentlyWrong(probs, labels) {
  let n = 0;
  for (let i = 0; i < labels.length; i++) if ((labels[i] === 1 && probs[i] < 0.05) || (labels[i] === 0 && probs[i] > 0.95)) n++;
  return n;
}

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const set = new RunSet(variants(ctx, preset.lesson.runs.map((r) => ({
    ...r, overrides: { ...r.overrides, 'train.epochs': v.epochs, 'optimizer.learning_rate': v.lr } }))), { lesson: ctx.id });
  const legend = el('div');
  const charts = el('div', { class: 'charts-2' });
  const tableBox = el('div', { class: 'fill-rest' });
  const gradBox = el('div');
  ctx.body.append(
    panel(null, set.controls({ onReset: ctx.reset }), legend),
    panel(t('lessons.losses.bothRuns'), charts),
    el('div', { class: 'row' },
      panel(t('lessons.losses.why'), gradBox,
        el('p', { class: 'note', text: t('lessons.losses.whyNote') })),
      panel(t('lessons.losses.wrongPanel'), tableBox)),
  );
  await set.load();
  const colors = set.runs.map((r) => r.color);
  gradBox.prepend(el('figure', { class: 'picture' }, gradientPlot(colors).canvas));

  const relative = (values) => values.map((x) => (values[0] ? x / values[0] : null));
  const lossChart = new OverlayChart(charts, { title: t('lessons.losses.relativeTitle'), yLabel: t('lessons.losses.relativeAxis'), testid: 'relative-loss-chart',
    lines: runLines(set.runs, 'loss', { map: relative }) });
  const accChart = new OverlayChart(charts, { title: t('lessons.losses.accTitle'), yLabel: t('lessons.losses.accAxis'), testid: 'accuracy-chart',
    lines: runLines(set.runs, 'val_accuracy') });

  const { y } = await set.runs[0].request('samples', { split: 'train', start: 0, count: set.runs[0].info.train_rows });
  const labels = Array.from(y, Math.round);
  const wrong = new Map(); // run -> {start, end}
  await Promise.all(set.runs.map(async (r) => {
    wrong.set(r, { start: confidentlyWrong((await r.request('predictSplit', { split: 'train' })).output, labels), end: null });
  }));
  for (const r of set.runs) {
    r.on('finished', async () => {
      wrong.get(r).end = confidentlyWrong((await r.request('predictSplit', { split: 'train' })).output, labels);
      render();
    });
  }

  function render() {
    legend.replaceChildren(runLegend(set.runs));
    tableBox.replaceChildren(dataTable([
      { key: 'label', label: t('lessons.losses.lossColumn') },
      { key: 'start', label: t('lessons.losses.atStart'), numeric: true },
      { key: 'end', label: t('lessons.losses.afterTraining'), numeric: true },
      { key: 'relative', label: t('lessons.losses.relativeColumn'), numeric: true },
      { key: 'val', label: t('lessons.common.column.valAcc'), numeric: true },
    ], set.runs.map((r) => {
      const loss = r.series('loss');
      return { label: r.displayLabel, start: wrong.get(r)?.start ?? null, end: wrong.get(r)?.end ?? null,
        relative: loss.length ? loss.at(-1) / loss[0] : null, val: r.last?.val_accuracy ?? null };
    }), { testid: 'loss-table' }),
    el('p', { class: 'note', text: t('lessons.losses.ofRows', { count: labels.length }) }));
    lossChart.update();
    accChart.update();
  }
  set.onChange(render);
  render();

  return {
    destroy() {
      lossChart.destroy();
      accChart.destroy();
      set.destroy();
    },
  };
}
