// The lesson page: a numbered list of lessons; the chosen one shows its text, its settings (all in
// the address, so a link reproduces the run) and its own pictures, drawn by the lesson's module.
import { LESSONS } from './catalog.js';
import { readHash, writeHash, parseState } from '../shared/address.js';
import { coreSpec } from './spec.js';
import { mnistData } from './mnist.js';
import { paragraphs, rich } from './widgets.js';
import { el, showError } from '../ui/format.js';
import { registerOffline } from '../shared/offline.js';
import { onStorageProblem } from '../shared/autosave.js';
import { setupI18n, switchLanguage, t, translateDom } from '../shared/i18n.js';
import { languageSwitch } from '../ui/language-switch.js';
import { lessonContent } from './content.js';

// The language first: every lesson, knob and shared widget reads its words through t().
await setupI18n();
translateDom();
languageSwitch(document.getElementById('lang-switch'), switchLanguage);
registerOffline();

const $ = (id) => document.getElementById(id);
// Each run saves itself (lessons/run.js); a browser that refuses storage is told so once.
onStorageProblem((message) => showError($('page-error'), message));
const presets = new Map(); // id -> preset JSON
let current = null; // { id, values, instance }

async function preset(lesson) {
  if (!presets.has(lesson.id)) {
    const res = await fetch(`presets/${lesson.preset}`);
    if (!res.ok) throw new Error(t('lessons.page.presetUnreadable', { file: `presets/${lesson.preset}`, status: res.status }));
    presets.set(lesson.id, await res.json());
  }
  return presets.get(lesson.id);
}

const seedKnob = () => ({ key: 'seed', label: t('lessons.page.seed'), type: 'number', step: 1, min: 0,
  hint: t('lessons.page.seedHint') });

async function renderList() {
  const list = $('lesson-list');
  const items = await Promise.all(LESSONS.map(async (l, i) => {
    let p = null;
    try {
      p = await preset(l);
    } catch (e) {
      showError($('page-error'), e.message);
    }
    const words = lessonContent(l.id, p?.lesson);
    return { l, i, title: words.title ?? p?.title ?? l.id, summary: words.summary ?? '' };
  }));
  list.replaceChildren(...items.map(({ l, i, title }) => el('li', {},
    el('a', { href: `#lesson=${l.id}`, 'data-lesson': l.id, 'data-testid': `lesson-link-${l.id}` },
      el('span', { class: 'idx', text: String(i + 1) }), el('span', { text: title })))));
  return items;
}

function renderLanding(items) {
  document.title = t('lessons.page.documentTitle');
  $('lesson-main').replaceChildren(
    el('section', { class: 'panel intro' },
      el('h2', { text: t('lessons.page.heading') }),
      el('p', {}, t('lessons.page.intro'), ' ', el('a', { href: `./${location.search}` }, t('lessons.page.playgroundLink')))),
    el('div', { class: 'lesson-cards' }, items.map(({ l, i, title, summary }) => el('a', { class: 'lesson-card panel', href: `#lesson=${l.id}` },
      el('span', { class: 'idx', text: String(i + 1) }),
      el('strong', { text: title }),
      el('span', { class: 'hint', text: summary })))),
  );
}

function knobField(k, value, onChange) {
  const id = `knob-${k.key}`;
  let input;
  if (k.options) {
    input = el('select', { id }, k.options.map(([v, label]) => el('option', { value: String(v), text: label })));
    input.value = String(value);
  } else {
    input = el('input', { id, type: 'number', step: String(k.step ?? 'any'), min: k.min, max: k.max, value: String(value) });
  }
  input.dataset.testid = `knob-${k.key}`;
  input.addEventListener('change', () => onChange(k.options ? input.value : input.value.trim() === '' ? undefined : Number(input.value)));
  return el('label', { class: 'field knob', title: k.hint ?? '' }, el('span', { text: k.label }), input);
}

