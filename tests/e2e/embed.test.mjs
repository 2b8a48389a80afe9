// End-to-end test of the embeddable playground (<nn-playground>, web/embed/) in real Chromium:
// the example tutorial page with two playgrounds training at once, the share link and its iframe
// form, inline specs and errors. Serves build/site (or NNPLAY_SITE, e.g. dist) on a free port:
//   node tools/build-site.mjs && node --test tests/e2e/embed.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, outDir, start } from './harness.mjs';

// The site must hold the embed code and what it loads, and their current copy.
const NEED = ['embed/nn-playground.js', 'embed/frame.html', 'examples/tutorial.html', 'worker.js', 'nnplay.mjs', 'nnplay.wasm',
  'vendor/uPlot.esm.js', 'presets/house-linear.json', 'data/mnist/train-images-idx3-ubyte.gz'];
const SOURCES = ['embed', 'examples', 'shared', 'worker.js', 'ui/worker-client.js', 'ui/charts.js', 'ui/format.js'];

let env;
before(async () => (env = await start({ site: process.env.NNPLAY_SITE ?? 'build/site', need: NEED, sources: SOURCES })));
after(async () => env?.stop());

// Records every playground's events on window.__runs[id].
function recordEvents() {
  window.__runs = {};
  for (const el of document.querySelectorAll('nn-playground')) {
    const run = (window.__runs[el.id] = { epochs: [], end: null, errors: [], statuses: [] });
    el.addEventListener('epochend', (e) => run.epochs.push(e.detail));
    el.addEventListener('trainend', (e) => (run.end = { ...e.detail, at: performance.now() }));
    el.addEventListener('statuschange', (e) => run.statuses.push(e.detail.status));
    el.addEventListener('error', (e) => run.errors.push(e.detail.message));
  }
}

// A fresh page (with window.__perf); page errors, dialogs and console errors (other than `allow`ed ones)
// fail the test.
const open = (t, url, { permissions = [], allow = null } = {}) =>
  openPage(t, env.browser, env.base + url, { viewport: { width: 1200, height: 900 }, permissions, consoleErrors: true, allow });

// Waits until a playground (a locator's element) reaches a status; names the error shown if not.
async function waitStatus(el, want, timeout = 60_000) {
  const reached = await el.evaluate((node, [want, timeout]) => new Promise((resolve) => {
    const on = () => {
      if (node.status !== want) return;
      node.removeEventListener('statuschange', on);
      resolve(true);
    };
    node.addEventListener('statuschange', on);
    on();
    setTimeout(() => resolve(false), timeout);
  }), [want, timeout]);
  if (!reached) {
    const [now, error] = await el.evaluate((node) => [node.status, node.shadowRoot.querySelector('.error')?.textContent]);
    throw new Error(`status stayed '${now}', not '${want}' (error shown: ${JSON.stringify(error)})`);
  }
}

const progress = (el) => el.evaluate((node) => node.state.epoch * node.state.batches + node.state.batch);

async function waitProgress(el, above, timeout = 30_000) {
  const ok = await el.evaluate((node, [above, timeout]) => new Promise((resolve) => {
    const end = performance.now() + timeout;
    const check = () => {
      if (node.state.epoch * node.state.batches + node.state.batch > above) resolve(true);
      else if (performance.now() > end) resolve(false);
      else setTimeout(check, 20);
    };
    check();
  }), [above, timeout]);
  assert.ok(ok, `no progress beyond batch ${above} in ${timeout / 1000} s`);
}

// Sets a number field of a playground's controls as a reader would: type, then Enter.
async function setField(el, name, value) {
  const input = el.locator(`input[data-control=${name}]`);
  await input.fill(String(value));
  await input.press('Enter');
}

// Styles a careless host page might have; none of them may reach inside the element.
const HOSTILE_CSS = `
  * { color: rgb(255, 0, 0) !important; font-family: serif !important; letter-spacing: 4px !important; }
  button, input, canvas, footer, .controls, .charts, .status { display: none !important; }
  div, header { padding: 40px !important; border: 5px solid lime !important; }`;

