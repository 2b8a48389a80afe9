// Lesson 9: one five-layer ReLU MLP from five initialisations. Per-layer activation histograms
// (the worker's `activations` on 200 training digits), loss curves overlaid, and who learns.
import { RunSet, statusWord } from './run-set.js';
import { OverlayChart, runLines } from './overlay-chart.js';
import { mapDense } from './spec.js';
import { Plot, histogram } from '../shared/plot.js';
import { panel, dataTable, runLegend } from './widgets.js';
import { el, num } from '../ui/format.js';
import { t } from '../shared/i18n.js';

const SAMPLES = 200;

export function knobs(p) {
  return [
    { key: 'lr', label: t('lessons.common.knob.lr'), type: 'number', min: 0, default: p.optimizer.learning_rate },
    { key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
    { key: 'when', label: t('lessons.initialization.when.label'), options: [['start', t('lessons.initialization.when.start')], ['now', t('lessons.initialization.when.now')]], default: 'start', live: true },
  ];
}

// Mean-free standard deviation and the share of exact zeros.
function stats(values) {
  let m = 0, q = 0, zeros = 0;
  for (const v of values) (m += v), (q += v * v), (zeros += v === 0 ? 1 : 0);
  m /= values.length;
  return { sd: Math.sqrt(Math.max(0, q / values.length - m * m)), zeros: zeros / values.length };
}

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const data = await ctx.mnist({ train: preset.data.train_limit, test: 1000 });
  const base = ctx.spec({ 'optimizer.learning_rate': v.lr, 'train.epochs': v.epochs });
  const set = new RunSet(preset.lesson.runs.map((r) => ({
    label: r.label, userData: data, spec: mapDense(base, (l) => ({ ...l, kernel_initializer: r.init })),
  })), { lesson: ctx.id });
  const hidden = base.model.layers.map((l, i) => [l, i]).filter(([l, i]) => l.type === 'dense' && i < base.model.layers.length - 1).map(([, i]) => i);
  const legend = el('div');
  const gridBox = el('div', { class: 'scroll' });
  const charts = el('div', { class: 'charts-2' });
  const tableBox = el('div');
  ctx.body.append(
    panel(null, set.controls({ onReset: ctx.reset }), legend),
    panel(t('lessons.initialization.panel.hidden', { count: SAMPLES }), gridBox),
    panel(t('lessons.initialization.panel.learning'), charts, tableBox),
  );
  await set.load();
  const { x } = await set.runs[0].request('samples', { split: 'train', start: 0, count: SAMPLES });
  let when = v.when;
  const snapshots = { start: new Map(), now: new Map() }; // run -> [values per hidden layer]

  async function activations(r) {
    return Promise.all(hidden.map(async (layer) => (await r.request('activations', { layer, input: x })).values));
  }
  await Promise.all(set.runs.map(async (r) => snapshots.start.set(r, await activations(r))));

  const W = 170, H = 110;
  const cells = new Map(); // run -> [Plot per layer]
  gridBox.replaceChildren(el('table', { class: 'activation-grid', 'data-testid': 'activation-grid' },
    el('thead', {}, el('tr', {}, el('th', { text: t('lessons.initialization.column.init') }), hidden.map((_, k) => el('th', { text: t('lessons.initialization.column.layer', { n: k + 1 }) })))),
    el('tbody', {}, set.runs.map((r) => {
      const plots = hidden.map(() => new Plot({ width: W, height: H, margin: { l: 8, r: 8, t: 18, b: 18 } }));
      cells.set(r, plots);
      return el('tr', { 'data-testid': 'activation-row', dataset: { label: r.label } },
        el('th', { text: r.displayLabel }), plots.map((p) => el('td', {}, p.canvas)));
    }))));

  function drawGrid() {
    for (const r of set.runs) {
      const acts = snapshots[when].get(r) ?? snapshots.start.get(r);
      const sds = [];
      cells.get(r).forEach((p, k) => {
        const a = acts[k];
        const s = stats(a);
        sds.push(s.sd);
        const nonzero = Array.from(a).filter((u) => u !== 0);
        let hi = 0;
        for (const u of nonzero) hi = Math.max(hi, Math.abs(u));
        hi = hi || 1;
        const counts = histogram(nonzero, 0, hi, 24);
        p.clear().domain({ x: [0, hi], y: [0, Math.max(1, ...counts) * 1.1] });
        p.bars(counts, 0, hi, { color: r.color, alpha: 0.8 });
        p.frame();
        p.text(t('lessons.initialization.sd', { value: s.sd === 0 ? '0' : s.sd.toExponential(1) }), 6, 12, { font: '11px system-ui, sans-serif' });
        p.text(t('lessons.initialization.zero', { pct: Math.round(s.zeros * 100) }), W - 6, 12, { align: 'right', color: '#6b7280', font: '11px system-ui, sans-serif' });
        p.text(t('lessons.initialization.range', { hi: num(hi, 2) }), W / 2, H - 4, { align: 'center', color: '#6b7280', font: '10px system-ui, sans-serif' });
      });
      gridBox.querySelector(`tr[data-label="${CSS.escape(r.label)}"]`).dataset.sd = JSON.stringify(sds);
    }
    gridBox.firstChild.dataset.when = when;
  }
  drawGrid();

  const lossChart = new OverlayChart(charts, { title: t('lessons.initialization.chart.loss'), yLabel: t('lessons.initialization.chart.lossY'), testid: 'loss-chart',
    lines: runLines(set.runs, 'loss'), range: () => [0, 2.6] });
  const accChart = new OverlayChart(charts, { title: t('lessons.initialization.chart.acc'), yLabel: t('lessons.initialization.chart.accY'), testid: 'accuracy-chart',
    lines: runLines(set.runs, 'val_accuracy'), range: () => [0, 1] });

  function render() {
    legend.replaceChildren(runLegend(set.runs));
    tableBox.replaceChildren(dataTable([
      { key: 'label', label: t('lessons.initialization.column.init') },
      { key: 'loss', label: t('lessons.initialization.column.loss'), numeric: true },
      { key: 'val', label: t('lessons.common.column.valAcc'), numeric: true },
      { key: 'outcome', label: t('lessons.common.column.outcome') },
    ], set.runs.map((r) => ({
      label: r.displayLabel,
      loss: r.last?.loss ?? null,
      val: r.last?.val_accuracy ?? null,
      outcome: r.status === 'failed' ? t('lessons.initialization.outcome.diverged') : !r.ended ? statusWord(r.status)
        : r.last?.loss > 2.2 ? t('lessons.initialization.outcome.stuck') : t('lessons.initialization.outcome.learned'),
    })), { testid: 'init-table' }));
    lossChart.update();
    accChart.update();
  }
  for (const r of set.runs) {
    const snap = async () => {
      snapshots.now.set(r, await activations(r));
      if (when === 'now') drawGrid();
    };
    r.on('finished', snap);
    r.on('error', ({ action }) => action === 'train' && snap());
  }
  set.onChange(render);
  render();

  return {
    async onKnob(key, value) {
      if (key !== 'when') return;
      when = value;
      if (value === 'now') await Promise.all(set.runs.map(async (r) => snapshots.now.set(r, await activations(r))));
      drawGrid();
    },
    destroy() {
      lossChart.destroy();
      accChart.destroy();
      set.destroy();
    },
  };
}
