// The data report: what the core found in the user's files before anything trains (the report JSON
// of inspectCsv / inspectImages, see /work/brief/common.md's contract). Pictures where a glance beats
// reading: a histogram per numeric column, bars of images per class. Wide tables scroll inside their
// own box, so a phone never scrolls the page sideways.
import { el, int, list, num } from './format.js';
import { t } from '../shared/i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

// Ten bins as bars, tallest bin full height; each bar's tooltip gives its count.
function histogram(counts, { min, max }) {
  const w = 80, h = 22, n = counts.length, top = Math.max(1, ...counts);
  const step = n && Number.isFinite(min) && Number.isFinite(max) ? (max - min) / n : 0;
  return svg('svg', { class: 'histogram', width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img',
    'aria-label': t('report.histogram', { min: num(min), max: num(max) }) },
  ...counts.map((c, i) => {
    const bh = c ? Math.max(1, (c / top) * h) : 0;
    return svg('rect', { x: (i * w) / n + 0.5, y: h - bh, width: w / n - 1, height: bh },
      svg('title', {}, `${num(min + i * step)} – ${num(min + (i + 1) * step)}: ${int(c)}`));
  }));
}

function values(col) {
  if (col.histogram?.length) {
    return el('span', { class: 'values' }, histogram(col.histogram, col),
      el('span', { class: 'range', text: `${num(col.min)} … ${num(col.max)}` }));
  }
  if (col.top?.length) return el('span', { class: 'values top-values', text: col.top.map((t) => `${t.value} (${int(t.count)})`).join(', ') });
  return el('span', { class: 'values', text: '–' });
}

// What happens to a column (the core's action: target, standardize, use, one_hot, drop), in the page's words.
function action(col) {
  const what = col.action === 'one_hot' && col.width ? t('report.actions.one_hot_into', { count: col.width, n: int(col.width) })
    : t(`report.actions.${col.action}`, { defaultValue: col.action });
  return el('td', { class: `action action-${col.action}`, 'data-testid': 'col-action', dataset: { value: col.action } },
    el('strong', { text: what }), col.reason ? el('span', { class: 'reason', lang: 'en', text: t('report.reason', { reason: col.reason }) }) : null);
}

// One fact of the summary above a report: a label and its value, with a testid for tests.
const fact = (label, value, testid, raw) =>
  el('div', { class: 'fact' }, el('dt', { text: label }), el('dd', { 'data-testid': testid, dataset: raw === undefined ? undefined : { value: String(raw) } }, value));

function classList(names) {
  return el('ul', { class: 'classes', 'data-testid': 'report-classes' }, names.map((c) => el('li', { text: c })));
}

// The core's notes and reasons are its own English sentences (lang="en", so they are read out as English).
function notes(list) {
  return list?.length ? el('ul', { class: 'notes', lang: 'en', 'data-testid': 'report-notes' }, list.map((n) => el('li', { text: n }))) : null;
}

