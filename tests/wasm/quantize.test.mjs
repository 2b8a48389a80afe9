// int8 models in the wasm module (the page's path): the same bits as the native CLI for the same file,
// the refusal to train, latency, and the way back to the float model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadModule, preset, feedMnist, nativeCli, mnistDir } from './module.mjs';

const m = await loadModule();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-quantize-'));

function trainedMnist(name) {
  const spec = JSON.parse(preset(name));
  spec.data.train_limit = 2000;
  const s = new m.Session(JSON.stringify(spec));
  feedMnist(s);
  const info = JSON.parse(s.prepare(false));
  assert.equal(JSON.parse(s.train(20)).error, undefined);
  return { s, info };
}

for (const name of ['mnist-mlp', 'mnist-cnn']) {
  test(`${name} in int8: the native CLI predicts the wasm module's numbers bit for bit from its file`, () => {
    const { s, info } = trainedMnist(name);
    const r = JSON.parse(s.quantize());
    assert.ok(r.float_bytes / r.int8_bytes > 3.5, JSON.stringify(r));
    const file = path.join(tmp, `${name}-int8.nnp`);
    fs.writeFileSync(file, s.exportModel());
    const rows = 300;
    const out = execFileSync(nativeCli, ['predict', file, '--data', path.join(mnistDir, 't10k-images-idx3-ubyte'),
      '--labels', path.join(mnistDir, 't10k-labels-idx1-ubyte'), '--limit', String(rows), '--json'], { maxBuffer: 1 << 26 }).toString();
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.pop().latency.batch256_samples_per_second > 0);
    const wasm = s.predictSplit('test');
    const k = info.class_names.length;
    assert.equal(lines.length, rows);
    let differing = 0;
    lines.forEach((line, row) => info.class_names.forEach((c, j) => {
      if (Math.fround(line.probabilities[c]) !== wasm[row * k + j]) differing++;
    }));
    assert.equal(differing, 0, `${differing} of ${rows * k} probabilities differ between native and wasm`);
    s.delete();
  });
}

test('an int8 session refuses to train, reports its latency and goes back to the float model exactly', () => {
  const { s } = trainedMnist('mnist-mlp');
  const float = s.predictSplit('test');
  const before = JSON.parse(s.latency());
  assert.ok(before.batch1_median_ms > 0 && before.batch256_samples_per_second > 0);
  const r = JSON.parse(s.quantize());
  assert.ok(Math.abs(r.int8.accuracy - r.float.accuracy) < 0.02, JSON.stringify(r));
  const int8 = s.predictSplit('test');
  assert.notDeepEqual(int8, float);
  assert.ok(JSON.parse(s.latency()).batch256_samples_per_second > 0);
  const t = JSON.parse(s.train(1));
  assert.equal(t.code, 'model.quantized');
  assert.match(t.error, /train the float model and quantize again/);
  assert.throws(() => s.quantize(), /int8 already/);
  s.dequantize();
  assert.deepEqual(s.predictSplit('test'), float);
  assert.equal(JSON.parse(s.train(1)).error, undefined);
  assert.throws(() => s.dequantize(), /not quantized/);
  s.delete();
});
