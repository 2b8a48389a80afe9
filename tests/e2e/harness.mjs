// The set-up every e2e test shares: checks that the built site holds the current sources, serves it
// on a free port, launches the system Chromium (playwright-core, no browser download) and opens pages
// whose errors and dialogs fail the test. Build the site first: node tools/build-site.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const outDir = path.join(root, 'test-results');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Where a file of the site comes from: presets/ is copied from presets/, the rest from web/.
const sourceOf = (f) => path.join(root, f.startsWith('presets/') ? '' : 'web', f);

// The site must hold the files `need` (paths in the site) and the current copy of `sources` (files or
// folders of the site, '.' for all of web/; a source that does not exist is not compared): a stale
// copy would test old code.
function checkSite(site, { need = ['nnplay.mjs', 'nnplay.wasm'], sources = ['.'] } = {}) {
  const name = site.startsWith(root + path.sep) ? path.relative(root, site) : site;
  const missing = need.filter((f) => !fs.existsSync(path.join(site, f)));
  if (missing.length) {
    throw new Error(`${name} is missing or incomplete (no ${missing.join(', ')}): ` +
      'build the wasm-release preset, then run `node tools/build-site.mjs`');
  }
  const stale = [];
  const compare = (src, dst) => {
    if (!fs.existsSync(src)) return;
    if (fs.statSync(src).isDirectory()) {
      for (const e of fs.readdirSync(src)) compare(path.join(src, e), path.join(dst, e));
    } else if (!fs.existsSync(dst) || !fs.readFileSync(dst).equals(fs.readFileSync(src))) {
      stale.push(path.relative(root, src));
    }
  };
  for (const f of sources) compare(sourceOf(f), path.join(site, f));
  if (stale.length) throw new Error(`${name} is out of date (${stale.join(', ')} changed): run \`node tools/build-site.mjs\``);
}

// Checks and serves the site (`site` relative to the repository), launches Chromium with the usual
// flags and `args`; returns { base, browser, stop }.
export async function start({ site = 'build/site', need, sources, args = [] } = {}) {
  site = path.resolve(root, site);
  checkSite(site, { need, sources });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM=/path/to/chromium)`);
  const server = await serve({ root: site, port: 0 });
  const closeServer = () => new Promise((resolve) => server.close(resolve));
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...args] });
  } catch (e) {
    await closeServer();
    throw e;
  }
  fs.mkdirSync(outDir, { recursive: true });
  return {
    base: `http://127.0.0.1:${server.address().port}/`,
    browser,
    async stop() {
      await browser.close();
      await closeServer();
    },
  };
}

// Long tasks (PerformanceObserver) and a timer-gap monitor on window.__perf, installed before the
// page's own code: how long the main thread was unavailable, and the long tasks (> 50 ms of the
// page's own work) that tell a busy page from a busy machine.
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
  const INTERVAL = 10;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    const gap = now - last - INTERVAL;
    if (gap > 20) perf.gaps.push({ start: last, duration: gap });
    last = now;
    setTimeout(tick, INTERVAL);
  };
  setTimeout(tick, INTERVAL);
}

// What window.__perf saw between page times t0 and t1: the long tasks and timer gaps overlapping that
// window and the longest of each (0 when none), and whether the browser reports long tasks at all.
export async function blocking(page, t0, t1) {
  const perf = await page.evaluate(() => window.__perf);
  const during = (list) => list.filter((e) => e.start + e.duration >= t0 && e.start <= t1);
  const longtasks = during(perf.longtasks), gaps = during(perf.gaps);
  const longest = (list) => Math.max(0, ...list.map((e) => e.duration));
  return { supported: perf.supported, longtasks, gaps, maxLong: longest(longtasks), maxGap: longest(gaps) };
}

// A fresh page on `url` in its own context; page errors and dialogs fail the test, and so do console
// errors with `consoleErrors` (other than those matching `allow`). `monitors` installs window.__perf;
// `permissions` are granted to the page's origin; `acceptDownloads` is passed to the context. The offline service
// worker is blocked unless `serviceWorkers: 'allow'`: a test that changes what the server sends (routes, a broken
// module) must see the server, not a cached copy; tests/e2e/offline.test.mjs tests the service worker itself.
export async function openPage(t, browser, url, {
  viewport = { width: 1440, height: 900 }, acceptDownloads, permissions = [],
  consoleErrors = false, allow = null, monitors = true, serviceWorkers = 'block',
} = {}) {
  const context = await browser.newContext({ viewport, serviceWorkers, ...(acceptDownloads === undefined ? {} : { acceptDownloads }) });
  t.after(() => context.close());
  if (permissions.length) await context.grantPermissions(permissions, { origin: new URL(url).origin });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  if (consoleErrors) {
    page.on('console', (m) => m.type() === 'error' && !allow?.test(m.text()) && problems.push(`console error: ${m.text()}`));
  }
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  t.after(() => assert.deepEqual(problems, [], 'the page raised errors or dialogs'));
  if (monitors) await page.addInitScript(installMonitors);
  await page.goto(url);
  return page;
}