let shown = 0; // the newest show() wins when two overlap
async function show(id, raw, { push = false } = {}) {
  const token = ++shown;
  const lesson = LESSONS.find((l) => l.id === id);
  current?.instance?.destroy?.();
  current = null;
  for (const a of document.querySelectorAll('#lesson-list a')) a.classList.toggle('active', a.dataset.lesson === id);
  const main = $('lesson-main');
  if (!lesson) {
    renderLanding(await listReady);
    return;
  }
  let p, mod;
  try {
    [p, mod] = await Promise.all([preset(lesson), import(lesson.module)]);
  } catch (e) {
    main.replaceChildren(el('p', { class: 'error', text: t('lessons.page.cannotOpen', { message: e.message }) }));
    return;
  }
  if (token !== shown) return;
  const info = lessonContent(id, p.lesson ?? {});
  const knobs = [{ ...seedKnob(), default: p.train?.seed ?? 42 }, ...(mod.knobs?.(p) ?? [])];
  const values = parseState(knobs, raw);
  writeHash({ lesson: id, ...values }, { push });
  document.title = t('lessons.page.lessonTitle', { title: info.title ?? id });

  const body = el('div', { class: 'lesson-body', 'data-testid': 'lesson-body' });
  const copyText = t('lessons.page.copyLink');
  const copy = el('button', { type: 'button', 'data-testid': 'copy-link', text: copyText, title: t('lessons.page.copyLinkHint'),
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(location.href);
        copy.textContent = t('lessons.page.copied');
      } catch {
        copy.textContent = t('lessons.page.linkInAddress');
      }
      setTimeout(() => (copy.textContent = copyText), 1500);
    } });
  // A changed knob rebuilds the lesson; knobs whose defaults depend on it go back to their defaults.
  const change = (key, v) => {
    const knob = knobs.find((k) => k.key === key);
    if (knob.live && current?.instance?.onKnob && v !== undefined) {
      ctx.setValue(key, v);
      return current.instance.onKnob(key, v);
    }
    const next = { ...values, [key]: v };
    for (const k of knobs) if (k.dependsOn === key || v === undefined && k.key === key) delete next[k.key];
    show(id, Object.fromEntries(Object.entries(next).map(([k, x]) => [k, String(x)])));
  };
  main.replaceChildren(
    el('article', { class: 'panel lesson-intro', 'data-testid': 'lesson-intro' },
      el('h2', { 'data-testid': 'lesson-heading', text: `${LESSONS.indexOf(lesson) + 1}. ${info.title ?? id}` }),
      el('div', { class: 'lesson-text' }, paragraphs(info.text)),
      el('div', { class: 'lesson-columns' },
        info.try?.length ? el('div', {}, el('h3', { text: t('lessons.page.try') }), el('ul', {}, info.try.map((t) => el('li', {}, ...rich(t))))) : null,
        info.look?.length ? el('div', {}, el('h3', { text: t('lessons.page.look') }), el('ul', {}, info.look.map((t) => el('li', {}, ...rich(t))))) : null)),
    el('section', { class: 'panel knobs', 'data-testid': 'knobs' },
      el('div', { class: 'knob-row' }, knobs.filter((k) => !k.hidden).map((k) => knobField(k, values[k.key], (v) => change(k.key, v))), copy)),
    body,
  );
  const ctx = {
    id,
    lesson: info,
    values,
    body,
    // The core spec: the preset, the seed and the given overrides.
    spec: (overrides = {}, base = p) => coreSpec(base, { 'train.seed': values.seed, ...overrides }),
    // A knob changed by the lesson itself (a slider): into the address, without rebuilding.
    setValue: (key, v) => {
      values[key] = v;
      writeHash({ lesson: id, ...values });
    },
    // MNIST subsets for the lesson's workers, with a note in the lesson while the page downloads them.
    mnist: async (counts) => {
      const note = el('p', { class: 'hint', text: t('lessons.page.downloadingMnist') });
      body.append(note);
      try {
        return await mnistData(counts);
      } finally {
        note.remove();
      }
    },
    // Starts the lesson again with the same settings (fresh weights from the same seed).
    reset: () => show(id, Object.fromEntries(Object.entries(values).map(([k, x]) => [k, String(x)]))),
    // Another preset the lesson needs (presets/lessons/<name>.json).
    preset: p,
    loadPreset: (name) => preset({ id: `${id}/${name}`, preset: `lessons/${name}.json` }),
  };
  const mine = (current = { id, values });
  try {
    const instance = await mod.mount(ctx);
    if (current === mine) mine.instance = instance;
    else instance?.destroy?.();
  } catch (e) {
    body.append(el('p', { class: 'error', 'data-testid': 'lesson-error', text: e.message }));
  }
}

const listReady = renderList();

// The lesson page's address: #lesson=<id>&seed=42&<knob>=<value>... (the lesson's knobs are its state table).
function lessonHash() {
  const { lesson = null, ...values } = readHash();
  return { lesson, values };
}

function route({ push = false } = {}) {
  const { lesson, values } = lessonHash();
  show(lesson, values, { push });
}

window.addEventListener('hashchange', () => {
  const { lesson, values } = lessonHash();
  // The page writes its own state with replaceState; a hashchange is a link or a pasted address.
  if (current && current.id === lesson && Object.entries(values).every(([k, v]) => String(current.values[k]) === v)) return;
  route();
});
window.addEventListener('popstate', () => route());
route();
