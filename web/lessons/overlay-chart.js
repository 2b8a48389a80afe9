// Curves of several runs on one uPlot chart, against the epoch: one line per run (and key), so
// variants trained side by side can be compared at a glance.
import uPlot from '../vendor/uPlot.esm.js';
import { compact, el, legendValue } from '../ui/format.js';
import { PALETTE } from '../shared/plot.js';
import { t } from '../shared/i18n.js';

// lines: [{label, color, dash?, values: () => number[] (one per epoch)}]
export class OverlayChart {
  // range: () => [lo, hi] fixes the y axis (e.g. the same for small multiples).
  constructor(container, { title, yLabel, lines, log = false, height = 240, xLabel = t('lessons.charts.epoch'), testid, range, legend = true }) {
    this.lines = lines;
    this.height = height;
    this.box = el('figure', { class: 'chart overlay', 'data-testid': testid ?? 'overlay-chart' });
    container.append(this.box);
    const opts = {
      title,
      width: this.width(),
      height,
      legend: { show: legend, live: true },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false }, y: log ? { distr: 3, ...(range ? { range: () => range() } : {}) } : range ? { range: () => range() } : { auto: true } },
      axes: [
        { label: xLabel, labelSize: 20, size: 36, grid: { stroke: '#eef0f3' }, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] },
        { label: yLabel, labelSize: 20, size: 56, grid: { stroke: '#eef0f3' },
          // A log axis labels its powers of ten only.
          values: (u, ticks) => ticks.map((v) => (v == null || (log && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) > 1e-9) ? '' : compact(v))) },
      ],
      series: [
        { label: xLabel, value: (u, v) => (v == null ? '–' : String(v)) },
        // Points while there are few epochs (a one-epoch run is one point).
        ...lines.map((l) => ({ label: l.label, stroke: l.color, width: l.width ?? 2, dash: l.dash, spanGaps: true,
          points: { show: (u) => u.data[0].length <= 30, size: 6, fill: l.color }, value: legendValue })),
      ],
    };
    this.chart = new uPlot(opts, this.data(), this.box);
    this.resize = new ResizeObserver(() => {
      const w = this.width();
      if (w !== this.chart.width) this.chart.setSize({ width: w, height: this.height });
    });
    this.resize.observe(this.box);
    this.frame = 0;
  }

  // The figure's own width (a grid or flex cell, or the whole container).
  width() {
    return Math.max(260, Math.floor(this.box.clientWidth || 600) - 4);
  }

  data() {
    const ys = this.lines.map((l) => l.values().map((v) => (v == null || !Number.isFinite(v) ? null : v)));
    const n = Math.max(0, ...ys.map((y) => y.length));
    const x = Array.from({ length: n }, (_, i) => i + 1);
    this.box.dataset.epochs = String(n);
    return [x, ...ys.map((y) => x.map((_, i) => y[i] ?? null))];
  }

  update() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.chart.setData(this.data());
    });
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.chart.destroy();
  }
}

// One line per run for a log key ('loss', 'val_accuracy', ...).
export function runLines(runs, key, { suffix = '', dash, map } = {}) {
  return runs.map((r) => ({
    label: `${r.displayLabel ?? r.label}${suffix}`,
    color: r.color,
    dash,
    values: () => (map ? map(r.series(key), r) : r.series(key)),
  }));
}

// One run's training curve of `key` and its validation twin (val_<key>), in the lessons' two colours.
export function trainValLines(run, key) {
  return [
    { label: t('lessons.charts.training'), color: PALETTE.train, values: () => run.series(key) },
    { label: t('lessons.charts.validation'), color: PALETTE.validation, values: () => run.series(`val_${key}`) },
  ];
}