test('tutorial page: two playgrounds train at once, isolated, and the page stays responsive', async (t) => {
  const page = await open(t, 'examples/tutorial.html');
  await page.addStyleTag({ content: HOSTILE_CSS });
  const house = page.locator('nn-playground#house');
  const digits = page.locator('nn-playground#digits');
  const loadStart = Date.now();
  await Promise.all([waitStatus(house, 'idle'), waitStatus(digits, 'idle')]);
  console.log(`# both playgrounds loaded in ${((Date.now() - loadStart) / 1000).toFixed(1)} s`);

  // The page's CSS does not change the element's internals.
  const looks = await page.evaluate(() => [...document.querySelectorAll('nn-playground')].map((el) => {
    const q = (s) => getComputedStyle(el.shadowRoot.querySelector(s));
    return {
      train: q('button[data-control=train]').display, trainColor: q('button[data-control=train]').color,
      charts: q('.charts').display, footer: q('footer').display, footerColor: q('footer').color, font: q('footer').fontFamily,
      spacing: q('footer').letterSpacing, status: q('.status').display, canvas: q('canvas').display, header: q('header').paddingTop,
    };
  }));
  for (const l of looks) {
    assert.notEqual(l.train, 'none', 'page CSS hid the Train button');
    for (const shown of [l.charts, l.footer, l.status, l.canvas]) assert.notEqual(shown, 'none', 'page CSS hid part of the element');
    assert.notEqual(l.trainColor, 'rgb(255, 0, 0)');
    assert.notEqual(l.footerColor, 'rgb(255, 0, 0)', 'page CSS coloured the element');
    assert.doesNotMatch(l.font, /^serif/, 'page CSS changed the element font');
    assert.equal(l.spacing, 'normal', 'page letter-spacing was inherited');
    assert.equal(l.header, '0px', 'page padding reached the element');
  }

  // House prices train in milliseconds: give them enough epochs to overlap with MNIST.
  const HOUSE_EPOCHS = 50000;
  await setField(house, 'epochs', HOUSE_EPOCHS);
  await page.waitForFunction((n) => document.querySelector('#house').state.epochs === n, HOUSE_EPOCHS);
  await page.evaluate(recordEvents);

  const t0 = await page.evaluate(() => performance.now());
  const started = Date.now();
  await digits.locator('button[data-control=train]').click();
  await house.locator('button[data-control=train]').click();
  await Promise.all([waitStatus(house, 'training'), waitStatus(digits, 'training')]);
  await Promise.all([waitProgress(house, 50), waitProgress(digits, 50)]);

  // Pausing one does not pause the other (both ways).
  const isolatedPause = async (paused, running, name) => {
    await paused.locator('button[data-control=pause]').click();
    await waitStatus(paused, 'paused', 10_000);
    const [p0, r0] = [await progress(paused), await progress(running)];
    const total = await running.evaluate((n) => n.state.epochs * n.state.batches);
    await waitProgress(running, Math.min(r0 + 20, total - 1)); // the other one goes on (or ends)
    assert.notEqual(await running.evaluate((n) => n.status), 'paused', `pausing ${name} paused the other playground`);
    assert.equal(await progress(paused), p0, `${name} went on training while paused`);
    await paused.locator('button[data-control=train]').click(); // now labelled Resume
    await waitStatus(paused, 'training', 10_000);
  };
  // MNIST first: its two epochs take about a second, house prices' 50,000 epochs far longer.
  await isolatedPause(digits, house, 'MNIST');
  await isolatedPause(house, digits, 'house prices');

  await page.waitForFunction(() => Object.values(window.__runs).every((r) => r.end), null, { timeout: 90_000, polling: 100 });
  const seconds = (Date.now() - started) / 1000;
  const runs = await page.evaluate(() => window.__runs);
  const perf = await page.evaluate(() => window.__perf);
  const t1 = Math.max(runs.house.end.at, runs.digits.end.at);
  const gaps = perf.gaps.filter((g) => g.start >= t0 && g.start <= t1).map((g) => g.duration);
  const maxGap = Math.max(0, ...gaps);
  const longtasks = perf.longtasks.filter((l) => l.start >= t0 && l.start <= t1).map((l) => Math.round(l.duration));
  const took = (run) => ((run.end.at - t0) / 1000).toFixed(1);
  console.log(`# house prices trained in ${took(runs.house)} s, MNIST in ${took(runs.digits)} s, both in ${seconds.toFixed(1)} s; ` +
    `longest main-thread gap ${maxGap.toFixed(0)} ms, long tasks ${JSON.stringify(longtasks)}; ` +
    `house test MAE ${runs.house.end.test.mae.toFixed(2)}, MNIST test accuracy ${runs.digits.end.test.accuracy.toFixed(4)}`);
  assert.ok(seconds < 60, `training both took ${seconds.toFixed(1)} s`);
  assert.ok(maxGap < 200, `the page froze for ${maxGap.toFixed(0)} ms during training (long tasks: ${JSON.stringify(longtasks)} ms)`);

  // Each playground got its own run: its own events, history and metrics.
  const { house: h, digits: d } = runs;
  assert.deepEqual(Object.keys(h.end.history).sort(), ['loss', 'mae']);
  assert.deepEqual(Object.keys(d.end.history).sort(), ['accuracy', 'loss', 'val_accuracy', 'val_loss']);
  assert.equal(h.end.history.loss.length, HOUSE_EPOCHS);
  assert.equal(d.end.history.loss.length, 2);
  assert.equal(h.epochs.length, HOUSE_EPOCHS, 'one epochend per house-price epoch');
  assert.equal(d.epochs.length, 2, 'one epochend per MNIST epoch');
  assert.ok(h.epochs.every((e) => 'mae' in e.logs && !('accuracy' in e.logs)), 'MNIST logs reached the house-price playground');
  assert.ok(d.epochs.every((e) => 'accuracy' in e.logs && !('mae' in e.logs)), 'house-price logs reached the MNIST playground');
  assert.deepEqual(h.epochs.map((e) => e.logs.loss), h.end.history.loss);
  assert.ok(h.end.history.loss.at(-1) < h.end.history.loss[0] / 10, 'the house-price loss fell');
  assert.ok(h.end.test.mae > 1 && h.end.test.mae < 5, `house test MAE ${h.end.test.mae} (k$)`);
  assert.ok(d.end.test.accuracy > 0.93, `MNIST test accuracy ${d.end.test.accuracy}`);
  assert.ok(d.end.history.val_accuracy.at(-1) > 0.93, `MNIST validation accuracy ${d.end.history.val_accuracy.at(-1)}`);
  assert.ok(['paused', 'training', 'finished'].every((s) => h.statuses.includes(s) && d.statuses.includes(s)));
  assert.deepEqual(h.errors, []);
  assert.deepEqual(d.errors, []);

  // The element's API: history, test metrics and the trained model.
  const api = await page.evaluate(async () => Promise.all(['house', 'digits'].map(async (id) => {
    const el = document.getElementById(id);
    const bytes = await el.exportModel();
    const magic = String.fromCharCode(...bytes.slice(0, 4));
    return { history: el.history, test: el.testMetrics, status: el.status, bytes: bytes.length, magic };
  })));
  assert.deepEqual(api[0].history, h.end.history);
  assert.deepEqual(api[1].test, d.end.test);
  for (const a of api) {
    assert.equal(a.status, 'finished');
    assert.equal(a.magic, 'NNPM', 'exportModel gives .nnp bytes');
  }
  // The MNIST file holds its ~100,000 float weights; both files also carry their training state (resume), whose
  // size depends on the run, so only the weights give a floor.
  assert.ok(api[1].bytes > 400_000 && api[0].bytes > 13 * 4, `model sizes ${api[0].bytes}, ${api[1].bytes} bytes`);
  const footer = await digits.locator('footer').textContent();
  assert.match(footer, /test acc 9\d\.\d%/);
  await page.screenshot({ path: path.join(outDir, 'embed-tutorial.png'), fullPage: true });
});

