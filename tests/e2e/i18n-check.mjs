// Checks of a page shown in Chinese, shared by the playground's and the lessons' language tests: what English is
// left on screen, whether the page scrolls sideways, whether a control's text is cut off.
import assert from 'node:assert/strict';
import path from 'node:path';
import { outDir } from './harness.mjs';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

// Words that stay as they are in Chinese text: names of datasets, layers, activations, optimizers, formats,
// units and symbols. A visible text left in English beyond these is a miss.
export const NAMES = new Set(('MNIST CNN MLP ReLU Sigmoid Tanh Softmax Adam SGD RMSprop Adagrad Momentum Nesterov ' +
  'ONNX Keras PyTorch CSV IDX PNG JPEG ZIP JSON nnp MSE MAE ROC AUC L1 L2 He Xavier Glorot LeCun ' +
  'MEDV RM LSTAT CRIM ZN INDUS CHAS NOX AGE DIS RAD TAX PTRATIO B dense conv2d flatten dropout activation ' +
  'max_pool2d avg_pool2d relu sigmoid tanh softmax linear adam sgd rmsprop nnplay WebAssembly wasm SIMD GitHub int8 float32 ' +
  // File formats and the tools that read them (TF.js and TensorFlow.js split at the dot into words).
  'HTML gz TF TensorFlow js bin model opset onnxruntime Layers ' +
  // Symbols and names in the lessons' formulas and text: ln, sd, the confusion-matrix cells, F1, KFold, scikit-learn.
  'ln sd lr logit TP FP FN TN F1 KFold scikit-learn mnist-cnn mnist-mlp ' +
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
  const english = (s) => (s.match(/[A-Za-z]+(?:['’-][A-Za-z]+)*/g) ?? []).filter((w) => w.length > 1).filter((w) => !allowed.has(w.toLowerCase().replace(/['’]s$/, '')));
  return texts.map((x) => ({ ...x, words: english(x.text) })).filter((x) => x.words.length > 0);
}

// How far the page's content reaches past the viewport's width, in px (0: no sideways scroll), once the layout has
// settled: after a resize, charts redraw at the new width on a later frame, so up to 5 s are given to reach 0.
export async function sidewaysOverflow(page) {
  await page.waitForFunction(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth, null, { timeout: 5000 })
    .catch(() => {}); // still over after 5 s: the figure below says by how much
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));
}

// englishLeft's findings, one line each ("where: text").
export const shownEnglish = (left) => left.map((x) => `${x.where}: ${x.text.slice(0, 120)}`);

// The visible buttons, selects and pills whose text is cut off (wider than their box).
export const clipped = (page) => page.evaluate(() => [...document.querySelectorAll('button, .button-like, select, .pill')]
  .filter((e) => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1).map((e) => `${e.id || e.tagName}: ${e.textContent.trim().slice(0, 40)}`));

// No English left (beyond NAMES and `allow`: e.g. the names of the data shown), no sideways scroll and no cut-off
// control, at desktop width and on a phone; a screenshot of each in test-results/i18n-<name>-<size>.png.
export async function checkChinese(page, name, allow = []) {
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.deepEqual(shownEnglish(await englishLeft(page, allow)), [], `${name} at ${size} width shows English`);
    assert.equal(await sidewaysOverflow(page), 0, `${name} scrolls sideways at ${viewport.width} px`);
    assert.deepEqual(await clipped(page), [], `${name} clips a control's text at ${viewport.width} px`);
    await page.screenshot({ path: path.join(outDir, `i18n-${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}
