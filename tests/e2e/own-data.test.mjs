// Your own data in the page: a CSV with text and gaps, a folder and a zip of images, each reported by
// the core before training and trained with the preset that fits; class names in the results; failed
// loads that lose nothing; a phone-wide page that never scrolls sideways. All files are generated here.
// Build the site first: node tools/build-site.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { start } from './harness.mjs';
import { counter, dropFiles, errorText, openPlayground, stepAndSettle, waitCounterAbove, waitStatus } from './playground-page.mjs';

let env;
before(async () => (env = await start({ need: ['index.html', 'worker.js', 'nnplay.mjs', 'vendor/fflate.js', 'presets/index.json'] })));
after(async () => env?.stop());

const SPECIES = ['setosa', 'versicolor', 'virginica'];

// 150 flowers whose species follows petal and colour, with gaps: petal is "NA" in rows i % 20 == 5
// (8 of them), colour empty in rows i % 25 == 7 (6), an identifier column, a quoted field holding a
// comma, and two more rows without a species (dropped).
function flowersCsv() {
  const lines = ['id,petal,colour,note,species'];
  for (let i = 0; i < 150; ++i) {
    const k = i % 3;
    const petal = i % 20 === 5 ? 'NA' : (1 + 2 * k + (i % 7) * 0.1).toFixed(2);
    const colour = i % 25 === 7 ? '' : ['red', 'green', 'blue'][k];
    lines.push(`r${i},${petal},${colour},"${i % 2 ? 'big' : 'small'}, measured",${SPECIES[k]}`);
  }
  lines.push('r150,1.5,red,"big, measured",', 'r151,3.5,green,"small, measured",');
  return `${lines.join('\n')}\n`;
}

const column = (page, name) => page.locator(`[data-testid=report-column][data-column="${name}"]`);
const cell = async (page, name, testid) => (await column(page, name).locator(`[data-testid=${testid}]`).textContent()).trim();
const headers = (page) => page.$$eval('[data-testid=confusion-matrix] thead th.cls', (ths) => ths.map((t) => t.textContent));

// Loads the chosen data (with the suggested preset unless told otherwise) and waits for the session.
async function loadData(page, name, { preset = true } = {}) {
  await page.setChecked('[data-testid=use-preset]', preset);
  await page.click('[data-testid=load-data]');
  await page.waitForSelector(`[data-testid=dataset-summary]:has-text("${name}")`, { timeout: 60_000 });
  await waitStatus(page, 'idle');
}

test('a CSV with a text target and gaps: the report shows types and counts; trained, the confusion matrix names the classes', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#cancer-logistic`);
  await dropFiles(page, '[data-testid=data-panel]', [{ name: 'flowers.csv', text: flowersCsv() }]);
  await page.waitForSelector('[data-testid=data-report]');

  assert.equal(await page.textContent('[data-testid=report-target]'), 'species');
  assert.equal(await page.getAttribute('[data-testid=report-task]', 'data-value'), 'classification');
  assert.deepEqual((await page.$$eval('[data-testid=report-classes] li', (l) => l.map((x) => x.textContent))).sort(), SPECIES);
  assert.equal(await page.getAttribute('[data-testid=report-dropped]', 'data-value'), '2', 'the two rows without a species');
  assert.equal(await page.getAttribute('[data-testid=report-filled]', 'data-value'), '14', '8 petals and 6 colours filled');
  assert.equal(await cell(page, 'petal', 'col-type'), 'numeric');
  assert.equal(await cell(page, 'petal', 'col-missing'), '8');
  assert.equal(await cell(page, 'colour', 'col-type'), 'categorical');
  assert.equal(await cell(page, 'colour', 'col-missing'), '6');
  assert.equal(await cell(page, 'colour', 'col-distinct'), '3');
  assert.equal(await cell(page, 'note', 'col-distinct'), '2', 'a quoted comma stays inside its field');
  assert.equal(await column(page, 'id').locator('[data-testid=col-action]').getAttribute('data-value'), 'drop');
  assert.equal(await column(page, 'colour').locator('[data-testid=col-action]').getAttribute('data-value'), 'one_hot');
  assert.ok(await column(page, 'petal').locator('svg.histogram rect').count() > 0, 'a histogram for the numeric column');
  // The target picker comes from the report, the report's target selected.
  assert.equal(await page.inputValue('[data-testid=data-target]'), 'species');
  assert.equal(await page.locator('[data-testid=data-target] option').count(), 5);
  assert.equal(await page.getAttribute('[data-testid=preset-suggestion]', 'data-preset'), 'tabular-classifier.json');

  await loadData(page, 'flowers.csv');
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  await page.waitForSelector('[data-testid=confusion-matrix]');
  assert.deepEqual((await headers(page)).sort(), SPECIES, 'the confusion matrix is labelled with the class names');
  assert.equal(await page.locator('[data-testid=per-class-row]').count(), 3, 'per-class figures');
  assert.equal(await page.textContent('[data-testid=report-status]'), 'flowers.csv: loaded, ready to train.');
});

