// The playground, the embed and the tutorial in Simplified Chinese, in real Chromium: no English left on screen
// (beyond names such as MNIST and Adam), no sideways scroll at 360 px and at desktop width, the language kept by
// a reload, a share link and the switch, the embed's lang attribute, and core errors in Chinese with their
// English original one click away. Screenshots go to test-results/i18n-*.png.
//   node tools/build-site.mjs && node --test tests/e2e/i18n.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, outDir, start } from './harness.mjs';
import { dropFiles, errorText, waitStatus } from './playground-page.mjs';
import { DESKTOP, PHONE, checkChinese, englishLeft, shownEnglish, sidewaysOverflow } from './i18n-check.mjs';

let env;
before(async () => (env = await start()));
after(async () => env?.stop());

const CJK = /[\u4e00-\u9fff]/;

const open = async (t, address, viewport = DESKTOP) => {
  const page = await openPage(t, env.browser, env.base + address, { viewport, consoleErrors: true });
  await waitStatus(page, 'idle', 60_000);
  return page;
};

test('the playground in Chinese: a finished run with its ROC curve, no English left, no sideways scroll', async (t) => {
  const page = await open(t, '?lang=zh-CN#preset=cancer-logistic');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.inputValue('[data-testid=lang-switch]'), 'zh-CN');
  assert.match(await page.textContent('[data-testid=lesson-title]'), CJK, 'the preset title is in Chinese');
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  await page.locator('[data-testid=roc-curve]').waitFor();
  assert.match(await page.textContent('[data-testid=status]'), /已完成/);
  assert.match(await page.textContent('[data-testid=progress-epoch]'), /^第 100\/100 轮$/);
  await checkChinese(page, 'cancer', ['breast-cancer', 'wdbc', 'malignant']);
});

test('the playground in Chinese: MNIST after a step, its results and the draw pad', async (t) => {
  const page = await open(t, '?lang=zh-CN#preset=mnist-mlp');
  await page.click('[data-testid=step]');
  await waitStatus(page, 'paused');
  await page.click('[data-testid=stop]');
  await page.locator('[data-testid=misclassified-item]').first().waitFor({ timeout: 60_000 });
  const pad = page.locator('[data-testid=draw-canvas]');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 8 });
  await page.mouse.up();
  await page.locator('[data-testid=digit-guess]').waitFor();
  assert.match(await page.textContent('[data-testid=digit-probabilities]'), /看起来像/);
  await checkChinese(page, 'mnist');
});

test('the data report in Chinese: its words translated, no sideways scroll', async (t) => {
  const page = await open(t, '?lang=zh-CN#preset=cancer-logistic');
  const rows = ['size,colour,kind', ...Array.from({ length: 60 }, (_, i) => `${i % 7}.5,${['red', 'blue', ''][i % 3]},${i % 2 ? 'yes' : 'no'}`)];
  await dropFiles(page, '[data-testid=data-panel]', [{ name: 'plants.csv', text: rows.join('\n') }]);
  await page.waitForSelector('[data-testid=data-report]');
  assert.match(await page.textContent('[data-testid=data-report] h3'), /^plants\.csv 中有什么$/);
  assert.match(await page.textContent('[data-testid=report-task]'), /2 类分类/);
  assert.match(await page.textContent('[data-testid=preset-suggestion]'), /使用预设“用于你自己表格的小型 MLP”/);
  // The core's own explanations (a column's reason, the notes: lang="en") are English until the core gives them
  // codes; the data's names (files, columns, values) are the files'.
  const core = await page.$$eval('[data-testid=data-report] [lang=en]', (els) => els.map((e) => e.textContent.trim()));
  assert.ok(core.length > 0, 'the core explains what it does');
  const data = ['plants', 'size', 'colour', 'kind', 'red', 'blue', 'yes', 'no', 'breast-cancer', 'wdbc', 'malignant'];
  const left = (await englishLeft(page, data)).filter((x) => !core.some((c) => c.includes(x.text)));
  assert.deepEqual(shownEnglish(left), []);
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    assert.equal(await sidewaysOverflow(page), 0, `the report scrolls the page sideways at ${viewport.width} px`);
  }
  await page.locator('[data-testid=data-report]').screenshot({ path: path.join(outDir, 'i18n-report.png') });
});

