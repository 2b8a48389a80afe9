// Export to ONNX and TensorFlow.js Layers through the wasm module (the page's path): every preset, and a spec
// using every layer, activation and preprocessing, trained a little, then loaded in onnxruntime (Node) and
// TensorFlow.js; their predictions on the whole test split must equal nnplay's to 1e-5 (relative above 1).
// Each ONNX file is also imported back, decoded by protobufjs (the page) and by libprotobuf (`nnplay import`),
// and must predict as the model it came from to 1e-6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { loadModule, preset, root, feedMnist, nativeCli } from './module.mjs';
import { decodeOnnx, encodeOnnx } from '../../web/deploy/onnx-encode.js';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const protobuf = require('protobufjs');
const tf = require('@tensorflow/tfjs');
export const onnxProto = fs.readFileSync('/usr/include/onnx/onnx.proto', 'utf8');  // Debian's libonnx-dev

const m = await loadModule();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-export-'));

function petFiles() {
  const dir = path.join(root, 'tests/fixtures/images/pets');
  const files = [];
  for (const label of ['cats', 'dogs'])
    for (const f of fs.readdirSync(path.join(dir, label)))
      files.push({ label, name: `${label}/${f}`, bytes: new Uint8Array(fs.readFileSync(path.join(dir, label, f))) });
  return files;
}

function feed(session, spec) {
  if (spec.data.source === 'mnist') feedMnist(session);
  else if (spec.data.source === 'images') session.setImages('train', petFiles());
  else session.setCsv('train', fs.readFileSync(path.join(root, 'data', spec.data.path), 'utf8'), spec.data.path, spec.data.target ?? '');
}

// A trained session on a spec (MNIST specs on their first rows, to keep the test short).
function trained(spec, batches = 20) {
  if (spec.data.source === 'mnist') spec.data.train_limit = 2000;
  const s = new m.Session(JSON.stringify(spec));
  feed(s, spec);
  const info = JSON.parse(s.prepare(spec.data.source !== 'mnist'));
  const r = JSON.parse(s.train(batches));
  assert.equal(r.error, undefined);
  return { s, info };
}

function assertClose(got, want, what, tolerance = 1e-5) {
  assert.equal(got.length, want.length, `${what}: ${got.length} values, nnplay has ${want.length}`);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  assert.ok(worst <= tolerance, `${what}: differs from nnplay by ${worst}`);
  return worst;
}

async function onnxOutput(bytes, s, info, options) {
  const session = await ort.InferenceSession.create(bytes, options);
  const rows = info.test_rows;
  const { output } = await session.run({ input: new ort.Tensor('float32', s.samples('test', 0, rows), [rows, ...info.input_shape]) });
  return output;
}

async function onnxMatches(s, info, name, options = {}) {
  const bytes = encodeOnnx(protobuf, onnxProto, s.exportOnnx());
  fs.writeFileSync(path.join(tmp, `${name}.onnx`), bytes);
  const output = await onnxOutput(bytes, s, info, options);
  const want = s.predictSplit('test');
  assert.deepEqual(output.dims, [info.test_rows, want.length / info.test_rows]);
  assertClose(output.data, want, `${name} in onnxruntime`);
  return bytes;
}

// The class each row's largest output names.
function argmaxes(values, width) {
  const out = [];
  for (let r = 0; r < values.length; r += width) {
    let best = 0;
    for (let c = 1; c < width; c++) if (values[r + c] > values[r + best]) best = c;
    out.push(best);
  }
  return out;
}

// The exported file read back both ways replaces the session's model; the test split's predictions stay.
function importedMatches(s, bytes, name) {
  const want = s.predictSplit('test');
  const file = path.join(tmp, `${name}.onnx`), back = path.join(tmp, `${name}-back.nnp`);
  execFileSync(nativeCli, ['import', file, '--output', back], { stdio: 'ignore' });
  const readers = {
    protobufjs: m.importOnnx(JSON.stringify(decodeOnnx(protobuf, onnxProto, bytes)), `${name}.onnx`),
    libprotobuf: fs.readFileSync(back),
  };
  for (const [reader, nnp] of Object.entries(readers)) {
    const { model } = JSON.parse(s.importModel(nnp, `${name}.onnx`));
    assert.ok(model.total_params > 0);
    assertClose(s.predictSplit('test'), want, `${name} imported through ${reader}`, 1e-6);
  }
}

