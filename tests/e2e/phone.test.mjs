// Phones, in real Chromium with a 360 px touch viewport: no page scrolls sideways (the playground, the
// lessons index, every lesson, the tutorial example), the header wraps cleanly, and a digit drawn with
// a finger is read by the network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './harness.mjs';
import { waitStatus } from './playground-page.mjs';
import { LESSONS } from '../../web/lessons/catalog.js';

let env;
before(async () => (env = await start({ need: ['index.html', 'lessons.html', 'examples/tutorial.html', 'nnplay.mjs', 'nnplay.wasm'] })));
after(async () => env?.stop());

const PHONE = { viewport: { width: 360, height: 740 } };
const phone = async (t, url) => {
  const context = await env.browser.newContext({ ...PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, serviceWorkers: 'block' });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(() => assert.deepEqual(errors, [], 'no page errors'));
  await page.goto(url);
  return page;
};

async function noSidewaysScroll(page, what) {
  const { scroll, wide } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    // The widest elements, to name the culprit when the page is too wide.
    wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 360.5)
      .slice(-3).map((e) => `${e.tagName.toLowerCase()}.${e.className}[${e.dataset.testid ?? ""}]`),
  }));
  assert.ok(scroll <= 360, `${what} is ${scroll} px wide at 360 px (too wide: ${wide.join(', ')})`);
}

test('at 360 px no page scrolls sideways, and the header wraps cleanly', async (t) => {
  const play = await phone(t, `${env.base}#preset=mnist-mlp`);
  await waitStatus(play, 'idle', 60_000);
  await noSidewaysScroll(play, 'the playground');
  const header = await play.locator('header.top').boundingBox();
  assert.ok(header.height < 110, `the header is ${header.height} px tall (words one per line?)`);

  const index = await phone(t, `${env.base}lessons.html`);
  await index.waitForSelector('[data-testid=lesson-list] a');
  await noSidewaysScroll(index, 'the lessons index');
  for (const { id } of LESSONS) {
    await index.goto(`${env.base}lessons.html#lesson=${id}`);
    await index.waitForSelector('[data-testid=lesson-body] > *', { timeout: 60_000 });
    await noSidewaysScroll(index, `the lesson ${id}`);
  }

  const tutorial = await phone(t, `${env.base}examples/tutorial.html`);
  await tutorial.waitForFunction(() => [...document.querySelectorAll('nn-playground')].every((e) => e.status !== 'loading'), null, { timeout: 60_000 });
  await noSidewaysScroll(tutorial, 'the tutorial example');
});

test('draw a digit with a finger: the network reads the touch stroke', async (t) => {
  const page = await phone(t, `${env.base}#preset=mnist-mlp`);
  await waitStatus(page, 'idle', 60_000);
  const pad = page.locator('[data-testid=draw-canvas]');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const at = (fx, fy) => [{ x: box.x + box.width * fx, y: box.y + box.height * fy }];
  // A "1": one stroke down the middle, as touch events.
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0.5, 0.2) });
  for (let i = 1; i <= 12; ++i) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(0.5, 0.2 + (0.6 * i) / 12) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForFunction(() => Array.isArray(window.nnplayLastPrediction), null, { timeout: 10_000 });
  const probs = await page.evaluate(() => window.nnplayLastPrediction);
  assert.equal(probs.length, 10);
  assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-4, 'ten probabilities that sum to 1');
  const inked = await page.evaluate(() => {
    const d = document.querySelector('[data-testid=draw-small]').getContext('2d').getImageData(0, 0, 28, 28).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) n += d[i] > 0;
    return n;
  });
  assert.ok(inked > 10, `the stroke reached the 28×28 input (${inked} pixels inked)`);
});
