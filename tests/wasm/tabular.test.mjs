// CSV with text and gaps through the wasm module: the data report, training on the tabular preset with
// class names, and the same model as the native CLI's (same seed, same bits: both predict identically).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModule, preset, nativeCli, root } from './module.mjs';

const m = await loadModule();

// 90 rows: churn follows the plan and the monthly fee; gaps in age and city, free-text notes, ids.
function churnCsv() {
  const cities = ['Lyon', 'Paris', 'Nice'];
  const lines = ['id,age,city,plan,monthly,notes,churn'];
  for (let i = 0; i < 90; i++) {
    const plan = i % 3 === 0 ? 'pro' : 'basic';
    const monthly = 10 + ((i * 37) % 80);
    const churn = (monthly > 50) !== (plan === 'pro') ? 'yes' : 'no';
    const age = i % 17 === 3 ? 'NA' : String(18 + ((i * 13) % 60));
    const city = i % 19 === 4 ? '' : cities[i % 3];
    lines.push(`${i + 1},${age},${city},${plan},${monthly},"call #${i}, ${cities[i % 3]}",${i === 50 ? '?' : churn}`);
  }
  return lines.join('\r\n') + '\r\n';
}

test('inspectCsv reports the types, gaps and the plan of a CSV with text', () => {
  const r = JSON.parse(m.inspectCsv(churnCsv(), 'churn.csv', '', preset('tabular-classifier').replace('"malignant"', '"churn"')));
  assert.equal(r.kind, 'csv');
  assert.equal(r.rows, 90);
  assert.equal(r.target, 'churn');
  assert.equal(r.task, 'classification');
  assert.deepEqual(r.classes, ['no', 'yes']);
  assert.equal(r.dropped_rows.missing_target, 1);
  const col = Object.fromEntries(r.columns.map((c) => [c.name, c]));
  assert.equal(col.id.type, 'identifier');
  assert.equal(col.id.action, 'drop');
  assert.equal(col.age.type, 'numeric');
  assert.equal(col.age.missing, 6);  // i % 17 == 3 for i < 90: 3, 20, 37, 54, 71, 88
  assert.equal(col.age.action, 'standardize');
  assert.equal(col.city.type, 'categorical');
  assert.equal(col.city.missing, 5);  // i % 19 == 4: 4, 23, 42, 61, 80
  assert.equal(col.city.action, 'one_hot');
  assert.equal(col.city.width, 3);
  assert.equal(col.notes.type, 'text');
  assert.equal(col.notes.action, 'drop');
  assert.equal(col.plan.type, 'categorical');
  assert.equal(r.features, 1 + 3 + 2 + 1);
  assert.throws(() => m.inspectCsv('a,b\n1,"2\n', 'open.csv', '', ''), /open.csv line 2, column 2: a quoted field is not closed/);
});

test('inspectCsv without a spec infers the task from the target the user picks', () => {
  const text = churnCsv();
  const byMonthly = JSON.parse(m.inspectCsv(text, 'churn.csv', 'monthly', ''));  // 80 distinct numbers
  assert.equal(byMonthly.target, 'monthly');
  assert.equal(byMonthly.task, 'regression');
  const byPlan = JSON.parse(m.inspectCsv(text, 'churn.csv', 'plan', ''));
  assert.equal(byPlan.task, 'classification');
  assert.deepEqual(byPlan.classes, ['basic', 'pro']);
  assert.equal(JSON.parse(m.inspectCsv(text, 'churn.csv', '', '')).target, 'churn');  // the last column
  assert.throws(() => m.inspectCsv(text, 'churn.csv', 'plann', ''), /no column named 'plann'.*did you mean 'plan'/);
});

test('a CSV with text and gaps trains with class names, as the native CLI does', () => {
  const csv = churnCsv();
  const spec = preset('tabular-classifier');
  const s = new m.Session(spec);
  s.setCsv('train', csv, 'churn.csv', 'churn');
  const info = JSON.parse(s.prepare(false));
  assert.deepEqual(info.class_names, ['no', 'yes']);
  assert.equal(info.dropped_rows.missing_target, 1);
  assert.ok(info.filled > 0);
  while (!JSON.parse(s.train(1000)).state.finished);
  const report = JSON.parse(s.report(8));
  assert.deepEqual(report.class_names, ['no', 'yes']);
  assert.equal(report.confusion.length, 2);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-tab-'));
  const csvPath = path.join(dir, 'churn.csv');
  fs.writeFileSync(csvPath, csv);
  fs.writeFileSync(path.join(dir, 'wasm.nnp'), s.exportModel());
  execFileSync(nativeCli, ['train', path.join(root, 'presets/tabular-classifier.json'),
    '--data', csvPath, '--target', 'churn', '--save', path.join(dir, 'native.nnp'), '--json'], { stdio: ['ignore', 'ignore', 'ignore'] });
  const predict = (model) => execFileSync(nativeCli, ['predict', path.join(dir, model), '--data', csvPath, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString().trim().split('\n').map((l) => JSON.parse(l)).filter((l) => !('latency' in l)); // the last line times it
  const fromWasm = predict('wasm.nnp'), fromNative = predict('native.nnp');
  assert.equal(fromWasm.length, 90);
  assert.ok(['no', 'yes'].includes(fromWasm[0].predicted));
  assert.deepEqual(fromWasm, fromNative);  // the same probabilities, bit for bit
  assert.equal(fromWasm[50].true, null);   // the row without a target is still predicted
  fs.rmSync(dir, { recursive: true });
});
