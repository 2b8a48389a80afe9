// The page's training charts (../ui/charts.js), sized to fill the element's chart area instead of a
// fixed height: side by side when there is room, else stacked; either chart can be left out.
import { TrainingCharts } from '../ui/charts.js';

const GAP = 12;
const REDRAW_MS = 50; // live curves at ~20 frames a second: smooth enough, and light with several playgrounds on a page
const MIN_PLOT = 60;
const MIN_STACKED = 190; // a stacked chart's least height with its title and legend: below, the area scrolls

export class EmbedCharts extends TrainingCharts {
  constructor(lossEl, metricEl) {
    super(lossEl, metricEl);
    this.show = { loss: true, metric: true }; // until the element's `charts` attribute says otherwise
  }

  setShow(show) {
    this.show = show;
    if (this.lossChart) this.build();
  }

  build() {
    super.build();
    this.lossEl.hidden = !this.show.loss;
    this.metricEl.hidden = !this.metricChart || !this.show.metric;
    this.fit();
  }

  // At most one redraw per REDRAW_MS (the page's charts redraw every animation frame).
  schedule() {
    if (this.frame || this.timer) return;
    const wait = (this.lastDraw ?? -Infinity) + REDRAW_MS - performance.now();
    if (wait <= 0) return super.schedule();
    this.timer = setTimeout(() => {
      this.timer = 0;
      super.schedule();
    }, wait);
  }

  draw() {
    this.lastDraw = performance.now();
    super.draw();
  }

  visible() {
    return [[this.lossEl, this.lossChart], [this.metricEl, this.metricChart]].filter(([el, u]) => u && !el.hidden).map(([, u]) => u);
  }

  layout() {
    const box = this.lossEl.parentElement;
    const n = Math.max(1, this.visible().length);
    const sideBySide = n === 2 && box.clientWidth >= 520;
    box.classList.toggle('stacked', n === 2 && !sideBySide);
    const across = sideBySide ? 2 : 1;
    const down = n === 2 && !sideBySide ? 2 : 1;
    return {
      width: Math.max(160, Math.floor((box.clientWidth - GAP * (across - 1)) / across)),
      height: down === 1 ? box.clientHeight : Math.max(MIN_STACKED, Math.floor((box.clientHeight - GAP) / 2)),
    };
  }

  width() {
    return this.layout().width;
  }

  // Each chart's plot gets what its box leaves after the title and legend. The legend is measured
  // once uPlot has laid it out at the new width (uPlot commits sizes in a microtask).
  fit() {
    if (!this.lossChart || !this.lossEl.parentElement.clientWidth) return;
    const { width, height } = this.layout();
    for (const u of this.visible()) if (u.width !== width) u.setSize({ width, height: u.height });
    queueMicrotask(() => {
      const charts = this.visible();
      const chrome = (u) => [...u.root.children].reduce((sum, c) => sum + (c.classList.contains('u-wrap') ? 0 : c.offsetHeight), 0);
      // One plot height for charts side by side, so their axes line up.
      const plot = Math.max(MIN_PLOT, height - Math.max(...charts.map(chrome)));
      for (const u of charts) if (u.height !== plot) u.setSize({ width, height: plot });
    });
  }
}
