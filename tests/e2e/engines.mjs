// One small page interface over three browser engines, all from Debian's packages: Chromium (playwright-core),
// Firefox ESR (puppeteer-core over WebDriver BiDi) and WebKitGTK (selenium-webdriver with WebKitWebDriver and
// MiniBrowser, under Xvfb). Tests written against it run the same steps in every engine. The interface is
// deliberately narrow: navigate, run a function in the page, wait for a function to hold, click.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { chromium } from 'playwright-core';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// The machine's locale may be C, which WebKit reports as navigator.language; tests run as a user's browser would.
const LANG_ENV = { LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' };

export const ENGINES = ['chromium', 'firefox', 'webkit'];

// What an engine needs on this machine, or null when it is all there.
export function missing(engine) {
  const need = { chromium: [CHROMIUM], firefox: [FIREFOX], webkit: [WEBKIT_DRIVER, MINIBROWSER, '/usr/bin/Xvfb'] }[engine];
  const absent = need.filter((f) => !fs.existsSync(f));
  return absent.length ? `${engine}: no ${absent.join(', ')} (npm test installs them)` : null;
}

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  }).on('error', reject);
});

// Resolves once something listens on 127.0.0.1:port (a driver just spawned), or rejects after `timeout` ms.
async function listening(port, timeout = 20_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.destroy(); resolve(true); }).on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listened on port ${port} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// An X server of its own for WebKitGTK (MiniBrowser has no headless mode); -displayfd picks a free display.
function startXvfb() {
  return new Promise((resolve, reject) => {
    const x = spawn('/usr/bin/Xvfb', ['-displayfd', '3', '-screen', '0', '1440x900x24', '-nolisten', 'tcp'],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let out = '';
    x.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, stop: () => x.kill() });
    });
    x.on('error', reject);
    x.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
}

// A function and its one argument as a script WebDriver classic can run: the result (awaited if a promise)
// comes back as JSON.
const script = (fn) => `return (${fn})(arguments[0]);`;

// The interface over a playwright or puppeteer page (their calls for these steps are alike); `context` is closed with it.
function pageOf(page, context) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    errors,
    goto: (url) => page.goto(url, { timeout: 120_000 }), // the load event waits for the module: slow on a busy machine
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    click: (selector) => page.click(selector),
    close: () => context.close(),
  };
}

async function chromiumEngine() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM, env: { ...process.env, ...LANG_ENV },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--lang=en-US'],
  });
  return {
    async page(viewport) {
      const context = await browser.newContext({ viewport });
      return pageOf(await context.newPage(), context);
    },
    close: () => browser.close(),
  };
}

async function firefoxEngine() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox', protocol: 'webDriverBiDi', executablePath: FIREFOX, headless: true,
    env: { ...process.env, ...LANG_ENV }, extraPrefsFirefox: { 'intl.accept_languages': 'en-US' },
  });
  return {
    async page(viewport) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(viewport);
      return pageOf(page, context);
    },
    close: () => browser.close(),
  };
}

async function webkitEngine() {
  const { Builder, By } = await import('selenium-webdriver');
  const xvfb = await startXvfb();
  const port = await freePort();
  const driverProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
    env: { ...process.env, ...LANG_ENV, DISPLAY: xvfb.display }, stdio: 'ignore',
  });
  const stopAll = () => { driverProcess.kill(); xvfb.stop(); };
  try {
    await listening(port);
  } catch (e) {
    stopAll();
    throw e;
  }
  const sessions = [];
  return {
    async page(viewport) {
      const driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', `--geometry=${viewport.width}x${viewport.height}`] },
      }).build();
      sessions.push(driver);
      await driver.manage().setTimeouts({ script: 600_000 });
      // WebDriver classic has no page-error event: the page's own error listener collects them (installed after
      // each navigation; errors before it are seen through the page's failure to start).
      const errors = [];
      return {
        errors,
        async goto(url) {
          await driver.get(url);
          await driver.executeScript(script(() => {
            window.__pageErrors = [];
            addEventListener('error', (e) => window.__pageErrors.push(e.message));
            addEventListener('unhandledrejection', (e) => window.__pageErrors.push(String(e.reason)));
          }));
        },
        async evaluate(fn, arg) {
          const [value, pageErrors] = await driver.executeScript(
            `return Promise.resolve((${fn})(arguments[0])).then((v) => [v, window.__pageErrors || []]);`, arg);
          errors.splice(0, errors.length, ...pageErrors);
          return value;
        },
        click: async (selector) => (await driver.findElement(By.css(selector))).click(),
        close: () => driver.quit(),
      };
    },
    async close() {
      for (const d of sessions) await d.quit().catch(() => {});
      stopAll();
    },
  };
}

// Launches `engine`; returns { page(viewport) → page, close() }.
export function launch(engine) {
  return { chromium: chromiumEngine, firefox: firefoxEngine, webkit: webkitEngine }[engine]();
}

// Polls `fn(arg)` in the page until it returns something truthy, and returns that. On timeout the error names
// `what` and the last value `describe(arg)` gave (the page's status, error boxes…).
export async function waitFor(page, fn, arg, { timeout = 60_000, what = 'the condition', describe } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await page.evaluate(fn, arg);
    if (v) return v;
    if (Date.now() > end) {
      const seen = describe ? await page.evaluate(describe, arg).catch((e) => e.message) : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${seen ? `; the page shows ${JSON.stringify(seen)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
