// The shadow DOM of <nn-playground mode="predict">: its markup and styles, and the inputs a model's file asks
// for (a draw pad, an image picker, a form of its columns). As view.js, nothing of the host page's CSS reaches in.
import { el } from '../ui/format.js';
import { t } from '../shared/i18n.js';
import { FRAME_STYLES } from './frame-styles.js';

const STYLES = FRAME_STYLES + `
.status[data-status=ready] { background: #dcfce7; color: #166534; }
.body { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: flex-start; }
.inputs { flex: 1 1 220px; display: flex; flex-direction: column; gap: 8px; min-width: 0; }
.output { flex: 1 1 220px; min-width: 0; font-variant-numeric: tabular-nums; }
.pad { display: flex; gap: 8px; align-items: flex-end; flex-wrap: wrap; }
canvas { width: 168px; height: 168px; border-radius: 6px; touch-action: none; cursor: crosshair; background: #000; }
.drop { padding: 10px; border: 1px dashed #c5ccd6; border-radius: 6px; color: #4b5563; }
.drop.dropping { border-color: #2563eb; background: #eff6ff; }
.drop img { display: block; max-width: 96px; max-height: 96px; margin-top: 6px; image-rendering: pixelated; }
form { display: grid; grid-template-columns: max-content minmax(0, 12em); gap: 4px 10px; align-items: center; }
label { color: #4b5563; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
button {
  all: unset; box-sizing: border-box; display: inline-block; padding: 4px 12px; border: 1px solid #c5ccd6; border-radius: 6px;
  background: #f8fafc; color: #1f2937; font: inherit; cursor: pointer; white-space: nowrap;
}
button:hover { background: #eef2f7; }
input, select {
  all: unset; box-sizing: border-box; width: 100%; padding: 3px 6px; border: 1px solid #c5ccd6; border-radius: 6px;
  background: #fff; color: #1f2937; font: inherit; font-variant-numeric: tabular-nums;
}
select {
  padding-right: 22px; cursor: pointer; background-repeat: no-repeat; background-size: 5px 5px;
  background-image: linear-gradient(45deg, transparent 50%, #6b7280 50%), linear-gradient(135deg, #6b7280 50%, transparent 50%);
  background-position: calc(100% - 12px) 55%, calc(100% - 7px) 55%;
}
input[type=file] { padding: 2px 0; border: 0; }
button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid #2563eb; outline-offset: 1px; }
.hint { margin: 0; color: #6b7280; }
.guess { margin: 0 0 6px; }
.guess strong { font-size: 18px; }
.prob { display: grid; grid-template-columns: minmax(2em, max-content) 1fr 4em; gap: 6px; align-items: center; margin: 2px 0; }
.prob .cls { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.prob .track { height: 10px; background: #eef0f3; border-radius: 5px; overflow: hidden; }
.prob .fill { display: block; height: 100%; background: #93b4f5; }
.prob.best .fill { background: #2563eb; }
.prob .pct { text-align: right; }
.value { margin: 0; font-size: 15px; }
.value strong { font-size: 20px; }
.error { margin: 0; padding: 6px 8px; border-radius: 6px; background: #fee2e2; color: #991b1b; }
.error details { margin-top: 2px; font-size: 12px; }
.error summary { cursor: pointer; }
[hidden] { display: none !important; }
`;

let sheet = null;

// Builds the shadow root's content; returns the nodes the predictor fills in.
export function renderPredict(root) {
  sheet ??= new CSSStyleSheet();
  if (!sheet.cssRules.length) sheet.replaceSync(STYLES);
  root.adoptedStyleSheets = [sheet];
  const ui = {
    title: el('span', { class: 'title', part: 'title' }),
    status: el('span', { class: 'status', part: 'status', 'data-status': 'loading', role: 'status', 'data-i18n': 'status.loading' }),
    error: el('p', { class: 'error', part: 'error', hidden: '' }),
    inputs: el('div', { class: 'inputs', part: 'inputs' }),
    output: el('div', { class: 'output', part: 'output', 'aria-live': 'polite' }),
  };
  root.replaceChildren(el('div', { class: 'root', part: 'root' }, [
    el('header', { part: 'header' }, [ui.title, ui.status]), ui.error, el('div', { class: 'body' }, [ui.inputs, ui.output]),
  ]));
  return ui;
}

// A 28x28 pad the reader draws on (DigitPad turns it into MNIST's pixels), and its Clear button.
export function padInput() {
  const canvas = el('canvas', { width: '280', height: '280', part: 'pad', 'aria-label': t('draw.area') });
  const clear = el('button', { type: 'button', part: 'clear', text: t('draw.clear') });
  return { node: el('div', { class: 'pad' }, [canvas, clear]), canvas, clear };
}

// A file picker that also takes a dropped image, with a preview of the file picked.
export function imageInput() {
  const file = el('input', { type: 'file', accept: 'image/png,image/jpeg', part: 'image-input', 'aria-label': t('predict.pickImage') });
  const preview = el('img', { alt: '', hidden: '' });
  const node = el('div', { class: 'drop', part: 'drop' }, [el('p', { class: 'hint', text: t('predict.dropImage') }), file, preview]);
  return { node, file, preview };
}

// One field per column: a <select> of its categories, or a number starting at `value` (the training mean when the
// file keeps it). fields: [{name, options?: [...], value}].
export function formInput(fields) {
  const controls = fields.map((f, i) => {
    const id = `field-${i}`; // column names may hold spaces, which an id cannot
    const control = f.options
      ? el('select', { name: f.name, id }, f.options.map((o) => el('option', { value: o, text: o })))
      : el('input', { type: 'number', step: 'any', name: f.name, id });
    control.value = f.value;
    return control;
  });
  const form = el('form', { part: 'form' }, fields.flatMap((f, i) => [el('label', { for: controls[i].id, text: f.name, title: f.name }), controls[i]]));
  form.addEventListener('submit', (e) => e.preventDefault());
  return { node: form, controls };
}
