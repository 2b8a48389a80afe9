// Runs a page of bench/web in headless Chromium against the built site (plus TensorFlow.js), and gives its
// window.benchResult. As a script it runs bench.html and prints the result as JSON.
// Usage: node bench/browser.mjs [--model mlp|cnn] [--batches N] [--warmup N] [--tfjs wasm,webgl,cpu]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../tools/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// A copy of the site with bench/web, TensorFlow.js and `files` ({site path: file or folder on disk}) added.
function benchSite(files) {
  const site = path.join(root, 'build/site');
  if (!fs.existsSync(path.join(site, 'worker.js'))) throw new Error('build/site is missing: run npm run build first');
  const out = path.join(root, 'build/bench-site');
  fs.rmSync(out, { recursive: true, force: true });
  fs.cpSync(site, out, { recursive: true });
  fs.cpSync(path.join(root, 'bench/web'), out, { recursive: true });
  const tfjs = path.join(out, 'vendor/tfjs');
  fs.mkdirSync(tfjs, { recursive: true });
  fs.copyFileSync(path.join(root, 'node_modules/@tensorflow/tfjs/dist/tf.min.js'), path.join(tfjs, 'tf.min.js'));
  const wasmDist = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  for (const f of ['tf-backend-wasm.min.js', 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    fs.copyFileSync(path.join(wasmDist, f), path.join(tfjs, f));
  }
  for (const [to, from] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(out, to)), { recursive: true });
    fs.cpSync(from, path.join(out, to), { recursive: true });
  }
  return out;
}

export async function benchPage(page, { query = {}, files = {} } = {}) {
  const server = await serve({ root: benchSite(files), port: 0 });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${server.address().port}/${page}?${new URLSearchParams(query)}`);
    await tab.waitForFunction(() => window.benchResult, null, { timeout: 1_200_000, polling: 500 });
    const result = await tab.evaluate(() => window.benchResult);
    if (result.error) throw new Error(result.error);
    return result;
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const query = { model: arg('model', 'mlp'), batches: arg('batches', '300'), warmup: arg('warmup', '30'), tfjs: arg('tfjs', 'wasm') };
  console.log(JSON.stringify(await benchPage('bench.html', { query })));
}