// Loads model.json and the weights files it names from a folder, as tf.io's file handlers do.
function folderHandler(dir) {
  return {
    async load() {
      const model = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      const group = model.weightsManifest[0];
      const data = Buffer.concat(group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
      return { modelTopology: model.modelTopology, weightSpecs: group.weights,
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) };
    },
  };
}

async function tfjsMatches(s, info, name, limit = 2000) {
  const { model, weights } = s.exportTfjs();
  const dir = path.join(tmp, `${name}-tfjs`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'model.json'), model);
  fs.writeFileSync(path.join(dir, 'model.weights.bin'), weights);
  const layers = await tf.loadLayersModel(folderHandler(dir));
  const rows = Math.min(info.test_rows, limit);
  const x = s.samples('test', 0, rows);
  const y = layers.predict(tf.tensor(x, [rows, ...info.input_shape]));
  const want = s.predictSplit('test').subarray(0, y.shape[1] * rows);
  assertClose(await y.data(), want, `${name} in TensorFlow.js`);
  return JSON.parse(model);
}

const presets = ['mnist-mlp', 'mnist-cnn', 'house-linear', 'cancer-logistic', 'tabular-classifier', 'tabular-regressor', 'image-classifier'];
for (const name of presets) {
  test(`${name}: the exported ONNX and TF.js models predict as nnplay does on the test split, and the ONNX file reads back`, async () => {
    const { s, info } = trained(JSON.parse(preset(name)));
    const bytes = await onnxMatches(s, info, name);
    await tfjsMatches(s, info, name, name === 'mnist-cnn' ? 500 : 2000);  // TF.js' CPU convolution is slow
    importedMatches(s, bytes, name);
    s.delete();
  });
}

// int8 models (Session.quantize) export in QDQ form. Their power-of-two scales make the graph's float
// arithmetic exact (dequantized values and their sums up to 2^24), so onnxruntime running the graph as written
// (no graph rewrites) agrees with nnplay's integer kernels to the float exports' own 1e-5. With its default
// optimisations onnxruntime rewrites Q/DQ pairs into its own integer operators, whose rounding differs
// (probabilities up to a few 1e-2 apart on MNIST): there the test asks for the same class on 99% of the
// rows (these models trained for 20 batches have many near ties).
for (const name of ['mnist-mlp', 'mnist-cnn', 'house-linear', 'cancer-logistic']) {
  test(`${name} in int8: the QDQ ONNX model predicts as nnplay's int8 model does on the test split`, async () => {
    const { s, info } = trained(JSON.parse(preset(name)));
    const r = JSON.parse(s.quantize());
    assert.ok(r.int8_bytes < r.float_bytes, JSON.stringify(r));
    const onnx = JSON.parse(s.exportOnnx());
    const ops = onnx.graph.node.map((n) => n.opType);
    assert.ok(ops.includes('QuantizeLinear') && ops.includes('DequantizeLinear'), ops.join(' '));
    const bytes = await onnxMatches(s, info, `${name}-int8`, { graphOptimizationLevel: 'disabled' });
    if (name.startsWith('mnist')) {
      const width = s.predictSplit('test').length / info.test_rows;
      const theirs = argmaxes((await onnxOutput(bytes, s, info)).data, width), ours = argmaxes(s.predictSplit('test'), width);
      const same = theirs.filter((c, i) => c === ours[i]).length / ours.length;
      assert.ok(same >= 0.99, `optimised onnxruntime names the same class on ${same} of the test rows`);
    }
    s.delete();
  });
}

