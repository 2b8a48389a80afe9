// Lesson 13: k-fold cross-validation. One worker per fold (train.kfold, train.fold), the folds' scores
// in a table and on a strip with their mean and spread, which the core computes (summarizeFolds).
import { RunSet, statusWord } from './run-set.js';
import { panel, dataTable, readouts } from './widgets.js';
import { el, num } from '../ui/format.js';
import { t } from '../shared/i18n.js';

const FOLD_CHOICES = [3, 5, 10];

export function knobs(p) {
  return [
    { key: 'k', label: t('lessons.cross-validation.folds'), options: FOLD_CHOICES.map((n) => [String(n), t('lessons.cross-validation.foldCount', { count: n })]), default: String(p.train.kfold) },
    { key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
  ];
}

const pct = (x) => (x == null ? '–' : `${(x * 100).toFixed(1)}%`);

// The fold scores on a 0–100% accuracy strip: one dot per fold, the mean ± std band behind them.
function strip(scores, summary) {
  const W = 420, H = 70, L = 10, R = 10;
  const lo = Math.max(0, Math.min(...scores) - 0.05), hi = Math.min(1, Math.max(...scores) + 0.05);
  const X = (v) => L + ((v - lo) / (hi - lo || 1)) * (W - L - R);
  const svg = (tag, attrs) => {
    const n = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    return n;
  };
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, 'data-testid': 'fold-strip', role: 'img',
    'aria-label': t('lessons.cross-validation.strip', { lo: pct(Math.min(...scores)), hi: pct(Math.max(...scores)) }) });
  if (summary) {
    const m = summary.mean.val_accuracy, s = summary.std.val_accuracy;
    root.append(svg('rect', { x: X(Math.max(lo, m - s)), y: 10, width: X(Math.min(hi, m + s)) - X(Math.max(lo, m - s)), height: 30, fill: 'rgba(37,99,235,0.15)' }),
      svg('line', { x1: X(m), x2: X(m), y1: 6, y2: 44, stroke: '#2563eb', 'stroke-width': 2 }));
  }
  for (const v of scores) root.append(svg('circle', { cx: X(v), cy: 25, r: 5, fill: '#ea580c', 'fill-opacity': 0.8 }));
  for (const v of [lo, hi]) {
    const label = svg('text', { x: X(v), y: 62, 'text-anchor': v === lo ? 'start' : 'end', 'font-size': 12, fill: '#4b5563' });
    label.textContent = pct(v);
    root.append(label);
  }
  return root;
}

export async function mount(ctx) {
  const { values: v } = ctx;
  const k = Number(v.k);
  const defs = Array.from({ length: k }, (_, fold) => ({
    label: `fold ${fold + 1}`, fold, options: { holdTest: true },
    spec: ctx.spec({ 'train.kfold': k, 'train.fold': fold, 'train.epochs': v.epochs }),
  }));
  const set = new RunSet(defs, { parallel: Math.max(1, Math.min(navigator.hardwareConcurrency || 2, k)) });
  const tableBox = el('div');
  const stripBox = el('div');
  const summaryBox = el('div');
  ctx.body.append(
    panel(null, set.controls({ trainLabel: t('lessons.cross-validation.train', { count: k }), onReset: ctx.reset })),
    el('div', { class: 'row' }, panel(t('lessons.cross-validation.panel.folds'), tableBox),
      panel(t('lessons.cross-validation.panel.verdicts'), stripBox, summaryBox)),
  );
  await set.load();
  let summary = null, asking = false;

  async function summarise() {
    asking = true;
    try {
      const folds = await Promise.all(set.runs.map(async (r) => (await r.request('foldScores')).values));
      summary = (await set.runs[0].request('summarizeFolds', { folds })).values;
    } catch (e) {
      summaryBox.replaceChildren(el('p', { class: 'error', text: e.message }));
    }
    render();
  }

  function render() {
    const rows = set.runs.map((r, i) => ({
      fold: i + 1, trainRows: r.info?.train_rows ?? null, valRows: r.info?.validation_rows ?? null,
      valAcc: r.ended ? r.last?.val_accuracy ?? null : null, valLoss: r.ended ? r.last?.val_loss ?? null : null, status: statusWord(r.status),
    }));
    tableBox.replaceChildren(dataTable([
      { key: 'fold', label: t('lessons.cross-validation.column.fold'), numeric: true },
      { key: 'trainRows', label: t('lessons.cross-validation.column.trainRows'), numeric: true },
      { key: 'valRows', label: t('lessons.cross-validation.column.valRows'), numeric: true },
      { key: 'valAcc', label: t('lessons.common.column.valAcc'), numeric: true, format: pct },
      { key: 'valLoss', label: t('lessons.cross-validation.column.valLoss'), numeric: true },
      { key: 'status', label: t('lessons.common.column.status') },
    ], rows, { testid: 'fold-table', rowAttrs: () => ({ 'data-testid': 'fold-row' }) }));
    const scores = rows.map((r) => r.valAcc).filter((x) => x != null);
    stripBox.replaceChildren(scores.length ? strip(scores, summary) : el('p', { class: 'hint', text: t('lessons.cross-validation.pending') }));
    if (set.status === 'finished' && !summary && !asking) summarise();
    if (summary) {
      const m = summary.mean.val_accuracy, s = summary.std.val_accuracy;
      summaryBox.replaceChildren(readouts([
        ['cv-mean', t('lessons.cross-validation.readout.mean'), m],
        ['cv-std', t('lessons.cross-validation.readout.std'), s],
        ['cv-min', t('lessons.cross-validation.readout.min'), summary.min.val_accuracy],
        ['cv-max', t('lessons.cross-validation.readout.max'), summary.max.val_accuracy],
      ]), el('p', { class: 'note', 'data-testid': 'cv-verdict',
        text: t('lessons.cross-validation.verdict', { k, mean: pct(m), std: pct(s), lo: pct(summary.min.val_accuracy), hi: pct(summary.max.val_accuracy),
          gap: num((summary.max.val_accuracy - summary.min.val_accuracy) * 100, 3) }) }));
    }
  }
  set.onChange(render);
  render();
  return { destroy: () => set.destroy() };
}
