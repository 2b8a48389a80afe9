// The soak: the playground trains the MNIST MLP for an hour in headless Chromium with its charts on screen (and
// the run autosaved after every epoch), and reports at the start and at the end: the page's JS heap after a
// garbage collection, the worker's wasm memory, and the longest main-thread task (PerformanceObserver 'longtask')
// of each window. Not part of npm test. Prints one JSON line.
//   node bench/soak.mjs [--minutes 60]      (or SOAK_MINUTES=2)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../tools/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flag = process.argv.indexOf('--minutes');
const minutes = Number(flag > 0 ? process.argv[flag + 1] : process.env.SOAK_MINUTES ?? 60);
if (!(minutes > 0)) throw new Error(`--minutes wants a positive number, not ${process.argv[flag + 1] ?? process.env.SOAK_MINUTES}`);
// The start and the end are each this long a window (a tenth of the run, 10 s to 5 min).
const windowMs = Math.min(300_000, Math.max(10_000, minutes * 6_000));
const site = path.join(root, 'build/site');
if (!fs.existsSync(path.join(site, 'worker.js'))) throw new Error('build/site is missing: run npm run build first');

const server = await serve({ root: site, port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  await page.goto(`http://127.0.0.1:${server.address().port}/#mnist-mlp`);
  await page.waitForSelector('[data-testid=status][data-status=idle]', { timeout: 600_000 });
  // Epochs enough for any soak (the core's limit): an epoch of the MLP takes seconds.
  await page.fill('[data-testid=live-epochs]', '100000');
  await page.press('[data-testid=live-epochs]', 'Enter');
  await page.waitForFunction(() => window.nnplay.state().epochs === 100000);

  // The end of a window from page time `from`: the longest task in it, the worker's wasm memory, the epochs done,
  // then the JS heap after a collection (which is itself a long task, so it comes after the window).
  const sample = async (from) => {
    const s = await page.evaluate((a) => ({
      longest: Math.max(0, ...window.__longtasks.filter((e) => e.start + e.duration >= a).map((e) => e.duration)),
      wasm: window.nnplay.state().memory, epochs: window.nnplay.session.epochs.length,
      saves: window.nnplay.autosave.saves, status: window.nnplay.session.status }), from);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return { ...s, heap: usedSize };
  };

  await page.click('[data-testid=train]');
  const startedAt = Date.now();
  const trainFrom = await page.evaluate(() => performance.now());
  await sleep(windowMs);
  const start = await sample(trainFrom);
  await sleep(Math.max(0, minutes * 60_000 - (Date.now() - startedAt) - windowMs));
  const endFrom = await page.evaluate(() => performance.now());
  await sleep(windowMs);
  const end = await sample(endFrom);
  if (end.status !== 'training') throw new Error(`the page stopped training (${end.status}): ${errors.join('; ')}`);
  const mb = (b) => Number((b / 1e6).toFixed(1));
  console.log(JSON.stringify({
    minutes, window_seconds: windowMs / 1000, epochs: end.epochs, saves: end.saves,
    start: { js_heap_mb: mb(start.heap), wasm_memory_mb: mb(start.wasm), longest_task_ms: start.longest, epochs: start.epochs },
    end: { js_heap_mb: mb(end.heap), wasm_memory_mb: mb(end.wasm), longest_task_ms: end.longest },
    js_heap_growth_mb: mb(end.heap - start.heap), page_errors: errors,
  }));
} finally {
  await browser.close();
  server.close();
}
