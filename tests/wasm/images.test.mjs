// Folders of images in the wasm module: the same files give the same report and the same pixels as the
// native CLI (pixels_fnv1a is a checksum of every decoded, converted and resized pixel), and train alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModule, nativeCli, root } from './module.mjs';

const m = await loadModule();

// tests/fixtures/images/pets (PNG and JPEG of four sizes, gray, RGB and RGBA, a truncated PNG, a text file)
// copied with an empty class folder, which git cannot hold.
const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-images-')), 'pets');
fs.cpSync(path.join(root, 'tests/fixtures/images/pets'), dir, { recursive: true });
fs.mkdirSync(path.join(dir, 'birds'));

const files = [{ label: 'birds', name: '', bytes: new Uint8Array() }];
for (const label of ['cats', 'dogs'])
  for (const f of fs.readdirSync(path.join(dir, label)))
    files.push({ label, name: `${label}/${f}`, bytes: new Uint8Array(fs.readFileSync(path.join(dir, label, f))) });

const spec = JSON.stringify({
  name: 'pets', data: { source: 'images' },
  preprocessing: { type: 'rescale', factor: 1 / 255 },
  model: { input: [8, 8, 3], layers: [
    { type: 'conv2d', filters: 4, kernel_size: 3, padding: 'same', activation: 'relu' },
    { type: 'max_pooling2d', pool_size: 2 }, { type: 'flatten' },
    { type: 'dense', units: 2, activation: 'softmax' }] },
  loss: 'sparse_categorical_crossentropy', optimizer: { type: 'adam', learning_rate: 0.01 },
  train: { epochs: 2, batch_size: 2, test_split: 0.2, seed: 7 },
});

test('inspectImages gives the native CLI report, pixel checksum included, in any file order', () => {
  const wasm = JSON.parse(m.inspectImages(files, spec));
  const native = JSON.parse(execFileSync(nativeCli, ['inspect', dir, '--json']).toString());
  assert.equal(wasm.images, 6);
  assert.deepEqual(wasm.classes, ['cats', 'dogs']);
  assert.deepEqual(wasm.per_class[0], { name: 'birds', images: 0 });
  assert.deepEqual(wasm.skipped.map((s) => s.file).sort(), ['dogs/broken.png', 'dogs/readme.txt']);
  assert.deepEqual({ ...wasm, name: native.name }, native);
  const reversed = JSON.parse(m.inspectImages([...files].reverse(), ''));
  assert.equal(reversed.pixels_fnv1a, wasm.pixels_fnv1a);
  // The spec's data.color and data.image_size, read by the core's one spec parser.
  const withSize = JSON.parse(spec);
  withSize.data = { source: 'images', color: 'grayscale', image_size: [5, 7] };
  const gray = JSON.parse(m.inspectImages(files, JSON.stringify(withSize)));
  assert.deepEqual(gray.chosen, { height: 5, width: 7, channels: 1 });
});

test('setImages trains on the folder: whole-number pixels, the native losses, refusals as Errors', () => {
  const s = new m.Session(spec);
  s.setImages('train', files);
  const info = JSON.parse(s.prepare(false));
  assert.deepEqual(info.input_shape, [8, 8, 3]);
  assert.equal(info.classes, 2);
  const px = s.samples('train', 0, 1000);
  assert.equal(px.length, (info.train_rows) * 8 * 8 * 3);
  assert.ok(px.every((v) => Number.isInteger(v) && v >= 0 && v <= 255));
  const wasmLosses = JSON.parse(s.train(1000)).batches.map((b) => b.loss);
  s.delete();

  const specPath = path.join(path.dirname(dir), 'spec.json');
  fs.writeFileSync(specPath, spec);
  const out = execFileSync(nativeCli, ['train', specPath, '--data', dir, '--json', '--batch-log'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const nativeLosses = out.toString().split('\n').filter((l) => l.includes('"batch"')).map((l) => JSON.parse(l).loss);
  assert.equal(wasmLosses.length, nativeLosses.length);
  assert.ok(wasmLosses.length >= 4);
  for (let i = 0; i < wasmLosses.length; i++)
    assert.ok(Math.abs(wasmLosses[i] - nativeLosses[i]) <= 1e-5 * Math.abs(nativeLosses[i]), `batch ${i}: ${wasmLosses[i]} vs ${nativeLosses[i]}`);

  const t = new m.Session(spec);
  assert.throws(() => t.setImages('train', files.filter((f) => f.label !== 'dogs')), /images: only one class \('cats', 3 images\)/);
  assert.throws(() => t.setImages('train', [{ label: 'a', name: 'a/x.txt', bytes: new Uint8Array([1, 2]) }]), /images: no usable image/);
  t.delete();
});
