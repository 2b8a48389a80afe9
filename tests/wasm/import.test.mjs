// A model made elsewhere: TensorFlow.js builds and saves a CNN (its own random weights), `nnplay import` turns it
// into a .nnp, the page's module loads it on MNIST, predicts as TensorFlow.js does (to 1e-5) and trains it further.
// Layers nnplay lacks, and weights that do not fit, are refused by the CLI with their names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { loadModule, nativeCli, feedMnist } from './module.mjs';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const m = await loadModule();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-import-'));

// Saves a TF.js model as tf.io's file handlers do: model.json naming one weights file beside it.
async function saveTfjs(model, dir) {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (a) => {
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(a.weightData));
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({
      format: 'layers-model', generatedBy: a.generatedBy, convertedBy: null, modelTopology: a.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] }));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return path.join(dir, 'model.json');
}

function cnn() {
  tf.util.seedrandom?.(1);
  const model = tf.sequential();
  model.add(tf.layers.rescaling({ scale: 1 / 255, inputShape: [28, 28, 1] }));
  model.add(tf.layers.conv2d({ filters: 6, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'tanh' }));
  model.add(tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dropout({ rate: 0.2 }));
  model.add(tf.layers.dense({ units: 16, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

const spec = JSON.stringify({ name: 'imported', data: { source: 'mnist', train_limit: 2000 }, model: { input: [28, 28, 1], layers: [
  { type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }] }, loss: 'sparse_categorical_crossentropy',
  optimizer: { type: 'adam', learning_rate: 0.001 }, train: { epochs: 1, batch_size: 32, seed: 1 } });

test('a CNN made and saved by TensorFlow.js imports, predicts as TensorFlow.js does, and trains further', async () => {
  const model = cnn();
  const file = await saveTfjs(model, path.join(tmp, 'cnn'));
  const nnp = path.join(tmp, 'cnn.nnp');
  execFileSync(nativeCli, ['import', file, '--output', nnp], { stdio: 'ignore' });

  const s = new m.Session(spec);
  feedMnist(s);
  s.prepare(false);
  const { model: summary } = JSON.parse(s.importModel(fs.readFileSync(nnp), 'cnn.nnp'));
  assert.deepEqual(summary.layers.map((l) => l.type),
    ['conv2d', 'max_pooling2d', 'conv2d', 'average_pooling2d', 'flatten', 'dropout', 'dense', 'dense']);
  assert.equal(summary.total_params, model.countParams());
  const rows = 1000;
  const x = s.samples('test', 0, rows);
  const want = await model.predict(tf.tensor(x, [rows, 28, 28, 1])).data();
  const got = s.predictSplit('test').subarray(0, rows * 10);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  assert.ok(worst <= 1e-5, `nnplay differs from TensorFlow.js by ${worst}`);

  const before = JSON.parse(s.evaluate('test')).loss;
  const r = JSON.parse(s.train(60));
  assert.equal(r.error, undefined);
  assert.ok(JSON.parse(s.evaluate('test')).loss < before, 'training further lowers the test loss');
  s.delete();
});

function importError(dir) {
  const r = spawnSync(nativeCli, ['import', path.join(dir, 'model.json'), '--output', path.join(tmp, 'x.nnp')]);
  assert.notEqual(r.status, 0);
  return r.stderr.toString();
}

test('layers nnplay lacks and weights that do not fit are refused, naming them', async () => {
  const lstm = tf.sequential();
  lstm.add(tf.layers.dense({ units: 4, inputShape: [3] }));
  lstm.add(tf.layers.batchNormalization());
  await saveTfjs(lstm, path.join(tmp, 'bn'));
  assert.match(importError(path.join(tmp, 'bn')), /layer 1 'batch_normalization_\w*' \(BatchNormalization\): nnplay has no such layer/);

  const elu = tf.sequential();
  elu.add(tf.layers.dense({ units: 2, inputShape: [3], activation: 'elu' }));
  const dir = path.join(tmp, 'elu');
  await saveTfjs(elu, dir);
  assert.match(importError(dir), /activation 'elu' is not one nnplay has/);

  const ok = tf.sequential();
  ok.add(tf.layers.dense({ units: 2, inputShape: [3] }));
  const short = path.join(tmp, 'short');
  await saveTfjs(ok, short);
  fs.truncateSync(path.join(short, 'weights.bin'), 20);
  assert.match(importError(short), /the weights file is 20 bytes, the manifest describes 32 bytes/);
  const json = JSON.parse(fs.readFileSync(path.join(short, 'model.json'), 'utf8'));
  json.weightsManifest[0].paths = ['../elu/weights.bin'];
  fs.writeFileSync(path.join(short, 'model.json'), JSON.stringify(json));
  assert.match(importError(short), /weights path "..\/elu\/weights.bin" is not a file name beside model.json/);
});
