// Shared set-up for the e2e tests of the lesson page: serves build/site on a free port and drives
// the system Chromium through playwright-core. Build the site first: node tools/build-site.mjs
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const site = path.join(root, 'build/site');
export const outDir = path.join(root, 'test-results');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// The site must hold the current lesson page and its presets: a stale copy would test old code.
// (Only what the lesson page loads is compared, so work elsewhere in web/ does not stop these tests.)
const CHECKED = ['lessons.html', 'lessons', 'ui', 'worker.js', 'style.css', 'vendor'];
export function checkSite() {
  for (const f of ['lessons.html', 'nnplay.mjs', 'nnplay.wasm', 'data/mnist/train-images-idx3-ubyte.gz']) {
    if (!fs.existsSync(path.join(site, f))) throw new Error(`build/site has no ${f}: run \`node tools/build-site.mjs\``);
  }
  const stale = [];
  const compare = (src, dst) => {
    if (!fs.existsSync(src)) return;
    if (fs.statSync(src).isDirectory()) {
      for (const e of fs.readdirSync(src)) compare(path.join(src, e), path.join(dst, e));
    } else if (!fs.existsSync(dst) || fs.readFileSync(dst).compare(fs.readFileSync(src)) !== 0) {
      stale.push(path.relative(root, src));
    }
  };
  for (const f of CHECKED) compare(path.join(root, 'web', f), path.join(site, f));
  compare(path.join(root, 'presets/lessons'), path.join(site, 'presets/lessons'));
  if (stale.length) throw new Error(`build/site is out of date (${stale.join(', ')} changed): run \`node tools/build-site.mjs\``);
}

export async function start() {
  checkSite();
  const server = await serve({ root: site, port: 0 });
  const base = `http://127.0.0.1:${server.address().port}/`;
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM=/path/to/chromium)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  fs.mkdirSync(outDir, { recursive: true });
  return {
    base,
    browser,
    async stop() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// A fresh page on an address; page errors and dialogs fail the test.
export async function open(t, browser, url, { width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  t.after(() => context.close());
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  t.after(() => assert.deepEqual(problems, [], 'the page raised errors or dialogs'));
  await page.goto(url);
  return page;
}

// Waits for a run set's status pill (`${name}-status`): loading, idle, training, paused, finished, failed.
export async function waitStatus(page, want, timeout = 30_000, name = 'lesson') {
  try {
    await page.waitForSelector(`[data-testid=${name}-status][data-status=${want}]`, { timeout });
  } catch {
    const now = await page.getAttribute(`[data-testid=${name}-status]`, 'data-status').catch(() => null);
    const errors = await page.$$eval('.error:not([hidden])', (els) => els.map((x) => x.textContent));
    throw new Error(`lesson status stayed '${now}', not '${want}'; errors shown: ${JSON.stringify(errors)}`);
  }
}

export const value = async (page, testid) => Number(await page.getAttribute(`[data-testid="${testid}"]`, 'data-value'));

export async function shot(page, name) {
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
}
