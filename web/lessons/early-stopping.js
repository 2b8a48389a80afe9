// Lesson 8: train / validation / test with early stopping on validation loss. The curves with the
// best epoch marked, the restored weights' validation loss, and a test evaluation that runs once.
import { t } from '../shared/i18n.js';
import { RunSet } from './run-set.js';
import { PALETTE, Plot, extent, integerTicks } from '../shared/plot.js';
import { panel, readouts } from './widgets.js';
import { el, int } from '../ui/format.js';

export function knobs(p) {
  return [
    { key: 'patience', label: t('lessons.early-stopping.patience'), type: 'number', step: 1, min: 1, default: p.train.early_stopping.patience },
    { key: 'epochs', label: t('lessons.early-stopping.maxEpochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
  ];
}

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const data = await ctx.mnist({ train: preset.data.train_limit, test: 2000 });
  const spec = ctx.spec({ 'train.epochs': v.epochs, 'train.early_stopping.patience': v.patience });
  // holdTest: the worker reports no test results by itself; the page asks once.
  const set = new RunSet([{ label: 'MLP', spec, userData: data, options: { holdTest: true } }]);
  const run = set.runs[0];
  const splits = el('div', { class: 'splits' });
  const plotBox = el('div');
  const numbers = el('div', { class: 'fill-rest' });
  const testButton = el('button', { type: 'button', 'data-testid': 'evaluate-test', text: t('lessons.early-stopping.evaluate'), disabled: true });
  const testBox = el('div');
  ctx.body.append(
    panel(null, set.controls({ onReset: ctx.reset }), splits),
    el('div', { class: 'row' }, panel(t('lessons.early-stopping.lossPanel'), plotBox), panel(t('lessons.early-stopping.stoppingPanel'), numbers)),
    panel(t('lessons.early-stopping.testPanel'), el('div', { class: 'buttons' }, testButton), testBox),
  );
  await set.load();
  const info = run.info;
  const total = info.train_rows + info.validation_rows + info.test_rows;
  splits.replaceChildren(...[['train', info.train_rows, t('lessons.early-stopping.trainJob'), t('lessons.early-stopping.trainSplit')],
    ['validation', info.validation_rows, t('lessons.early-stopping.validationJob'), t('lessons.early-stopping.validationSplit')],
    ['test', info.test_rows, t('lessons.early-stopping.testJob'), t('lessons.early-stopping.testSplit')]].map(([name, n, job, shown]) =>
    el('div', { class: `split split-${name}`, style: `flex:${n / total}`, 'data-testid': `split-${name}` },
      el('strong', { text: t('lessons.early-stopping.split', { name: shown, rows: int(n) }) }), el('span', { text: job }))));

  const plot = new Plot({ width: 520, height: 300, testid: 'stopping-plot' });
  plotBox.append(el('figure', { class: 'picture' }, plot.canvas,
    el('figcaption', { text: t('lessons.early-stopping.caption') })));
  let restored = null; // validation score of the weights after training
  let tested = null;

  function draw() {
    const tr = run.series('loss'), va = run.series('val_loss');
    const n = tr.length;
    const s = run.state ?? {};
    const best = s.best_epoch ?? -1;
    plot.clear().domain({ x: [0.5, Math.max(n, 5) + 0.5], y: [0, extent([...tr, ...va, 0.5], 0.08)[1]] });
    if (best >= 0 && s.stopped_early) {
      plot.clip((c) => {
        c.fillStyle = 'rgba(107, 114, 128, 0.12)';
        c.fillRect(plot.X(best + 1), plot.m.t, plot.X(n) - plot.X(best + 1), plot.ph);
      });
    }
    plot.axes({ xLabel: t('lessons.charts.epoch'), yLabel: t('lessons.early-stopping.crossEntropy'), xTicks: integerTicks(plot.dx) });
    const xs = tr.map((_, i) => i + 1);
    plot.line(xs, tr, { color: PALETTE.train }).points(xs, tr, { color: PALETTE.train, r: 2.5, alpha: 1 });
    plot.line(xs, va, { color: PALETTE.validation }).points(xs, va, { color: PALETTE.validation, r: 2.5, alpha: 1 });
    if (best >= 0) {
      plot.vline(best + 1, { color: '#111827', width: 1.5, dash: [5, 4] });
      plot.text(t('lessons.early-stopping.bestMark', { epoch: best + 1 }), plot.X(best + 1) + 4, plot.m.t + 14, { font: '11px system-ui, sans-serif' });
    }
    plot.canvas.dataset.epochs = String(n);
  }

  function render() {
    const s = run.state ?? {};
    const va = run.series('val_loss');
    const best = s.best_epoch ?? -1;
    numbers.replaceChildren(readouts([
      ['epochs-trained', t('lessons.early-stopping.epochsTrained'), va.length],
      ['stopped-early', t('lessons.early-stopping.stoppedEarly'), s.stopped_early ? t('lessons.early-stopping.yes') : t('lessons.early-stopping.no')],
      ['best-epoch', t('lessons.early-stopping.bestEpoch'), best >= 0 ? best + 1 : '–'],
      ['best-val-loss', t('lessons.early-stopping.lowestVal'), best >= 0 ? va[best] : '–'],
      ['restored-val-loss', t('lessons.early-stopping.finalVal'), restored?.loss ?? '–'],
      ['restored-val-accuracy', t('lessons.early-stopping.finalAcc'), restored?.accuracy ?? '–'],
    ]));
    numbers.querySelector('[data-testid=stopped-early]').dataset.value = String(Boolean(s.stopped_early));
    draw();
    testButton.disabled = !run.ended || tested !== null;
    if (run.ended && tested === null) testButton.textContent = t('lessons.early-stopping.evaluateOnce');
  }

  run.on('finished', async () => {
    restored = await run.score('validation');
    render();
  });
  testButton.addEventListener('click', async () => {
    if (tested) return;
    testButton.disabled = true;
    tested = await run.score('test');
    testButton.textContent = t('lessons.early-stopping.testUsed');
    testBox.replaceChildren(readouts([
      ['test-loss', t('lessons.early-stopping.testLoss'), tested.loss],
      ['test-accuracy', t('lessons.early-stopping.testAcc'), tested.accuracy],
    ]), el('p', { class: 'note', text: t('lessons.early-stopping.reportNote') }));
  });
  set.onChange(render);
  render();
  return { destroy: () => set.destroy() };
}
