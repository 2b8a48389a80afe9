// Your own data in the page, timed in headless Chromium on the built site: the generated CSV of 100,000
// rows x 50 columns of bench/table.mjs (numeric, categorical, gaps; the native figure's file too) from
// the file picker to the data report on screen,
// with the worker's wasm memory next to the file's size; and 5,000 generated PNGs (two sizes, so
// they are resized) in a zip, from the drop to the report (unzip, decode and resize by the core).
// Prints one JSON line. Usage: node bench/own-data.mjs [images]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../tools/serve.mjs';
import { ROWS, tableFile } from './table.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES = Number(process.argv[2] ?? 5_000);
const site = path.join(root, 'build/site');
if (!fs.existsSync(path.join(site, 'worker.js'))) throw new Error('build/site is missing: run npm run build first');

const server = await serve({ root: site, port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/#cancer-logistic`);
  await page.waitForSelector('[data-testid=status][data-status=idle]', { timeout: 60_000 });

  // The time from the picker's change event to the report in the page.
  const timeToReport = async (kind, act) => {
    await page.evaluate(() => {
      window.__t0 = null;
      document.getElementById('report').replaceChildren();
      document.addEventListener('change', () => (window.__t0 ??= performance.now()), { capture: true, once: true });
      document.addEventListener('drop', () => (window.__t0 ??= performance.now()), { capture: true, once: true });
    });
    await act();
    await page.waitForSelector(`[data-testid=data-report][data-kind=${kind}]`, { timeout: 600_000, polling: 'raf' });
    const error = await page.$eval('[data-testid=data-error]', (e) => (e.hidden ? '' : e.textContent));
    if (error) throw new Error(error);
    return page.evaluate(() => ({ ms: performance.now() - window.__t0, memory: window.nnplay.inspected() }));
  };

  const file = tableFile();
  const size = fs.statSync(file).size;
  const table = await timeToReport('csv', () => page.setInputFiles('[data-testid=data-files]', file));

  // The images are drawn and zipped (stored: PNGs do not deflate) in the page, then dropped.
  const images = await timeToReport('images', () => page.evaluate(async (n) => {
    const { zipSync } = await import('./vendor/fflate.js');
    const tree = {};
    for (let i = 0; i < n; ++i) {
      const [w, h] = i % 2 ? [48, 40] : [32, 32];
      const canvas = new OffscreenCanvas(w, h);
      const g = canvas.getContext('2d');
      g.fillStyle = `hsl(${(i * 37) % 360} 70% 50%)`;
      g.fillRect(0, 0, w, h);
      g.fillStyle = '#fff';
      g.fillRect((i % 13) + 2, (i % 7) + 2, 10, 10);
      tree[`bench/class${i % 10}/${i}.png`] = new Uint8Array(await (await canvas.convertToBlob()).arrayBuffer());
    }
    const dt = new DataTransfer();
    dt.items.add(new File([zipSync(tree, { level: 0 })], 'images.zip'));
    const target = document.querySelector('[data-testid=data-panel]');
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, IMAGES));

  console.log(JSON.stringify({
    csv_rows: ROWS, csv_columns: 50, csv_bytes: size,
    csv_seconds_to_report: table.ms / 1000,
    csv_wasm_memory_bytes: table.memory.after,
    csv_wasm_memory_per_file_byte: table.memory.after / size,
    csv_wasm_growth_per_file_byte: (table.memory.after - table.memory.before) / size,
    images: IMAGES, images_seconds_to_report: images.ms / 1000, images_per_second: IMAGES / (images.ms / 1000),
  }));
} finally {
  await browser.close();
  server.close();
}
