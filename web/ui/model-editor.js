// The model editor: every layer the core has (add, remove, edit), the optimizer with its options and
// the training settings, and the whole spec as JSON. A form field writes its value into the spec only
// once the user changed it, so Apply without edits gives back the spec as loaded, field for field;
// fields the form has no control for are listed read-only, and the JSON box is the full truth. It
// never validates: the core is the authority and its message is shown next to the editor.
// The lists of choices (activations, optimizers, padding...) are the core's, from the worker.
import { el } from './format.js';
import { t } from '../shared/i18n.js';

let uid = 0;
const nextId = (what) => `ed-${what}-${++uid}`;

// `label`: the message key of the field's label.
function field(label, input, extra = {}) {
  const id = input.id || (input.id = nextId('f'));
  return el('div', { class: `field ${extra.class ?? ''}` }, el('label', { for: id, text: t(label) }), input);
}

// What the form shows for a value, and the value it writes back.
const shown = (v) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
function parsed(text, kind) {
  const t = text.trim();
  if (t === '') return null; // the core names the missing value
  if (kind === 'number') return Number.isNaN(Number(t)) ? t : Number(t);
  if (kind === 'json') {
    try {
      return JSON.parse(t);
    } catch {
      return Number.isNaN(Number(t)) ? t : Number(t);
    }
  }
  if (kind === 'bool') return t === 'true';
  return t;
}

// New layers the form can add, with the options a learner usually starts from.
const NEW_LAYERS = {
  dense: { type: 'dense', units: 32, activation: 'relu' },
  conv2d: { type: 'conv2d', filters: 16, kernel_size: 3, activation: 'relu' },
  max_pooling2d: { type: 'max_pooling2d', pool_size: 2 },
  average_pooling2d: { type: 'average_pooling2d', pool_size: 2 },
  flatten: { type: 'flatten' },
  dropout: { type: 'dropout', rate: 0.2 },
  activation: { type: 'activation', activation: 'relu' },
};

// The options each layer type's form edits: [key, label (its message key), kind, the core's list of choices, the core's
// limit]. A choice without the core's list is a text field.
const LAYER_FIELDS = {
  dense: [['units', 'editor.fields.units', 'number', null, 'max_units'], ['activation', 'editor.fields.activation', 'text', 'activation'],
    ['kernel_regularizer', 'editor.fields.kernel_regularizer', 'json'], ['kernel_initializer', 'editor.fields.kernel_initializer', 'json', 'initializer'], ['use_bias', 'editor.fields.use_bias', 'bool']],
  conv2d: [['filters', 'editor.fields.filters', 'number', null, 'max_filters'], ['kernel_size', 'editor.fields.kernel_size', 'json'], ['strides', 'editor.fields.strides', 'json'],
    ['padding', 'editor.fields.padding', 'text', 'padding'], ['activation', 'editor.fields.activation', 'text', 'activation'],
    ['kernel_regularizer', 'editor.fields.kernel_regularizer', 'json'], ['kernel_initializer', 'editor.fields.kernel_initializer', 'json', 'initializer'], ['use_bias', 'editor.fields.use_bias', 'bool']],
  max_pooling2d: [['pool_size', 'editor.fields.pool_size', 'json'], ['strides', 'editor.fields.strides', 'json'], ['padding', 'editor.fields.padding', 'text', 'padding']],
  average_pooling2d: [['pool_size', 'editor.fields.pool_size', 'json'], ['strides', 'editor.fields.strides', 'json'], ['padding', 'editor.fields.padding', 'text', 'padding']],
  dropout: [['rate', 'editor.fields.rate', 'number', null, 'max_dropout_rate']],
  activation: [['activation', 'editor.fields.activation', 'text', 'activation']],
  flatten: [],
};

// The optimizer options each type takes (the core refuses the others).
const OPTIMIZER_FIELDS = {
  sgd: [['momentum', 'editor.fields.momentum', 'number'], ['nesterov', 'editor.fields.nesterov', 'bool']],
  adam: [['beta_1', 'editor.fields.beta_1', 'number'], ['beta_2', 'editor.fields.beta_2', 'number'], ['epsilon', 'editor.fields.epsilon', 'number']],
  rmsprop: [['rho', 'editor.fields.rho', 'number'], ['momentum', 'editor.fields.momentum', 'number'], ['epsilon', 'editor.fields.epsilon', 'number']],
};

const TRAIN_FIELDS = [['epochs', 'editor.fields.epochs', 'number', null, 'max_epochs'], ['batch_size', 'editor.fields.batch_size', 'json'],
  ['validation_split', 'editor.fields.validation_split', 'number', null, 'max_split'], ['seed', 'editor.fields.seed', 'number', null, 'max_seed']];

