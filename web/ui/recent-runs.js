// The playground's "Recent runs": the page's saved runs (of every tab), newest first, with their headline
// figure and date; each can be opened, deleted, or ticked to compare validation curves on one plot.
import { el, num } from './format.js';
import { PALETTE, Plot, extent, integerTicks } from '../shared/plot.js';
import { language, t } from '../shared/i18n.js';

const LIMIT = 8;
// Where a headline figure was measured (test, validation or training), in the page's words.
const ON = { test: 'runs.on.test', validation: 'runs.on.validation', training: 'runs.on.training' };

// The curve compared: validation of the headline's key where the run has it, else training.
function curve(r) {
  const key = r.summary?.headline?.key ?? 'loss';
  const val = r.epochs.map((e) => e.logs[`val_${key}`]);
  return { key, values: val.every(Number.isFinite) ? val : r.epochs.map((e) => e.logs[key] ?? null) };
}

export class RecentRuns {
  // store: the RunStore; page: whose runs; onOpen(record).
  constructor(root, { store, page, onOpen }) {
    this.root = root;
    this.store = store;
    this.page = page;
    this.onOpen = onOpen;
    this.compared = new Set(); // keys ticked
    this.list = el('ol', { class: 'recent-list', 'data-testid': 'recent-list' });
    this.plot = el('div', { class: 'recent-plot', 'data-testid': 'recent-compare' });
    root.replaceChildren(this.list, this.plot);
  }

  async refresh() {
    const runs = await this.store.recent({ page: this.page, limit: LIMIT });
    this.runs = runs;
    for (const k of this.compared) if (!runs.some((r) => r.key === k)) this.compared.delete(k);
    this.root.hidden = runs.length === 0;
    this.list.replaceChildren(...runs.map((r, i) => this.item(r, i)));
    this.drawComparison();
    this.root.dataset.count = String(runs.length);
  }

  item(r, i) {
    const h = r.summary?.headline;
    const figure = h ? t('runs.figure', { key: t(`charts.names.${h.key}`, { defaultValue: h.key }), value: num(h.value), on: t(ON[h.on]) })
      : t('runs.untrained');
    const when = new Date(r.savedAt).toLocaleString(language(), { dateStyle: 'short', timeStyle: 'short' });
    const tick = el('input', { type: 'checkbox', 'data-testid': 'recent-compare-box', title: t('runs.compareTitle'),
      onchange: () => {
        if (tick.checked) this.compared.add(r.key);
        else this.compared.delete(r.key);
        this.drawComparison();
      } });
    tick.checked = this.compared.has(r.key);
    return el('li', { 'data-testid': 'recent-run', dataset: { key: r.key, epochs: String(r.epochs.length) } },
      el('span', { class: 'swatch', style: `background:${PALETTE.runs[i % PALETTE.runs.length]}` }),
      el('span', { class: 'recent-what' }, el('strong', { text: r.title || r.spec.name || t('runs.run') }),
        el('span', { class: 'hint', text: t('runs.line', { count: r.epochs.length, figure, when }) })),
      el('span', { class: 'recent-actions' },
        el('label', { class: 'compare' }, tick, t('runs.compare')),
        el('button', { type: 'button', 'data-testid': 'recent-open', text: t('runs.open'), onclick: () => this.onOpen(r) }),
        el('button', { type: 'button', 'data-testid': 'recent-delete', text: t('runs.delete'), title: t('runs.deleteTitle'),
          onclick: async () => {
            await this.store.remove(r.key);
            await this.refresh();
          } })));
  }

  // The ticked runs' curves on one plot (epochs across), coloured as their swatches.
  drawComparison() {
    const runs = (this.runs ?? []).map((r, i) => ({ r, i })).filter(({ r }) => this.compared.has(r.key));
    if (!runs.length) return this.plot.replaceChildren();
    const lines = runs.map(({ r, i }) => ({ ...curve(r), color: PALETTE.runs[i % PALETTE.runs.length] }));
    const epochs = Math.max(1, ...lines.map((l) => l.values.length));
    const width = Math.min(360, Math.max(240, this.root.clientWidth || 360));
    const plot = new Plot({ width, height: 200, testid: 'recent-plot', label: t('runs.compared') });
    plot.domain({ x: [1, Math.max(2, epochs)], y: extent(lines.flatMap((l) => l.values)) }).clear()
      .axes({ xLabel: t('charts.epoch'), yLabel: [...new Set(lines.map((l) => l.key))].join(', '), xTicks: integerTicks([1, epochs]) });
    for (const l of lines) {
      const xs = l.values.map((_, j) => j + 1);
      plot.line(xs, l.values, { color: l.color });
      if (xs.length <= 30) plot.points(xs, l.values, { color: l.color, r: 2.5, alpha: 1 }); // points while they fit
    }
    plot.canvas.dataset.lines = String(lines.length);
    this.plot.replaceChildren(plot.canvas);
  }
}
