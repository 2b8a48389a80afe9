// The model editor: the spec's layer list (add/remove dense and dropout layers), optimizer and
// training settings, and the whole spec as JSON for anything the form does not cover. It never
// validates: the worker's core is the authority and its message is shown next to the editor.
import { el } from './format.js';

const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];
const OPTIMIZERS = ['sgd', 'adam', 'rmsprop'];
const REGULARIZERS = ['none', 'l1', 'l2'];

let uid = 0;
const nextId = (what) => `ed-${what}-${++uid}`;

function field(label, input, extra = {}) {
  const id = input.id || (input.id = nextId('f'));
  return el('div', { class: `field ${extra.class ?? ''}` }, el('label', { for: id, text: label }), input);
}

function select(options, value, attrs = {}) {
  const s = el('select', attrs, options.map((o) => el('option', { value: o, text: o })));
  s.value = options.includes(value) ? value : options[0];
  return s;
}

// A number field keeps what was typed; '' (or garbage) goes to the core as null and is reported there.
function numberInput(value, attrs = {}) {
  return el('input', { type: 'number', step: 'any', value: value ?? '', ...attrs });
}

function readNumber(input) {
  const t = input.value.trim();
  return t === '' ? null : Number(t);
}

function regularizerOf(layer) {
  const r = layer.kernel_regularizer;
  if (!r) return { kind: 'none', factor: 0.01 };
  if (typeof r === 'string') {
    const m = /^\s*(l1|l2)\s*(?:\(\s*([0-9.eE+-]+)\s*\))?\s*$/.exec(r);
    return m ? { kind: m[1], factor: m[2] ? Number(m[2]) : 0.01 } : { kind: 'none', factor: 0.01, raw: r };
  }
  if (r.l1) return { kind: 'l1', factor: r.l1 };
  if (r.l2) return { kind: 'l2', factor: r.l2 };
  return { kind: 'none', factor: 0.01 };
}

