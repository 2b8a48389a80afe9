// Helpers for e2e tests of the playground page (index.html): opening it ready, and waiting on its
// status, its batch counter and its messages. The set-up (site, Chromium, pages) is in harness.mjs.
import { openPage } from './harness.mjs';

// The playground at `url` (e.g. base + '#preset=cancer-logistic'), opened by openPage with `options` and idle.
export async function openPlayground(t, browser, url, options) {
  const page = await openPage(t, browser, url, options);
  await waitStatus(page, 'idle', 30_000);
  return page;
}

// The number an element shows in its data-value attribute.
export const value = async (page, testid) => Number(await page.getAttribute(`[data-testid="${testid}"]`, 'data-value'));
export const counter = (page) => value(page, 'batch-counter');

// Waits for the status pill (`testid`: the playground's, or a lesson's run set's) to show `want`.
export async function waitStatus(page, want, timeout = 30_000, testid = 'status') {
  try {
    await page.waitForSelector(`[data-testid=${testid}][data-status=${want}]`, { timeout });
  } catch {
    const now = await page.getAttribute(`[data-testid=${testid}]`, 'data-status').catch(() => null);
    const errors = await page.$$eval('.error:not([hidden])', (els) => els.map((x) => x.textContent));
    throw new Error(`${testid} stayed '${now}', not '${want}'; errors shown: ${JSON.stringify(errors)}`);
  }
}

export async function waitCounterAbove(page, n, timeout = 20_000) {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=batch-counter]').dataset.value) > n, n, { timeout, polling: 'raf' });
}

// Presses Step `steps` times and waits until the page is paused with the charts caught up (they redraw
// on the next animation frame, after the counter). Returns the batch count and the loss chart's points.
export async function stepAndSettle(page, steps) {
  for (let i = 0; i < steps; ++i) {
    await page.click('[data-testid=step]');
    await waitCounterAbove(page, i, 5_000);
  }
  await waitStatus(page, 'paused');
  const batches = await counter(page);
  await page.waitForFunction((n) => document.querySelector('[data-testid=chart-loss]').dataset.batches === String(n), batches, { timeout: 5_000 });
  return { batches, points: await page.getAttribute('[data-testid=chart-loss]', 'data-points') };
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
