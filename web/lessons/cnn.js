// Lesson 12: the seeds' CNN on a subset of MNIST. The first convolution's 32 filters (weights(0,
// 'kernel'): 9 x 32, rows (dy, dx, channel)) and their 26 x 26 feature maps for a chosen test
// digit (activations of layer 0, NHWC), redrawn as the network learns.
import { RunSet, SPEEDS, paceOf, pacedLesson } from './run-set.js';
import { OverlayChart, trainValLines } from './overlay-chart.js';
import { ImageGrid } from './image-grid.js';
import { panel, readouts, redrawer } from './widgets.js';
import { el } from '../ui/format.js';
import { paintImage } from '../shared/plot.js';
import { t } from '../shared/i18n.js';

const PICKS = 16; // test digits to choose from

export function knobs(p) {
  return [
    { key: 'digits', label: t('lessons.common.knob.digits'), options: [['3000', '3,000'], ['6000', '6,000'], ['20000', '20,000'], ['60000', 'all 60,000']],
      default: String(p.data.train_limit) },
    { key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
    { key: 'speed', label: t('lessons.common.knob.speed'), options: SPEEDS, live: true, default: 'max' },
    { key: 'digit', label: t('lessons.cnn.digit'), type: 'number', default: 0, hidden: true },
  ];
}

export async function mount(ctx) {
  const { values: v } = ctx;
  const digits = Number(v.digits);
  const spec = ctx.spec({ 'data.train_limit': digits, 'train.epochs': v.epochs });
  const conv = spec.model.layers[0];
  const [k, filters] = [conv.kernel_size, conv.filters];
  const data = await ctx.mnist({ train: digits, test: 2000 });
  const set = new RunSet([{ label: 'CNN', spec, userData: data }], { pace: paceOf(v.speed) });
  const run = set.runs[0];
  const filterGrid = new ImageGrid({ n: filters, w: k, h: k, columns: 16, cell: 46, testid: 'filters' });
  const side = 26; // 28 - 3 + 1: a 'valid' 3x3 convolution
  const mapGrid = new ImageGrid({ n: filters, w: side, h: side, columns: 16, cell: 58, gray: true, testid: 'feature-maps',
    captions: (i) => t('lessons.cnn.mapCaption', { i }) });
  const picker = el('div', { class: 'digit-pick', 'data-testid': 'digit-picker' });
  const numbers = el('div');
  const chartBox = el('div');
  ctx.body.append(
    panel(null, set.controls({ onReset: ctx.reset }), numbers),
    panel(t('lessons.cnn.panel.filters', { count: filters, k }), filterGrid.element),
    panel(t('lessons.cnn.panel.maps'), picker, el('div', { style: 'margin-top:10px' }, mapGrid.element)),
    panel(t('lessons.cnn.panel.accuracy'), chartBox),
  );
  await set.load();

  const { x: picks, y: pickLabels } = await run.request('samples', { split: 'test', start: 0, count: PICKS });
  let digit = Math.max(0, Math.min(PICKS - 1, Math.round(v.digit)));
  const buttons = Array.from({ length: PICKS }, (_, i) => {
    const c = el('canvas');
    paintImage(c, picks, { w: 28, h: 28, offset: i * 784, scale: 255, gray: true });
    return el('button', { type: 'button', title: t('lessons.cnn.pick', { i, label: pickLabels[i] }), 'aria-pressed': String(i === digit),
      'data-testid': `pick-${i}`, onclick: () => choose(i) }, c);
  });
  picker.replaceChildren(...buttons);
  const start = await run.weights(0, 'kernel');

  const chart = new OverlayChart(chartBox, { title: t('lessons.cnn.chart.title'), yLabel: t('lessons.cnn.chart.y'), testid: 'accuracy-chart', lines: trainValLines(run, 'accuracy') });

  const refresh = redrawer(async () => {
    const input = picks.slice(digit * 784, (digit + 1) * 784);
    const [kernel, maps] = await Promise.all([run.weights(0, 'kernel'), run.request('activations', { layer: 0, input }).then((m) => m.values)]);
    // Filter f's pixel p is kernel[p * filters + f]; map f's pixel p is maps[p * filters + f].
    filterGrid.paint(kernel, { offset: (f) => f, stride: filters });
    let top = 1e-12;
    for (const m of maps) top = Math.max(top, m);
    mapGrid.paint(maps, { offset: (f) => f, stride: filters, scale: () => top });
    mapGrid.element.dataset.digit = String(digit);
    mapGrid.element.dataset.sum = String(maps.reduce((a, b) => a + b, 0));
    let change = 0;
    kernel.forEach((w, i) => (change += Math.abs(w - start[i])));
    numbers.replaceChildren(readouts([
      ['batches', t('lessons.cnn.readout.batches'), (run.state?.epoch ?? 0) * (run.state?.batches ?? 0) + (run.state?.batch ?? 0)],
      ['filter-change', t('lessons.cnn.readout.change'), change / kernel.length],
      ['val-accuracy', t('lessons.common.column.valAcc'), run.last?.val_accuracy ?? '–'],
    ]));
    chart.update();
  }, 100);

  function choose(i) {
    digit = i;
    buttons.forEach((b, j) => b.setAttribute('aria-pressed', String(j === i)));
    ctx.setValue('digit', i);
    refresh();
  }
  set.onChange(() => refresh());
  refresh();
  return pacedLesson(set, chart);
}