test('share link: the iframe form reproduces the run, and the link shows when there is no clipboard', async (t) => {
  const page = await open(t, 'examples/tutorial.html', { permissions: ['clipboard-read', 'clipboard-write'] });
  const house = page.locator('nn-playground#house');
  await waitStatus(house, 'idle');
  // Settings from an attribute (a reload) and from the controls.
  const reloading = await house.evaluate(async (el) => {
    el.setAttribute('seed', '7');
    await Promise.resolve(); // attribute changes apply together, a microtask later
    return el.status;
  });
  assert.equal(reloading, 'loading', 'a new seed reloads');
  await waitStatus(house, 'idle');
  assert.equal(await house.evaluate((el) => el.spec.train.seed), 7);
  await setField(house, 'lr', 0.1);
  await setField(house, 'epochs', 60);
  await page.waitForFunction(() => document.querySelector('#house').state.epochs === 60);
  await house.locator('button[data-control=train]').click();
  await waitStatus(house, 'finished');
  const first = await house.evaluate((el) => ({ history: el.history, test: el.testMetrics }));
  assert.equal(first.history.loss.length, 60);

  await house.locator('button[part=share]').click();
  await house.locator('button[part=share]:has-text("Link copied")').waitFor({ timeout: 5_000 });
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, await house.evaluate((el) => el.shareUrl));
  const url = new URL(link);
  assert.equal(url.pathname, '/embed/frame.html');
  const p = Object.fromEntries(url.searchParams);
  assert.deepEqual(
    { preset: p.preset, seed: p.seed, lr: p.lr, epochs: p.epochs, controls: p.controls },
    { preset: 'house-linear', seed: '7', lr: '0.1', epochs: '60', controls: 'train,pause,reset,lr,epochs' },
  );

  // The link in an iframe: one full-size playground with the same settings and the same run.
  await page.evaluate((src) => {
    const frame = Object.assign(document.createElement('iframe'), { src, id: 'shared', width: 720, height: 400 });
    frame.style.border = '0';
    document.querySelector('main').prepend(frame);
  }, link);
  const frame = page.frameLocator('#shared');
  const inner = frame.locator('nn-playground');
  await waitStatus(inner, 'idle');
  const box = await inner.boundingBox();
  assert.ok(Math.abs(box.width - 720) <= 1 && Math.abs(box.height - 400) <= 1, `the frame's playground is ${box.width}×${box.height}`);
  assert.equal(await inner.locator('input[data-control=lr]').inputValue(), '0.1');
  assert.equal(await inner.locator('.controls > *').count(), 5);
  await inner.locator('button[data-control=train]').click();
  await waitStatus(inner, 'finished');
  const again = await inner.evaluate((el) => ({ history: el.history, test: el.testMetrics }));
  assert.deepEqual(again.history, first.history, 'the shared link trained a different run');
  assert.deepEqual(again.test, first.test);
  assert.equal(await inner.evaluate((el) => el.shareUrl), link, 'the frame shares the same link');

  // Without a clipboard the link is shown, selected, for copying by hand.
  await inner.evaluate((el) => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
    return el;
  });
  await inner.locator('button[part=share]').click();
  const shown = inner.locator('.link input');
  await shown.waitFor({ state: 'visible', timeout: 5_000 });
  assert.equal(await shown.inputValue(), link);
  await page.screenshot({ path: path.join(outDir, 'embed-share.png') });
});

