// Models made elsewhere: TensorFlow.js builds and saves a CNN (its own random weights), `nnplay import` turns it
// into a .nnp, the page's module loads it on MNIST, predicts as TensorFlow.js does (to 1e-5) and trains it further.
// An ONNX CNN written as PyTorch writes them (NCHW input, per-channel normalisation, Gemm with transB, a Reshape
// by a Constant, MatMul + Add, weights as rawData) predicts as onnxruntime does, read by the page's path
// (protobufjs) and the CLI's (libprotobuf). Layers and operators nnplay lacks, and weights that do not fit, are
// refused with their names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { loadModule, nativeCli, feedMnist, preset, root } from './module.mjs';
import { decodeOnnx, encodeOnnx } from '../../web/deploy/onnx-encode.js';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const ort = require('onnxruntime-node');
const protobuf = require('protobufjs');
const onnxProto = fs.readFileSync('/usr/include/onnx/onnx.proto', 'utf8');  // Debian's libonnx-dev
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

// ---- ONNX made elsewhere ----

function random(seed) {  // a small LCG: the same weights every run
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
}

// A CNN on [N, 3, h, w] images, 2 classes, with the operators and encodings PyTorch's exporter uses.
function foreignCnn(h, w, { act = 'Relu' } = {}) {
  const rnd = random(7);
  const values = (n) => Array.from({ length: n }, () => rnd() * 0.6);
  const tensor = (name, dims, raw = false) => {
    const v = values(dims.reduce((a, b) => a * b, 1));
    return raw ? { name, dims: dims.map(String), dataType: 1, rawData: Buffer.from(new Float32Array(v).buffer).toString('base64') }
      : { name, dims: dims.map(String), dataType: 1, floatData: v };
  };
  const pool = (x) => Math.floor((x - 2) / 2) + 1;
  const h3 = pool(pool(h)), w3 = pool(pool(w)), flat = 5 * h3 * w3;  // more than one pixel: the flatten's order matters
  const ints = (name, v) => ({ name, type: 'INTS', ints: v.map(String) });
  const node = (opType, input, output, attribute) => ({ opType, name: output, input, output: [output], ...(attribute && { attribute }) });
  const initializer = [
    { name: 'mean', dims: ['1', '3', '1', '1'], dataType: 1, floatData: [120, 110, 100] },
    { name: 'std', dims: ['1', '3', '1', '1'], dataType: 1, floatData: [60, 70, 80] },
    tensor('conv1.weight', [4, 3, 3, 3]), tensor('conv1.bias', [4]),
    tensor('conv2.weight', [5, 4, 1, 1], true), tensor('conv2.bias', [5], true),
    tensor('fc1.weight', [8, flat]), tensor('fc1.bias', [8]),
    tensor('fc2.weight', [8, 2], true), tensor('fc2.bias', [2]),
  ];
  const dim = (d) => ({ dimValue: String(d) });
  return {
    irVersion: '8', producerName: 'pytorch', opsetImport: [{ domain: '', version: '13' }],
    graph: {
      name: 'main_graph', initializer,
      node: [
        node('Sub', ['input', 'mean'], 'centered'), node('Div', ['centered', 'std'], 'normalized'),
        node('Conv', ['normalized', 'conv1.weight', 'conv1.bias'], 'c1', [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1]), ints('strides', [1, 1])]),
        node(act, ['c1'], 'r1'),
        node('MaxPool', ['r1'], 'p1', [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]),
        node('Conv', ['p1', 'conv2.weight', 'conv2.bias'], 'c2', [ints('kernel_shape', [1, 1])]),
        node('Tanh', ['c2'], 't2'),
        node('AveragePool', ['t2'], 'p2', [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]),
        { opType: 'Constant', name: 'shape', output: ['shape'], attribute: [{ name: 'value', type: 'TENSOR', t: { dims: ['2'], dataType: 7, int64Data: ['0', '-1'] } }] },
        node('Reshape', ['p2', 'shape'], 'flat'),
        { ...node('Gemm', ['flat', 'fc1.weight', 'fc1.bias'], 'f1'), attribute: [{ name: 'transB', type: 'INT', i: '1' }] },
        node('Relu', ['f1'], 'r3'), node('Dropout', ['r3'], 'd3'),
        node('MatMul', ['d3', 'fc2.weight'], 'm4'), node('Add', ['m4', 'fc2.bias'], 'logits'),
        { ...node('Softmax', ['logits'], 'probs'), attribute: [{ name: 'axis', type: 'INT', i: '1' }] },
      ],
      input: [{ name: 'input', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, dim(3), dim(h), dim(w)] } } } }],
      output: [{ name: 'probs', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, dim(2)] } } } }],
    },
  };
}

