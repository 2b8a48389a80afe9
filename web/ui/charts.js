// Live training curves: per-batch values smoothed with a debiased exponential moving average,
// plotted against a fractional epoch axis, plus per-epoch points for training and validation.
// One aligned table feeds both charts; it is decimated so long runs stay at most ~MAX_ROWS rows.
import uPlot from '../vendor/uPlot.esm.js';
import { compact, legendValue } from './format.js';
import { PALETTE } from '../shared/plot.js';
import { t } from '../shared/i18n.js';

export const MAX_ROWS = 2000;
const TRAIN = PALETTE.train;
const VAL = PALETTE.validation;

// Rows: x, smoothed batch loss/metric, epoch loss/metric (train), epoch loss/metric (validation).
export class TrainingLog {
  constructor(metric) {
    this.metric = metric; // 'accuracy', 'mae', ... or null
    this.clear();
  }

  clear() {
    this.cols = { x: [], loss: [], metric: [], lossEp: [], metricEp: [], valLossEp: [], valMetricEp: [] };
    this.g = []; // global batch index of each row
    this.epochEnd = []; // epoch number of an epoch's last batch, else -1
    this.stride = 1; // keep every stride-th batch row
    this.provisional = false; // whether the newest row is only there because it is the newest
    this.epochStride = 1; // and every epochStride-th epoch end
    this.ema = { loss: 0, metric: 0, weight: 0 };
    this.total = 0; // batches logged
    this.epochs = []; // all epoch logs (small)
    this.version = 0;
  }

  // Smoothing relative to the whole run: a window of ~1/150 of the planned batches (1..50 batches).
  setPlan(totalBatches) {
    this.plan = totalBatches;
  }

  beta(batches) {
    const window = Math.min(50, Math.max(1, (this.plan || batches * 10) / 150));
    return 1 - 1 / window;
  }

  addBatch(b) {
    const metric = this.metric ? b.values?.[this.metric] ?? null : null; // this batch's own value, from the core
    const beta = this.beta(b.batches);
    const e = this.ema;
    e.weight = beta * e.weight + (1 - beta);
    e.loss = beta * e.loss + (1 - beta) * b.loss;
    if (metric !== null) e.metric = beta * e.metric + (1 - beta) * metric;
    const g = b.epoch * b.batches + b.batch;
    this.total = g + 1;
    const end = b.batch === b.batches - 1 ? b.epoch : -1;
    // The newest batch is always drawn; a row the decimation would not keep is replaced by the next one.
    if (this.provisional) this.pop();
    this.provisional = !(g % this.stride === 0 || (end >= 0 && end % this.epochStride === 0));
    {
      const c = this.cols;
      c.x.push(b.epoch + (b.batch + 1) / b.batches);
      c.loss.push(e.loss / e.weight);
      c.metric.push(metric === null ? null : e.metric / e.weight);
      c.lossEp.push(null);
      c.metricEp.push(null);
      c.valLossEp.push(null);
      c.valMetricEp.push(null);
      this.g.push(g);
      this.epochEnd.push(end);
      if (c.x.length > MAX_ROWS) this.compact();
    }
    this.version++;
  }

  pop() {
    for (const k of Object.keys(this.cols)) this.cols[k].pop();
    this.g.pop();
    this.epochEnd.pop();
    this.provisional = false;
  }

  addEpoch({ epoch, logs }) {
    this.epochs.push({ epoch, logs });
    for (let i = this.epochEnd.length - 1; i >= 0; --i) {
      if (this.epochEnd[i] === epoch) {
        const c = this.cols;
        c.lossEp[i] = logs.loss ?? null;
        c.valLossEp[i] = logs.val_loss ?? null;
        if (this.metric) {
          c.metricEp[i] = logs[this.metric] ?? null;
          c.valMetricEp[i] = logs[`val_${this.metric}`] ?? null;
        }
        if (i === this.epochEnd.length - 1) this.provisional = false; // the next compaction decides
        break;
      }
      if (this.epochEnd[i] >= 0 && this.epochEnd[i] < epoch) break;
    }
    this.version++;
  }