export class ModelEditor {
  constructor(form, { onApply, onApplyJson }) {
    this.form = form;
    this.onApply = onApply;
    this.onApplyJson = onApplyJson;
    this.spec = null;
    this.layers = [];
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.onApply(this.read());
    });
  }

  setEnabled(on) {
    this.enabled = on;
    for (const b of this.form.querySelectorAll('button.apply')) b.disabled = !on;
  }

  setSpec(spec) {
    this.spec = structuredClone(spec);
    this.layers = structuredClone(spec.model?.layers ?? []);
    this.render();
  }

  render() {
    const s = this.spec;
    const o = s.optimizer ?? {};
    const t = s.train ?? {};
    this.layerList = el('ol', { class: 'layers', 'data-testid': 'layer-list' });
    this.layers.forEach((layer, i) => this.layerList.append(this.layerRow(layer, i)));

    this.optType = select(OPTIMIZERS, o.type ?? 'adam', { 'data-testid': 'opt-type' });
    this.lr = numberInput(o.learning_rate, { 'data-testid': 'opt-lr', min: '0' });
    this.momentum = numberInput(o.momentum ?? 0, { 'data-testid': 'opt-momentum', min: '0', max: '0.9999' });
    const momentumField = field('Momentum', this.momentum, { class: 'momentum' });
    const syncMomentum = () => { momentumField.hidden = this.optType.value !== 'sgd'; };
    this.optType.addEventListener('change', syncMomentum);
    syncMomentum();

    this.epochs = numberInput(t.epochs, { 'data-testid': 'epochs', step: '1', min: '1' });
    this.batch = el('input', { type: 'text', value: String(t.batch_size ?? 32), 'data-testid': 'batch-size', inputmode: 'numeric',
      title: 'A whole number, or "full" for the whole training set' });
    this.valSplit = numberInput(t.validation_split ?? 0, { 'data-testid': 'validation-split', min: '0', max: '0.9', step: '0.05' });
    this.seed = numberInput(t.seed ?? 42, { 'data-testid': 'seed', step: '1', min: '0' });

    const input = JSON.stringify(s.model?.input ?? '?');
    this.json = el('textarea', { 'data-testid': 'spec-json', rows: '14', spellcheck: 'false', 'aria-label': 'The spec as JSON' });
    this.json.value = JSON.stringify(this.spec, null, 2);

    this.form.replaceChildren(
      el('p', { class: 'hint' }, `Input ${input} → `, el('strong', { text: s.loss ?? '' }), ' loss'),
      el('fieldset', {},
        el('legend', { text: 'Layers' }),
        this.layerList,
        el('div', { class: 'buttons' },
          el('button', { type: 'button', 'data-testid': 'add-dense', text: '+ Dense', onclick: () => this.add({ type: 'dense', units: 32, activation: 'relu' }) }),
          el('button', { type: 'button', 'data-testid': 'add-dropout', text: '+ Dropout', onclick: () => this.add({ type: 'dropout', rate: 0.2 }) }))),
      el('fieldset', {},
        el('legend', { text: 'Optimizer' }),
        el('div', { class: 'row2' }, field('Type', this.optType), field('Learning rate', this.lr)),
        momentumField),
      el('fieldset', {},
        el('legend', { text: 'Training' }),
        el('div', { class: 'row2' }, field('Epochs', this.epochs), field('Batch size', this.batch)),
        el('div', { class: 'row2' }, field('Validation split', this.valSplit), field('Seed', this.seed))),
      el('div', { class: 'buttons' },
        el('button', { type: 'submit', class: 'primary apply', 'data-testid': 'apply', text: 'Apply', title: 'Build a fresh model from these settings' })),
      el('details', { class: 'json' },
        el('summary', { text: 'Edit the spec as JSON' }),
        this.json,
        el('div', { class: 'buttons' },
          el('button', { type: 'button', class: 'apply', 'data-testid': 'apply-json', text: 'Apply JSON', onclick: () => this.onApplyJson(this.json.value) }))),
    );
    this.setEnabled(this.enabled ?? true);
  }

  layerRow(layer, i) {
    const remove = el('button', { type: 'button', class: 'icon', 'data-testid': `remove-layer-${i}`, title: 'Remove this layer',
      'aria-label': `Remove layer ${i + 1}`, text: '×', onclick: () => this.remove(i) });
    const row = el('li', { class: `layer layer-${layer.type}`, 'data-testid': `layer-${i}`, dataset: { index: String(i) } });
    const name = el('span', { class: 'layer-type', text: layer.type });
    if (layer.type === 'dense') {
      const units = numberInput(layer.units, { step: '1', min: '1', 'data-field': 'units', 'data-testid': `units-${i}` });
      const act = select(ACTIVATIONS, layer.activation ?? 'linear', { 'data-field': 'activation', 'data-testid': `activation-${i}` });
      const reg = regularizerOf(layer);
      const regKind = select(REGULARIZERS, reg.kind, { 'data-field': 'reg', 'data-testid': `regularizer-${i}` });
      const factor = numberInput(reg.factor, { min: '0', 'data-field': 'reg-factor', 'data-testid': `regularizer-factor-${i}` });
      const sync = () => { factor.disabled = regKind.value === 'none'; };
      regKind.addEventListener('change', sync);
      sync();
      row.append(
        el('div', { class: 'layer-head' }, name, remove),
        el('div', { class: 'row2' }, field('Units', units), field('Activation', act)),
        el('div', { class: 'row2' }, field('Kernel regularizer', regKind), field('Factor', factor)),
      );
    } else if (layer.type === 'dropout') {
      const rate = numberInput(layer.rate, { min: '0', max: '0.95', step: '0.05', 'data-field': 'rate', 'data-testid': `rate-${i}` });
      row.append(el('div', { class: 'layer-head' }, name, el('div', { class: 'inline' }, field('Rate', rate, { class: 'inline-field' }), remove)));
    } else {
      const note = layer.type === 'flatten' ? 'turns each image into one vector' : JSON.stringify(layer);
      row.append(el('div', { class: 'layer-head' }, el('span', {}, name, el('span', { class: 'hint', text: ` — ${note}` })), remove));
    }
    return row;
  }

  // Keeps what was typed in the rows, then changes the list.
  sync() {
    this.layers = this.readLayers();
  }

  add(layer) {
    this.sync();
    // New hidden layers go before the output layer.
    const at = Math.max(0, this.layers.length - (this.layers.at(-1)?.type === 'dense' ? 1 : 0));
    this.layers.splice(at, 0, layer);
    this.renderLayers();
  }

  remove(i) {
    this.sync();
    this.layers.splice(i, 1);
    this.renderLayers();
  }

  renderLayers() {
    this.layerList.replaceChildren(...this.layers.map((l, i) => this.layerRow(l, i)));
  }

  readLayers() {
    return [...this.layerList.children].map((row, i) => {
      const layer = structuredClone(this.layers[i]);
      const get = (f) => row.querySelector(`[data-field="${f}"]`);
      if (layer.type === 'dense') {
        layer.units = readNumber(get('units'));
        layer.activation = get('activation').value;
        const kind = get('reg').value;
        if (kind === 'none') delete layer.kernel_regularizer;
        else layer.kernel_regularizer = { [kind]: readNumber(get('reg-factor')) };
      } else if (layer.type === 'dropout') {
        layer.rate = readNumber(get('rate'));
      }
      return layer;
    });
  }

  // The edited spec: the loaded one with the form's values in place.
  read() {
    const spec = structuredClone(this.spec);
    spec.model = { ...spec.model, layers: this.readLayers() };
    const type = this.optType.value;
    spec.optimizer = { type, learning_rate: readNumber(this.lr) };
    if (type === 'sgd') spec.optimizer.momentum = readNumber(this.momentum);
    const batch = this.batch.value.trim();
    spec.train = {
      ...spec.train,
      epochs: readNumber(this.epochs),
      batch_size: batch === 'full' ? 'full' : batch === '' ? null : Number.isNaN(Number(batch)) ? batch : Number(batch),
      validation_split: readNumber(this.valSplit),
      seed: readNumber(this.seed),
    };
    return spec;
  }
}