function petFiles() {
  const dir = path.join(root, 'tests/fixtures/images/pets');
  return ['cats', 'dogs'].flatMap((label) => fs.readdirSync(path.join(dir, label)).map((f) =>
    ({ label, name: `${label}/${f}`, bytes: new Uint8Array(fs.readFileSync(path.join(dir, label, f))) })));
}

test('an ONNX CNN written as PyTorch writes them imports through protobufjs and libprotobuf and predicts as onnxruntime does', async () => {
  const s = new m.Session(preset('image-classifier'));
  s.setImages('train', petFiles());
  const [h, w, c] = JSON.parse(s.prepare(true)).input_shape;
  assert.equal(c, 3);
  assert.ok(h >= 8 && w >= 8, `images of ${h}x${w}: two poolings must leave more than one pixel`);
  const bytes = encodeOnnx(protobuf, onnxProto, foreignCnn(h, w));
  const file = path.join(tmp, 'pytorch.onnx'), nnp = path.join(tmp, 'pytorch.nnp');
  fs.writeFileSync(file, bytes);
  execFileSync(nativeCli, ['import', file, '--output', nnp], { stdio: 'ignore' });

  // Random images, NHWC for nnplay and NCHW for onnxruntime.
  const rows = 16, rnd = random(3);
  const nhwc = Float32Array.from({ length: rows * h * w * 3 }, () => (rnd() + 0.5) * 255);
  const nchw = new Float32Array(nhwc.length);
  for (let n = 0; n < rows; n++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < 3; k++) nchw[((n * 3 + k) * h + y) * w + x] = nhwc[((n * h + y) * w + x) * 3 + k];
  const ortSession = await ort.InferenceSession.create(bytes);
  const { probs } = await ortSession.run({ input: new ort.Tensor('float32', nchw, [rows, 3, h, w]) });

  const readers = {
    protobufjs: m.importOnnx(JSON.stringify(decodeOnnx(protobuf, onnxProto, bytes)), 'pytorch.onnx'),
    libprotobuf: fs.readFileSync(nnp),
  };
  for (const [reader, model] of Object.entries(readers)) {
    const { model: summary } = JSON.parse(s.importModel(model, 'pytorch.onnx'));
    assert.deepEqual(summary.layers.map((l) => l.type),
      ['conv2d', 'max_pooling2d', 'conv2d', 'average_pooling2d', 'flatten', 'dense', 'dropout', 'dense'], reader);
    const got = s.predict(nhwc);
    let worst = 0;
    for (let i = 0; i < probs.data.length; i++) worst = Math.max(worst, Math.abs(got[i] - probs.data[i]));
    assert.ok(worst <= 1e-5, `through ${reader}, nnplay differs from onnxruntime by ${worst}`);
  }
  const r = JSON.parse(s.train(4));
  assert.equal(r.error, undefined, 'the imported model trains further');
  s.delete();
});

test('ONNX operators nnplay lacks are refused by name, and bytes that are not ONNX say so', () => {
  const bytes = encodeOnnx(protobuf, onnxProto, foreignCnn(8, 8, { act: 'LeakyRelu' }));
  assert.throws(() => m.importOnnx(JSON.stringify(decodeOnnx(protobuf, onnxProto, bytes)), 'leaky.onnx'),
    /leaky\.onnx: node 3 'r1' \(LeakyRelu\): nnplay has no such operator/);
  const file = path.join(tmp, 'leaky.onnx');
  fs.writeFileSync(file, bytes);
  const r = spawnSync(nativeCli, ['import', file, '--output', path.join(tmp, 'x.nnp')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr.toString(), /node 3 'r1' \(LeakyRelu\): nnplay has no such operator/);
  assert.throws(() => decodeOnnx(protobuf, onnxProto, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])), /not an ONNX file/);
});