  // Halves the batch rows (and, if epoch ends dominate, the epoch rows) until under the limit.
  compact() {
    while (this.cols.x.length > MAX_ROWS * 0.75) {
      this.stride *= 2;
      const ends = this.epochEnd.filter((e) => e >= 0 && e % this.epochStride === 0).length;
      if (ends > MAX_ROWS / 2) this.epochStride *= 2;
      const keep = [];
      for (let i = 0; i < this.g.length; ++i) {
        const e = this.epochEnd[i];
        if (this.g[i] % this.stride === 0 || (e >= 0 && e % this.epochStride === 0)) keep.push(i);
      }
      if (this.g.length && keep.at(-1) !== this.g.length - 1) keep.push(this.g.length - 1); // the newest row stays
      if (keep.length === this.g.length) break;
      for (const k of Object.keys(this.cols)) this.cols[k] = keep.map((i) => this.cols[k][i]);
      this.g = keep.map((i) => this.g[i]);
      this.epochEnd = keep.map((i) => this.epochEnd[i]);
    }
  }

  get rows() {
    return this.cols.x.length;
  }
}

// A chart's title and a series' name: the page's words for the known metrics, else the metric's own name.
const title = (m) => t(`charts.titles.${m}`, { defaultValue: m });
const named = (m) => t(`charts.names.${m}`, { defaultValue: m });

function chartOptions({ title, yLabel, width, log, series, plan }) {
  return {
    title,
    width,
    height: 240,
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    scales: {
      x: {
        time: false,
        // The whole planned run from epoch 0, with room for the last epoch's points; a drag-zoom is kept as is.
        // (A single point arrives widened around itself, so "covers all the data" counts as unzoomed.)
        range: (u, min, max) => {
          const xs = u.data[0];
          const full = min == null || xs.length < 2 || (min <= xs[0] && max >= xs[xs.length - 1]);
          if (!full) return [min, max];
          const end = Math.max(plan().epochs || 1, max ?? 0);
          return [0, end * 1.03];
        },
      },
      y: log ? { distr: 3 } : { auto: true },
    },
    axes: [
      { label: t('charts.epoch'), labelSize: 20, size: 36, grid: { stroke: '#eef0f3' } },
      {
        label: yLabel,
        labelSize: 20,
        size: 56,
        grid: { stroke: '#eef0f3' },
        values: (u, ticks) => ticks.map(compact), // 1.2e9, not a number cut off at the left edge
      },
    ],
    series: [{ label: t('charts.epoch'), value: (u, v) => (v == null ? '–' : v.toFixed(2)) }, ...series],
    // For tests and curious users: the x range shown, on the chart's element.
    hooks: { setScale: [(u, key) => key === 'x' && Object.assign(u.root.parentElement?.dataset ?? {}, { xMin: u.scales.x.min, xMax: u.scales.x.max })] },
  };
}


// Epoch points are drawn while there is room for them (a full-batch run has one per batch).
function seriesFor(name, log, validation) {
  const roomy = (u) => u.bbox.width / Math.max(1, log.epochs.length) >= 12 * (window.devicePixelRatio || 1);
  const series = [
    { label: t('charts.trainBatch', { name: named(name) }), stroke: TRAIN, width: 1.5, spanGaps: true, points: { show: false }, value: legendValue },
    { label: t('charts.trainEpoch', { name: named(name) }), stroke: TRAIN, width: 0, spanGaps: true,
      points: { show: roomy, size: 7, fill: '#fff', stroke: TRAIN }, value: legendValue },
  ];
  if (validation) {
    series.push({ label: t('charts.validationEpoch', { name: named(name) }), stroke: VAL, width: 2, spanGaps: true,
      points: { show: roomy, size: 7, fill: VAL, stroke: VAL }, value: legendValue });
  }
  return series;
}