// Every layer type, activation and preprocessing that the presets leave out.
const zoo = {
  name: 'zoo', data: { source: 'mnist' }, preprocessing: 'standardize',
  model: { input: [28, 28, 1], layers: [
    { type: 'conv2d', filters: 4, kernel_size: [3, 5], strides: 2, padding: 'same', activation: 'tanh' },
    { type: 'average_pooling2d', pool_size: 3, strides: 2, padding: 'same' },
    { type: 'conv2d', filters: 3, kernel_size: 2, use_bias: false, activation: 'sigmoid' },
    { type: 'max_pooling2d', pool_size: 2, padding: 'valid' },
    { type: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 12, activation: 'linear', use_bias: false, kernel_regularizer: 'l2(0.001)' },
    { type: 'dropout', rate: 0.3 },
    { type: 'activation', activation: 'tanh' },
    { type: 'dense', units: 10, kernel_initializer: { type: 'random_normal', stddev: 0.1 } },
    { type: 'softmax' }] },
  loss: 'categorical_crossentropy', optimizer: { type: 'adam', learning_rate: 0.01 },
  train: { epochs: 1, batch_size: 32, seed: 3 },
};

test('every layer, activation and per-pixel standardisation export to ONNX and TF.js with Keras names, and read back', async () => {
  const { s, info } = trained(zoo);
  const onnx = JSON.parse(s.exportOnnx());
  assert.equal(onnx.opsetImport[0].version, '13');
  const ops = new Set(onnx.graph.node.map((n) => n.opType));
  for (const op of ['Sub', 'Mul', 'Conv', 'AveragePool', 'MaxPool', 'Relu', 'Tanh', 'Sigmoid', 'MatMul', 'Gemm', 'Dropout', 'Softmax', 'Flatten'])
    assert.ok(ops.has(op), `no ${op} node`);
  const meta = Object.fromEntries(onnx.metadataProps.map((p) => [p.key, p.value]));
  assert.deepEqual(JSON.parse(meta['nnplay.classes']), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.match(meta['nnplay.preprocessing'], /^standardize/);
  const bytes = await onnxMatches(s, info, 'zoo');
  const model = await tfjsMatches(s, info, 'zoo', 1000);
  importedMatches(s, bytes, 'zoo');
  const classes = model.modelTopology.config.layers.map((l) => l.class_name);
  assert.deepEqual(classes, ['Flatten', 'BatchNormalization', 'Reshape', 'Conv2D', 'AveragePooling2D', 'Conv2D', 'MaxPooling2D',
    'Activation', 'Flatten', 'Dense', 'Dropout', 'Activation', 'Dense', 'Activation']);
  const names = model.modelTopology.config.layers.map((l) => l.config.name);
  assert.deepEqual(names.slice(0, 6), ['flatten', 'batch_normalization', 'reshape', 'conv2d', 'average_pooling2d', 'conv2d_1']);
  const dense = model.modelTopology.config.layers[9].config;
  assert.deepEqual(dense.kernel_regularizer, { class_name: 'L1L2', config: { l1: 0, l2: 0.0010000000474974513 } });
  s.delete();
});

test('min-max scaling exports too', async () => {
  const spec = JSON.parse(preset('house-linear'));
  spec.preprocessing = 'minmax';
  const { s, info } = trained(spec);
  await onnxMatches(s, info, 'house-minmax');
  await tfjsMatches(s, info, 'house-minmax');
  s.delete();
});

test('a softmax over an image tensor is refused with the reason, and the model stays usable', () => {
  const spec = structuredClone(zoo);
  spec.model.layers = [{ type: 'conv2d', filters: 2, kernel_size: 3 }, { type: 'softmax' }, { type: 'flatten' },
    { type: 'dense', units: 10, activation: 'softmax' }];
  const { s } = trained(spec, 2);
  assert.throws(() => s.exportOnnx(), /layer 1 \(activation\): softmax over an image-shaped sample .* flatten before it/);
  assert.throws(() => s.exportTfjs(), /layer 1 \(activation\): softmax over an image-shaped sample/);
  assert.ok(s.exportModel().length > 0);
  s.delete();
});
