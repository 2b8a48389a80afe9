// data.corruption through the binding: wasm corrupts the same training rows as the native CLI for one
// seed (the same counts in the data description, and a whole epoch of batch losses equal bit for bit,
// which any one different label or value would change), and only the training labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModule, preset, nativeCli, root } from './module.mjs';

const m = await loadModule();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-corrupt-'));
const cancerCsv = fs.readFileSync(path.join(root, 'data/breast-cancer/wdbc.csv'), 'utf8');

function lessonSpec(corruption, missing = 'impute') {
  const spec = JSON.parse(preset('lessons/data-quality'));
  delete spec.lesson;
  spec.data = { ...spec.data, missing, ...(corruption ? { corruption } : {}) };
  spec.train.epochs = 1;
  return spec;
}

function prepared(spec) {
  const s = new m.Session(JSON.stringify(spec));
  s.setCsv('train', cancerCsv, 'wdbc.csv', '');
  return { s, info: JSON.parse(s.prepare(false)) };
}

for (const [name, corruption, missing] of [
  ['label noise', { label_noise: 0.2 }, 'impute'],
  ['missing values, dropped', { missing_values: 0.02 }, 'drop'],
  ['all three, imputed', { label_noise: 0.3, missing_values: 0.05, class_skew: { class: 1, ratio: 3 } }, 'impute'],
]) {
  test(`${name}: wasm corrupts the rows the native CLI does, bit for bit`, () => {
    const spec = lessonSpec(corruption, missing);
    const { s, info } = prepared(spec);
    const wasmLosses = JSON.parse(s.train(1e6)).batches.map((b) => b.loss);
    const specPath = path.join(dir, 'spec.json'), model = path.join(dir, 'native.nnp');
    fs.writeFileSync(specPath, JSON.stringify(spec));
    const out = execFileSync(nativeCli, ['train', specPath, '--json', '--batch-log', '--save', model], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    const nativeLosses = out.toString().split('\n').filter((l) => l.includes('"batch"')).map((l) => JSON.parse(l).loss);
    assert.equal(nativeLosses.length, Math.ceil(info.train_rows / spec.train.batch_size), 'one epoch of batches');
    assert.deepEqual(wasmLosses, nativeLosses);
    const native = JSON.parse(s.importModel(fs.readFileSync(model), 'native.nnp')).info;
    assert.deepEqual(native.corruption, info.corruption, 'the same corruption, counted the same');
    assert.equal(native.train_rows, info.train_rows);
    s.delete();
  });
}

test('label noise flips exactly the share asked of the training labels in wasm, never the test labels', () => {
  const { s: clean, info } = prepared(lessonSpec(null));
  const { s: noisy, info: noisyInfo } = prepared(lessonSpec({ label_noise: 0.2 }));
  const n = info.train_rows;
  const [a, b] = [clean.targets('train', 0, n), noisy.targets('train', 0, n)];
  const changed = a.filter((y, i) => y !== b[i]).length;
  assert.equal(noisyInfo.corruption.label_noise.flipped, Math.round(0.2 * n));
  assert.equal(changed, Math.round(0.2 * n));
  assert.deepEqual(noisy.samples('train', 0, n), clean.samples('train', 0, n), 'the features are untouched');
  assert.deepEqual(noisy.targets('test', 0, info.test_rows), clean.targets('test', 0, info.test_rows));
  // The same seed gives the same rows; the lesson's seed knob gives others.
  const { s: again } = prepared(lessonSpec({ label_noise: 0.2 }));
  assert.deepEqual(again.targets('train', 0, n), b);
  const reseeded = lessonSpec({ label_noise: 0.2 });
  reseeded.train.seed = 7;
  const { s: other } = prepared(reseeded);
  const { s: otherClean } = prepared({ ...lessonSpec(null), train: reseeded.train });
  const flippedRows = (x, y) => [...x].flatMap((v, i) => (v !== y[i] ? [i] : []));
  assert.notDeepEqual(flippedRows(other.targets('train', 0, n), otherClean.targets('train', 0, n)), flippedRows(b, a));
  assert.throws(() => new m.Session(JSON.stringify(lessonSpec({ label_noise: 2 }))), /data\.corruption\.label_noise/);
  for (const x of [clean, noisy, again, other, otherClean]) x.delete();
});
