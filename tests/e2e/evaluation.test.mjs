// End-to-end: the per-class report and ROC curve in the playground, and the cross-validation lesson,
// in real Chromium. Build the site first: bash tools/build.sh
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, outDir, start } from './harness.mjs';
import { openPlayground, value, waitStatus } from './playground-page.mjs';

const NEED = ['index.html', 'lessons.html', 'app.js', 'worker.js', 'nnplay.mjs', 'nnplay.wasm', 'presets/index.json',
  'presets/lessons/cross-validation.json'];

let env;
before(async () => (env = await start({ need: NEED })));
after(async () => env?.stop());

test('playground, breast cancer: per-class recall, precision and F1 from the confusion matrix; ROC curve, AUC and a threshold', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#cancer-logistic`);
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  await page.waitForSelector('[data-testid=roc-curve]');
  // The table against the matrix it sits next to, recomputed here from the matrix's cells.
  const cells = await page.$$eval('[data-testid=confusion-matrix] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))));
  assert.equal(cells.length, 2);
  const rows = await page.$$eval('[data-testid=per-class-row]', (trs) => trs.map((tr) => ({ ...tr.dataset })));
  const recalls = [];
  for (let i = 0; i < 2; i++) {
    const support = cells[i][0] + cells[i][1], predicted = cells[0][i] + cells[1][i];
    const recall = cells[i][i] / support, precision = cells[i][i] / predicted;
    recalls.push(recall);
    assert.ok(Math.abs(Number(rows[i].recall) - recall) < 1e-12, `class ${i} recall`);
    assert.ok(Math.abs(Number(rows[i].precision) - precision) < 1e-12, `class ${i} precision`);
    assert.ok(Math.abs(Number(rows[i].f1) - (2 * precision * recall) / (precision + recall)) < 1e-12, `class ${i} F1`);
  }
  assert.ok(Math.abs((await value(page, 'balanced-accuracy')) - (recalls[0] + recalls[1]) / 2) < 1e-12);
  const auc = Number(await page.getAttribute('[data-testid=roc-curve]', 'data-auc'));
  assert.ok(auc > 0.97 && auc <= 1, `AUC ${auc}`);

  // At 0.5 the readout is the positive class's row; a higher threshold trades recall for precision.
  const readout = async () => page.$eval('[data-testid=roc-readout]', (p) => ({ precision: Number(p.dataset.precision), recall: Number(p.dataset.recall), text: p.textContent }));
  const at50 = await readout();
  assert.ok(Math.abs(at50.recall - recalls[1]) < 1e-12, 'recall at 0.5 is class 1 recall');
  assert.ok(Math.abs(at50.precision - Number(rows[1].precision)) < 1e-12);
  await page.fill('[data-testid=roc-threshold]', '0.95');
  await page.waitForFunction(() => document.querySelector('[data-testid=roc-readout]').textContent.startsWith('threshold 0.95'));
  const at95 = await readout();
  assert.ok(at95.recall <= at50.recall, `recall ${at95.recall} <= ${at50.recall}`);
  assert.ok(at95.precision >= at50.precision, `precision ${at95.precision} >= ${at50.precision}`);
  await page.screenshot({ path: path.join(outDir, 'roc.png'), fullPage: true });
});

test('lesson 13, cross-validation: k folds in the address, each validated once; the core\'s mean and spread of them', async (t) => {
  const page = await openPage(t, env.browser, `${env.base}lessons.html#lesson=cross-validation&k=3&epochs=10`, { consoleErrors: true, monitors: false });
  await waitStatus(page, 'idle', 60_000, 'lesson-status');
  await page.click('[data-testid=lesson-train]');
  await waitStatus(page, 'finished', 120_000, 'lesson-status');
  await page.waitForSelector('[data-testid=cv-mean]');
  assert.equal(await page.locator('[data-testid=fold-row]').count(), 3);
  const folds = await page.$$eval('[data-testid=fold-table] tbody tr', (trs) => trs.map((tr) => Object.fromEntries(
    [...tr.querySelectorAll('td')].map((td) => [td.dataset.key, Number(td.dataset.value)]))));
  assert.equal(folds.reduce((a, f) => a + f.valRows, 0), 160, 'every training row validates once');
  for (const f of folds) assert.equal(f.trainRows + f.valRows, 160);
  const accs = folds.map((f) => f.valAcc);
  const mean = accs.reduce((a, b) => a + b, 0) / 3;
  const std = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
  assert.ok(Math.abs((await value(page, 'cv-mean')) - mean) < 1e-12);
  assert.ok(Math.abs((await value(page, 'cv-std')) - std) < 1e-12);
  assert.equal(await value(page, 'cv-min'), Math.min(...accs));
  assert.equal(await value(page, 'cv-max'), Math.max(...accs));
  assert.match(await page.textContent('[data-testid=cv-verdict]'), /3-fold estimate/);
  assert.equal(await page.locator('[data-testid=fold-strip] circle').count(), 3);
  await page.screenshot({ path: path.join(outDir, 'lesson-13-cross-validation.png'), fullPage: true });
});

test('lesson 14, augmentation: with and without, tested on plain, shifted and rotated digits, with training time', async (t) => {
  const page = await openPage(t, env.browser, `${env.base}lessons.html#lesson=augmentation&epochs=8`, { consoleErrors: true, monitors: false });
  await waitStatus(page, 'idle', 60_000, 'lesson-status');
  await page.waitForFunction(() => document.querySelector('[data-testid=augmented-digits]')?.dataset.version === '1');
  await page.click('[data-testid=lesson-train]');
  await waitStatus(page, 'finished', 240_000, 'lesson-status');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=augmentation-row] td[data-key=rotated]')].every((td) => td.dataset.value !== ''));
  const rows = await page.$$eval('[data-testid=augmentation-row]', (trs) => trs.map((tr) => ({ label: tr.dataset.label, ...Object.fromEntries(
    [...tr.querySelectorAll('td')].map((td) => [td.dataset.key, td.dataset.value])) })));
  const [plain, augmented] = rows.map((r) => ({ ...r, plain: Number(r.plain), shifted: Number(r.shifted), rotated: Number(r.rotated), seconds: Number(r.seconds) }));
  assert.equal(plain.label, 'without augmentation');
  assert.ok(plain.plain > 0.85 && augmented.plain > 0.8, `plain digits: ${plain.plain}, ${augmented.plain}`);
  // Moved digits: the plain model falls well below its own plain score; the augmented one holds up better.
  assert.ok(plain.shifted < plain.plain - 0.1, `plain model on shifted digits ${plain.shifted}`);
  assert.ok(augmented.shifted > plain.shifted + 0.1, `shifted: augmented ${augmented.shifted} vs plain ${plain.shifted}`);
  assert.ok(augmented.rotated > plain.rotated, `rotated: augmented ${augmented.rotated} vs plain ${plain.rotated}`);
  assert.ok(plain.seconds > 0 && augmented.seconds > 0);
  await page.screenshot({ path: path.join(outDir, 'lesson-14-augmentation.png'), fullPage: true });
});
