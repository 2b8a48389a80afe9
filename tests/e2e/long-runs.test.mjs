// Long runs stay bounded: 100 epochs of the house-price lesson and 20 epochs of MNIST (6000 rows)
// in the page, measuring the page's JS heap (Chromium's precise memory info, after a forced GC) and
// the worker's wasm memory (`state.memory`), the chart's point count and main-thread blocking.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { blocking, start } from './harness.mjs';
import { applySpec, openPlayground, waitStatus } from './playground-page.mjs';

let env;
before(async () => (env = await start({ args: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] })));
after(async () => env?.stop());

const MB = 1024 * 1024;

async function heap(page) {
  return page.evaluate(() => {
    window.gc?.();
    return performance.memory.usedJSHeapSize;
  });
}

// Trains to the end; returns heap and wasm memory after the first epoch and at the end, and blocking.
async function longRun(page, label) {
  const epochs = await page.evaluate(() => window.nnplay.state().epochs);
  const t0 = await page.evaluate(() => performance.now());
  const started = Date.now();
  await page.click('[data-testid=train]');
  await page.waitForFunction(() => window.nnplay.state().epoch >= 1, null, { timeout: 60_000, polling: 'raf' });
  const first = { heap: await heap(page), wasm: await page.evaluate(() => window.nnplay.state().memory) };
  await waitStatus(page, 'finished', 300_000);
  const seconds = (Date.now() - started) / 1000;
  await page.waitForSelector('[data-testid=test-loss]');
  const t1 = await page.evaluate(() => performance.now());
  const end = { heap: await heap(page), wasm: await page.evaluate(() => window.nnplay.state().memory) };
  const points = Number(await page.getAttribute('[data-testid=chart-loss]', 'data-points'));
  const batches = Number(await page.getAttribute('[data-testid=chart-loss]', 'data-batches'));
  const { supported, maxLong, maxGap } = await blocking(page, t0, t1);
  console.log(`# ${label}: ${epochs} epochs, ${batches} batches in ${seconds.toFixed(1)} s; JS heap ` +
    `${(first.heap / MB).toFixed(1)} -> ${(end.heap / MB).toFixed(1)} MB; wasm memory ${(first.wasm / MB).toFixed(1)} -> ` +
    `${(end.wasm / MB).toFixed(1)} MB; chart rows ${points}; longest task ${maxLong.toFixed(0)} ms, longest timer gap ${maxGap.toFixed(0)} ms`);
  assert.ok(first.wasm > 0, 'the worker reports its wasm memory');
  assert.equal(end.wasm, first.wasm, `${label}: the wasm memory grew after the first epoch`);
  assert.ok(end.heap - first.heap < 20 * MB, `${label}: the JS heap grew by ${((end.heap - first.heap) / MB).toFixed(1)} MB`);
  assert.ok(points <= 2000, `${label}: the chart holds ${points} rows`);
  assert.ok(maxLong <= 100, `${label}: a long task of ${maxLong.toFixed(0)} ms blocked the main thread`);
  if (!supported) assert.ok(maxGap <= 100, `${label}: the main thread was blocked for ${maxGap.toFixed(0)} ms`);
}

test('long runs: 100 house-price epochs and 20 MNIST epochs without memory growth or a blocked page', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#house-linear`);
  assert.ok(await page.evaluate(() => performance.memory?.usedJSHeapSize > 0), 'precise memory info is on');
  await page.fill('[data-testid=live-epochs]', '100');
  await page.press('[data-testid=live-epochs]', 'Enter');
  await page.waitForFunction(() => window.nnplay.state().epochs === 100);
  await longRun(page, 'house-linear');

  await page.selectOption('[data-testid=lesson-select]', 'mnist-mlp.json');
  await page.waitForFunction(() => location.hash === '#preset=mnist-mlp', null, { timeout: 60_000 });
  await waitStatus(page, 'idle', 60_000);
  await applySpec(page, (spec) => {
    spec.data.train_limit = 6000;
    spec.train.epochs = 20;
  });
  await longRun(page, 'MNIST (6000 rows)');
});
