// The page's worker on 1, 2, 3, 4 and 8 threads (the single-threaded module for 1, the threaded one with
// its pool of workers, made for that count as it loads, otherwise; 8 oversubscribes this machine, which is
// fine for numbers): the same seed gives the same History and the same model file, byte for byte.
// Build the site first: npm run build
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './harness.mjs';
import { openPlayground } from './playground-page.mjs';

let env;
before(async () => (env = await start({ need: ['worker.js', 'nnplay.mjs', 'nnplay-mt.mjs', 'nnplay-mt.wasm'], sources: ['worker.js', 'app.js', 'index.html'] })));
after(async () => env?.stop());

// In the page: trains `spec` in a worker on `threads` threads; resolves to {module, threads, history, bytes}.
function trainIn(page, spec, threads) {
  return page.evaluate(({ base, spec, threads }) => new Promise((resolve, reject) => {
    const worker = new Worker(`${base}worker.js?threads=${threads}`, { type: 'module' });
    const out = {};
    worker.onerror = (e) => reject(new Error(`the worker failed: ${e.message ?? 'it did not load'}`));
    worker.onmessage = ({ data }) => {
      if (data.type === 'error' || data.type === 'fatal') reject(new Error(`${data.action ?? 'fatal'}: ${data.message}`));
      if (data.type === 'ready') {
        out.module = data.info.module;
        out.threads = data.info.threads;
        worker.postMessage({ type: 'train' });
      }
      if (data.type === 'finished') {
        out.history = data.history;
        worker.postMessage({ type: 'export' });
      }
      if (data.type === 'exported') {
        out.bytes = Array.from(data.bytes);
        worker.terminate();
        resolve(out);
      }
    };
    worker.postMessage({ type: 'load', spec, options: { holdTest: true } });
  }), { base: env.base, spec, threads });
}

async function presetCut(page, name, rows, epochs) {
  const spec = await (await page.request.get(`${env.base}presets/${name}.json`)).json();
  spec.data.train_limit = rows;
  spec.train.epochs = epochs;
  return spec;
}

for (const [name, rows, epochs] of [['mnist-mlp', 3000, 2], ['mnist-cnn', 640, 1]]) {
  test(`${name}: 1, 2, 3, 4 and 8 threads in the page's worker give the same History and model bytes`, async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.base}presets/${name}.json`); // any document of the site: cross-origin isolated
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'the site is served with COOP/COEP');
    const spec = await presetCut(page, name, rows, epochs);
    const one = await trainIn(page, spec, 1);
    assert.deepEqual([one.module, one.threads], ['nnplay.mjs', 1]);
    assert.equal(one.history.loss.length, epochs);
    assert.ok(one.bytes.length > 1000, 'a model file came back');
    for (const threads of [2, 3, 4, 8]) {
      const many = await trainIn(page, spec, threads);
      assert.deepEqual([many.module, many.threads], ['nnplay-mt.mjs', threads], 'the threaded module on the count asked for');
      assert.deepEqual(many.history, one.history, `${threads} threads: History`);
      assert.ok(many.bytes.length === one.bytes.length && many.bytes.every((b, i) => b === one.bytes[i]),
        `${threads} threads: model file bytes`);
    }
    console.log(`# ${name}: loss ${one.history.loss.map((l) => l.toFixed(6)).join(', ')} on every thread count`);
    await page.close();
  });
}

test('the playground says which module it trains with and on how many threads: the cores, at most 8', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#preset=cancer-logistic`);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = Math.min(8, cores);
  const engine = page.locator('[data-testid=progress-engine]');
  assert.equal(await engine.getAttribute('data-module'), threads > 1 ? 'nnplay-mt.mjs' : 'nnplay.mjs');
  assert.equal(Number(await engine.getAttribute('data-threads')), threads);
  assert.equal(await engine.textContent(), threads > 1 ? `threaded wasm, ${threads} threads` : 'single-threaded wasm, 1 thread');
});
