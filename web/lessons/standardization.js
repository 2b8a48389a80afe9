// Lesson 7: the linear house-price model with standardised and raw features at the same learning
// rate (and raw at a rate small enough not to diverge): MSE curves overlaid, the core's divergence
// message where it diverges.
import { RunSet, statusWord } from './run-set.js';
import { OverlayChart, runLines } from './overlay-chart.js';
import { variants } from './spec.js';
import { panel, dataTable, runLegend } from './widgets.js';
import { el } from '../ui/format.js';
import { t } from '../shared/i18n.js';
import { runLabel } from './content.js';

export function knobs(p) {
  return [
    { key: 'lr', label: t('lessons.common.knob.lr'), type: 'number', min: 0, default: p.optimizer.learning_rate },
    { key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
  ];
}

// The outcome column keeps the run's state as its value and shows it in words.
const outcomeWord = (s) => (s === 'diverged' ? t('lessons.standardization.diverged') : statusWord(s));

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const runs = preset.lesson.runs.map((r) => ({
    ...r,
    label: r.fixed_rate ? r.label : `${r.label} (${v.lr})`,
    overrides: { 'optimizer.learning_rate': v.lr, 'train.epochs': v.epochs, ...r.overrides },
  }));
  const set = new RunSet(variants(ctx, runs));
  // A run's label carries the learning rate it trains at; its name is translated, the rate is not.
  set.runs.forEach((run, i) => {
    const name = runLabel(ctx.id, preset.lesson.runs[i].label);
    run.displayLabel = preset.lesson.runs[i].fixed_rate ? name : `${name} (${v.lr})`;
  });
  const legend = el('div');
  const chartBox = el('div');
  const tableBox = el('div');
  ctx.body.append(panel(null, set.controls({ onReset: ctx.reset }), legend), panel(t('lessons.standardization.perEpoch'), chartBox), panel(t('lessons.standardization.after'), tableBox));
  await set.load();
  // A diverging run leaves the chart through the top.
  const chart = new OverlayChart(chartBox, { title: t('lessons.standardization.chartTitle'), yLabel: 'MSE', log: true, testid: 'mse-chart',
    lines: runLines(set.runs, 'loss'), range: () => [10, 1e5] });

  function render() {
    legend.replaceChildren(runLegend(set.runs));
    tableBox.replaceChildren(dataTable([
      { key: 'label', label: t('lessons.common.column.run') },
      { key: 'epochs', label: t('lessons.standardization.epochsTrained'), numeric: true },
      { key: 'mse', label: t('lessons.standardization.lastMse'), numeric: true },
      { key: 'outcome', label: t('lessons.common.column.outcome'), format: outcomeWord },
    ], set.runs.map((r) => ({
      label: r.displayLabel,
      epochs: r.epochs.length,
      mse: r.last?.loss ?? null,
      outcome: r.status === 'failed' ? 'diverged' : r.status === 'finished' ? 'finished' : r.status,
    })), { testid: 'standardization-table' }));
    chart.update();
  }
  set.onChange(render);
  render();
  return {
    destroy() {
      chart.destroy();
      set.destroy();
    },
  };
}