function csvReport(r) {
  const dropped = Object.values(r.dropped_rows ?? {}).reduce((a, b) => a + b, 0);
  const droppedWhy = list(Object.entries(r.dropped_rows ?? {}).filter(([, n]) => n)
    .map(([k, n]) => t('report.droppedWhy', { n: int(n), why: t(`report.dropReasons.${k}`, { defaultValue: k.replace(/_/g, ' ') }) })));
  const task = r.task === 'classification' ? t('dataset.classification', { count: r.classes?.length ?? 0 }) : t('dataset.regression');
  const head = el('tr', {}, ['column', 'type', 'missing', 'distinct', 'values', 'action'].map((k) => el('th', { scope: 'col', text: t(`report.columns.${k}`) })));
  const rows = r.columns.map((c) => el('tr', { 'data-testid': 'report-column', dataset: { column: c.name }, class: c.action === 'target' ? 'target' : c.action === 'drop' ? 'dropped' : '' },
    el('th', { scope: 'row', class: 'name', text: c.name }),
    el('td', { 'data-testid': 'col-type', text: t(`report.types.${c.type}`, { defaultValue: c.type }) }),
    el('td', { 'data-testid': 'col-missing', dataset: { value: String(c.missing) }, class: c.missing ? 'some' : '', text: int(c.missing) }),
    el('td', { 'data-testid': 'col-distinct', dataset: { value: String(c.distinct) }, text: int(c.distinct) }),
    el('td', {}, values(c)),
    action(c)));
  return [
    el('dl', { class: 'facts' },
      fact(t('report.facts.target'), r.target, 'report-target'),
      fact(t('report.facts.task'), task, 'report-task', r.task),
      fact(t('report.facts.rows'), int(r.rows), 'report-rows', r.rows),
      fact(t('report.facts.filled'), int(r.filled ?? 0), 'report-filled', r.filled ?? 0),
      fact(t('report.facts.dropped'), droppedWhy ? t('report.droppedCount', { n: int(dropped), why: droppedWhy }) : '0', 'report-dropped', dropped),
      r.features !== undefined ? fact(t('report.facts.inputs'), int(r.features), 'report-features', r.features) : null),
    r.task === 'classification' && r.classes?.length ? classList(r.classes) : null,
    notes(r.notes),
    el('div', { class: 'scroll report-scroll' }, el('table', { class: 'data-table report-table' }, el('thead', {}, head), el('tbody', {}, rows))),
  ];
}

function imagesReport(r) {
  const top = Math.max(1, ...r.per_class.map((c) => c.images));
  const channels = (n) => (n === 1 ? t('report.grayscale') : n === 3 ? 'RGB' : t('report.channels', { count: n }));
  const chosen = r.chosen ? `${r.chosen.width}×${r.chosen.height}, ${channels(r.chosen.channels)}` : '–';
  const sizes = [...(r.sizes ?? [])].sort((a, b) => b.count - a.count);
  return [
    el('dl', { class: 'facts' },
      fact(t('report.facts.images'), int(r.images), 'report-images', r.images),
      fact(t('report.facts.classes'), int(r.classes.length), 'report-class-count', r.classes.length),
      fact(t('report.facts.chosen'), chosen, 'report-chosen'),
      fact(t('report.facts.skipped'), int(r.skipped?.length ?? 0), 'report-skipped-count', r.skipped?.length ?? 0)),
    el('div', { class: 'class-bars', 'data-testid': 'report-per-class' }, r.per_class.map((c) =>
      el('div', { class: 'class-bar', 'data-testid': 'class-count', dataset: { class: c.name, value: String(c.images) } },
        el('span', { class: 'cls', text: c.name }),
        el('span', { class: 'track' }, el('span', { class: 'fill', style: `width:${(100 * c.images) / top}%` })),
        el('span', { class: 'count', text: int(c.images) })))),
    sizes.length ? el('p', { class: 'hint', 'data-testid': 'report-sizes' }, t('report.sizes', {
      sizes: sizes.slice(0, 8).map((s) => `${s.width}×${s.height} (${int(s.count)})`).join(', ') }),
    sizes.length > 8 ? t('report.moreSizes', { count: sizes.length - 8 }) : '') : null,
    notes(r.notes),
    r.skipped?.length ? el('details', { class: 'skipped', open: r.skipped.length <= 10 },
      el('summary', { text: t('report.skippedFiles', { n: int(r.skipped.length) }) }),
      el('ul', {}, r.skipped.slice(0, 200).map((s) => el('li', { 'data-testid': 'skipped-file', dataset: { file: s.file } },
        el('code', { text: s.file }), el('span', { lang: 'en', text: t('report.reason', { reason: s.reason }) }))))) : null,
  ];
}

// The report as one element.
export function dataReport(report) {
  const body = report.kind === 'images' ? imagesReport(report) : csvReport(report);
  return el('div', { class: 'report', 'data-testid': 'data-report', dataset: { kind: report.kind } },
    el('h3', { text: t('report.heading', { name: report.name }) }), body);
}
