// The offline copy (web/shared/service-worker.js, sw.js written by tools/site-manifest.mjs) in real Chromium: after
// one visit, the playground, a lesson and the embed load and train with the server gone; a new build of the site
// replaces the old one only when the page's "updated" notice is taken, never mixing the two.
//   node tools/build-site.mjs && node --test tests/e2e/offline.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPage, root, start } from './harness.mjs';
import { counter, waitStatus } from './playground-page.mjs';
import { serve } from '../../tools/serve.mjs';
import { writeServiceWorker } from '../../tools/site-manifest.mjs';

// The browser from the harness; the site is a copy of its own, served here, so the test can stop the server and
// change the files.
let env, site;
before(async () => {
  env = await start();
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-offline-'));
  fs.cpSync(path.join(root, 'build/site'), site, { recursive: true });
});
after(async () => {
  await env?.stop();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

const listen = (port = 0) => serve({ root: site, port });
const close = (server) => new Promise((resolve) => server.close(resolve));

// Caches the page's origin holds: {name: number of entries}.
const cacheSizes = (page) => page.evaluate(async () => Object.fromEntries(await Promise.all(
  (await caches.keys()).map(async (k) => [k, (await (await caches.open(k)).keys()).length]))));

// The data cache's files, by name, sorted.
const dataKeys = (page) => page.evaluate(async () =>
  (await (await caches.open('nnplay-data')).keys()).map((r) => r.url.split('/').pop()).sort());

test('MNIST that an older site kept gzip-compressed gives way to its inflated copy, and the page trains on it', async (t) => {
  const server = await listen();
  t.after(() => close(server));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const page = await openPage(t, env.browser, `${base}presets/index.json`, { monitors: false });
  // What an older site left: the four .gz files as downloaded.
  await page.evaluate(async (files) => {
    const cache = await caches.open('nnplay-data');
    for (const f of files) await cache.put(`/data/mnist/${f}`, await fetch(`/data/mnist/${f}`));
  }, ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']);
  await page.goto(`${base}#mnist-mlp`);
  await waitStatus(page, 'idle', 60_000);
  await page.waitForFunction(async () => (await (await caches.open('nnplay-data')).keys()).every((r) => !r.url.endsWith('.gz')),
    null, { timeout: 30_000, polling: 200 });
  assert.deepEqual(await dataKeys(page), ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte',
    'train-labels-idx1-ubyte']);
  const size = await page.evaluate(async () => (await (await (await caches.open('nnplay-data')).match('/data/mnist/train-images-idx3-ubyte')).arrayBuffer()).byteLength);
  assert.equal(size, 16 + 60000 * 28 * 28, 'the training images, inflated');
  await page.click('[data-testid=step]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=batch-counter]').dataset.value) > 0);
  assert.equal(await counter(page), 1);
});

test('after one visit, the playground, a lesson and the embed work with the server gone; a new build asks first', async (t) => {
  let server = await listen();
  const { port } = server.address();
  const base = `http://127.0.0.1:${port}/`;
  t.after(() => close(server));
  const page = await openPage(t, env.browser, `${base}#mnist-mlp`, { serviceWorkers: 'allow', monitors: false });
  await waitStatus(page, 'idle', 60_000);
  // The service worker has the site (installed and in control) and the page's MNIST download is in the data cache.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await page.waitForFunction(async () => (await (await caches.open('nnplay-data')).keys()).length === 4, null, { timeout: 30_000, polling: 200 });
  assert.deepEqual(await dataKeys(page), ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte',
    'train-labels-idx1-ubyte'], 'MNIST is kept inflated, under its names without .gz');
  const sizes = await cacheSizes(page);
  const shell = Object.keys(sizes).filter((k) => k.startsWith('nnplay-shell-'));
  assert.equal(shell.length, 1, `one version cached: ${JSON.stringify(sizes)}`);
  assert.ok(sizes[shell[0]] > 50, `the shell holds the site: ${JSON.stringify(sizes)}`);

  // Offline: nothing listens any more.
  await close(server);
  await page.reload();
  await waitStatus(page, 'idle', 60_000);
  await page.click('[data-testid=step]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=batch-counter]').dataset.value) > 0);
  assert.equal(await counter(page), 1, 'one batch trained offline');
  assert.deepEqual(await page.locator('.error:not([hidden])').allTextContents(), [], 'no error shown');
  // The paused run is saved (offline too): the update's reload below brings it back.
  await page.waitForFunction(() => window.nnplay.autosave.saves > 0 && !window.nnplay.autosave.saving, null, { timeout: 30_000 });

  await page.goto(`${base}lessons.html#lesson=linear-regression`);
  await waitStatus(page, 'idle', 60_000, 'lesson-status');
  await page.goto(`${base}examples/tutorial.html`);
  const embedded = await page.evaluate(() => new Promise((resolve) => {
    const el = document.querySelector('nn-playground');
    const check = () => (['idle', 'failed'].includes(el.status) ? resolve(el.status) : setTimeout(check, 100));
    check();
  }));
  assert.equal(embedded, 'idle', 'the embed loads its preset and data offline');

  // A new build: one file changes, so does sw.js. The page keeps the version it runs until the notice is taken.
  const index = path.join(site, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<html', '<html data-build="2"'));
  writeServiceWorker(site);
  server = await listen(port);
  await page.goto(`${base}#mnist-mlp`);
  await page.waitForSelector('[data-testid=update-notice]', { timeout: 30_000 });
  const build = () => page.evaluate(() => document.documentElement.dataset.build ?? null);
  assert.equal(await build(), null, 'the old version still serves this page');
  await Promise.all([page.waitForEvent('load'), page.click('[data-testid=update-reload]')]);
  assert.equal(await build(), '2', 'the new version after the notice');
  await waitStatus(page, 'paused', 60_000);
  assert.equal(await counter(page), 1, 'the saved run, one batch in, is back');
  const after = Object.keys(await cacheSizes(page)).filter((k) => k.startsWith('nnplay-shell-'));
  assert.equal(after.length, 1, `the old version's cache is gone: ${after}`);
  assert.notEqual(after[0], shell[0]);
});