// Two shapes in two colours and two sizes, PNG and JPEG, drawn by the browser's canvas encoders.
async function drawImages(page) {
  const specs = [];
  for (const shape of ['circle', 'square']) {
    for (let i = 0; i < 12; ++i) {
      const big = i >= 7; // 7 of 16x16, 5 of 24x20 per class: 16x16 is the most common size
      specs.push({ shape, w: big ? 24 : 16, h: big ? 20 : 16, type: i % 2 ? 'image/jpeg' : 'image/png', i });
    }
  }
  const images = await page.evaluate(async (specs) => Promise.all(specs.map(async (s) => {
    const canvas = new OffscreenCanvas(s.w, s.h);
    const g = canvas.getContext('2d');
    g.fillStyle = '#000';
    g.fillRect(0, 0, s.w, s.h);
    g.fillStyle = s.i % 3 ? '#f5f5f5' : '#ffcc00';
    const r = Math.min(s.w, s.h) * (0.3 + 0.02 * (s.i % 4));
    if (s.shape === 'circle') {
      g.beginPath();
      g.arc(s.w / 2, s.h / 2, r, 0, 2 * Math.PI);
      g.fill();
    } else {
      g.fillRect(s.w / 2 - r, s.h / 2 - r, 2 * r, 2 * r);
    }
    const blob = await canvas.convertToBlob({ type: s.type, quality: 0.92 });
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  })), specs);
  const files = specs.map((s, k) => ({ path: `${s.shape}/${s.shape}-${s.i}.${s.type === 'image/png' ? 'png' : 'jpg'}`, bytes: Uint8Array.from(images[k]) }));
  // A truncated PNG among them, and a file a Mac leaves behind.
  files.push({ path: 'square/broken.png', bytes: files[0].bytes.slice(0, 40) });
  files.push({ path: '.DS_Store', bytes: new Uint8Array(64) });
  return files;
}

async function checkImageReport(page, extraSkipped = []) {
  await page.waitForSelector('[data-testid=data-report][data-kind=images]');
  const counts = await page.$$eval('[data-testid=class-count]', (bars) => bars.map((b) => [b.dataset.class, Number(b.dataset.value)]));
  assert.deepEqual(counts, [['circle', 12], ['square', 12]], 'images per class');
  assert.equal(await page.getAttribute('[data-testid=report-images]', 'data-value'), '24');
  const skipped = await page.$$eval('[data-testid=skipped-file]', (l) => l.map((x) => x.dataset.file));
  assert.deepEqual(skipped.sort(), ['square/broken.png', ...extraSkipped].sort(), 'the corrupt file is skipped, and only it');
  assert.match(await page.textContent('[data-testid=report-sizes]'), /16×16 \(14\).*24×20 \(10\)/);
  assert.match(await page.textContent('[data-testid=report-chosen]'), /16×16/);
  assert.match(await page.textContent('[data-testid=report-notes]'), /hidden or system file/);
}

test('a folder of images (picked) and a zip of it (dropped): per-class counts, the skipped file, a short training with class names', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#cancer-logistic`);
  const files = await drawImages(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-images-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, 'shapes', f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'shapes', f.path), f.bytes);
  }
  await page.setInputFiles('[data-testid=data-folder]', path.join(dir, 'shapes'));
  await checkImageReport(page);
  assert.equal(await page.getAttribute('[data-testid=preset-suggestion]', 'data-preset'), 'image-classifier.json');

  await loadData(page, 'shapes');
  for (let i = 0; i < 2; ++i) {
    await page.click('[data-testid=step]');
    await waitCounterAbove(page, i, 20_000);
  }
  await page.click('[data-testid=stop]');
  await page.waitForSelector('[data-testid=confusion-matrix]', { timeout: 30_000 });
  assert.deepEqual(await headers(page), ['circle', 'square'], 'the confusion matrix names the classes');
  assert.ok(await page.locator('[data-testid=sample]').count() > 0, 'the data view shows the images the core decoded');

  // The same tree zipped under one top folder, with a path that leads outside it and macOS's extras.
  const tree = Object.fromEntries(files.map((f) => [`shapes/${f.path}`, f.bytes]));
  tree['../escape.png'] = files[0].bytes;
  tree['__MACOSX/shapes/circle/._circle-0.png'] = new Uint8Array(10);
  await dropFiles(page, '[data-testid=dataset-panel]', [{ name: 'shapes.zip', bytes: Array.from(zipSync(tree)) }]);
  await page.waitForSelector('[data-testid=report-status]:has-text("shapes.zip")');
  await checkImageReport(page, ['../escape.png']);
});

