// End-to-end test of <nn-playground mode="predict"> (web/embed/predictor.js) in real Chromium: models trained and
// saved here with the full module (the page's own), embedded in a page; a digit drawn on the pad and a form filled in
// give the full module's prediction for the same input, bit for bit; bad files and inputs say what is wrong; the
// predictor never loads the training worker or module, and its module is the smaller one.
//   node tools/build-site.mjs && node --test tests/e2e/predict.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { openPage, outDir, root, start } from './harness.mjs';
import { feedMnist, loadModule, preset } from '../wasm/module.mjs';

const SITE = process.env.NNPLAY_SITE ?? 'build/site';
const NEED = ['embed/nn-playground.js', 'embed/predictor.js', 'nnplay-predict.mjs', 'nnplay-predict.wasm', 'nnplay.mjs', 'nnplay.wasm'];
const SOURCES = ['embed', 'shared', 'ui/draw-digit.js', 'ui/format.js', 'ui/drop-zone.js', 'i18n'];

let env;
let full; // the full module: trains the fixtures and predicts the reference outputs
const files = {}; // what the page's /fixtures/ folder serves
let digits; // the session that trained digits.nnp
let churnReference; // the full module's outputs for the row the form is filled with

// 120 rows: churn follows the plan and the monthly fee; a numeric, two categorical and an identifier column.
function churnCsv() {
  const cities = ['Lyon', 'Paris', 'Nice'];
  const lines = ['id,age,city,plan,monthly,churn'];
  for (let i = 0; i < 120; i++) {
    const plan = i % 3 === 0 ? 'pro' : 'basic';
    const monthly = 10 + ((i * 37) % 80);
    lines.push(`${i + 1},${18 + ((i * 13) % 60)},${cities[i % 4 === 0 ? 0 : i % 3]},${plan},${monthly},${(monthly > 50) !== (plan === 'pro') ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}
const FORM = { age: '41', city: 'Paris', plan: 'pro', monthly: '23.5' };

function trainToEnd(s) {
  while (!JSON.parse(s.train(1000)).state.finished);
}

before(async () => {
  env = await start({ site: SITE, need: NEED, sources: SOURCES });
  full = await loadModule();
  // Digits: the MNIST MLP, one epoch on 2000 digits (what matters is that both modules agree).
  const spec = JSON.parse(preset('mnist-mlp'));
  spec.data.train_limit = 2000;
  spec.train.epochs = 1;
  digits = new full.Session(JSON.stringify(spec));
  feedMnist(digits);
  digits.prepare(false);
  trainToEnd(digits);
  files['digits.nnp'] = Buffer.from(digits.exportModel());
  // A table: its column plan is saved with the model; the form's row is the test split, encoded by that plan.
  const tab = JSON.parse(preset('tabular-classifier'));
  tab.data.target = 'churn';
  tab.train = { ...tab.train, epochs: 15, test_split: 0 };
  const churn = new full.Session(JSON.stringify(tab));
  churn.setCsv('train', churnCsv(), 'churn.csv', 'churn');
  churn.setCsv('test', `id,age,city,plan,monthly,churn\n0,${FORM.age},${FORM.city},${FORM.plan},${FORM.monthly},no\n`, 'form.csv', 'churn');
  churn.prepare(false);
  trainToEnd(churn);
  files['churn.nnp'] = Buffer.from(churn.exportModel());
  churnReference = Array.from(churn.predictSplit('test'));
  churn.delete();
  files['corrupt.nnp'] = Buffer.from('this is a text file, not a model');
  files['truncated.nnp'] = files['digits.nnp'].subarray(0, 500);
});
after(async () => {
  digits?.delete();
  await env?.stop();
});

const PAGE = (lang, body) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<script type="module" src="../embed/nn-playground.js"></script></head><body>${body}</body></html>`;

// A page at /fixtures/page.html holding `body`, its models served from /fixtures/.
async function openFixture(t, body, { lang = 'en' } = {}) {
  const page = await openPage(t, env.browser, 'about:blank', { consoleErrors: true, allow: /Failed to load resource/ });
  await page.route('**/fixtures/*', (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    if (name === 'page.html') return route.fulfill({ contentType: 'text/html', body: PAGE(lang, body) });
    if (!files[name]) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ contentType: 'application/octet-stream', body: files[name] });
  });
  await page.goto(`${env.base}fixtures/page.html`);
  return page;
}

// Waits until the element's status is `want` (it names the error shown if it is not).
async function waitStatus(page, id, want) {
  const handle = await page.waitForFunction(([id, want]) => {
    const node = document.getElementById(id);
    return node && ['ready', 'failed'].includes(node.status) && node.status;
  }, [id, want], { timeout: 60_000 });
  const status = await handle.jsonValue();
  const error = await page.locator(`#${id} .error`).textContent();
  assert.equal(status, want, `status ${status} (error shown: ${JSON.stringify(error)})`);
}

const prediction = (page, id) => page.evaluate((id) => {
  const p = document.getElementById(id).prediction;
  return p && { ...p, input: p.input && (typeof p.input === 'string' ? p.input : Array.from(p.input)) };
}, id);

test('a digit drawn on the pad: the predictor gives the full module\'s probabilities, and loads no training code', async (t) => {
  const page = await openFixture(t, '<nn-playground id="d" mode="predict" model="digits.nnp"></nn-playground>');
  await waitStatus(page, 'd', 'ready');
  assert.match(await page.locator('#d .output').textContent(), /Draw a digit/);
  const box = await page.locator('#d canvas').boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.85, { steps: 10 });
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById('d').prediction !== null);
  await page.locator('#d').screenshot({ path: path.join(outDir, 'predict-digit.png') });
  const p = await prediction(page, 'd');
  assert.equal(p.input.length, 784);
  assert.ok(p.input.some((v) => v > 100), 'the stroke is in the pixels');
  const reference = Array.from(digits.predict(Float32Array.from(p.input)));
  assert.deepEqual(p.outputs, reference, 'the same outputs as the full module for the same pixels');
  const best = reference.indexOf(Math.max(...reference));
  assert.equal(p.predicted, String(best));
  assert.equal(await page.locator('#d [data-testid=digit-guess]').textContent(), String(best));
  assert.equal(await page.locator('#d .prob').count(), 10);
  // Light: the inference module only; neither the training worker nor the training module was fetched.
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));
  assert.ok(loaded.includes('/nnplay-predict.wasm'), `the predictor's module was loaded: ${loaded}`);
  for (const f of ['/worker.js', '/nnplay.wasm', '/nnplay.mjs', '/nnplay-mt.wasm']) {
    assert.ok(!loaded.includes(f), `${f} was loaded in predict mode`);
  }
  // Clear: no digit, no prediction.
  await page.locator('#d button[part=clear]').click();
  await page.waitForFunction(() => document.getElementById('d').prediction === null);
});

