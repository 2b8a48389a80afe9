// Deploying from the page, in Chromium: the page's Download ONNX and Download TF.js buttons save files that
// onnxruntime-web (its wasm backend, in the same page) runs to nnplay's predictions on the test split (1e-5),
// and the import control takes both back (.onnx picked, model.json with its .bin dropped): the imported model is
// evaluated to the same test loss, drawn in the summary and trained further.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { outDir, root, start } from './harness.mjs';
import { counter, dropFiles, openPlayground, value, waitCounterAbove, waitStatus } from './playground-page.mjs';

const NEED = ['index.html', 'app.js', 'worker.js', 'nnplay.mjs', 'nnplay.wasm', 'vendor/protobuf.min.js', 'vendor/onnx.proto'];
const ORT = path.join(root, 'node_modules/onnxruntime-web/dist');

let env;
before(async () => (env = await start({ need: NEED })));
after(async () => env?.stop());

// Saves the downloads one click starts (`count` of them) under their own names; returns the paths.
async function downloads(page, testid, count) {
  const dir = path.join(outDir, 'deploy');
  fs.mkdirSync(dir, { recursive: true });
  const got = [];
  const all = new Promise((resolve) => {
    const on = (d) => {
      got.push(d);
      if (got.length === count) page.off('download', on), resolve();
    };
    page.on('download', on);
  });
  await page.click(`[data-testid=${testid}]`);
  await all;
  return Promise.all(got.map(async (d) => {
    const file = path.join(dir, d.suggestedFilename());
    await d.saveAs(file);
    return file;
  }));
}

// nnplay's predictions on the test split, through the page's worker.
const predictions = (page) => page.evaluate(async () => [...(await window.nnplay.worker.request('predictSplit', { split: 'test' })).output]);

function worstDifference(got, want) {
  assert.equal(got.length, want.length);
  return got.reduce((worst, v, i) => Math.max(worst, Math.abs(v - want[i]) / Math.max(1, Math.abs(want[i]))), 0);
}

test('the page\'s ONNX download runs in onnxruntime-web as nnplay predicts, and ONNX and TF.js files import back', async (t) => {
  const page = await openPlayground(t, env.browser, env.base + '#preset=cancer-logistic', { acceptDownloads: true });
  // onnxruntime-web's files, from node_modules, under the site's origin.
  await page.route('**/ort/*', (route) => route.fulfill({ path: path.join(ORT, path.basename(new URL(route.request().url()).pathname)) }));
  await page.fill('[data-testid=live-epochs]', '3');
  await page.press('[data-testid=live-epochs]', 'Enter');
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  await page.waitForSelector('[data-testid=test-loss]');
  const loss = await value(page, 'test-loss');
  const want = await predictions(page);

  const [onnx] = await downloads(page, 'export-onnx', 1);
  assert.equal(path.basename(onnx), 'cancer-logistic.onnx');
  const tfjs = await downloads(page, 'export-tfjs', 2);
  assert.deepEqual(tfjs.map((f) => path.basename(f)).sort(), ['model.json', 'model.weights.bin']);

  const bundle = ['ort.wasm.min.mjs', 'ort.wasm.mjs', 'ort.min.mjs'].find((f) => fs.existsSync(path.join(ORT, f)));
  assert.ok(bundle, `no onnxruntime-web ES module in ${ORT}`);
  const ort = await page.evaluate(async ({ bundle, bytes }) => {
    const ort = await import(`/ort/${bundle}`);
    ort.env.wasm.wasmPaths = new URL('/ort/', location.href).href;
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ['wasm'] });
    const { info } = window.nnplay.session;
    const { x } = await window.nnplay.worker.request('samples', { split: 'test', start: 0, count: info.test_rows });
    const input = new ort.Tensor('float32', x, [info.test_rows, ...info.input_shape]);
    const { output } = await session.run({ input });
    return [...output.data];
  }, { bundle, bytes: [...fs.readFileSync(onnx)] });
  const gap = worstDifference(ort, want);
  console.log(`# onnxruntime-web vs nnplay on ${want.length} test predictions: worst difference ${gap.toExponential(2)}`);
  assert.ok(gap <= 1e-5, `onnxruntime-web differs from nnplay by ${gap}`);

  // The .onnx file through the picker; model.json and its weights dropped together on the model-file box.
  const drop = tfjs.map((f) => ({ name: path.basename(f), bytes: [...fs.readFileSync(f)] }));
  const imports = [
    ['cancer-logistic.onnx', () => page.setInputFiles('[data-testid=import-file]', [onnx])],
    ['model.json', () => dropFiles(page, '#file-panel', drop)],
  ];
  for (const [name, pick] of imports) {
    await pick();
    await page.waitForSelector(`[data-testid=model-file-info]:has-text("Imported ${name}")`);
    await page.waitForSelector('[data-testid=test-loss]');
    const again = await value(page, 'test-loss');
    assert.ok(Math.abs(again - loss) <= 1e-6 * Math.max(1, loss), `${name}: test loss ${again}, the exported model's ${loss}`);
    assert.ok(worstDifference(await predictions(page), want) <= 1e-6, `${name} predicts as the exported model`);
    assert.match(await page.textContent('[data-testid=lesson-title]'), new RegExp(`with the imported model ${name.replace('.', '\\.')}`));
    assert.match(await page.textContent('[data-testid=model-summary]'), /dense/);
    const batches = await counter(page);
    await page.click('[data-testid=step]');
    await waitCounterAbove(page, batches, 10_000);
    await waitStatus(page, 'paused');
  }

  // A TF.js model.json without its weights file says which file it needs; the page stays usable.
  await page.setInputFiles('[data-testid=import-file]', tfjs.filter((f) => f.endsWith('.json')));
  await page.waitForSelector('[data-testid=model-file-error]:has-text("names the weights file \'model.weights.bin\'")');
  const batches = await counter(page);
  await page.click('[data-testid=step]');
  await waitCounterAbove(page, batches, 10_000);
});
