// The playground as a learner meets it, in real Chromium: a link that reproduces a run, tampered links,
// an editor that loses nothing, pages that say why they cannot start, focus, live settings, layout at
// desktop and tablet sizes. (Phones: phone.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPage, outDir, root, start } from './harness.mjs';
import { errorText, openPlayground, waitStatus } from './playground-page.mjs';

let env;
before(async () => (env = await start({ need: ['index.html', 'app.js', 'worker.js', 'nnplay.mjs', 'nnplay.wasm', 'presets/index.json'] })));
after(async () => env?.stop());

const open = (t, hash = '#preset=cancer-logistic', options = {}) => openPlayground(t, env.browser, env.base + hash, options);
const liveSpec = (page) => page.evaluate(() => window.nnplay.session.spec);
const history = (page) => page.evaluate(() => window.nnplay.session.history);

// Sets a form control by test id, whether the editor shows it as a list or as a text field.
async function setField(page, testid, value) {
  const sel = `[data-testid="${testid}"]`;
  if (await page.$eval(sel, (e) => e.tagName === 'SELECT')) await page.selectOption(sel, String(value));
  else await page.fill(sel, String(value));
}

// Applies the form and waits for the new session.
async function applyForm(page) {
  const generation = await page.evaluate(() => window.nnplay.session.generation);
  await page.click('[data-testid=apply]');
  await page.waitForFunction((g) => window.nnplay.session.generation > g && window.nnplay.session.status === 'idle', generation, { timeout: 60_000 });
}

async function applyJson(page, spec) {
  const generation = await page.evaluate(() => window.nnplay.session.generation);
  await page.click('details.json summary');
  await page.fill('[data-testid=spec-json]', JSON.stringify(spec));
  await page.click('[data-testid=apply-json]');
  await page.waitForFunction((g) => window.nnplay.session.generation > g && window.nnplay.session.status === 'idle', generation, { timeout: 60_000 });
}

async function trainToEnd(page) {
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  return history(page);
}

