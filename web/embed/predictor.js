// <nn-playground mode="predict" model="digits.nnp">: a saved model predicting what the reader draws, picks or types.
// It runs on the page's main thread, through the inference-only module (nnplay-predict: no training code, no
// worker): a prediction of one sample takes well under a millisecond, less than a worker's message round trip.
// The inputs come from what the file knows of its data: a draw pad for 28x28 grayscale models (MNIST's), an
// image picker for other image models, a form of the columns of the saved column plan (or of the features).
import createPredictor from '../nnplay-predict.mjs';
import { errorMessage, t } from '../shared/i18n.js';
import { DigitPad, renderProbabilities } from '../ui/draw-digit.js';
import { dropZone } from '../ui/drop-zone.js';
import { el, imageShape, num, showCoreError } from '../ui/format.js';
import { formInput, imageInput, padInput, renderPredict } from './predict-view.js';

let wasm = null; // one module per page, whatever the number of predictors
const loadModule = () => (wasm ??= createPredictor());

// A CSV field as the core's reader takes it back.
const csvField = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

async function fetchBytes(url) {
  let res;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(t('predict.fetchFailed', { url, reason: e.message }));
  }
  if (!res.ok) throw new Error(t('predict.fetchFailed', { url, reason: `HTTP ${res.status}` }));
  return new Uint8Array(await res.arrayBuffer());
}

export class PredictMode {
  // emit(type, detail): the element's events.
  constructor(root, emit) {
    this.ui = renderPredict(root);
    this.emit = emit;
    this.generation = 0;
    this.model = null;
    this.about = null; // the model's info(): {info, model, loss, input_size, input_shape, outputs}
    this.status = 'loading';
    this.last = null;
  }

  // Loads the model file at `url`; resolves with {info} once it predicts (rejects, and shows why, if it cannot).
  async load(url) {
    const gen = ++this.generation;
    this.setStatus('loading');
    this.ui.error.hidden = true;
    this.ui.inputs.replaceChildren();
    this.ui.output.replaceChildren();
    this.last = null;
    try {
      if (!url) throw new Error(t('predict.noModel'));
      const href = new URL(url, document.baseURI).href;
      // A blob: URL (a model made in the page) has no file name worth showing.
      const name = href.startsWith('blob:') ? 'model.nnp' : decodeURIComponent(new URL(href).pathname.split('/').pop()) || url;
      this.ui.title.textContent = name;
      const [module, bytes] = await Promise.all([loadModule(), fetchBytes(href)]);
      if (gen !== this.generation) throw new Error(t('embed.replaced'));
      this.dispose();
      this.model = new module.Predictor(bytes, name);
      this.about = JSON.parse(this.model.info());
      this.buildInputs();
    } catch (e) {
      if (gen === this.generation) {
        this.dispose();
        this.setStatus('failed');
        showCoreError(this.ui.error, errorMessage({ message: e.message, code: e.code }));
        this.emit('error', { message: e.message, code: e.code || undefined });
      }
      throw e;
    }
    this.setStatus('ready');
    const detail = { info: this.about };
    this.emit('ready', detail);
    return detail;
  }

  dispose() {
    this.model?.delete();
    this.model = null;
  }

  setStatus(status) {
    this.status = status;
    this.ui.status.dataset.status = status;
    this.ui.status.textContent = t(`status.${status}`);
    this.emit('statuschange', { status });
  }

  get classification() {
    return this.about.info.task ? this.about.info.task === 'classification' : this.about.loss.includes('crossentropy');
  }

  // The inputs the model's data call for.
  buildInputs() {
    const { info, input_shape: inputShape } = this.about;
    const image = imageShape({ input_shape: inputShape, features: info.features });
    if (image && image.h === 28 && image.w === 28 && image.c === 1) this.padInputs();
    if (image) return this.imageInputs();
    this.formInputs();
  }

  padInputs() {
    const { node, canvas, clear } = padInput();
    this.ui.inputs.append(node);
    const pad = new DigitPad(canvas, { onImage: (pixels) => (pixels ? this.predict(pixels) : this.showEmpty()) });
    clear.addEventListener('click', () => pad.clear());
  }