test('the language survives a reload, a share link, and the switch remembers the choice', async (t) => {
  const page = await open(t, '?lang=zh-CN#preset=house-linear');
  // An edited model goes into the address (#preset=...&spec=...): the link the page writes keeps ?lang.
  await page.fill('[data-testid=epochs]', '7');
  await page.click('[data-testid=apply]');
  await page.waitForFunction(() => location.hash.includes('spec='));
  await waitStatus(page, 'idle');
  const link = page.url();
  assert.match(link, /\?lang=zh-CN#preset=house-linear&spec=/);

  await page.reload();
  await waitStatus(page, 'idle', 60_000);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'a reload keeps the language');
  assert.match(await page.textContent('[data-testid=train]'), /训练/);

  const shared = await openPage(t, env.browser, link, { viewport: DESKTOP }); // a new context: nothing remembered
  await waitStatus(shared, 'idle', 60_000);
  assert.equal(await shared.getAttribute('html', 'lang'), 'zh-CN', 'a share link keeps the language');
  assert.equal(await shared.inputValue('[data-testid=epochs]'), '7', 'and its model');

  // The switch: English reloads in English; the choice is remembered for an address without ?lang.
  await Promise.all([page.waitForEvent('load'), page.selectOption('[data-testid=lang-switch]', 'en')]);
  await waitStatus(page, 'idle', 60_000);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(page.url(), /\?lang=en#/);
  assert.equal(await page.textContent('[data-testid=train]'), 'Train');
  await Promise.all([page.waitForEvent('load'), page.selectOption('[data-testid=lang-switch]', 'zh-CN')]);
  await waitStatus(page, 'idle', 60_000);
  await page.goto(env.base); // no ?lang: the remembered choice
  await waitStatus(page, 'idle', 60_000);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'the switch remembers the choice');
  assert.equal(await page.textContent('[data-testid=train]'), '训练');
});

test('core errors: an untranslated one in English (never a raw key), a translated one with its English original', async (t) => {
  const page = await open(t, '?lang=zh-CN#preset=cancer-logistic');
  // A model the core refuses: its message, in Chinese where errors.<code> has a translation, else in English.
  await page.click('details.json summary');
  const spec = JSON.parse(await page.inputValue('[data-testid=spec-json]'));
  spec.model.layers[0].activation = 'relux';
  await page.fill('[data-testid=spec-json]', JSON.stringify(spec));
  await page.click('[data-testid=apply-json]');
  const shown = await errorText(page, 'editor-error');
  const code = await page.getAttribute('[data-testid=editor-error]', 'data-code');
  assert.doesNotMatch(shown, /^errors\./, 'a raw key');
  const translated = await page.evaluate(async (code) => {
    const { default: i18next } = await import('./vendor/i18next.js');
    return Boolean(code) && i18next.exists(`errors.${code}`, { lng: 'zh-CN', fallbackLng: false });
  }, code);
  const original = page.locator('[data-testid=editor-error] [data-testid=error-original]');
  if (translated) {
    assert.match(shown, CJK);
    await original.locator('summary').click();
    assert.match(await original.textContent(), /relux/, 'the English original is one click away');
  } else {
    assert.match(shown, /relux/, 'the English message');
    assert.equal(await original.count(), 0, 'no original beside an English message');
  }

  // A coded error with a Chinese translation (added here), as the session reports a core error: the
  // translation, and the English one click away.
  await page.evaluate(async () => {
    const { default: i18next } = await import('./vendor/i18next.js');
    i18next.addResource('zh-CN', 'translation', 'errors.test_planted', '测试用的错误');
    window.nnplay.session.emit('error', { action: 'set', message: 'a planted error, in English', code: 'test_planted' });
  });
  const box = page.locator('[data-testid=train-error]');
  await box.waitFor();
  assert.match(await box.textContent(), /^测试用的错误/);
  const english = box.locator('[data-testid=error-original]');
  assert.equal(await english.locator('span').isVisible(), false, 'the original starts folded');
  await english.locator('summary').click();
  assert.equal(await english.locator('span').textContent(), 'a planted error, in English');
  assert.equal(await english.locator('span').getAttribute('lang'), 'en');
});

test('the embed speaks its lang attribute: the Chinese tutorial', async (t) => {
  const page = await openPage(t, env.browser, env.base + 'examples/tutorial.zh-CN.html', { viewport: DESKTOP, consoleErrors: true });
  const house = page.locator('#house');
  await house.evaluate((el) => el.ready);
  await page.waitForFunction(() => document.querySelector('#house').status === 'idle');
  const texts = await house.evaluate((el) => {
    const root = el.shadowRoot;
    return {
      buttons: [...root.querySelectorAll('button')].filter((b) => b.offsetParent).map((b) => b.textContent),
      labels: [...root.querySelectorAll('label')].filter((l) => l.offsetParent).map((l) => l.textContent.trim()),
      status: root.querySelector('.status').textContent,
      footer: root.querySelector('footer').textContent,
    };
  });
  assert.deepEqual(texts.buttons, ['分享', '训练', '暂停', '重置']);
  assert.deepEqual(texts.labels, ['学习率', '轮次']);
  assert.equal(texts.status, '就绪');
  assert.match(texts.footer, /训练样本/);
  assert.match(await house.evaluate((el) => el.shareUrl), /[?&]lang=zh-CN/, 'the share link keeps the language');
  // The page around the playgrounds: English only in the link to the English version and in code.
  assert.deepEqual(shownEnglish(await englishLeft(page, ['English'])), []);
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    assert.equal(await sidewaysOverflow(page), 0, `the tutorial scrolls sideways at ${viewport.width} px`);
  }
  await page.screenshot({ path: path.join(outDir, 'i18n-tutorial.png') });
});
