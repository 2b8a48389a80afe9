// Lesson 10: a 3 x 3 grid of learning rate x hidden units, one worker per model and as many at a
// time as the browser has cores; a sortable table and a heat map of validation accuracy; the best
// is picked on validation and only that one is evaluated on the test set. Validation is one split,
// or k-fold cross-validation (the core's train.kfold; each cell scored by the core's mean of its folds).
import { RunSet, statusWord } from './run-set.js';
import { panel, dataTable, readouts } from './widgets.js';
import { sequential } from '../shared/plot.js';
import { el, int, num } from '../ui/format.js';
import { t } from '../shared/i18n.js';

const K = 3; // folds when validating by cross-validation

export function knobs(p) {
  return [
    { key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
    { key: 'validation', label: t('lessons.search.validation.label'), options: [['split', t('lessons.search.validation.split')], ['kfold', t('lessons.search.validation.kfold', { k: K })]], default: 'split',
      hint: t('lessons.search.validation.hint') },
  ];
}

const mean = (xs) => (xs.some((x) => x == null) ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

// The best run on validation: highest accuracy, then lowest loss.
export function pickBest(rows) {
  const done = rows.filter((r) => r.valAcc != null);
  done.sort((a, b) => b.valAcc - a.valAcc || a.valLoss - b.valLoss);
  return done[0] ?? null;
}

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const { learning_rate: rates, units: sizes } = preset.lesson.grid;
  const data = await ctx.mnist({ train: preset.data.train_limit, test: 2000 });
  const kfold = v.validation === 'kfold';
  const folds = kfold ? K : 1;
  const workers = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, rates.length * sizes.length * folds));
  const defs = [];
  for (const units of sizes) {
    for (const lr of rates) {
      for (let fold = 0; fold < folds; fold++) {
        const validation = kfold ? { 'train.validation_split': 0, 'train.kfold': K, 'train.fold': fold } : {};
        defs.push({ label: `lr ${lr}, ${units} units${kfold ? `, fold ${fold + 1}` : ''}`, lr, units, userData: data, options: { holdTest: true },
          spec: ctx.spec({ 'optimizer.learning_rate': lr, 'model.layers.1.units': units, 'train.epochs': v.epochs, ...validation }) });
      }
    }
  }
  const set = new RunSet(defs, { parallel: workers });
  // One cell per pair: its runs (k folds, or one), and the core's summary of its folds.
  const cells = sizes.flatMap((units) => rates.map((lr) => ({ lr, units, summary: null, asking: false,
    runs: set.runs.filter((r, i) => defs[i].lr === lr && defs[i].units === units) })));
  const heatBox = el('div');
  const tableBox = el('div', { class: 'fill-rest' });
  const testButton = el('button', { type: 'button', 'data-testid': 'test-best', text: t('lessons.search.evaluate'), disabled: true });
  const testBox = el('div');
  ctx.body.append(
    panel(null, set.controls({ trainLabel: t('lessons.search.runSearch'), onReset: ctx.reset }),
      el('p', { class: 'note', 'data-testid': 'workers', dataset: { value: String(workers) },
        text: t(kfold ? 'lessons.search.workersFolds' : 'lessons.search.workers', { count: defs.length, k: K, workers, cores: navigator.hardwareConcurrency ?? '?' }) })),
    el('div', { class: 'row' }, panel(t('lessons.search.panel.grid'), heatBox), panel(t('lessons.search.panel.all'), tableBox)),
    panel(t('lessons.search.panel.test'), el('div', { class: 'buttons' }, testButton), testBox),
  );
  await set.load();
  let tested = null;

  // k-fold: the core's mean and spread of a cell's fold scores, once all its folds have ended.
  async function summarise(cell) {
    cell.asking = true;
    const [first] = cell.runs;
    try {
      const scores = await Promise.all(cell.runs.map(async (r) => (await r.request('foldScores')).values));
      cell.summary = (await first.request('summarizeFolds', { folds: scores })).values;
    } catch {
      return; // the lesson closed
    }
    render();
  }

  function rows() {
    return cells.map((cell) => {
      const { runs } = cell;
      const ended = runs.every((r) => r.ended);
      const last = (key) => (ended ? runs.map((r) => r.last?.[key] ?? null) : runs.map(() => null));
      if (kfold && ended && !cell.summary && !cell.asking) summarise(cell);
      const status = runs.find((r) => r.status !== 'finished')?.status ?? 'finished';
      return { cell, lr: cell.lr, units: cell.units, params: runs[0].info?.model?.total_params ?? null,
        valLoss: kfold ? cell.summary?.mean.val_loss ?? null : last('val_loss')[0],
        valAcc: kfold ? cell.summary?.mean.val_accuracy ?? null : last('val_accuracy')[0],
        valStd: kfold ? cell.summary?.std.val_accuracy ?? null : null, folds: last('val_accuracy'),
        trainAcc: mean(last('accuracy')), seconds: runs.reduce((a, r) => a + r.epochs.reduce((b, e) => b + e.seconds, 0), 0), status };
    });
  }

  function render() {
    const all = rows();
    const best = set.status === 'finished' && (!kfold || cells.every((c) => c.summary)) ? pickBest(all) : null;
    // Heat map: rows are hidden sizes, columns learning rates.
    const accs = all.map((r) => r.valAcc).filter((a) => a != null);
    const lo = Math.min(...accs, 1), hi = Math.max(...accs, 0);
    heatBox.replaceChildren(el('table', { class: 'heatmap', 'data-testid': 'heatmap' },
      el('thead', {}, el('tr', {}, el('th', { class: 'corner', text: t('lessons.search.corner') }), rates.map((lr) => el('th', { text: String(lr) })))),
      el('tbody', {}, sizes.map((units) => el('tr', {}, el('th', { text: String(units) }), rates.map((lr) => {
        const r = all.find((x) => x.lr === lr && x.units === units);
        const t = r.valAcc == null || hi <= lo ? 0 : (r.valAcc - lo) / (hi - lo);
        const [cr, cg, cb] = sequential(r.valAcc == null ? 0 : 0.1 + 0.8 * t);
        return el('td', {
          class: r === best ? 'best' : null, 'data-testid': 'heat-cell',
          dataset: { lr: String(lr), units: String(units), value: String(r.valAcc ?? ''), folds: JSON.stringify(r.folds) },
          style: `background:rgb(${cr},${cg},${cb});color:${t > 0.6 ? '#fff' : 'inherit'}`,
          text: r.valAcc == null ? (r.status === 'training' ? '…' : '–') : `${(r.valAcc * 100).toFixed(1)}%`,
        });
      }))))));
    const pct = (x) => (x == null ? '–' : `${(x * 100).toFixed(1)}%`);
    tableBox.replaceChildren(dataTable([
      { key: 'lr', label: t('lessons.search.column.lr'), numeric: true, format: (x) => String(x) },
      { key: 'units', label: t('lessons.search.column.units'), numeric: true },
      { key: 'params', label: t('lessons.common.column.params'), numeric: true, format: (x) => (x == null ? '–' : int(x)) },
      { key: 'valAcc', label: kfold ? t('lessons.search.column.valAccFolds', { k: K }) : t('lessons.search.column.valAcc'), numeric: true, format: pct },
      ...(kfold ? [{ key: 'valStd', label: t('lessons.search.column.valStd'), numeric: true, format: pct }] : []),
      { key: 'valLoss', label: t('lessons.search.column.valLoss'), numeric: true },
      { key: 'trainAcc', label: t('lessons.search.column.trainAcc'), numeric: true, format: pct },
      { key: 'seconds', label: t('lessons.common.column.seconds'), numeric: true, format: (x) => num(x, 2) },
      { key: 'status', label: t('lessons.common.column.status'), format: statusWord },
    ], all, { testid: 'search-table', sortable: true, rowAttrs: (r) => ({ class: r === best ? 'best' : null, 'data-testid': 'search-row' }) }));
    testButton.disabled = !best || tested !== null;
    testButton.dataset.best = best ? `${best.lr},${best.units}` : '';
    if (best && !tested) testButton.textContent = t('lessons.search.evaluateBest', { lr: best.lr, units: best.units });
  }

  testButton.addEventListener('click', async () => {
    const best = pickBest(rows());
    if (!best || tested) return;
    testButton.disabled = true;
    // k-fold: the cell's k models, each tested; their mean is the cell's test score.
    const scores = await Promise.all(best.cell.runs.map((r) => r.score('test')));
    tested = { accuracy: mean(scores.map((x) => x.accuracy)), loss: mean(scores.map((x) => x.loss)), lr: best.lr, units: best.units, valAcc: best.valAcc };
    testButton.textContent = t('lessons.search.tested');
    testBox.replaceChildren(readouts([
      ['chosen', t('lessons.search.readout.chosen'), t('lessons.search.readout.choice', { lr: tested.lr, units: tested.units })],
      ['chosen-val-accuracy', kfold ? t('lessons.search.readout.valAccFolds', { k: K }) : t('lessons.search.readout.valAcc'), tested.valAcc],
      ['test-accuracy', kfold ? t('lessons.search.readout.testAccFolds', { k: K }) : t('lessons.search.readout.testAcc'), tested.accuracy],
      ['test-loss', t('lessons.search.readout.testLoss'), tested.loss],
    ]), el('p', { class: 'note', text: t('lessons.search.untested', { count: cells.length - 1 }) }));
  });
  set.onChange(render);
  render();
  return { destroy: () => set.destroy() };
}
