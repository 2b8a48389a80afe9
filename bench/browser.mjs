// Runs bench/web/bench.html in headless Chromium against the built site plus TensorFlow.js, and prints
// its result as JSON. Usage: node bench/browser.mjs [--model mlp|cnn] [--batches N] [--warmup N] [--tfjs wasm,webgl,cpu]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../tools/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

const site = path.join(root, 'build/site');
if (!fs.existsSync(path.join(site, 'worker.js'))) throw new Error('build/site is missing: run npm run build first');
const benchSite = path.join(root, 'build/bench-site');
fs.rmSync(benchSite, { recursive: true, force: true });
fs.cpSync(site, benchSite, { recursive: true });
fs.cpSync(path.join(root, 'bench/web'), benchSite, { recursive: true });
const tfjs = path.join(benchSite, 'vendor/tfjs');
fs.mkdirSync(tfjs, { recursive: true });
fs.copyFileSync(path.join(root, 'node_modules/@tensorflow/tfjs/dist/tf.min.js'), path.join(tfjs, 'tf.min.js'));
const wasmDist = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
for (const f of ['tf-backend-wasm.min.js', 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  fs.copyFileSync(path.join(wasmDist, f), path.join(tfjs, f));
}

const server = await serve({ root: benchSite, port: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const query = new URLSearchParams({
    model: arg('model', 'mlp'), batches: arg('batches', '300'), warmup: arg('warmup', '30'), tfjs: arg('tfjs', 'wasm'),
  });
  await page.goto(`http://127.0.0.1:${server.address().port}/bench.html?${query}`);
  await page.waitForFunction(() => window.benchResult, null, { timeout: 600_000, polling: 500 });
  const result = await page.evaluate(() => window.benchResult);
  if (result.error) throw new Error(result.error);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  server.close();
}
