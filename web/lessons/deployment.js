// Lesson 16: deploying a model. The MNIST MLP in float32, the same weights quantized to int8, and a smaller float
// MLP: each one's .nnp size, latency per sample at batch 1 (median, p95) and throughput at batch 256, timed in its
// worker by the core's measure_latency, and its test accuracy; the Pareto fronts of accuracy against latency and
// against size.
import { RunSet } from './run-set.js';
import { variants } from './spec.js';
import { paretoFront, scatterPlot } from './speed.js';
import { panel, dataTable, runLegend } from './widgets.js';
import { bytes, el, int, num } from '../ui/format.js';
import { t } from '../shared/i18n.js';

export function knobs(p) {
  return [{ key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs }];
}

// What a model costs and scores: its file, its timings on the test digits, its test accuracy.
async function measure(run) {
  const file = await run.exportModel({ training: false }); // the file to deploy: no optimizer state
  const { latency } = await run.request('latency');
  const { accuracy } = await run.score('test');
  return { size: file.length, latency: latency.batch1_median_ms, p95: latency.batch1_p95_ms,
    throughput: latency.batch256_samples_per_second, accuracy };
}

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const data = await ctx.mnist({ train: preset.data.train_limit, test: 2000 });
  const defs = preset.lesson.runs;
  // One at a time: runs side by side would share the processor, and so would timings taken meanwhile.
  const set = new RunSet(variants(ctx, defs.map((r) => ({ ...r, overrides: { ...r.overrides, 'train.epochs': v.epochs } })),
    preset, { userData: data }), { parallel: 1, lesson: ctx.id });
  const legend = el('div');
  const plots = el('div', { class: 'row' });
  const tableBox = el('div');
  const note = el('p', { class: 'hint', 'data-testid': 'deploy-note' });
  ctx.body.append(
    panel(null, set.controls({ trainLabel: t('lessons.deployment.trainAll'), onReset: ctx.reset }), legend),
    panel(t('lessons.deployment.panel.plots'), plots),
    panel(t('lessons.deployment.panel.models'), tableBox, note),
  );
  await set.load();

  // The rows: one per run, then the quantized copy of the run that names one, measured once every run has
  // finished (timings taken while another run trains would time the processor's sharing).
  const rows = [];
  let measuring = null;
  const measureAll = async () => {
    for (const run of set.runs) {
      rows.push({ label: run.displayLabel, color: run.color, ...(await measure(run)) });
      render();
    }
    for (const run of set.runs.filter((r) => defs.find((d) => d.label === r.label).quantize)) {
      await run.request('quantize', {}); // the run's model becomes int8 in place, and is measured again
      rows.splice(rows.findIndex((q) => q.label === run.displayLabel) + 1, 0, { label: t('lessons.deployment.int8', { label: run.displayLabel }), color: run.color, ...(await measure(run)) });
      render();
    }
  };
  set.onChange(() => {
    if (set.status === 'finished' && !measuring) {
      measuring = measureAll().then(() => (note.textContent = ''), (e) => (note.textContent = t('lessons.deployment.failed', { message: e.message })));
      note.textContent = t('lessons.deployment.measuring');
    }
    render();
  });

  function render() {
    legend.replaceChildren(runLegend(set.runs, (r) => (r.status === 'training' ? el('span', { class: 'hint', text: t('lessons.speed.epoch', { n: r.epochs.length + 1 }) }) : null)));
    const byLatency = paretoFront(rows, 'latency');
    const bySize = paretoFront(rows, 'size');
    if (rows.length) {
      const a = scatterPlot(rows, byLatency, { key: 'latency', label: t('lessons.deployment.axis.latency'), testid: 'latency-plot', staircase: true });
      const b = scatterPlot(rows, bySize, { key: 'size', label: t('lessons.deployment.axis.size'), testid: 'size-plot', staircase: true });
      a.canvas.dataset.front = JSON.stringify(byLatency.map((i) => rows[i].label));
      b.canvas.dataset.front = JSON.stringify(bySize.map((i) => rows[i].label));
      plots.replaceChildren(el('figure', { class: 'picture' }, a.canvas), el('figure', { class: 'picture' }, b.canvas));
    } else {
      plots.replaceChildren(el('p', { class: 'hint', text: t('lessons.deployment.pending') }));
    }
    const front = (list, i) => (list.includes(i) ? t('lessons.speed.yes') : t('lessons.speed.no'));
    tableBox.replaceChildren(dataTable([
      { key: 'label', label: t('lessons.common.column.model') },
      { key: 'size', label: t('lessons.deployment.column.size'), numeric: true, format: (x) => bytes(x) },
      { key: 'latency', label: t('lessons.deployment.column.latency'), numeric: true, format: (x) => num(x, 3) },
      { key: 'p95', label: t('lessons.deployment.column.p95'), numeric: true, format: (x) => num(x, 3) },
      { key: 'throughput', label: t('lessons.deployment.column.throughput'), numeric: true, format: (x) => int(Math.round(x)) },
      { key: 'accuracy', label: t('lessons.speed.column.accuracy'), numeric: true, format: (x) => `${(x * 100).toFixed(1)}%` },
      { key: 'frontLatency', label: t('lessons.deployment.column.frontLatency') },
      { key: 'frontSize', label: t('lessons.deployment.column.frontSize') },
    ], rows.map((q, i) => ({ ...q, frontLatency: front(byLatency, i), frontSize: front(bySize, i) })),
    { testid: 'deploy-table', sortable: true }));
  }
  render();
  return { destroy: () => set.destroy() };
}
