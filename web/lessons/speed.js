// Lesson 11: several model sizes trained one after another on the same digits; test accuracy
// against training time and against parameter count, with the Pareto front highlighted.
import { RunSet } from './run-set.js';
import { variants } from './spec.js';
import { Plot } from '../shared/plot.js';
import { panel, dataTable, runLegend } from './widgets.js';
import { el, int, num } from '../ui/format.js';
import { t } from '../shared/i18n.js';

export function knobs(p) {
  return [{ key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs }];
}

// Indices of the points no other point beats on both: at most the cost (`key`: time, latency, size...) and at
// least the accuracy, strictly better on one.
export function paretoFront(points, key = 'time') {
  return points.map((p, i) => i).filter((i) => !points.some((q, j) => j !== i &&
    q[key] <= points[i][key] && q.accuracy >= points[i].accuracy && (q[key] < points[i][key] || q.accuracy > points[i].accuracy)));
}

// Accuracy against a cost on a log axis, the front's points outlined; with `staircase`, the front drawn as one
// (the front of that cost: from each front model, flat until the next one).
export function scatterPlot(points, front, { key, label, testid, staircase = false }) {
  const p = new Plot({ width: 440, height: 300, testid });
  const xs = points.map((q) => q[key]);
  const ys = points.map((q) => q.accuracy);
  const [xlo, xhi] = [Math.min(...xs) / 2, Math.max(...xs) * 2];
  const [ylo, yhi] = [Math.max(0, Math.min(...ys) - 0.05), Math.min(1, Math.max(...ys) + 0.03)];
  p.clear().domain({ x: [xlo, xhi], y: [ylo, yhi], xLog: true }).axes({ xLabel: label, yLabel: t('lessons.speed.axis.accuracy') });
  if (staircase && front.length) {
    const f = front.map((i) => points[i]).sort((a, b) => a[key] - b[key]);
    const sx = [], sy = [];
    f.forEach((q, k) => {
      sx.push(q[key], f[k + 1]?.[key] ?? xhi);
      sy.push(q.accuracy, q.accuracy);
    });
    p.line(sx, sy, { color: '#16a34a', width: 2, dash: [6, 4] });
  }
  points.forEach((q, i) => {
    const on = front.includes(i);
    p.points([q[key]], [q.accuracy], { color: q.color, r: on ? 6 : 4.5, alpha: 1, stroke: on ? '#111827' : undefined });
    const right = p.X(q[key]) > p.m.l + p.pw * 0.7; // labels near the right edge go to the left of their dot
    p.text(q.label, p.X(q[key]) + (right ? -9 : 9), p.Y(q.accuracy) + 4, { font: '11px system-ui, sans-serif', color: '#374151', align: right ? 'right' : 'left' });
  });
  return p;
}

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const data = await ctx.mnist({ train: preset.data.train_limit, test: 2000 });
  // One at a time: runs in parallel would share the processor and time each other.
  const set = new RunSet(variants(ctx, preset.lesson.runs.map((r) => ({ ...r, overrides: { ...r.overrides, 'train.epochs': v.epochs } })),
    preset, { userData: data }), { parallel: 1, lesson: ctx.id });
  const legend = el('div');
  const plots = el('div', { class: 'row' });
  const tableBox = el('div');
  ctx.body.append(
    panel(null, set.controls({ trainLabel: t('lessons.speed.trainAll'), onReset: ctx.reset }), legend),
    panel(t('lessons.speed.panel.plots'), plots),
    panel(t('lessons.speed.panel.models'), tableBox),
  );
  await set.load();
  const results = new Map(); // run -> {accuracy}
  for (const r of set.runs) r.on('finished', ({ test }) => results.set(r, test));

  function render() {
    legend.replaceChildren(runLegend(set.runs, (r) => (r.status === 'training' ? el('span', { class: 'hint', text: t('lessons.speed.epoch', { n: r.epochs.length + 1 }) }) : null)));
    const rows = set.runs.map((r) => ({
      run: r, label: r.displayLabel, color: r.color, params: r.info.model.total_params, threads: r.info.threads ?? 1,
      time: r.epochs.reduce((a, e) => a + e.seconds, 0), accuracy: results.get(r)?.accuracy ?? null,
    }));
    const done = rows.filter((q) => q.accuracy != null);
    const front = paretoFront(done);
    const onFront = new Set(front.map((i) => done[i]));
    if (done.length) {
      const a = scatterPlot(done, front, { key: 'time', label: t('lessons.speed.axis.time'), testid: 'time-plot', staircase: true });
      const b = scatterPlot(done, front, { key: 'params', label: t('lessons.speed.axis.params'), testid: 'params-plot' });
      a.canvas.dataset.points = JSON.stringify(done.map((q) => ({ label: q.run.label, time: q.time, params: q.params, accuracy: q.accuracy })));
      a.canvas.dataset.front = JSON.stringify(front.map((i) => done[i].run.label));
      plots.replaceChildren(el('figure', { class: 'picture' }, a.canvas), el('figure', { class: 'picture' }, b.canvas));
    } else {
      plots.replaceChildren(el('p', { class: 'hint', text: t('lessons.speed.pending') }));
    }
    tableBox.replaceChildren(dataTable([
      { key: 'label', label: t('lessons.common.column.model') },
      { key: 'params', label: t('lessons.common.column.params'), numeric: true, format: (x) => int(x) },
      { key: 'time', label: t('lessons.common.column.seconds'), numeric: true, format: (x) => num(x, 3) },
      { key: 'accuracy', label: t('lessons.speed.column.accuracy'), numeric: true, format: (x) => (x == null ? '–' : `${(x * 100).toFixed(1)}%`) },
      { key: 'threads', label: t('lessons.speed.column.threads'), numeric: true },
      { key: 'front', label: t('lessons.speed.column.front') },
    ], rows.map((q) => ({ ...q, front: q.accuracy == null ? '–' : onFront.has(q) ? t('lessons.speed.yes') : t('lessons.speed.no') })),
    { testid: 'speed-table', sortable: true, rowAttrs: (q) => ({ class: onFront.has(q) ? 'pareto' : null }) }));
  }
  set.onChange(render);
  render();
  return { destroy: () => set.destroy() };
}
