// The element's shadow DOM: its markup and styles. Nothing of the host page's CSS reaches inside
// (the root resets what would be inherited), and nothing in here leaks out. Parts are exposed
// (::part(train), ::part(charts)...) for authors who want to restyle on purpose. Its words are message keys
// (data-i18n), filled in by translateDom once the element's language is set up.
import { el } from '../ui/format.js';
import { FRAME_STYLES } from './frame-styles.js';

const STYLES = FRAME_STYLES + `
:host { min-height: 220px; }
.root { height: 100%; }
.status[data-status=training] { background: #dbeafe; color: #1e40af; }
.status[data-status=paused] { background: #fef3c7; color: #92400e; }
.status[data-status=finished] { background: #dcfce7; color: #166534; }
.bar { height: 3px; background: #eef0f3; border-radius: 2px; overflow: hidden; flex: none; }
.bar > div { height: 100%; width: 0; background: #2563eb; transition: width 0.15s linear; }
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; }
.controls:empty { display: none; }
button {
  all: unset; box-sizing: border-box; display: inline-block; padding: 4px 12px; border: 1px solid #c5ccd6; border-radius: 6px;
  background: #f8fafc; color: #1f2937; font: inherit; cursor: pointer; white-space: nowrap;
}
button:hover:not(:disabled) { background: #eef2f7; }
button:focus-visible, input:focus-visible { outline: 2px solid #2563eb; outline-offset: 1px; }
button:disabled { color: #9ca3af; cursor: default; }
button.primary { background: #2563eb; border-color: #2563eb; color: #fff; }
button.primary:hover:not(:disabled) { background: #1d4ed8; }
button.primary:disabled { background: #93b4f5; border-color: #93b4f5; color: #fff; }
button.share { padding: 2px 10px; font-size: 12px; }
label { display: inline-flex; align-items: center; gap: 4px; color: #4b5563; white-space: nowrap; }
input {
  all: unset; box-sizing: border-box; width: 6.5em; padding: 3px 6px; border: 1px solid #c5ccd6; border-radius: 6px;
  background: #fff; color: #1f2937; font: inherit; font-variant-numeric: tabular-nums;
}
input:disabled { color: #9ca3af; background: #f8fafc; }
.charts { flex: 1 1 0; min-height: 0; display: flex; gap: 12px; overflow: hidden; }
.charts > * { flex: none; }
.charts.stacked { flex-direction: column; overflow-y: auto; } /* a narrow, short element scrolls its charts */
.charts [hidden] { display: none; }
.uplot { font-family: inherit; }
.u-title { font-size: 13px; font-weight: 600; }
.u-legend { font-size: 11px; line-height: 1.3; }
.u-legend th { font-weight: normal; }
.u-series > * { padding: 0 2px; }
.u-legend .u-series:first-child { display: none; } /* the x value (epoch) */
.u-inline tr { margin-right: 8px; }
footer {
  display: flex; flex-wrap: wrap; gap: 2px 14px; min-height: 17px; color: #4b5563; font-size: 12px; font-variant-numeric: tabular-nums;
}
footer b { font-weight: 600; color: #1f2937; }
.link { display: flex; gap: 6px; align-items: center; }
.link input { flex: 1; width: auto; font-size: 12px; }
.error { margin: 0; padding: 6px 8px; border-radius: 6px; background: #fee2e2; color: #991b1b; }
.error details { margin-top: 2px; font-size: 12px; }
.error summary { cursor: pointer; }
[hidden] { display: none !important; }
`;

let own = null; // our styles, and uPlot's (fetched once): shared by every playground on the page
let uplot = null;
function ownSheet() {
  if (!own) {
    own = new CSSStyleSheet();
    own.replaceSync(STYLES);
  }
  return own;
}

// Resolves once the chart library's styles are in (charts measure their legends, so wait for it).
export function chartStyles(root) {
  uplot ??= fetch(new URL('../vendor/uPlot.min.css', import.meta.url))
    .then((res) => (res.ok ? res.text() : ''))
    .catch(() => '') // charts still draw, only their legends are plainer
    .then((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      return sheet;
    });
  return uplot.then((sheet) => {
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [sheet, ownSheet()];
  });
}

const BUTTONS = { train: 'embed.train', pause: 'embed.pause', step: 'embed.step', reset: 'embed.reset' };
const FIELDS = {
  lr: { label: 'embed.lr', attrs: { min: '0', step: 'any' } },
  epochs: { label: 'embed.epochs', attrs: { min: '1', step: '1' } },
  seed: { label: 'embed.seed', attrs: { min: '0', step: '1' } },
};

// Builds the shadow root's content once; returns the nodes the element updates.
export function render(root) {
  root.adoptedStyleSheets = [ownSheet()];
  const ui = {
    host: el('style'),
    title: el('span', { class: 'title', part: 'title' }),
    status: el('span', { class: 'status', part: 'status', 'data-status': 'loading', role: 'status', 'data-i18n': 'status.loading' }),
    share: el('button', { class: 'share', part: 'share', type: 'button', 'data-i18n': 'embed.share', 'data-i18n-attr': 'title:embed.shareTitle' }),
    fill: el('div'),
    controls: el('div', { class: 'controls', part: 'controls' }),
    lossChart: el('div', { class: 'chart loss' }),
    metricChart: el('div', { class: 'chart metric' }),
    footer: el('footer', { part: 'footer', 'aria-live': 'polite' }),
    linkText: el('input', { readonly: '', 'data-i18n-attr': 'aria-label:embed.link' }),
    linkClose: el('button', { type: 'button', 'data-i18n': 'embed.close' }),
    error: el('p', { class: 'error', part: 'error', hidden: '' }),
    buttons: {},
    fields: {},
  };
  ui.link = el('div', { class: 'link', hidden: '' }, [ui.linkText, ui.linkClose]);
  ui.charts = el('div', { class: 'charts', part: 'charts' }, [ui.lossChart, ui.metricChart]);
  const bar = el('div', { class: 'bar', part: 'progress' }, [ui.fill]);
  // The controls wait in a hidden pool until showControls places them: in the shadow root, translateDom reaches them.
  ui.pool = el('div', { hidden: '' });
  root.replaceChildren(ui.host, ui.pool, el('div', { class: 'root', part: 'root' }, [
    el('header', { part: 'header' }, [ui.title, ui.status, ui.share]), bar, ui.controls, ui.link, ui.error, ui.charts, ui.footer,
  ]));
  for (const [name, key] of Object.entries(BUTTONS)) {
    ui.buttons[name] = el('button', { type: 'button', part: name, 'data-control': name, class: name === 'train' ? 'primary' : '', 'data-i18n': key });
  }
  for (const [name, { label, attrs }] of Object.entries(FIELDS)) {
    ui.fields[name] = el('input', { type: 'number', ...attrs, part: `${name}-input`, 'data-control': name });
    ui.fields[`${name}Label`] = el('label', { part: name }, [el('span', { 'data-i18n': label }), ui.fields[name]]);
  }
  ui.pool.append(...Object.values(ui.buttons), ...Object.keys(FIELDS).map((name) => ui.fields[`${name}Label`]));
  return ui;
}

// Shows the controls the author asked for, in the order given.
export function showControls(ui, names, height) {
  ui.host.textContent = `:host { height: ${height}; }`;
  const shown = names.map((n) => ui.buttons[n] ?? ui.fields[`${n}Label`]).filter(Boolean);
  ui.pool.append(...ui.controls.children); // the ones no longer asked for go back
  ui.controls.replaceChildren(...shown);
}
