// Time from opening the playground (MNIST MLP) to its first trained batch, in headless Chromium with the network
// throttled to 10 Mbit/s: on a first visit, and on a second visit from the offline copy (service worker + data
// cache). Next to them, the floor a first visit cannot beat on that network: the site's bytes fetched before the
// first batch, divided by the bandwidth. Prints one JSON line. Usage: node bench/first-batch.mjs [Mbit/s]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../tools/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mbits = Number(process.argv[2] ?? 10);
const site = path.join(root, 'build/site');
if (!fs.existsSync(path.join(site, 'sw.js'))) throw new Error('build/site is missing: run npm run build first');

const server = await serve({ root: site, port: 0 });
// Bytes the server sent (the page, its worker and the service worker alike): what a first visit had to download.
const sockets = new Set();
server.on('connection', (socket) => sockets.add(socket));
const sent = () => [...sockets].reduce((sum, s) => sum + s.bytesWritten, 0);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});

// Opens the playground in `context` throttled, presses Train as soon as it is idle; returns the page's clock when it
// was ready and at the first trained batch (ms since navigation), and the bytes the server sent until then.
async function firstBatch(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 20, downloadThroughput: (mbits * 1e6) / 8, uploadThroughput: (mbits * 1e6) / 8,
  });
  const before = sent();
  await page.goto(`${base}#mnist-mlp`);
  await page.waitForSelector('[data-testid=status][data-status=idle]', { timeout: 600_000 });
  const idle = await page.evaluate(() => performance.now());
  await page.click('[data-testid=train]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=batch-counter]').dataset.value) > 0,
    null, { timeout: 60_000, polling: 'raf' });
  const ms = await page.evaluate(() => performance.now());
  const bytes = sent() - before;
  await page.close();
  return { ms, idle, bytes };
}

try {
  const context = await browser.newContext();
  const first = await firstBatch(context);
  // The offline copy is complete once the service worker controls a page and MNIST is in the data cache.
  const probe = await context.newPage();
  await probe.goto(`${base}presets/index.json`);
  await probe.waitForFunction(async () => (await navigator.serviceWorker.ready) &&
    (await (await caches.open('nnplay-data')).keys()).length === 4, null, { timeout: 120_000, polling: 500 });
  await probe.close();
  const second = await firstBatch(context);
  const floorMs = (first.bytes * 8) / (mbits * 1e6) * 1000;
  console.log(JSON.stringify({
    mbits, first_visit_ms: Math.round(first.ms), first_visit_bytes: first.bytes, first_visit_floor_ms: Math.round(floorMs),
    first_over_floor: Number((first.ms / floorMs).toFixed(2)), first_visit_ready_ms: Math.round(first.idle),
    cached_visit_ms: Math.round(second.ms), cached_visit_ready_ms: Math.round(second.idle), cached_visit_bytes: second.bytes,
  }));
} finally {
  await browser.close();
  server.close();
}