  imageInputs() {
    const { node, file, preview } = imageInput();
    this.ui.inputs.append(node);
    const take = async (f) => {
      if (!f || !this.model) return;
      preview.src = URL.createObjectURL(f);
      preview.hidden = false;
      this.predictImage(new Uint8Array(await f.arrayBuffer()), f.name);
    };
    file.addEventListener('change', () => take(file.files[0]));
    dropZone([node], (files) => take(files[0]));
    if (!this.ui.output.childElementCount) this.showEmpty();
  }

  // A form of the columns of the saved plan (categories as a <select>, numbers starting at their training mean),
  // else of the features (or the inputs, numbered) with no default.
  formInputs() {
    const { info, input_size: size } = this.about;
    const plan = info.plan;
    let fields;
    if (plan) {
      fields = plan.columns.filter((c) => c.action !== 'drop').map((c) => (c.text
        ? { name: c.name, options: c.vocabulary, value: c.fill_level }
        : { name: c.name, value: String(Number(c.fill.toPrecision(6))) }));
    } else {
      const names = info.features?.length === size ? info.features : Array.from({ length: size }, (_, i) => `x${i + 1}`);
      fields = names.map((name) => ({ name, value: '' }));
    }
    const { node, controls } = formInput(fields);
    this.ui.inputs.append(node);
    const update = () => {
      const values = controls.map((c) => c.value.trim());
      if (!plan && values.some((v) => v === '' || !Number.isFinite(Number(v)))) return this.showHint(t('predict.fillIn'));
      // A table goes through the saved plan as a one-row CSV, exactly as `nnplay predict` encodes a file.
      this.predict(plan ? `${fields.map((f) => csvField(f.name)).join(',')}\n${values.map(csvField).join(',')}\n`
        : Float32Array.from(values, Number));
    };
    node.addEventListener('input', update);
    node.addEventListener('change', update);
    update();
  }

  // input: raw numbers (a Float32Array of the model's input size) or a table's one-row CSV.
  predict(input) {
    this.run(input, () => (typeof input === 'string' ? this.model.predictCsv(input) : this.model.predict(input)));
  }

  predictImage(bytes, name) {
    let pixels = null;
    this.run(null, () => {
      const r = this.model.predictImage(bytes, name);
      pixels = r.pixels;
      return r.outputs;
    }, () => pixels);
  }

  run(input, call, inputOf = () => input) {
    if (!this.model) return;
    let outputs;
    try {
      outputs = call();
    } catch (e) {
      showCoreError(this.ui.error, errorMessage({ message: e.message, code: e.code }));
      this.emit('error', { message: e.message, code: e.code || undefined });
      return this.showHint(t('predict.noPrediction'));
    }
    this.ui.error.hidden = true;
    this.show(inputOf(), outputs);
  }

  // The outputs as class probabilities (bars with the class names) or the predicted value.
  show(input, outputs) {
    const { info } = this.about;
    const detail = { input, outputs: Array.from(outputs) };
    if (this.classification) {
      const probs = outputs.length === 1 ? [1 - outputs[0], outputs[0]] : Array.from(outputs);
      const names = info.class_names ?? probs.map((_, i) => String(i));
      renderProbabilities(this.ui.output, probs, names);
      detail.probabilities = probs;
      detail.predicted = names[Number(this.ui.output.dataset.predicted)];
    } else {
      detail.value = outputs[0];
      this.ui.output.replaceChildren(el('p', { class: 'value' }, t('predict.value', { target: info.target ?? t('predict.output') }),
        el('strong', { 'data-testid': 'predicted-value', text: num(outputs[0], 4) })));
      this.ui.output.dataset.values = JSON.stringify(detail.outputs);
    }
    this.last = detail;
    this.emit('predict', detail);
  }

  showEmpty() {
    this.showHint(t(this.about && imageShape({ input_shape: this.about.input_shape }) && !this.ui.inputs.querySelector('canvas')
      ? 'predict.pickFirst' : 'draw.empty'));
  }

  showHint(text) {
    this.last = null;
    delete this.ui.output.dataset.values;
    delete this.ui.output.dataset.predicted;
    this.ui.output.replaceChildren(el('p', { class: 'hint', text }));
  }
}