test('a form of the saved columns: categories as selects, numbers from the training means, the full module\'s prediction', async (t) => {
  const page = await openFixture(t, '<nn-playground id="c" mode="predict" model="churn.nnp"></nn-playground>');
  await waitStatus(page, 'c', 'ready');
  // The identifier column was dropped in training: no field for it; the target has none either.
  const names = await page.locator('#c form [name]').evaluateAll((els) => els.map((e) => `${e.tagName.toLowerCase()}:${e.name}`));
  assert.deepEqual(names, ['input:age', 'select:city', 'select:plan', 'input:monthly']);
  assert.deepEqual(await page.locator('#c select[name=plan] option').allTextContents(), ['basic', 'pro']);
  const ageMean = Number(await page.locator('#c input[name=age]').inputValue());
  assert.ok(ageMean > 18 && ageMean < 78, `age starts at the training mean, ${ageMean}`);
  assert.ok(await prediction(page, 'c'), 'the defaults predict at once');
  await page.locator('#c input[name=age]').fill(FORM.age);
  await page.locator('#c select[name=city]').selectOption(FORM.city);
  await page.locator('#c select[name=plan]').selectOption(FORM.plan);
  await page.locator('#c input[name=monthly]').fill(FORM.monthly);
  const p = await prediction(page, 'c');
  assert.deepEqual(p.outputs, churnReference, 'the same outputs as the full module for the same row');
  assert.deepEqual(await page.locator('#c .prob .cls').allTextContents(), ['no', 'yes']);
  await page.locator('#c').screenshot({ path: path.join(outDir, 'predict-form.png') });
  assert.equal(p.predicted, churnReference[1] > churnReference[0] ? 'yes' : 'no');
  // A field emptied: imputed with the training mean, as `nnplay predict` does with a gap; still a prediction.
  await page.locator('#c input[name=age]').fill('');
  assert.ok((await prediction(page, 'c')).outputs.length === 2);
});

