// A lesson's words in the page's language. The English text is the preset's own `lesson` object (one source, shared
// with the CLI and the docs); other languages give `lessons.<id>.content` with the same fields (title, summary,
// text, try, look) and `runs` ({English run label: label}), and any field they lack stays English.
import { language, t } from '../shared/i18n.js';

const FIELDS = ['title', 'summary', 'text', 'try', 'look'];

function translated(id) {
  if (language() === 'en') return {};
  const c = t(`lessons.${id}.content`, { returnObjects: true });
  return c && typeof c === 'object' ? c : {};
}

// The preset's lesson object with its reader-facing fields in the page's language.
export function lessonContent(id, english = {}) {
  const c = translated(id);
  const out = { ...english };
  for (const f of FIELDS) if (c[f] !== undefined) out[f] = c[f];
  return out;
}

// A run's label (a legend, a table row) in the page's language; the English label is the run's identity.
export function runLabel(id, label) {
  return translated(id).runs?.[label] ?? label;
}
