// Checks of a page shown in Chinese, shared by the playground's and the lessons' language tests: what English is
// left on screen, and whether the page scrolls sideways.

// Words that stay as they are in Chinese text: names of datasets, layers, activations, optimizers, formats,
// units and symbols. A visible text left in English beyond these is a miss.
export const NAMES = new Set(('MNIST CNN MLP ReLU Sigmoid Tanh Softmax Adam SGD RMSprop Adagrad Momentum Nesterov ' +
  'ONNX TF.js TensorFlow.js Keras PyTorch CSV IDX PNG JPEG ZIP JSON nnp MSE MAE ROC AUC L1 L2 He Xavier Glorot LeCun ' +
  'MEDV RM LSTAT CRIM ZN INDUS CHAS NOX AGE DIS RAD TAX PTRATIO B dense conv2d flatten dropout activation ' +
  'max_pool2d avg_pool2d relu sigmoid tanh softmax linear adam sgd rmsprop nnplay WebAssembly SIMD GitHub ' +
  'kB MB GB ms s min h px x y w b k fold epoch epochs batch').split(/\s+/).map((w) => w.toLowerCase()));

// The visible texts of `page` (text nodes, button and input values, placeholders, titles) that hold English
// words outside NAMES and `allow`: [{text, where}] for the test's message. Code and the spec editor are data,
// not interface, and are skipped.
export async function englishLeft(page, allow = []) {
  const texts = await page.evaluate(() => {
    const out = [];
    const visible = (el) => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const skip = (el) => el.closest('code, pre, textarea, script, style, [data-i18n-skip], .uplot .u-axis');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || skip(el) || !visible(el)) continue;
      out.push({ text: n.textContent.trim(), where: el.closest('[id], [data-testid]')?.id || el.tagName.toLowerCase() });
    }
    for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], input[type=button], input[type=submit]')) {
      if (skip(el) || !visible(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label', 'value']) {
        if (a === 'value' && el.type !== 'button' && el.type !== 'submit') continue;
        const v = el.getAttribute(a);
        if (v?.trim()) out.push({ text: v.trim(), where: `${el.id || el.tagName.toLowerCase()}[${a}]` });
      }
    }
    return out;
  });
  const allowed = new Set([...NAMES, ...allow.map((w) => w.toLowerCase())]);
  // A word: two or more Latin letters (a file name, a number with a unit or a formula is not English prose).
  const english = (s) => (s.match(/[A-Za-z][A-Za-z'’-]+/g) ?? []).filter((w) => !allowed.has(w.toLowerCase().replace(/['’]s$/, '')));
  return texts.map((x) => ({ ...x, words: english(x.text) })).filter((x) => x.words.length > 0);
}

// How far the page's content reaches past the viewport's width, in px (0: no sideways scroll).
export const sidewaysOverflow = (page) => page.evaluate(() =>
  Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));