test('bad model files and inputs: a clear message in the element, nothing crashes', async (t) => {
  const page = await openFixture(t, ['corrupt', 'truncated', 'missing', 'digits']
    .map((m) => `<nn-playground id="${m}" mode="predict" model="${m}.nnp"></nn-playground>`).join(''));
  await waitStatus(page, 'corrupt', 'failed');
  assert.match(await page.locator('#corrupt .error').textContent(), /corrupt\.nnp: not an nnplay model file/);
  await waitStatus(page, 'truncated', 'failed');
  assert.match(await page.locator('#truncated .error').textContent(), /truncated\.nnp: .*(cut short|truncated)/);
  await waitStatus(page, 'missing', 'failed');
  assert.match(await page.locator('#missing .error').textContent(), /could not download the model .*missing\.nnp \(HTTP 404\)/);
  await page.evaluate(() => document.getElementById('digits').addEventListener('error', (e) => (window.__error = e.detail)));
  await waitStatus(page, 'digits', 'ready');
  // Not an image, where the model wants one: the core names the file and why.
  await page.locator('#digits input[type=file]').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('hello') });
  await page.waitForFunction(() => window.__error);
  const error = await page.evaluate(() => window.__error);
  assert.equal(error.code, 'image.no_images');
  assert.match(await page.locator('#digits .error').textContent(), /notes\.png: not a PNG or JPEG image/);
  assert.equal(await prediction(page, 'digits'), null);
  // A real digit image then predicts, and clears the message.
  const png = fs.readdirSync(path.join(root, 'tests/fixtures/images'), { recursive: true }).find((f) => f.endsWith('.png'));
  await page.locator('#digits input[type=file]').setInputFiles(path.join(root, 'tests/fixtures/images', png));
  await page.waitForFunction(() => document.getElementById('digits').prediction !== null);
  assert.ok(await page.locator('#digits .error').isHidden());
  const p = await prediction(page, 'digits');
  assert.deepEqual(p.outputs, Array.from(digits.predict(Float32Array.from(p.input))));
  // A new model file replaces the old one.
  await page.evaluate(() => document.getElementById('corrupt').setAttribute('model', 'churn.nnp'));
  await waitStatus(page, 'corrupt', 'ready');
  assert.equal(await page.locator('#corrupt form select[name=plan]').count(), 1);
});

test('in Chinese: the predictor\'s words and the core\'s error, the English one click away', async (t) => {
  const page = await openFixture(t, '<nn-playground id="z" mode="predict" model="corrupt.nnp"></nn-playground>' +
    '<nn-playground id="d" mode="predict" model="digits.nnp"></nn-playground>', { lang: 'zh-CN' });
  await waitStatus(page, 'z', 'failed');
  assert.match(await page.locator('#z .error').textContent(), /这不是 nnplay 模型文件/);
  assert.match(await page.locator('#z [data-testid=error-original]').textContent(), /not an nnplay model file/);
  await waitStatus(page, 'd', 'ready');
  assert.equal(await page.locator('#d .status').textContent(), '可以预测');
  assert.match(await page.locator('#d .output').textContent(), /在黑色方块上写一个数字/);
});

test('the example page: a model trained in one element predicts in the next, as the full module does', async (t) => {
  const page = await openPage(t, env.browser, `${env.base}examples/predictor.html`, { consoleErrors: true });
  await page.waitForFunction(() => document.getElementById('trainer').status === 'idle', null, { timeout: 60_000 });
  assert.ok(await page.locator('#reader').isHidden(), 'no predictor before there is a model');
  await page.locator('#trainer button[part=train]').click();
  await page.waitForFunction(() => document.getElementById('reader').status === 'ready', null, { timeout: 120_000 });
  assert.ok(await page.locator('#reader').isVisible());
  const box = await page.locator('#reader canvas').boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.2, { steps: 6 });
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.85, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById('reader').prediction !== null);
  const p = await prediction(page, 'reader');
  // The trained model, read by the full module (in a session of the same spec), predicts the same for these pixels.
  const bytes = Buffer.from(await page.evaluate(async () => Array.from(await document.getElementById('trainer').exportModel())));
  const spec = JSON.parse(preset('mnist-mlp'));
  spec.data.train_limit = 500;
  const s = new full.Session(JSON.stringify(spec));
  t.after(() => s.delete());
  feedMnist(s);
  s.prepare(false);
  s.importModel(bytes, 'trained.nnp');
  assert.deepEqual(p.outputs, Array.from(s.predict(Float32Array.from(p.input))));
  const test = await page.evaluate(() => document.getElementById('trainer').testMetrics);
  t.diagnostic(`trained in the page: test accuracy ${test.accuracy}; the drawn 7 read as ${p.predicted}`);
  assert.ok(test.accuracy > 0.85, `about 90% right, as the page says: ${test.accuracy}`);
});

test('the predictor\'s module is smaller than the training module (raw and gzip)', (t) => {
  const size = (names) => {
    const bytes = names.map((f) => fs.readFileSync(path.join(root, SITE, f)));
    return { raw: bytes.reduce((n, b) => n + b.length, 0), gzip: bytes.reduce((n, b) => n + zlib.gzipSync(b, { level: 9 }).length, 0) };
  };
  const predict = size(['nnplay-predict.mjs', 'nnplay-predict.wasm']);
  const train = size(['nnplay.mjs', 'nnplay.wasm']);
  t.diagnostic(`predictor module ${predict.raw} B raw, ${predict.gzip} B gzip; training module ${train.raw} B raw, ${train.gzip} B gzip`);
  assert.ok(predict.raw < train.raw * 0.8, `raw: ${predict.raw} vs ${train.raw}`);
  assert.ok(predict.gzip < train.gzip * 0.8, `gzip: ${predict.gzip} vs ${train.gzip}`);
});
