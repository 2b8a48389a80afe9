// Lesson 5: 1,000 training digits, four runs side by side (plain, L2, L1, dropout): train and
// validation loss per run, the gap measured after training, and first-layer weight histograms.
import { RunSet } from './run-set.js';
import { OverlayChart, trainValLines } from './overlay-chart.js';
import { variants } from './spec.js';
import { Plot, histogram } from '../shared/plot.js';
import { panel, dataTable, runLegend } from './widgets.js';
import { el, num } from '../ui/format.js';
import { t } from '../shared/i18n.js';

const SMALL = 1e-3; // |w| below this counts as switched off

export function knobs(p) {
  return [{ key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs }];
}

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const data = await ctx.mnist({ train: preset.data.train_limit, test: 1000 });
  const set = new RunSet(variants(ctx, preset.lesson.runs.map((r) => ({ ...r, overrides: { ...r.overrides, 'train.epochs': v.epochs } })),
    preset, { userData: data }), { lesson: ctx.id });
  const legend = el('div');
  const multiples = el('div', { class: 'charts-2 pairs' });
  const tableBox = el('div');
  const histBox = el('div', { class: 'row' });
  ctx.body.append(
    panel(null, set.controls({ onReset: ctx.reset }), legend),
    panel(t('lessons.overfitting.curves'), multiples,
      el('p', { class: 'note', text: t('lessons.overfitting.curvesNote') })),
    panel(t('lessons.overfitting.gapPanel'), tableBox),
    panel(t('lessons.overfitting.weightsPanel', { small: SMALL }), histBox),
  );
  await set.load();

  // One y range for all four charts, so the gaps compare by eye.
  let top = 1;
  const range = () => [0, top];
  const charts = set.runs.map((r) => new OverlayChart(multiples, {
    title: r.displayLabel, yLabel: t('lessons.overfitting.crossEntropy'), height: 200, range, testid: 'gap-chart', legend: false,
    lines: trainValLines(r, 'loss'),
  }));

  const results = new Map(); // run -> { train, val, small, weights }
  const plots = set.runs.map((r) => {
    const p = new Plot({ width: 250, height: 170, margin: { l: 40, b: 34 }, testid: 'weight-histogram' });
    p.canvas.dataset.label = r.label;
    histBox.append(el('figure', { class: 'picture' }, p.canvas, el('figcaption', { text: r.displayLabel })));
    return p;
  });
  const LIM = 0.15, BINS = 60;
  function drawHistograms() {
    set.runs.forEach((r, i) => {
      const res = results.get(r);
      const p = plots[i];
      p.clear();
      const counts = res ? histogram(res.weights, -LIM, LIM, BINS) : new Array(BINS).fill(0);
      p.domain({ x: [-LIM, LIM], y: [0, Math.max(10, ...counts) * 1.05] }).axes({ xLabel: 'w', yTicks: [] });
      p.bars(counts, -LIM, LIM, { color: r.color, alpha: 0.8 });
      if (res) {
        p.text(t('lessons.overfitting.smallShare', { share: (res.small * 100).toFixed(1), small: SMALL }), p.m.l + 6, p.m.t + 14, { color: '#111827', font: '11px system-ui, sans-serif' });
        p.canvas.dataset.small = String(res.small);
      }
    });
  }

  function renderTable() {
    legend.replaceChildren(runLegend(set.runs));
    const rows = set.runs.map((r) => {
      const res = results.get(r);
      return {
        label: r.displayLabel,
        trainAcc: res?.train.accuracy ?? null,
        valAcc: res?.val.accuracy ?? null,
        accGap: res ? res.train.accuracy - res.val.accuracy : null,
        trainLoss: res?.train.loss ?? null,
        valLoss: res?.val.loss ?? null,
        gap: res ? res.val.loss - res.train.loss : null,
        small: res?.small ?? null,
      };
    });
    const pct = (x) => (x == null ? '–' : `${(x * 100).toFixed(1)}%`);
    tableBox.replaceChildren(dataTable([
      { key: 'label', label: t('lessons.common.column.run') },
      { key: 'trainAcc', label: t('lessons.overfitting.trainAcc'), numeric: true, format: pct },
      { key: 'valAcc', label: t('lessons.overfitting.valAcc'), numeric: true, format: pct },
      { key: 'accGap', label: t('lessons.overfitting.accGap'), numeric: true, format: pct },
      { key: 'trainLoss', label: t('lessons.overfitting.trainLoss'), numeric: true },
      { key: 'valLoss', label: t('lessons.overfitting.valLoss'), numeric: true },
      { key: 'gap', label: t('lessons.overfitting.lossGap'), numeric: true, format: (x) => (x == null ? '–' : el('strong', { text: num(x, 3) })) },
      { key: 'small', label: `|w| < ${SMALL}`, numeric: true, format: pct },
    ], rows, { testid: 'gap-table' }));
  }

  async function measure(r) {
    const [train, val, weights] = await Promise.all([r.score('train'), r.score('validation'), r.weights(1, 'kernel')]);
    let small = 0;
    for (const w of weights) if (Math.abs(w) < SMALL) small++;
    results.set(r, { train, val, weights, small: small / weights.length });
    renderTable();
    drawHistograms();
  }
  for (const r of set.runs) {
    r.on('finished', () => measure(r).catch(() => {}));
  }
  // The starting weights' histogram (the same for all four: same seed).
  Promise.all(set.runs.map(async (r) => {
    const weights = await r.weights(1, 'kernel');
    if (!results.has(r)) {
      plots[set.runs.indexOf(r)].canvas.dataset.small = '';
      const p = plots[set.runs.indexOf(r)];
      const counts = histogram(weights, -LIM, LIM, BINS);
      p.clear().domain({ x: [-LIM, LIM], y: [0, Math.max(10, ...counts) * 1.05] }).axes({ xLabel: t('lessons.overfitting.wAtStart'), yTicks: [] });
      p.bars(counts, -LIM, LIM, { color: '#9ca3af', alpha: 0.8 });
    }
  })).catch(() => {});

  set.onChange(() => {
    top = Math.max(1, ...set.runs.flatMap((r) => [...r.series('loss'), ...r.series('val_loss')].filter(Number.isFinite))) * 1.05;
    top = Math.min(top, 1.5); // the first epochs of the penalised runs may leave through the top
    for (const c of charts) c.update();
    renderTable();
  });
  renderTable();

  return {
    destroy() {
      for (const c of charts) c.destroy();
      set.destroy();
    },
  };
}
