// Lesson 3: the MNIST MLP's first-layer weights drawn as 28x28 images while it trains, and a
// check that weights on pixels never inked in the training digits do not move.
import { RunSet, SPEEDS, paceOf } from './run-set.js';
import { OverlayChart, trainValLines } from './overlay-chart.js';
import { ImageGrid } from './image-grid.js';
import { panel, readouts, redrawer } from './widgets.js';
import { el } from '../ui/format.js';
import { t, formatNumber } from '../shared/i18n.js';

const LAYER = 1; // flatten is layer 0

export function knobs(p) {
  return [
    { key: 'digits', label: t('lessons.common.knob.digits'), options: [['5000', '5,000'], ['20000', '20,000'], ['60000', 'all 60,000']],
      default: String(p.data.train_limit) },
    { key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
    { key: 'shown', label: t('lessons.mlp-weights.shown'), options: [['16', '16'], ['32', '32'], ['64', '64'], ['128', t('lessons.logistic-regression.all', { count: 128 })]], default: '32' },
    { key: 'view', label: t('lessons.mlp-weights.view'), options: [['weights', t('lessons.mlp-weights.weights')], ['change', t('lessons.mlp-weights.change')]], live: true, default: 'change' },
    { key: 'speed', label: t('lessons.common.knob.speed'), options: SPEEDS, live: true, default: 'max' },
  ];
}

export async function mount(ctx) {
  const { values: v } = ctx;
  const digits = Number(v.digits);
  const spec = ctx.spec({ 'data.train_limit': digits, 'train.epochs': v.epochs });
  const units = spec.model.layers[LAYER].units;
  const shown = Math.min(units, Number(v.shown));
  const grid = new ImageGrid({ n: shown, w: 28, h: 28, columns: Math.min(16, shown), cell: 58, testid: 'unit-images',
    captions: (i) => t('lessons.mlp-weights.unit', { i }) });
  const numbers = el('div');
  const chartBox = el('div');

  const data = await ctx.mnist({ train: digits, test: 10000 });
  const set = new RunSet([{ label: 'MLP', spec, userData: data }], { pace: paceOf(v.speed) });
  const run = set.runs[0];
  ctx.body.append(
    panel(null, set.controls({ onReset: ctx.reset })),
    panel(t('lessons.mlp-weights.grid', { last: shown - 1 }), grid.element,
      el('p', { class: 'note', text: t('lessons.mlp-weights.gridNote') })),
    el('div', { class: 'row' }, panel(t('lessons.mlp-weights.dead'), numbers), panel(t('lessons.mlp-weights.accuracy'), chartBox)),
  );
  await set.load();

  // Pixels that are 0 in every training row (the validation rows are the last 10%).
  const rows = run.info.train_rows;
  const images = new Uint8Array(data.train.images, 16);
  const lit = new Uint8Array(784);
  for (let r = 0; r < rows; r++) for (let p = 0; p < 784; p++) if (images[r * 784 + p]) lit[p] = 1;
  const dead = [];
  lit.forEach((l, p) => !l && dead.push(p));
  const start = await run.weights(LAYER, 'kernel'); // 784 x units, row-major: pixel p, unit j at p * units + j

  const chart = new OverlayChart(chartBox, {
    title: t('lessons.mlp-weights.accuracyChart'), yLabel: t('lessons.logistic-regression.accuracy'), testid: 'accuracy-chart',
    lines: trainValLines(run, 'accuracy'),
  });

  let view = v.view;
  let latest = null;
  function draw(kernel) {
    latest = kernel;
    const shownValues = view === 'change' ? kernel.map((w, k) => w - start[k]) : kernel;
    grid.paint(shownValues, { offset: (j) => j, stride: units });
    grid.element.dataset.view = view;
    let deadMove = 0, litMove = 0;
    for (let p = 0; p < 784; p++) {
      for (let j = 0; j < units; j++) {
        const d = Math.abs(kernel[p * units + j] - start[p * units + j]);
        if (lit[p]) litMove += d;
        else deadMove = Math.max(deadMove, d);
      }
    }
    const litCount = 784 - dead.length;
    numbers.replaceChildren(
      readouts([
        ['dead-pixels', t('lessons.mlp-weights.deadPixels'), dead.length],
        ['dead-move', t('lessons.mlp-weights.deadMove'), deadMove],
        ['lit-move', t('lessons.mlp-weights.litMove'), litCount ? litMove / (litCount * units) : 0],
        ['val-accuracy', t('lessons.common.column.valAcc'), run.last?.val_accuracy ?? '–'],
      ]),
      el('p', { class: 'note', text: t('lessons.mlp-weights.deadNote', { count: rows, rows: formatNumber(rows) }) }),
    );
  }

  const refresh = redrawer(async () => {
    draw(await run.weights(LAYER, 'kernel'));
    chart.update();
  }, 150); // at most a few pictures a second: the weights are 400 kB
  set.onChange(() => refresh());
  refresh();

  return {
    onKnob(key, value) {
      if (key === 'speed') set.setPace(paceOf(value));
      if (key === 'view') {
        view = value;
        if (latest) draw(latest);
      }
    },
    destroy() {
      chart.destroy();
      set.destroy();
    },
  };
}
