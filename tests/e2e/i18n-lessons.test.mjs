// The lessons page in Simplified Chinese, in real Chromium: the list and every lesson, loaded, show no English
// (beyond names such as MNIST, ReLU and Adam), do not scroll sideways at 360 px or at desktop width and clip no
// control; the language is kept by a reload, a lesson's link and the way to the playground. Screenshots go to
// test-results/i18n-lesson-*.png.
//   node tools/build-site.mjs && node --test tests/e2e/i18n-lessons.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, start } from './harness.mjs';
import { waitStatus } from './playground-page.mjs';
import { DESKTOP, checkChinese } from './i18n-check.mjs';
import { LESSONS } from '../../web/lessons/catalog.js';

let env;
before(async () => (env = await start({ need: ['lessons.html', 'nnplay.mjs', 'nnplay.wasm'] })));
after(async () => env?.stop());

const CJK = /[\u4e00-\u9fff]/;
const open = (t, address) => openPage(t, env.browser, env.base + address, { viewport: DESKTOP, consoleErrors: true, monitors: false });
const loaded = (page) => waitStatus(page, 'idle', 90_000, 'lesson-status');

test('the lesson list in Chinese, kept by a reload and on the way to the playground', async (t) => {
  const page = await open(t, 'lessons.html?lang=zh-CN');
  await page.waitForSelector(`[data-testid=lesson-list] li >> nth=${LESSONS.length - 1}`);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.inputValue('[data-testid=lang-switch]'), 'zh-CN');
  for (const l of LESSONS) assert.match(await page.textContent(`[data-testid=lesson-link-${l.id}]`), CJK, `${l.id}'s title`);
  await checkChinese(page, 'lesson-list');
  await page.reload();
  await page.waitForSelector('[data-testid=lesson-list] li');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'a reload keeps the language');
  // The header's link leads to the playground in the same language (the address's choice is remembered).
  await page.click('nav.tabs a[href="./"]');
  await waitStatus(page, 'idle', 60_000);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'the playground follows');
});

for (const [i, l] of LESSONS.entries()) {
  test(`lesson ${i + 1}, ${l.id}, in Chinese`, async (t) => {
    const page = await open(t, `lessons.html?lang=zh-CN#lesson=${l.id}`);
    await loaded(page);
    assert.match(await page.textContent('[data-testid=lesson-heading]'), CJK, 'the title');
    assert.match(await page.textContent('[data-testid=lesson-intro]'), CJK, 'the text');
    await checkChinese(page, `lesson-${l.id}`);
  });
}

test('a lesson link in Chinese opens the lesson with its settings in Chinese; the switch goes back to English', async (t) => {
  const page = await open(t, 'lessons.html?lang=zh-CN#lesson=standardization&seed=7&lr=0.01&epochs=50');
  await loaded(page);
  assert.equal(await page.inputValue('[data-testid=knob-seed]'), '7');
  assert.match(await page.textContent('[data-testid=knobs]'), /随机种子/);
  await Promise.all([page.waitForEvent('load'), page.selectOption('[data-testid=lang-switch]', 'en')]);
  await loaded(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('[data-testid=knobs]'), /Seed/);
  assert.equal(await page.inputValue('[data-testid=knob-seed]'), '7', 'the lesson state is kept');
});
