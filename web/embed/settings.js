// An embedded playground's settings: read from the element's attributes (or the frame's URL), turned
// into the spec the worker trains, and written back as a link that reproduces the run.
import { parseState } from '../shared/address.js';

// The ones that change what is trained (a change reloads the session); the rest only change the view.
export const SPEC_ATTRIBUTES = ['preset', 'spec', 'data', 'target', 'train-limit', 'epochs', 'lr', 'seed'];

export const CONTROLS = ['train', 'pause', 'step', 'reset', 'lr', 'epochs', 'seed'];
export const DEFAULT_CONTROLS = ['train', 'pause', 'reset', 'lr', 'epochs'];
const DEFAULT_HEIGHT = '420px';

// The element's state table (shared/address.js parses it, as it does the lessons' knobs).
const TABLE = [
  { key: 'preset', type: 'text', default: null },
  { key: 'spec', type: 'text', default: null },
  { key: 'data', type: 'text', default: null },
  { key: 'target', type: 'text', default: null },
  { key: 'train-limit', type: 'number', min: 1, integer: true, default: null },
  { key: 'epochs', type: 'number', min: 1, integer: true, default: null },
  { key: 'lr', type: 'number', min: Number.MIN_VALUE, default: null },
  { key: 'seed', type: 'number', min: 0, integer: true, default: null },
  { key: 'controls', type: 'list', options: CONTROLS, default: DEFAULT_CONTROLS },
  { key: 'charts', type: 'list', options: ['loss', 'metric', 'accuracy', 'mae', 'mse'], default: ['loss', 'metric'] },
  { key: 'autoplay', type: 'flag' },
  { key: 'height', type: 'text', default: null },
  { key: 'lang', type: 'text', default: null }, // the element's language (docs/i18n.md); the frame's ?lang=
  { key: 'mode', type: 'text', options: ['train', 'predict'], default: 'train' }, // predict: a saved model, no training
  { key: 'model', type: 'text', default: null }, // predict mode's .nnp file (a URL, relative to the page)
];
// Every attribute the element reads; the iframe form takes the same names as URL parameters.
export const ATTRIBUTES = TABLE.map((k) => k.key);

// A bare number is pixels; any other CSS length (30em, 60vh) is kept as written.
function height(text) {
  if (!text) return DEFAULT_HEIGHT;
  if (/^\d+(\.\d+)?$/.test(text.trim())) return `${text.trim()}px`;
  return CSS.supports('height', text) ? text : DEFAULT_HEIGHT;
}

// get(name) -> string or null (an attribute, a URL parameter); inlineSpec: the text of a JSON child.
export function readSettings(get, inlineSpec = null) {
  const v = parseState(TABLE, Object.fromEntries(ATTRIBUTES.map((name) => [name, get(name)])));
  return {
    preset: v.preset?.trim() || null,
    specText: v.spec ?? inlineSpec,
    data: v.data || null,
    target: v.target || null,
    trainLimit: v['train-limit'],
    epochs: v.epochs,
    lr: v.lr,
    seed: v.seed,
    controls: v.controls,
    charts: { loss: v.charts.includes('loss'), metric: v.charts.some((c) => c !== 'loss') },
    autoplay: v.autoplay,
    height: height(v.height),
    lang: v.lang,
    mode: v.mode,
    model: v.model || null,
  };
}

// The preset (or inline spec) with the settings' overrides: what the worker loads.
export function specWith(base, s) {
  const spec = structuredClone(base);
  delete spec.lesson; // lesson presets carry page text the core does not read
  if (s.epochs !== null) spec.train = { ...spec.train, epochs: s.epochs };
  if (s.seed !== null) spec.train = { ...spec.train, seed: s.seed };
  if (s.lr !== null) {
    const optimizer = typeof spec.optimizer === 'string' ? { type: spec.optimizer } : spec.optimizer;
    spec.optimizer = { ...optimizer, learning_rate: s.lr };
  }
  if (s.trainLimit !== null) spec.data = { ...spec.data, train_limit: s.trainLimit };
  return spec;
}

// A preset name is a file below presets/ (e.g. mnist-mlp, lessons/overfitting), never a path out of it.
export function presetPath(name) {
  if (!/^[\w-]+(\/[\w-]+)*$/.test(name)) throw new Error(`preset '${name}' is not a preset name (e.g. mnist-mlp, house-linear)`);
  return `presets/${name}.json`;
}

function compactJson(text) {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.trim();
  }
}

// The iframe form of the settings: frame.html?preset=...&seed=... . `spec` is the normalised spec of
// the live session, so the link fixes epochs, learning rate and seed even if the preset changes later;
// `lang`, the language the element speaks, goes along.
export function shareUrl(frameUrl, s, spec, lang) {
  const url = new URL(frameUrl);
  const p = url.searchParams;
  if (s.preset && !s.specText) p.set('preset', s.preset);
  else if (s.specText) p.set('spec', compactJson(s.specText));
  if (s.data) p.set('data', new URL(s.data, document.baseURI).href);
  if (s.target) p.set('target', s.target);
  if (s.trainLimit !== null) p.set('train-limit', s.trainLimit);
  const epochs = s.epochs ?? spec?.train?.epochs;
  const lr = s.lr ?? spec?.optimizer?.learning_rate;
  const seed = s.seed ?? spec?.train?.seed;
  if (epochs !== undefined && epochs !== null) p.set('epochs', epochs);
  if (lr !== undefined && lr !== null) p.set('lr', lr);
  if (seed !== undefined && seed !== null) p.set('seed', seed);
  p.set('controls', s.controls.join(','));
  p.set('charts', Object.keys(s.charts).filter((k) => s.charts[k]).join(','));
  if (s.autoplay) p.set('autoplay', '');
  if (lang) p.set('lang', lang);
  return url.href.replaceAll('%2C', ',');
}

// The frame's URL parameters as attributes for its element (unknown names are ignored).
export function attributesFromUrl(search) {
  const params = new URLSearchParams(search);
  return ATTRIBUTES.filter((name) => name !== 'height' && params.has(name)).map((name) => [name, params.get(name)]);
}
