// Small DOM and number helpers shared by the page's modules. Numbers and units read in the page's language.
import { formatNumber, language, t } from '../shared/i18n.js';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k === 'style') node.style.cssText = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

export function num(v, digits = 4) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return formatNumber(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}

// A short label for a chart axis: plain for everyday numbers, 1.2e9 / 3e-5 for huge and tiny ones.
export function compact(v) {
  if (v == null || !Number.isFinite(v)) return v == null ? '' : String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
  return Number(v.toPrecision(3)).toString();
}

// A value in a chart's legend (uPlot's series.value): four digits, or compact when huge.
export const legendValue = (u, v) => (v == null ? '–' : Math.abs(v) >= 1e6 ? compact(v) : Number(v.toPrecision(4)).toString());

export function int(v) {
  return formatNumber(Number(v));
}

// Names joined as the page's language joins them: "a and b", "a、b 和 c".
export const list = (items) => new Intl.ListFormat(language(), { type: 'conjunction' }).format(items);

export function bytes(n) {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} B`;
}

export function duration(s) {
  if (!Number.isFinite(s) || s < 0) return '–';
  if (s < 1) return t('format.underSecond');
  if (s < 60) return t('format.seconds', { s: Math.round(s) });
  const m = Math.floor(s / 60);
  if (m < 60) return t('format.minutes', { m, s: Math.round(s % 60) });
  return t('format.hours', { h: Math.floor(m / 60), m: m % 60 });
}

// Whether the data are images the page can draw: a [h, w], [h, w, 1] or [h, w, 3] sample shape.
export function imageShape(info) {
  const s = info?.input_shape;
  if (!Array.isArray(s) || info.features?.length) return null;
  const c = s.length === 2 ? 1 : s.length === 3 && (s[2] === 1 || s[2] === 3) ? s[2] : 0;
  return c && s[0] > 1 && s[1] > 1 ? { h: s[0], w: s[1], c } : null;
}

export function showError(node, message) {
  if (!node) return;
  node.textContent = message ?? '';
  node.hidden = !message;
}

// A core error as errorMessage() gives it ({text, original}): the text, and the English original one click
// away when the text is a translation (people search for the English).
export function showCoreError(node, { text, original }) {
  if (!node) return;
  showError(node, text);
  if (original) {
    node.append(el('details', { class: 'original', 'data-testid': 'error-original' },
      el('summary', { text: t('common.english') }), el('span', { lang: 'en', text: original })));
  }
}
