// The wasm build: SIMD really shipped, errors reach JavaScript as messages, numbers match native,
// model files travel between the CLI and the module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModule, preset, feedMnist, nativeCli, wasmDir, mnistDir, root } from './module.mjs';

const m = await loadModule();

test('the shipped .wasm contains SIMD instructions', () => {
  const dis = execFileSync('wasm-objdump', ['-d', path.join(wasmDir, 'nnplay.wasm')], { maxBuffer: 1 << 28 }).toString();
  const simd = dis.match(/\bf32x4\.(mul|add)\b/g) ?? [];
  assert.ok(simd.length > 200, `only ${simd.length} f32x4 mul/add instructions found`);
});

test('C++ errors arrive as Error objects with the core message', () => {
  assert.throws(() => new m.Session('{"model": {"input": [4], "layers": [{"type": "dense", "unit": 3}]}, "loss": "mse"}'),
    (e) => e instanceof Error && /unknown field 'unit' \(did you mean 'units'\?\)/.test(e.message));
  assert.throws(() => new m.Session('{"model": {"input": [4], "layers": [{"type": "dense", "units": 3, "activation": "relux"}]}, "loss": "mse"}'),
    /activation: 'relux' is not one of relu, sigmoid, tanh, softmax or linear \(did you mean 'relu'\?\)/);
  assert.throws(() => new m.Session('{"model": {"input": [784], "layers": [{"type": "dense", "units": 10000000}]}, "loss": "mse"}'),
    /over the memory budget of 1.0 GiB/);
  assert.throws(() => new m.Session('not json'), /spec is not valid JSON/);
});

test('bad data is refused with its reason and the session keeps working', () => {
  const s = new m.Session(preset('house-linear'));
  assert.throws(() => s.setCsv('train', 'a,b,MEDV\n1,2,3\n4,5\n', 'ragged.csv', ''), /ragged.csv line 3: expected 3 fields/);
  assert.throws(() => s.setIdx('train', new Uint8Array([0, 0, 8, 3, 0, 0]), new Uint8Array(8), 'junk'), /junk images: truncated header/);
  s.setCsv('train', fs.readFileSync(path.join(root, 'data/house-prices/boston.csv'), 'utf8'), 'boston.csv', '');
  const info = JSON.parse(s.prepare(false));
  assert.equal(info.task, 'regression');
  assert.throws(() => s.setLearningRate(NaN), (e) => e.message === 'learning_rate: nan is outside the allowed range: above 0 and at most 1000');
  const r = JSON.parse(s.train(1000));
  assert.equal(r.state.finished, true);
  const test = JSON.parse(s.evaluate('test'));
  assert.ok(test.loss < 40, `test MSE ${test.loss}`);
  s.delete();
});

// The first `batches` batch losses of an MNIST preset, trained in wasm and by the native CLI.
function wasmAndNativeLosses(name, batches) {
  const s = new m.Session(preset(name));
  feedMnist(s);
  s.prepare(false);
  const wasmLosses = JSON.parse(s.train(batches)).batches.map((b) => b.loss);
  s.delete();
  const out = execFileSync(nativeCli, ['train', path.join(root, `presets/${name}.json`), '--max-batches', String(batches), '--json', '--batch-log'],
    { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 24 }).toString();
  const nativeLosses = out.split('\n').filter((l) => l.includes('"batch"')).map((l) => JSON.parse(l).loss);
  assert.equal(nativeLosses.length, batches);
  assert.equal(wasmLosses.length, batches);
  return { wasmLosses, nativeLosses };
}

test('native and wasm give the same losses for the same preset and seed (50 batches)', () => {
  const { wasmLosses, nativeLosses } = wasmAndNativeLosses('mnist-mlp', 50);
  for (let i = 0; i < 50; i++) {
    const rel = Math.abs(wasmLosses[i] - nativeLosses[i]) / Math.abs(nativeLosses[i]);
    assert.ok(rel <= 1e-4, `batch ${i}: wasm ${wasmLosses[i]} vs native ${nativeLosses[i]} (relative ${rel})`);
  }
});