test('iframe form on its own: autoplay, chosen controls and charts', async (t) => {
  const query = 'preset=cancer-logistic&epochs=30&seed=3&controls=train,pause,step,reset,seed&charts=metric&autoplay';
  const page = await open(t, `embed/frame.html?${query}`);
  const el = page.locator('nn-playground');
  await waitStatus(el, 'finished');
  const result = await el.evaluate((node) => ({ history: node.history, test: node.testMetrics, title: document.title }));
  assert.equal(result.history.loss.length, 30);
  assert.ok(result.test.accuracy > 0.9, `test accuracy ${result.test.accuracy}`);
  assert.match(result.title, /Logistic regression/);
  const controls = await el.locator('.controls > *').evaluateAll((els) => els.map((e) => e.dataset.control ?? e.getAttribute('part')));
  assert.deepEqual(controls, ['train', 'pause', 'step', 'reset', 'seed']);
  assert.equal(await el.locator('.chart.loss').isVisible(), false, 'charts=metric leaves the loss chart out');
  assert.equal(await el.locator('.chart.metric canvas').isVisible(), true);
  const box = await el.boundingBox();
  assert.deepEqual([box.width, box.height], [1200, 900], 'the frame form fills the window');

  // A new seed (a control) reloads: a fresh run that differs from the first.
  await setField(el, 'seed', 4);
  await waitStatus(el, 'idle');
  await el.locator('button[data-control=step]').click();
  await waitStatus(el, 'paused', 10_000);
  assert.deepEqual(await el.evaluate((node) => [node.state.epoch, node.state.batch, node.spec.train.seed]), [0, 1, 4]);
  await page.screenshot({ path: path.join(outDir, 'embed-frame.png') });
});

