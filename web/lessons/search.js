// Lesson 10: a 3 x 3 grid of learning rate x hidden units, one worker per model and as many at a
// time as the browser has cores; a sortable table and a heat map of validation accuracy; the best
// is picked on validation and only that one is evaluated on the test set.
import { RunSet } from './run-set.js';
import { panel, dataTable, readouts } from './widgets.js';
import { sequential } from '../shared/plot.js';
import { el, int, num } from '../ui/format.js';

export function knobs(p) {
  return [{ key: 'epochs', label: 'Epochs', type: 'number', step: 1, min: 1, default: p.train.epochs }];
}

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
  const workers = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, rates.length * sizes.length));
  const defs = [];
  for (const units of sizes) {
    for (const lr of rates) {
      defs.push({ label: `lr ${lr}, ${units} units`, lr, units, userData: data, options: { holdTest: true },
        spec: ctx.spec({ 'optimizer.learning_rate': lr, 'model.layers.1.units': units, 'train.epochs': v.epochs }) });
    }
  }
  const set = new RunSet(defs, { parallel: workers });
  const grid = new Map(set.runs.map((r, i) => [r, defs[i]]));
  const heatBox = el('div');
  const tableBox = el('div', { class: 'fill-rest' });
  const testButton = el('button', { type: 'button', 'data-testid': 'test-best', text: 'Evaluate the best on the test set', disabled: true });
  const testBox = el('div');
  ctx.body.append(
    panel(null, set.controls({ trainLabel: 'Run the search', onReset: ctx.reset }),
      el('p', { class: 'note', 'data-testid': 'workers', dataset: { value: String(workers) },
        text: `${defs.length} models, ${workers} training at a time (navigator.hardwareConcurrency = ${navigator.hardwareConcurrency ?? '?'}).` })),
    el('div', { class: 'row' }, panel('Validation accuracy over the grid', heatBox), panel('All models', tableBox)),
    panel('The chosen model on the test set', el('div', { class: 'buttons' }, testButton), testBox),
  );
  await set.load();
  let tested = null;

  function rows() {
    return set.runs.map((r) => {
      const d = grid.get(r);
      const seconds = r.epochs.reduce((a, e) => a + e.seconds, 0);
      return { run: r, lr: d.lr, units: d.units, params: r.info?.model?.total_params ?? null, epochs: r.epochs.length,
        valLoss: r.ended ? r.last?.val_loss ?? null : null, valAcc: r.ended ? r.last?.val_accuracy ?? null : null,
        trainAcc: r.ended ? r.last?.accuracy ?? null : null, seconds, status: r.status };
    });
  }

  function render() {
    const all = rows();
    const best = set.status === 'finished' ? pickBest(all) : null;
    // Heat map: rows are hidden sizes, columns learning rates.
    const accs = all.map((r) => r.valAcc).filter((a) => a != null);
    const lo = Math.min(...accs, 1), hi = Math.max(...accs, 0);
    heatBox.replaceChildren(el('table', { class: 'heatmap', 'data-testid': 'heatmap' },
      el('thead', {}, el('tr', {}, el('th', { class: 'corner', text: 'units ↓ / learning rate →' }), rates.map((lr) => el('th', { text: String(lr) })))),
      el('tbody', {}, sizes.map((units) => el('tr', {}, el('th', { text: String(units) }), rates.map((lr) => {
        const r = all.find((x) => x.lr === lr && x.units === units);
        const t = r.valAcc == null || hi <= lo ? 0 : (r.valAcc - lo) / (hi - lo);
        const [cr, cg, cb] = sequential(r.valAcc == null ? 0 : 0.1 + 0.8 * t);
        return el('td', {
          class: r === best ? 'best' : null, 'data-testid': 'heat-cell',
          dataset: { lr: String(lr), units: String(units), value: String(r.valAcc ?? '') },
          style: `background:rgb(${cr},${cg},${cb});color:${t > 0.6 ? '#fff' : 'inherit'}`,
          text: r.valAcc == null ? (r.status === 'training' ? '…' : '–') : `${(r.valAcc * 100).toFixed(1)}%`,
        });
      }))))));
    const pct = (x) => (x == null ? '–' : `${(x * 100).toFixed(1)}%`);
    tableBox.replaceChildren(dataTable([
      { key: 'lr', label: 'learning rate', numeric: true, format: (x) => String(x) },
      { key: 'units', label: 'hidden units', numeric: true },
      { key: 'params', label: 'parameters', numeric: true, format: (x) => (x == null ? '–' : int(x)) },
      { key: 'valAcc', label: 'validation accuracy', numeric: true, format: pct },
      { key: 'valLoss', label: 'validation loss', numeric: true },
      { key: 'trainAcc', label: 'training accuracy', numeric: true, format: pct },
      { key: 'seconds', label: 'training time (s)', numeric: true, format: (x) => num(x, 2) },
      { key: 'status', label: 'status' },
    ], all, { testid: 'search-table', sortable: true, rowAttrs: (r) => ({ class: r === best ? 'best' : null, 'data-testid': 'search-row' }) }));
    testButton.disabled = !best || tested !== null;
    testButton.dataset.best = best ? `${best.lr},${best.units}` : '';
    if (best && !tested) testButton.textContent = `Evaluate the best (lr ${best.lr}, ${best.units} units) on the test set`;
  }

  testButton.addEventListener('click', async () => {
    const best = pickBest(rows());
    if (!best || tested) return;
    testButton.disabled = true;
    tested = { ...(await best.run.score('test')), lr: best.lr, units: best.units, valAcc: best.valAcc };
    testButton.textContent = 'Tested';
    testBox.replaceChildren(readouts([
      ['chosen', 'chosen on validation', `lr ${tested.lr}, ${tested.units} units`],
      ['chosen-val-accuracy', 'its validation accuracy', tested.valAcc],
      ['test-accuracy', 'its test accuracy', tested.accuracy],
      ['test-loss', 'its test loss', tested.loss],
    ]), el('p', { class: 'note', text: `The other ${defs.length - 1} models were never evaluated on the test set.` }));
  });
  set.onChange(render);
  render();
  return { destroy: () => set.destroy() };
}
