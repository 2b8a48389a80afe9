// Shared set-up for e2e tests of the playground page (index.html): serves build/site, launches the
// system Chromium (extra flags allowed), opens the page with a long-task monitor, and waits on it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const site = path.join(root, 'build/site');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// The site must hold the current web/ (a stale copy would test old code).
function checkSite() {
  if (!fs.existsSync(path.join(site, 'nnplay.wasm'))) throw new Error('build/site is missing: run `node tools/build-site.mjs`');
  const stale = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const src = path.join(dir, e.name);
      if (e.isDirectory()) walk(src);
      else {
        const dst = path.join(site, path.relative(path.join(root, 'web'), src));
        if (!fs.existsSync(dst) || fs.readFileSync(dst).compare(fs.readFileSync(src)) !== 0) stale.push(path.relative(root, src));
      }
    }
  };
  walk(path.join(root, 'web'));
  if (stale.length) throw new Error(`build/site is out of date (${stale.join(', ')} changed): run \`node tools/build-site.mjs\``);
}

export async function start(extraArgs = []) {
  checkSite();
  const server = await serve({ root: site, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extraArgs] });
  return {
    base: `http://127.0.0.1:${server.address().port}/`,
    browser,
    async stop() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// Long tasks (PerformanceObserver) and a timer-gap monitor, installed before the page's own code.
function installMonitors() {
  const perf = (window.__perf = {
    supported: PerformanceObserver.supportedEntryTypes?.includes('longtask') ?? false,
    longtasks: [],
    gaps: [],
  });
  if (perf.supported) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  }
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    if (now - last - 10 > 20) perf.gaps.push({ start: last, duration: now - last - 10 });
    last = now;
    setTimeout(tick, 10);
  };
  setTimeout(tick, 10);
}

// The page at base + suffix (e.g. '#cancer-logistic'), ready; page errors and dialogs fail the test.
export async function openPage(t, browser, url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  t.after(() => assert.deepEqual(problems, [], 'the page raised errors or dialogs'));
  await page.addInitScript(installMonitors);
  await page.goto(url);
  await waitStatus(page, 'idle', 30_000);
  return page;
}

export const counter = async (page) => Number(await page.getAttribute('[data-testid=batch-counter]', 'data-value'));

export async function waitStatus(page, want, timeout = 30_000) {
  try {
    await page.waitForSelector(`[data-testid=status][data-status=${want}]`, { timeout });
  } catch {
    const now = await page.getAttribute('[data-testid=status]', 'data-status');
    const errors = await page.$$eval('.error:not([hidden])', (els) => els.map((x) => x.textContent));
    throw new Error(`status stayed '${now}', not '${want}'; errors shown: ${JSON.stringify(errors)}`);
  }
}

export async function waitCounterAbove(page, n, timeout = 20_000) {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=batch-counter]').dataset.value) > n, n, { timeout, polling: 'raf' });
}

export async function errorText(page, testid) {
  const loc = page.locator(`[data-testid=${testid}]`);
  await loc.waitFor({ state: 'visible', timeout: 10_000 });
  return loc.textContent();
}

// Applies a spec through the JSON editor, changed by `edit` (which must change the data's split
// sizes, e.g. train_limit), and waits for the new session.
export async function applySpec(page, edit) {
  const before = await page.textContent('[data-testid=dataset-summary]');
  await page.click('details.json summary');
  const spec = JSON.parse(await page.inputValue('[data-testid=spec-json]'));
  edit(spec);
  await page.fill('[data-testid=spec-json]', JSON.stringify(spec));
  await page.click('[data-testid=apply-json]');
  await page.waitForFunction((before) => document.querySelector('[data-testid=dataset-summary]').textContent !== before &&
    document.querySelector('[data-testid=status]').dataset.status === 'idle', before, { timeout: 60_000 });
}

// Drops files on an element the way a user's drag-and-drop does: [{name, text|bytes, type}].
export async function dropFiles(page, selector, files) {
  await page.evaluate(({ selector, files }) => {
    const target = document.querySelector(selector);
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([f.text ?? new Uint8Array(f.bytes)], f.name, { type: f.type ?? '' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, { selector, files });
}
