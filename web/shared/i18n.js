// The page's language (docs/i18n.md): which one, and its messages. i18next does the lookup, interpolation
// ({{name}}) and plurals (key_one / key_other, by Intl.PluralRules); Intl formats numbers and dates. Every page
// (playground, lessons, embed) calls setupI18n once before it draws anything, then reads strings through t().
import i18next from '../vendor/i18next.js';
import en from '../i18n/en.js';
import zhCN from '../i18n/zh-CN.js';

export const LANGUAGES = { en: 'English', 'zh-CN': '简体中文' };
const RESOURCES = { en, 'zh-CN': zhCN };
const STORED = 'nnplay.lang';

// The supported language a BCP 47 tag asks for, or null: any Chinese tag (zh, zh-CN, zh-Hans-SG, zh-TW) reads
// Simplified Chinese, any English one English. Tolerates what browsers really report ('C', '', undefined).
export function supported(tag) {
  const t = String(tag ?? '').trim().toLowerCase().replace(/_/g, '-');
  if (/^zh(-|$)/.test(t)) return 'zh-CN';
  if (/^en(-|$)/.test(t)) return 'en';
  return null;
}

function remember(lang) {
  try {
    localStorage.setItem(STORED, lang);
  } catch { /* storage refused: the address still carries it */ }
}

function storedChoice() {
  try {
    return localStorage.getItem(STORED);
  } catch {
    return null; // storage refused (private mode, sandboxed frame)
  }
}

// The address's ?lang= first (a shared link speaks its language), then the switch's remembered choice, then
// the browser's languages in order, else English.
export function pickLanguage({ search = globalThis.location?.search ?? '', stored = storedChoice(),
  browser = globalThis.navigator?.languages?.length ? navigator.languages : [globalThis.navigator?.language] } = {}) {
  const asked = new URLSearchParams(search).get('lang');
  return supported(asked) ?? supported(stored) ?? browser.map(supported).find(Boolean) ?? 'en';
}

// Loads the messages and sets the document's language. `lang` defaults to pickLanguage().
export async function setupI18n(lang = pickLanguage()) {
  const lng = supported(lang) ?? 'en';
  // A link that names its language (?lang=) sets it for the pages it leads to as well.
  const asked = supported(new URLSearchParams(globalThis.location?.search ?? '').get('lang'));
  if (asked) remember(asked);
  await i18next.init({
    lng,
    fallbackLng: 'en', // a key Chinese lacks reads in English, never as the raw key
    supportedLngs: Object.keys(LANGUAGES),
    resources: Object.fromEntries(Object.entries(RESOURCES).map(([k, v]) => [k, { translation: v }])),
    interpolation: { escapeValue: false }, // strings go into textContent, never innerHTML
    returnNull: false,
  });
  if (globalThis.document) document.documentElement.lang = lng;
  return lng;
}

export const t = (key, options) => i18next.t(key, options);
export const has = (key) => i18next.exists(key);
export const language = () => i18next.language ?? 'en';

// The switch: remembers the choice and opens the same address in that language (the run is autosaved, so the
// reload brings it back).
export function switchLanguage(lang) {
  remember(lang);
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  location.assign(url);
}

// Fills the static markup: [data-i18n] gets its text, [data-i18n-attr="title:key;aria-label:key"] its attributes.
export function translateDom(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) node.setAttribute(attr, t(key));
    }
  }
}

// Numbers in the page's language.
const formats = new Map();
export function formatNumber(value, options = {}) {
  const id = `${language()}|${JSON.stringify(options)}`;
  if (!formats.has(id)) formats.set(id, new Intl.NumberFormat(language(), options));
  return formats.get(id).format(value);
}

// A core error in the page's language: {text, original}. The core's message is English and carries a stable
// code (core/include/nnplay/error.hpp); with a translation for errors.<code>, the text is it and the English
// original stays one click away (people search for it). Otherwise the English message, with no original.
export function errorMessage({ code = '', message = '' } = {}) {
  const key = `errors.${code}`;
  if (!code || language() === 'en' || !i18next.exists(key, { lng: language(), fallbackLng: false })) {
    return { text: message, original: null };
  }
  return { text: t(key), original: message };
}
