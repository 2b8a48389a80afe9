// Starts a page's module and, when it cannot start, says why on the page instead of hanging on
// "starting…": no WebAssembly SIMD (naming the browsers that have it), or a module that does not load.
// It imports nothing up front, so it runs even when every other module fails: the page's language
// (shared/i18n.js) is loaded only to say what went wrong.

// A module of one function that adds two SIMD vectors: browsers without SIMD refuse to compile it.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0,
  65, 0, 253, 15, 253, 98, 11]);

export const SIMD_BROWSERS = 'Chrome or Edge 91+, Firefox 89+, Safari 16.4+ (also on iOS), or Samsung Internet 16+';

// What stops nnplay here: the key of its message (boot.*, which takes {{browsers}}), or null.
export function startupProblem() {
  if (typeof WebAssembly !== 'object') return 'boot.noWasm';
  if (!WebAssembly.validate(SIMD_PROBE)) return 'boot.noSimd';
  return null;
}

// A boot.* message in the page's language; should the language module not load either, the English
// message file's text with its {{values}} filled in.
async function say(key, values = {}) {
  const all = { browsers: SIMD_BROWSERS, ...values };
  try {
    const { setupI18n, t } = await import('./i18n.js');
    await setupI18n();
    return t(key, all);
  } catch {
    const { default: en } = await import('../i18n/en/page.js');
    return en.boot[key.slice('boot.'.length)].replace(/{{(\w+)}}/g, (_, name) => String(all[name] ?? ''));
  }
}

// Number and date formatting in libraries (uPlot's axis labels) uses navigator.language; a tag the
// browser's Intl refuses would make them throw at import, so such a tag reads as English.
function saneLanguage() {
  try {
    Intl.getCanonicalLocales(navigator.language);
  } catch {
    Object.defineProperty(navigator, 'language', { value: 'en-US', configurable: true });
  }
}

export async function showStartupError(message) {
  let box = document.getElementById('startup-error');
  if (!box) {
    box = document.createElement('p');
    box.id = 'startup-error';
    box.className = 'error startup-error';
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'startup-error';
    document.body.prepend(box);
  }
  box.textContent = message;
  box.hidden = false;
  const pill = document.querySelector('[data-testid=status]');
  if (pill) {
    pill.dataset.status = 'cannot-start'; // with the message, before the words are looked up: one state at a time
    pill.textContent = await say('boot.cannotStart');
  }
}

// Imports the page's module (a URL relative to the page), or shows what stopped it.
export async function boot(entry) {
  const problem = startupProblem();
  if (problem) return showStartupError(await say(problem));
  saneLanguage();
  try {
    await import(new URL(entry, document.baseURI).href);
  } catch (e) {
    showStartupError(await say('boot.failed', { message: e?.message ?? e }));
  }
}
