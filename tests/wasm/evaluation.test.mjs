// Augmentation, k-fold cross-validation and the classification report through the binding, each
// against the native CLI on the same spec and seed: the same numbers, bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModule, preset, feedMnist, nativeCli, root } from './module.mjs';

const m = await loadModule();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-eval-'));
const cancerCsv = fs.readFileSync(path.join(root, 'data/breast-cancer/wdbc.csv'), 'utf8');
const cli = (args) => execFileSync(nativeCli, args, { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 }).toString();
const specFile = (name, spec) => {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
};

test('augmented training gives the same losses in wasm and natively, bit for bit (40 batches)', () => {
  const spec = JSON.parse(preset('mnist-mlp'));
  spec.augmentation = { shift: 0.1, rotation: 0.05, zoom: 0.1, fill_mode: 'constant' };
  const s = new m.Session(JSON.stringify(spec));
  feedMnist(s);
  s.prepare(false);
  const wasm = JSON.parse(s.train(40)).batches.map((b) => b.loss);
  const out = cli(['train', specFile('augmented', spec), '--max-batches', '40', '--json', '--batch-log']);
  const native = out.split('\n').filter((l) => l.includes('"batch"')).map((l) => JSON.parse(l).loss);
  assert.equal(native.length, 40);
  assert.deepEqual(wasm, native);

  // Seeded augmented copies of test digits: the same for one seed, another for another, not the originals.
  const aug = JSON.stringify({ shift: 0.15, rotation: 0.1 });
  const a = s.augmentedSamples('test', aug, 5, 0, 4), b = s.augmentedSamples('test', aug, 5, 0, 4);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, s.augmentedSamples('test', aug, 6, 0, 4));
  assert.notDeepEqual(a, s.samples('test', 0, 4));
  assert.throws(() => s.evaluateAugmented('test', '{"rotaton": 0.1}', 1), /did you mean 'rotation'/);
  s.delete();
});

test('k-fold cross-validation: each fold in wasm equals the CLI\'s fold, and the core summarises them', () => {
  const spec = JSON.parse(preset('cancer-logistic'));
  spec.train.epochs = 5;
  spec.train.validation_split = 0;
  const cv = JSON.parse(cli(['train', specFile('cancer-cv', spec), '--kfold', '3', '--json']).trim().split('\n').at(-1));
  assert.equal(cv.folds.length, 3);
  const folds = [];
  for (let fold = 0; fold < 3; fold++) {
    const s = new m.Session(JSON.stringify({ ...spec, train: { ...spec.train, kfold: 3, fold } }));
    s.setCsv('train', cancerCsv, 'wdbc.csv', '');
    s.prepare(false);
    s.train(1e6);
    folds.push(JSON.parse(s.foldScores()));
    s.delete();
  }
  assert.deepEqual(folds, cv.folds);
  const summary = JSON.parse(m.summarizeFolds(JSON.stringify(folds)));
  assert.deepEqual(summary.mean, cv.mean);
  assert.deepEqual(summary.std, cv.std);
  assert.throws(() => m.summarizeFolds('[]'), /no folds/);
});

test('the classification report and ROC curve of a binary model: wasm\'s report equals the CLI\'s evaluate', () => {
  const s = new m.Session(preset('cancer-logistic'));
  s.setCsv('train', cancerCsv, 'wdbc.csv', '');
  const n = JSON.parse(s.prepare(false)).test_rows;
  s.train(1e6);
  const report = JSON.parse(s.report(0));
  assert.ok(report.roc.auc > 0.97, `AUC ${report.roc.auc}`);
  assert.equal(report.roc.positives + report.roc.negatives, n);
  assert.ok(report.classification.balanced_accuracy > 0.9);
  const model = path.join(dir, 'cancer.nnp');
  fs.writeFileSync(model, s.exportModel());
  const x = s.samples('test', 0, n), y = s.targets('test', 0, n);
  const rows = Array.from({ length: n }, (_, i) => [...x.slice(i * 30, i * 30 + 30), y[i]].join(','));
  const testCsv = path.join(dir, 'test.csv');
  fs.writeFileSync(testCsv, [cancerCsv.split('\n')[0], ...rows].join('\n'));
  const native = JSON.parse(cli(['evaluate', model, '--data', testCsv, '--json']));
  assert.deepEqual(native.classification, report.classification);
  assert.deepEqual(native.roc, report.roc);
  const text = cli(['evaluate', model, '--data', testCsv]);
  assert.match(text, /precision\s+recall\s+f1\s+support/);
  assert.match(text, /balanced accuracy: 0\.\d{4}/);
  assert.match(text, new RegExp(`ROC AUC: ${report.roc.auc.toFixed(4)}`));
  s.delete();
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
