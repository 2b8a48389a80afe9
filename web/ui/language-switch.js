// The header's language switch: a <select> of the supported languages, each named in itself, showing the
// page's language; picking another calls `onPick(lang)` (switchLanguage: remember it, reload in it).
import { LANGUAGES, language } from '../shared/i18n.js';
import { el } from './format.js';

export function languageSwitch(select, onPick) {
  if (!select) return;
  select.replaceChildren(...Object.entries(LANGUAGES).map(([value, name]) => el('option', { value, lang: value, text: name })));
  select.value = language();
  select.addEventListener('change', () => select.value !== language() && onPick(select.value));
}