test('a link carries the whole edited spec: opened in a fresh browser it reproduces the same history', async (t) => {
  const page = await open(t);
  await page.click('[data-testid=add-dense]');
  await setField(page, 'units-0', 6);
  await setField(page, 'opt-type', 'sgd');
  await setField(page, 'opt-momentum', 0.8);
  await setField(page, 'opt-nesterov', 'true');
  await setField(page, 'epochs', 7);
  await setField(page, 'seed', 5);
  await applyForm(page);
  const spec = await liveSpec(page);
  assert.equal(spec.model.layers.length, 2);
  assert.deepEqual([spec.optimizer.type, spec.optimizer.momentum, spec.optimizer.nesterov], ['sgd', 0.8, true]);
  await page.waitForFunction(() => location.hash.includes('spec='));
  const link = await page.evaluate(() => location.href);
  assert.match(link, /#preset=cancer-logistic&spec=[\w-]+$/);
  const first = await trainToEnd(page);
  assert.equal(first.loss.length, 7);

  const again = await openPlayground(t, env.browser, link); // a new context: nothing shared but the link
  assert.deepEqual(await liveSpec(again), spec, 'the link brings back the same spec');
  assert.deepEqual(await trainToEnd(again), first, 'and the same history, epoch for epoch');
  assert.equal(await again.inputValue('[data-testid=lesson-select]'), 'cancer-logistic.json');
});

test('a tampered or refused link says so and falls back to the preset', async (t) => {
  const page = await open(t);
  await setField(page, 'epochs', 3);
  await applyForm(page);
  await page.waitForFunction(() => location.hash.includes('spec='));
  const hash = await page.evaluate(() => location.hash);
  const packed = hash.split('spec=')[1];
  // One character changed in the middle: the deflate stream or its checksum no longer fits.
  const i = Math.floor(packed.length / 2);
  const tampered = `${hash.split('spec=')[0]}spec=${packed.slice(0, i)}${packed[i] === 'A' ? 'B' : 'A'}${packed.slice(i + 1)}`;
  const bad = await open(t, tampered);
  const message = await errorText(bad, 'lesson-error');
  assert.match(message, /This link could not be read: .+\. Showing the preset “Logistic regression on breast-cancer biopsies” instead\./, message);
  assert.equal((await liveSpec(bad)).train.epochs, 100, 'the preset as it is');
  assert.equal(await bad.evaluate(() => location.hash), '#preset=cancer-logistic');

  const cut = await open(t, '#preset=cancer-logistic&spec=%%%');
  assert.match(await errorText(cut, 'lesson-error'), /This link could not be read: it holds characters/);

  // A spec that unpacks but that the core refuses: its message, then the preset.
  const refused = await page.evaluate(async () => {
    const { encodeSpec } = await import('./shared/address.js');
    const spec = structuredClone(window.nnplay.session.spec);
    spec.model.layers[0].activation = 'sigmoidd';
    return encodeSpec(spec);
  });
  const core = await open(t, `#preset=cancer-logistic&spec=${refused}`);
  const said = await errorText(core, 'lesson-error');
  assert.match(said, /This link's model was refused: .*sigmoidd/, said);
  await core.waitForFunction(() => window.nnplay.session.spec?.train.epochs === 100);
});

// Every field of every preset, and a kitchen-sink spec, survive the form: Apply without edits gives
// the core the same spec (its normalised form before and after is identical).
test('the editor loses nothing: every preset and a kitchen-sink spec go through Apply unchanged', async (t) => {
  const presets = JSON.parse(fs.readFileSync(path.join(root, 'build/site/presets/index.json'), 'utf8'));
  const page = await open(t);
  const kitchen = {
    ...(await liveSpec(page)),
    model: { input: [30], layers: [
      { type: 'dense', units: 8, activation: 'tanh', kernel_regularizer: 'l1_l2(0.001, 0.002)', kernel_initializer: 'he_normal', use_bias: false },
      { type: 'dropout', rate: 0.1 },
      { type: 'activation', activation: 'relu' },
      { type: 'dense', units: 4, activation: 'relu', kernel_regularizer: { l1: 0.003, l2: 0.004 } },
      { type: 'dense', units: 1, activation: 'sigmoid' },
    ] },
    optimizer: { type: 'sgd', learning_rate: 0.05, momentum: 0.7, nesterov: true },
    train: { epochs: 4, batch_size: 16, validation_split: 0.2, test_split: 0.25, seed: 3 },
  };
  await applyJson(page, kitchen);
  for (const spec of [await liveSpec(page), { ...kitchen, optimizer: { type: 'rmsprop', learning_rate: 0.01, rho: 0.8, momentum: 0.1, epsilon: 1e-6 } },
    { ...kitchen, optimizer: { type: 'adam', learning_rate: 0.02, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-5 } }]) {
    await applyJson(page, spec);
    const before = await liveSpec(page);
    await applyForm(page);
    assert.deepEqual(await liveSpec(page), before, `the form kept ${JSON.stringify(spec.optimizer)}`);
  }
  assert.equal(await page.locator('[data-testid=layer-list] > li').count(), 5, 'every layer has a row');
  assert.match(await page.textContent('[data-testid=model-editor]'), /test_split/, 'fields without a control are shown read-only');

  for (const { file } of presets) {
    const preset = JSON.parse(fs.readFileSync(path.join(root, 'presets', file), 'utf8'));
    if (preset.data?.source === 'images') continue; // trains only on images the user brings
    await page.selectOption('[data-testid=lesson-select]', file);
    await page.waitForFunction((name) => location.hash === `#preset=${name}`, file.replace(/\.json$/, ''), { timeout: 120_000 });
    await waitStatus(page, 'idle', 60_000);
    const before = await liveSpec(page);
    await applyForm(page);
    assert.deepEqual(await liveSpec(page), before, `${file} went through the form unchanged`);
  }
});

test('the CNN preset: conv and pooling layers are edited in the form, which fits its panel', async (t) => {
  const page = await open(t, '#preset=mnist-cnn');
  const panel = await page.locator('#model-panel').boundingBox();
  for (const row of await page.locator('[data-testid=layer-list] > li').all()) {
    const box = await row.boundingBox();
    assert.ok(box.x >= panel.x && box.x + box.width <= panel.x + panel.width + 0.5, 'each layer row fits the panel');
  }
  await page.locator('[data-testid=remove-layer-0]').click({ trial: true }); // not covered by anything
  await setField(page, 'filters-0', 4);
  await setField(page, 'kernel-size-0', 5);
  await setField(page, 'padding-0', 'same');
  await setField(page, 'pool-size-1', 3);
  await applyForm(page);
  const [conv, pool] = (await liveSpec(page)).model.layers;
  assert.deepEqual([conv.type, conv.filters, conv.kernel_size, conv.padding], ['conv2d', 4, 5, 'same']);
  assert.equal(pool.pool_size, 3);
});

test('an MLP imported into the CNN preset: the title, summary and editor say so, and Apply warns before replacing it', async (t) => {
  const page = await open(t, '#preset=mnist-mlp', { acceptDownloads: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
  const file = path.join(outDir, 'frontend-mlp.nnp');
  await download.saveAs(file);
  await page.selectOption('[data-testid=lesson-select]', 'mnist-cnn.json');
  await page.waitForFunction(() => location.hash === '#preset=mnist-cnn', null, { timeout: 60_000 });
  await waitStatus(page, 'idle', 60_000);
  await page.setInputFiles('[data-testid=import-file]', file);
  await page.waitForSelector('[data-testid=model-file-info]:has-text("Imported")');
  assert.match(await page.textContent('[data-testid=lesson-title]'), /with the imported model frontend-mlp\.nnp/);
  const layers = await page.$$eval('[data-testid=model-summary] tbody td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.ok(layers.includes('dense') && !layers.includes('conv2d'), `the summary shows the imported MLP: ${layers}`);
  assert.match(await page.textContent('[data-testid=editor-note]'), /imported model frontend-mlp\.nnp .*Apply builds that one afresh and replaces the imported model/);
  await page.click('[data-testid=reset]');
  await waitStatus(page, 'idle');
  assert.equal(await page.isHidden('[data-testid=editor-note]'), true, 'after Reset the form describes the model again');
  assert.doesNotMatch(await page.textContent('[data-testid=lesson-title]'), /imported/);
});

test('live settings are live while training; focus moves on to the next control, visibly', async (t) => {
  const page = await open(t);
  await page.fill('[data-testid=live-epochs]', '20000'); // long enough to still be training when checked
  await page.press('[data-testid=live-epochs]', 'Enter');
  await page.waitForFunction(() => window.nnplay.session.state.epochs === 20000);
  await page.focus('[data-testid=train]');
  await page.keyboard.press('Enter');
  await waitStatus(page, 'training', 10_000);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'pause', 'focus went on to Pause, not the page');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused control shows a ring');
  assert.equal(await page.isEnabled('[data-testid=live-lr]'), true, 'the learning rate can change while training');
  await page.fill('[data-testid=live-lr]', '0.003');
  await page.press('[data-testid=live-lr]', 'Enter');
  await page.waitForFunction(() => Math.abs(window.nnplay.session.state.learning_rate - 0.003) < 1e-9, null, { timeout: 10_000 });
  assert.equal(await page.evaluate(() => window.nnplay.session.status), 'training', 'changed while training');
  await page.focus('[data-testid=pause]');
  await page.keyboard.press('Enter');
  await waitStatus(page, 'paused', 10_000);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'resume');
});

test('Reset right after a run ends is quiet: answers for the old session are dropped', async (t) => {
  const page = await open(t, '#preset=mnist-mlp');
  const spec = await liveSpec(page);
  await applyJson(page, { ...spec, data: { ...spec.data, train_limit: 3000 }, train: { ...spec.train, epochs: 1 } });
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  await page.click('[data-testid=reset]'); // while the gallery still fetches its misclassified digits
  await waitStatus(page, 'idle');
  assert.equal(await page.locator('[data-testid=misclassified-item]').count(), 0, 'the old results are gone');
  assert.deepEqual(await page.$$eval('.error:not([hidden])', (els) => els.map((e) => e.textContent)), [], 'no message at all');
});

test('controls and curves are on screen together at 1400×1000 and 768×1024', async (t) => {
  for (const viewport of [{ width: 1400, height: 1000 }, { width: 768, height: 1024 }]) {
    const page = await open(t, '#preset=cancer-logistic', { viewport });
    await page.locator('[data-testid=train]').scrollIntoViewIfNeeded();
    const train = await page.locator('[data-testid=train]').boundingBox();
    const pause = await page.locator('[data-testid=pause]').boundingBox();
    const charts = await page.locator('#charts-panel .charts').boundingBox();
    for (const [name, box] of [['Train', train], ['Pause', pause], ['the curves', charts]]) {
      assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `${name} on screen at ${viewport.width}×${viewport.height}: ${JSON.stringify(box)}`);
    }
  }
});

test('a page that cannot start says why: a broken module, no SIMD, no worker, an odd language tag', async (t) => {
  const context = async (setup) => {
    const c = await env.browser.newContext({ serviceWorkers: 'block' }); // routes must reach the server, not a cached copy
    t.after(() => c.close());
    const page = await c.newPage();
    await setup(page);
    await page.goto(env.base);
    return page;
  };
  const broken = await context((p) => p.route('**/vendor/uPlot.esm.js', (r) => r.fulfill({ contentType: 'text/javascript', body: 'export default null; throw new Error("uPlot broke on purpose");' })));
  const said = await broken.locator('[data-testid=startup-error]').textContent();
  assert.match(said, /The page could not start: uPlot broke on purpose/, said);
  await broken.waitForSelector('[data-testid=status][data-status=cannot-start]', { state: 'attached' });

  const noSimd = await context((p) => p.addInitScript(() => {
    const validate = WebAssembly.validate;
    WebAssembly.validate = (bytes) => !new Uint8Array(bytes).includes(0xfd) && validate(bytes);
  }));
  assert.match(await noSimd.locator('[data-testid=startup-error]').textContent(), /no SIMD.*Safari 16\.4/);

  const noWorker = await context((p) => p.route('**/worker.js', (r) => r.fulfill({ status: 404, body: '' })));
  assert.match(await errorText(noWorker, 'lesson-error'), /The training worker could not start/);

  // The worker takes the threaded module on this cross-origin isolated page, the single-threaded one elsewhere.
  const badWasm = await context((p) => p.route(/\/nnplay(-mt)?\.wasm$/, (r) => r.fulfill({ contentType: 'application/wasm', body: Buffer.from('not wasm at all') })));
  assert.match(await errorText(badWasm, 'lesson-error'), /the training module nnplay(-mt)?\.mjs could not start/);

  const odd = await openPage(t, env.browser, 'about:blank');
  await odd.addInitScript(() => Object.defineProperty(Navigator.prototype, 'language', { get: () => 'not a tag!' }));
  await odd.goto(`${env.base}#preset=cancer-logistic`);
  await waitStatus(odd, 'idle');
});