// Two uPlot charts (loss, and the first metric) redrawn at most once per animation frame.
export class TrainingCharts {
  constructor(lossEl, metricEl) {
    this.lossEl = lossEl;
    this.metricEl = metricEl;
    this.log = new TrainingLog(null);
    this.logScale = false;
    this.drawn = -1;
    this.frame = 0;
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(lossEl.parentElement);
  }

  reset(metric, { logScale, validation = true } = {}) {
    this.log = new TrainingLog(metric);
    this.validation = validation;
    this.plan = { epochs: 1, batches: 1 };
    if (logScale !== undefined) this.logScale = logScale;
    this.build();
  }

  setLogScale(on) {
    this.logScale = on;
    this.build();
  }

  build() {
    this.lossChart?.destroy();
    this.metricChart?.destroy();
    this.lossEl.replaceChildren();
    this.metricEl.replaceChildren();
    const width = this.width();
    const plan = () => this.plan;
    this.lossChart = new uPlot(
      chartOptions({ title: title('loss'), yLabel: named('loss'), width, log: this.logScale, series: seriesFor('loss', this.log, this.validation), plan }),
      this.data('loss'),
      this.lossEl,
    );
    const m = this.log.metric;
    this.metricEl.hidden = !m;
    if (m) {
      this.metricChart = new uPlot(
        chartOptions({ title: title(m), yLabel: named(m), width, log: false, series: seriesFor(m, this.log, this.validation), plan }),
        this.data('metric'),
        this.metricEl,
      );
    } else {
      this.metricChart = null;
    }
    this.drawn = this.log.version;
    this.publish();
  }

  width() {
    const box = this.lossEl.parentElement.clientWidth || 800;
    const twoUp = box >= 560; // side by side from a tablet's width on: both curves in view with the controls
    return Math.max(260, Math.floor(twoUp ? (box - 16) / 2 : box));
  }

  fit() {
    if (!this.lossChart) return;
    const w = this.width();
    if (w === this.lossChart.width) return;
    this.lossChart.setSize({ width: w, height: 240 });
    this.metricChart?.setSize({ width: w, height: 240 });
  }

  data(which) {
    const c = this.log.cols;
    const d = which === 'loss' ? [c.x, c.loss, c.lossEp, c.valLossEp] : [c.x, c.metric, c.metricEp, c.valMetricEp];
    return this.validation ? d : d.slice(0, 3);
  }

  // The run's length: for the smoothing window and the x axis.
  setPlan(epochs, batches) {
    const changed = epochs !== this.plan?.epochs;
    this.plan = { epochs, batches };
    this.log.setPlan(epochs * batches);
    if (changed && this.lossChart) {
      this.drawn = -1;
      this.schedule();
    }
  }

  addBatches(batches, epochs) {
    for (const b of batches) this.log.addBatch(b);
    for (const e of epochs) this.log.addEpoch(e);
    this.schedule();
  }

  // A saved run's curves: only its epoch logs are kept, so each epoch is one row at its end (the batch
  // curve becomes the epoch means, which later batches continue).
  addSavedEpochs(epochs, batchesPerEpoch) {
    for (const e of epochs) {
      const metric = this.log.metric;
      const values = metric && Number.isFinite(e.logs[metric]) ? { [metric]: e.logs[metric] } : {};
      this.log.addBatch({ epoch: e.epoch, batch: batchesPerEpoch - 1, batches: batchesPerEpoch, loss: e.logs.loss, values });
      this.log.addEpoch(e);
    }
    this.schedule();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  draw() {
    if (this.drawn === this.log.version || !this.lossChart) return;
    this.drawn = this.log.version;
    this.lossChart.setData(this.data('loss'));
    this.metricChart?.setData(this.data('metric'));
    this.publish();
  }

  // For tests and curious users: how many rows each chart holds.
  publish() {
    this.lossEl.dataset.points = String(this.log.rows);
    this.lossEl.dataset.batches = String(this.log.total);
    this.metricEl.dataset.points = String(this.log.metric ? this.log.rows : 0);
  }
}