test('inline JSON specs, bad settings shown in the element, removal ends the worker', async (t) => {
  // The missing preset's 404 is expected in the console.
  const page = await open(t, 'examples/tutorial.html', { allow: /404/ });
  const result = await page.evaluate(async () => {
    const spec = {
      name: 'tiny', title: 'A tiny inline model',
      data: { source: 'csv', path: 'breast-cancer/wdbc.csv', target: 'malignant' }, preprocessing: 'standardize',
      model: { input: [30], layers: [{ type: 'dense', units: 4, activation: 'relu' }, { type: 'dense', units: 1, activation: 'sigmoid' }] },
      loss: 'binary_crossentropy', optimizer: { type: 'adam', learning_rate: 0.01 }, metrics: ['accuracy'],
      train: { epochs: 5, batch_size: 32, validation_split: 0.1, test_split: 0.2, seed: 1 },
    };
    const box = document.querySelector('main');
    const make = (html) => {
      box.insertAdjacentHTML('afterbegin', html);
      return box.firstElementChild;
    };
    const inline = make(`<nn-playground controls="train"><script type="application/json">${JSON.stringify(spec)}</script></nn-playground>`);
    const attr = make(`<nn-playground spec='${JSON.stringify({ ...spec, title: 'From an attribute' })}' epochs="3"></nn-playground>`);
    const bad = make('<nn-playground preset="no-such-preset"></nn-playground>');
    const typoSpec = { ...spec, model: { ...spec.model, layers: [{ type: 'dense', units: 1, activation: 'relux' }] } };
    const typo = make(`<nn-playground spec='${JSON.stringify(typoSpec)}'></nn-playground>`);
    const ended = (el) => new Promise((resolve) => el.addEventListener('trainend', (e) => resolve(e.detail), { once: true }));
    await Promise.all([inline.ready, attr.ready]);
    const [a, b] = await Promise.all([ended(inline), ended(attr), inline.start(), attr.start()]);
    const failure = async (el) => el.ready.then(() => 'loaded', (e) => e.message);
    const out = {
      inline: { epochs: a.history.loss.length, title: inline.shadowRoot.querySelector('.title').textContent },
      attr: { epochs: b.history.loss.length, title: attr.shadowRoot.querySelector('.title').textContent },
      bad: { message: await failure(bad), shown: bad.shadowRoot.querySelector('.error').textContent, status: bad.status },
      typo: { message: await failure(typo), shown: typo.shadowRoot.querySelector('.error').textContent, status: typo.status },
    };
    for (const el of [inline, attr, bad, typo]) el.remove();
    await new Promise((r) => setTimeout(r, 50));
    out.afterRemoval = inline.status;
    return out;
  });
  assert.deepEqual(result.inline, { epochs: 5, title: 'A tiny inline model' });
  assert.deepEqual(result.attr, { epochs: 3, title: 'From an attribute' });
  assert.match(result.bad.message, /no-such-preset/);
  assert.equal(result.bad.shown, result.bad.message);
  assert.equal(result.bad.status, 'failed');
  assert.match(result.typo.message, /activation: 'relux' is not one of relu/);
  assert.equal(result.typo.status, 'failed');
  assert.equal(result.afterRemoval, 'detached', 'a removed playground keeps no session');
});
