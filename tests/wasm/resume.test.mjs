// The binding's side of issue work on named choices and resumable model files: choices() comes from the
// core, batch logs carry each batch's own values, and an imported model file continues training where it
// stood, bit for bit, in wasm and against the native CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModule, nativeCli, root } from './module.mjs';

const m = await loadModule();
const csv = fs.readFileSync(path.join(root, 'data/breast-cancer/wdbc.csv'), 'utf8');

// Dropout, Adam, a validation split and a partial last batch: everything a resume must carry.
const spec = (epochs) => JSON.stringify({
  data: { source: 'csv', path: 'breast-cancer/wdbc.csv', target: 'malignant' },
  preprocessing: 'standardize',
  model: { input: [30], layers: [{ type: 'dense', units: 8, activation: 'relu' }, { type: 'dropout', rate: 0.25 },
    { type: 'dense', units: 1, activation: 'sigmoid' }] },
  loss: 'binary_crossentropy', optimizer: { type: 'adam', learning_rate: 0.01 }, metrics: ['accuracy', 'mae'],
  train: { epochs, batch_size: 32, validation_split: 0.2, seed: 7 },
});

function session(epochs) {
  const s = new m.Session(spec(epochs));
  s.setCsv('train', csv, 'wdbc.csv', '');
  s.prepare(false);
  return s;
}

function trainToEnd(s) {
  const epochs = [];
  for (;;) {
    const out = JSON.parse(s.train(1000));
    epochs.push(...out.epochs.map((e) => e.epoch));
    if (out.state.finished) return epochs;
  }
}

test('choices() lists what the core accepts, with its limits', () => {
  const c = JSON.parse(m.choices());
  assert.deepEqual(c.activation, ['relu', 'sigmoid', 'tanh', 'softmax', 'linear']);
  assert.deepEqual(c.optimizer, ['sgd', 'adam', 'rmsprop']);
  assert.deepEqual(c.padding, ['valid', 'same']);
  for (const key of ['initializer', 'loss', 'regularizer', 'preprocessing', 'layer', 'metric']) assert.ok(c[key].length >= 2, key);
  for (const act of c.activation) {
    const j = JSON.parse(spec(1));
    j.model.layers[0].activation = act;
    new m.Session(JSON.stringify(j)).delete();
  }
  const s = session(2);
  assert.throws(() => s.setEpochs(c.limits.max_epochs + 1),
    (e) => e.message === `epochs: ${c.limits.max_epochs + 1} is outside the allowed range [1, ${c.limits.max_epochs}]`);
  assert.throws(() => s.setLearningRate(-1),
    (e) => e.message === `learning_rate: -1 is outside the allowed range: above 0 and at most ${c.limits.max_learning_rate}`);
  const j = JSON.parse(spec(1));
  j.model.layers[0].activation = 'relux';
  assert.throws(() => new m.Session(JSON.stringify(j)), (e) => e.message ===
    "model.layers[0].activation: 'relux' is not one of relu, sigmoid, tanh, softmax or linear (did you mean 'relu'?)");
  j.model.layers[0].activation = 'relu';
  j.optimizer = 'adagrad';
  assert.throws(() => new m.Session(JSON.stringify(j)), (e) => e.message ===
    "optimizer.type: 'adagrad' is not one of sgd, adam or rmsprop");
  s.delete();
});

test("each batch log has this batch's own values; their sample-weighted mean is the epoch's log", () => {
  const s = session(1);
  const out = JSON.parse(s.train(1000));
  s.delete();
  assert.equal(out.epochs.length, 1);
  const sums = {};
  let n = 0;
  for (const b of out.batches) {
    assert.equal(b.values.loss, b.loss);
    for (const [k, v] of Object.entries(b.values)) sums[k] = (sums[k] ?? 0) + v * b.size;
    n += b.size;
  }
  assert.equal(out.batches.at(-1).size, 364 % 32);  // the partial last batch is kept
  assert.deepEqual(out.batches[0].values, { loss: out.batches[0].epoch_loss, ...out.batches[0].metrics });
  assert.notEqual(out.batches[3].values.accuracy, out.batches[3].metrics.accuracy);
  for (const [k, v] of Object.entries(sums)) assert.ok(Math.abs(v / n - out.epochs[0].logs[k]) < 1e-12, k);
});

test('5 epochs, export, import, 5 more equal 10 straight, bit for bit, and equal the native CLI resuming', () => {
  const straight = session(10);
  trainToEnd(straight);
  const first = session(5);
  trainToEnd(first);
  const file = first.exportModel();
  first.delete();

  const second = session(10);
  const imported = JSON.parse(second.importModel(file, 'five.nnp'));
  assert.equal(imported.resumed, true);
  assert.equal(JSON.parse(second.state()).epoch, 5);
  assert.deepEqual(trainToEnd(second), [5, 6, 7, 8, 9]);  // the epoch counter continues
  assert.deepEqual(JSON.parse(second.history()), JSON.parse(straight.history()));
  for (const layer of [0, 2]) for (const name of ['kernel', 'bias'])
    assert.deepEqual(second.weights(layer, name), straight.weights(layer, name), `layer ${layer} ${name}`);
  const wasmTen = second.exportModel();
  assert.deepEqual(wasmTen, straight.exportModel());  // the whole file: weights, History, optimizer state

  // The CLI resumes the wasm's file to the same bytes, and its own 5 + 5 matches too.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-resume-'));
  const specPath = path.join(dir, 'spec.json');
  fs.writeFileSync(specPath, spec(10));
  fs.writeFileSync(path.join(dir, 'five.nnp'), file);
  const cli = (...args) => execFileSync(nativeCli, ['train', specPath, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  cli('--resume', path.join(dir, 'five.nnp'), '--save', path.join(dir, 'ten.nnp'));
  assert.deepEqual(new Uint8Array(fs.readFileSync(path.join(dir, 'ten.nnp'))), wasmTen);
  cli('--epochs', '5', '--save', path.join(dir, 'cli-five.nnp'));
  assert.deepEqual(new Uint8Array(fs.readFileSync(path.join(dir, 'cli-five.nnp'))), file);

  // Into other data the weights come, the optimizer starts afresh, and the reason is given.
  const other = new m.Session(spec(10));
  other.setCsv('train', csv.split('\n').slice(0, 301).join('\n'), 'head.csv', '');
  other.prepare(false);
  const into = JSON.parse(other.importModel(file, 'five.nnp'));
  assert.equal(into.resumed, false);
  assert.match(into.not_resumed, /^the saved training had 364 training rows, this data has \d+$/);
  assert.equal(JSON.parse(other.state()).epoch, 0);
  for (const s of [second, straight, other]) s.delete();
  fs.rmSync(dir, { recursive: true });
});