export class ModelEditor {
  constructor(form, { onApply, onApplyJson }) {
    this.form = form;
    this.onApply = onApply;
    this.onApplyJson = onApplyJson;
    this.spec = null;
    this.choices = null; // the core's lists, once the worker gave them
    this.note = null;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.onApply(this.read());
    });
  }

  setEnabled(on) {
    this.enabled = on;
    for (const b of this.form.querySelectorAll('button.apply')) b.disabled = !on;
  }

  // The core's named choices ({activation: [...], optimizer: [...], padding: [...], ...}).
  setChoices(choices) {
    this.choices = choices;
    if (this.spec) this.render();
  }

  setSpec(spec, { note = this.note } = {}) {
    this.spec = structuredClone(spec);
    this.layers = structuredClone(spec.model?.layers ?? []).map((config) => ({ config, edits: new Map() }));
    this.note = note;
    this.render();
  }

  // A word above the form (e.g. an imported model the form does not show).
  setNote(text) {
    this.note = text;
    this.noteBox.textContent = text ?? '';
    this.noteBox.hidden = !text;
  }

  // One control for `key` of `obj`: it remembers the value it showed, and `edits` gets the new value
  // once the user changes it. `limit`: the core's named limit, the field's max.
  control(obj, key, kind, list, edits, testid, limit = null) {
    const value = shown(obj[key]);
    const options = list && this.choices?.[list];
    let input;
    const choices = kind === 'bool' ? ['true', 'false'] : options;
    if (choices) {
      // A value the list lacks stays selectable (the core then names the problem); unset is "(default)".
      const all = value === '' || choices.includes(value) ? choices : [value, ...choices];
      input = el('select', {}, (value === '' ? ['', ...all] : all).map((o) => el('option', { value: o, text: o || t('editor.default') })));
      input.value = value;
    } else {
      input = el('input', { type: kind === 'number' ? 'number' : 'text', step: 'any', value, spellcheck: 'false',
        max: limit && this.choices?.limits?.[limit] });
    }
    input.dataset.testid = testid;
    const initial = input.value;
    const note = () => {
      if (input.value === initial) edits.delete(key);
      else edits.set(key, parsed(input.value, kind));
    };
    input.addEventListener('input', note);
    input.addEventListener('change', note);
    return input;
  }

  render() {
    const s = this.spec;
    this.optimizer = typeof s.optimizer === 'string' ? { type: s.optimizer } : { ...(s.optimizer ?? {}) };
    this.optEdits = new Map();
    this.trainEdits = new Map();
    this.noteBox = el('p', { class: 'note', role: 'status', 'data-testid': 'editor-note' });
    this.layerList = el('ol', { class: 'layers', 'data-testid': 'layer-list' });
    this.renderLayers();

    const opt = this.optimizer;
    const optType = this.control(opt, 'type', 'text', 'optimizer', this.optEdits, 'opt-type');
    const optFields = el('div', { class: 'row2' });
    const renderOptFields = () => {
      const type = this.optEdits.get('type') ?? opt.type ?? 'adam';
      // Switching type drops the old type's options (the core refuses them) and shows the new one's.
      for (const k of this.optEdits.keys()) if (k !== 'type' && k !== 'learning_rate') this.optEdits.delete(k);
      const own = OPTIMIZER_FIELDS[type] ?? [];
      optFields.replaceChildren(...own.map(([k, label, kind]) =>
        field(label, this.control(type === opt.type ? opt : {}, k, kind, null, this.optEdits, `opt-${k}`))));
    };
    optType.addEventListener('input', renderOptFields);
    renderOptFields();
    const lr = this.control(opt, 'learning_rate', 'number', null, this.optEdits, 'opt-lr', 'max_learning_rate');
    this.specEdits = new Map();
    const loss = this.control(s, 'loss', 'text', 'loss', this.specEdits, 'loss');
    const train = s.train ?? {};
    const trainFields = TRAIN_FIELDS.map(([k, label, kind, , limit]) =>
      field(label, this.control(train, k, kind, null, this.trainEdits, k === 'batch_size' ? 'batch-size' : k.replaceAll('_', '-'), limit)));
    const shownTrain = new Set(TRAIN_FIELDS.map(([k]) => k));

    this.json = el('textarea', { 'data-testid': 'spec-json', rows: '14', spellcheck: 'false', 'aria-label': t('editor.specJson') });
    this.json.value = JSON.stringify(s, null, 2);
    const add = el('select', { 'data-testid': 'add-layer-type', 'aria-label': t('editor.addType') },
      Object.keys(NEW_LAYERS).filter((t) => this.choices?.layer?.includes(t) ?? true).map((t) => el('option', { value: t, text: t })));

    this.form.replaceChildren(
      this.noteBox,
      el('div', { class: 'row2' }, el('p', { class: 'hint' }, t('editor.input', { shape: JSON.stringify(s.model?.input ?? '?') })), field('editor.fields.loss', loss)),
      el('fieldset', {},
        el('legend', { text: t('editor.layers') }),
        this.layerList,
        el('div', { class: 'buttons' },
          el('button', { type: 'button', 'data-testid': 'add-dense', text: t('editor.addDense'), onclick: () => this.add('dense') }),
          el('button', { type: 'button', 'data-testid': 'add-dropout', text: t('editor.addDropout'), onclick: () => this.add('dropout') }),
          add, el('button', { type: 'button', 'data-testid': 'add-layer', text: t('editor.add'), onclick: () => this.add(add.value) }))),
      el('fieldset', {},
        el('legend', { text: t('editor.optimizer') }),
        el('div', { class: 'row2' }, field('editor.fields.type', optType), field('editor.fields.learning_rate', lr)),
        optFields),
      el('fieldset', {},
        el('legend', { text: t('editor.training') }),
        el('div', { class: 'row2' }, ...trainFields),
        readOnly(train, shownTrain, 'train')),
      readOnly(s, new Set(['model', 'optimizer', 'train', 'loss']), 'spec'),
      el('div', { class: 'buttons' },
        el('button', { type: 'submit', class: 'primary apply', 'data-testid': 'apply', text: t('editor.apply'), title: t('editor.applyTitle') })),
      el('details', { class: 'json' },
        el('summary', { text: t('editor.editJson') }),
        this.json,
        el('div', { class: 'buttons' },
          el('button', { type: 'button', class: 'apply', 'data-testid': 'apply-json', text: t('editor.applyJson'), onclick: () => this.onApplyJson(this.json.value) }))),
    );
    this.setNote(this.note);
    this.setEnabled(this.enabled ?? true);
  }

  layerRow({ config, edits }, i) {
    const remove = el('button', { type: 'button', class: 'icon', 'data-testid': `remove-layer-${i}`, title: t('editor.removeTitle'),
      'aria-label': t('editor.removeLabel', { n: i + 1, type: config.type }), text: '×', onclick: () => this.remove(i) });
    const own = LAYER_FIELDS[config.type] ?? [];
    const fields = own.map(([k, label, kind, list, limit]) =>
      field(label, this.control(config, k, kind, list, edits, `${k.replaceAll('_', '-')}-${i}`, limit)));
    return el('li', { class: `layer layer-${config.type}`, 'data-testid': `layer-${i}`, dataset: { index: String(i) } },
      el('div', { class: 'layer-head' }, el('span', { class: 'layer-type', text: config.type }), remove),
      fields.length ? el('div', { class: 'row2' }, ...fields) : null,
      readOnly(config, new Set(['type', ...own.map(([k]) => k)]), `layer-${i}`));
  }

  add(type) {
    const at = Math.max(0, this.layers.length - (this.layers.at(-1)?.config.type === 'dense' ? 1 : 0));
    // New hidden layers go before the output layer.
    this.layers.splice(at, 0, { config: structuredClone(NEW_LAYERS[type]), edits: new Map() });
    this.renderLayers();
  }

  remove(i) {
    this.layers.splice(i, 1);
    this.renderLayers();
  }

  renderLayers() {
    this.layerList.replaceChildren(...this.layers.map((l, i) => this.layerRow(l, i)));
  }

  // The edited spec: the loaded one with the values the user changed in place.
  read() {
    const spec = structuredClone(this.spec);
    for (const [k, v] of this.specEdits) spec[k] = v;
    const withEdits = (obj, edits) => {
      const out = structuredClone(obj);
      for (const [k, v] of edits) {
        if (v === null && !(k in obj)) continue;
        out[k] = v;
      }
      return out;
    };
    if (spec.model) spec.model.layers = this.layers.map(({ config, edits }) => withEdits(config, edits));
    if (this.optEdits.size) {
      const type = this.optEdits.get('type') ?? this.optimizer.type;
      const base = type === this.optimizer.type ? this.optimizer : { type, learning_rate: this.optimizer.learning_rate };
      spec.optimizer = withEdits(base, this.optEdits);
    }
    if (this.trainEdits.size) spec.train = withEdits(spec.train ?? {}, this.trainEdits);
    return spec;
  }
}

// The fields of `obj` the form has no control for, shown as they are (the JSON box edits them).
function readOnly(obj, skip, testid) {
  const rest = Object.entries(obj).filter(([k]) => !skip.has(k));
  if (!rest.length) return null;
  // The spec's own names and values: data, not words of the page (left as they are in any language).
  return el('dl', { class: 'read-only', 'data-testid': `read-only-${testid}`, title: t('editor.readOnly'), 'data-i18n-skip': '' },
    ...rest.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: shown(v) })]));
}