test('zips over the budget and broken files are refused with the reason; the trained model and its history stay', async (t) => {
  // ?uploadLimit lowers the page's budget, so a small zip stands in for a bomb.
  const page = await openPlayground(t, env.browser, `${env.base}?uploadLimit=50000#cancer-logistic`);
  const { batches: before, points } = await stepAndSettle(page, 3);
  const summary = await page.textContent('[data-testid=dataset-summary]');
  const unchanged = async (what) => {
    assert.equal(await counter(page), before, `${what}: the trained batches stay`);
    assert.equal(await page.getAttribute('[data-testid=chart-loss]', 'data-points'), points, `${what}: the charts stay`);
    assert.equal(await page.textContent('[data-testid=dataset-summary]'), summary, `${what}: the data stay`);
    await waitStatus(page, 'paused');
  };

  // 1 MB of zeros deflates to about 1 kB: the declared size is over the budget, so nothing is inflated.
  const bomb = zipSync({ 'a/zeros.png': new Uint8Array(1 << 20), 'b/zeros.png': new Uint8Array(10) });
  await dropFiles(page, '[data-testid=data-panel]', [{ name: 'bomb.zip', bytes: Array.from(bomb) }]);
  const bombError = await errorText(page, 'data-error');
  assert.match(bombError, /bomb\.zip/, bombError);
  assert.match(bombError, /unpacked/, bombError);
  await unchanged('a zip bomb');

  await dropFiles(page, '[data-testid=data-panel]', [{ name: 'junk.zip', text: 'PK\u0003\u0004 this is not a zip at all' }]);
  await page.waitForSelector('[data-testid=data-error]:has-text("junk.zip")');
  await unchanged('a broken zip');

  // Three classes for a model with one sigmoid output (the lesson's, kept): the core refuses it.
  await dropFiles(page, '[data-testid=data-panel]', [{ name: 'flowers.csv', text: flowersCsv() }]);
  await page.waitForSelector('[data-testid=data-report]');
  await page.setChecked('[data-testid=use-preset]', false);
  await page.click('[data-testid=load-data]');
  const fitError = await errorText(page, 'data-error');
  assert.match(fitError, /3 classes/, fitError);
  console.log(`# zip bomb: ${bombError}\n# 3 classes, 1 output: ${fitError}`);
  await unchanged('a model that does not fit');

  await page.click('[data-testid=resume]');
  await waitCounterAbove(page, before, 10_000);
});

test('on a 390 px phone, a wide report and a 30-class confusion matrix scroll in their boxes, never the page', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#cancer-logistic`, { viewport: { width: 390, height: 844 } });
  const names = Array.from({ length: 30 }, (_, k) => `class-with-a-long-name-${k}`);
  const cols = Array.from({ length: 24 }, (_, c) => `measurement_${c}`);
  const rows = Array.from({ length: 600 }, (_, i) => [...cols.map((_, c) => ((i * (c + 3)) % 17) / 4), names[i % 30]].join(','));
  await dropFiles(page, '[data-testid=data-panel]', [{ name: 'wide.csv', text: `${[...cols, 'kind'].join(',')}\n${rows.join('\n')}\n` }]);
  await page.waitForSelector('[data-testid=data-report]');
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(await pageWidth() <= 390, `the page is ${await pageWidth()} px wide with the report`);
  assert.ok(await page.$eval('.report-scroll', (b) => b.scrollWidth > b.clientWidth), 'the report table scrolls in its box');

  await loadData(page, 'wide.csv');
  await page.click('[data-testid=step]');
  await waitCounterAbove(page, 0, 10_000);
  await page.click('[data-testid=stop]');
  await page.waitForSelector('[data-testid=confusion-matrix]', { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid=confusion-matrix] tbody tr').count(), 30);
  assert.ok(await pageWidth() <= 390, `the page is ${await pageWidth()} px wide with a 30x30 confusion matrix`);
});