test('the seeds\' CNN gives the same losses in wasm and natively, bit for bit (im2col and Winograd layers, 20 batches)', () => {
  const { wasmLosses, nativeLosses } = wasmAndNativeLosses('mnist-cnn', 20);
  assert.deepEqual(wasmLosses, nativeLosses);
  assert.ok(nativeLosses[19] < nativeLosses[0], `the loss falls: ${nativeLosses[0]} to ${nativeLosses[19]}`);
});

test('a model saved by the CLI loads in wasm, and one exported by wasm evaluates in the CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-'));
  const csvPath = path.join(root, 'data/breast-cancer/wdbc.csv');
  const csv = fs.readFileSync(csvPath, 'utf8');
  const cliModel = path.join(dir, 'cli.nnp');
  execFileSync(nativeCli, ['train', path.join(root, 'presets/cancer-logistic.json'), '--epochs', '20', '--save', cliModel], { stdio: 'ignore' });
  const cliEval = JSON.parse(execFileSync(nativeCli, ['evaluate', cliModel, '--data', csvPath, '--json']).toString());

  const s = new m.Session(preset('cancer-logistic'));
  s.setCsv('train', csv, 'wdbc.csv', '');
  s.prepare(false);
  s.importModel(fs.readFileSync(cliModel), 'cli.nnp');
  // The whole file through the imported model in wasm gives the CLI's accuracy on it.
  const all = csv.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const out = s.predict(new Float32Array(all.flatMap((r) => r.slice(0, 30))));
  const acc = all.filter((r, i) => (out[i] >= 0.5 ? 1 : 0) === r[30]).length / all.length;
  assert.ok(Math.abs(acc - cliEval.accuracy) < 1e-9, `wasm ${acc} vs CLI ${cliEval.accuracy}`);

  JSON.parse(s.train(200));
  const wasmModel = path.join(dir, 'wasm.nnp');
  fs.writeFileSync(wasmModel, s.exportModel());
  const wasmEval = JSON.parse(s.evaluate('test'));
  const testCsv = path.join(dir, 'test.csv');
  const header = csv.split('\n')[0];
  // prepare takes the data: give it again, and the same seed splits it the same way.
  s.setCsv('train', csv, 'wdbc.csv', '');
  const n = JSON.parse(s.prepare(false)).test_rows;
  s.importModel(fs.readFileSync(wasmModel), 'wasm.nnp');
  const x = s.samples('test', 0, n), y = s.targets('test', 0, n);
  const rows = Array.from({ length: n }, (_, i) => [...x.slice(i * 30, i * 30 + 30), y[i]].join(','));
  fs.writeFileSync(testCsv, [header, ...rows].join('\n'));
  const back = JSON.parse(execFileSync(nativeCli, ['evaluate', wasmModel, '--data', testCsv, '--json']).toString());
  assert.ok(Math.abs(back.accuracy - wasmEval.accuracy) < 1e-9, `CLI ${back.accuracy} vs wasm ${wasmEval.accuracy}`);
  assert.ok(Math.abs(back.loss - wasmEval.loss) / wasmEval.loss < 1e-4, `CLI loss ${back.loss} vs wasm ${wasmEval.loss}`);
  s.delete();
  fs.rmSync(dir, { recursive: true });
});

test('MNIST files match their published md5 sums', async () => {
  const { createHash } = await import('node:crypto');
  const sums = {
    'train-images-idx3-ubyte': '6bbc9ace898e44ae57da46a324031adb',
    'train-labels-idx1-ubyte': 'a25bea736e30d166cdddb491f175f624',
    't10k-images-idx3-ubyte': '2646ac647ad5339dbf082846283269ea',
    't10k-labels-idx1-ubyte': '27ae3e4e09519cfbb04c329615203637',
  };
  for (const [file, md5] of Object.entries(sums)) {
    assert.equal(createHash('md5').update(fs.readFileSync(path.join(mnistDir, file))).digest('hex'), md5, file);
  }
});
