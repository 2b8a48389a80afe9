// A core error reaches JavaScript as an Error with the core's English message and its stable code, and
// every code the core lists (core/include/nnplay/error.hpp) has its sentence in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { loadModule, preset, root } from './module.mjs';
import en from '../../web/i18n/en.js';
import zhCN from '../../web/i18n/zh-CN.js';

const m = await loadModule();

// The codes in error.hpp's one list, in order.
function listedCodes() {
  const header = fs.readFileSync(path.join(root, 'core/include/nnplay/error.hpp'), 'utf8');
  const list = header.match(/kErrorCodes\[\] = \{([\s\S]*?)\n\};/);
  assert.ok(list, 'kErrorCodes not found in error.hpp');
  return [...list[1].replace(/\/\/.*$/gm, '').matchAll(/"([^"]+)"/g)].map((x) => x[1]);
}

// Every leaf of a nested message table as a dotted key.
function leaves(table, prefix = '') {
  return Object.entries(table).flatMap(([k, v]) => (typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

const codeOf = (fn) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, `${e} is not an Error`);
    return e.code;
  }
  assert.fail('no error');
};

test('a C++ error arrives as an Error with the core message and its code', () => {
  assert.throws(() => new m.Session('{"model": {"input": [4], "layers": [{"type": "dense", "unit": 3}]}, "loss": "mse"}'),
    (e) => e instanceof Error && e.code === 'spec.unknown_key' && /unknown field 'unit' \(did you mean 'units'\?\)/.test(e.message));
  assert.equal(codeOf(() => new m.Session('not json')), 'spec.not_json');
  const s = new m.Session(preset('house-linear'));
  assert.throws(() => s.setCsv('train', 'a,b,MEDV\n1,2,3\n4,5\n', 'ragged.csv', ''),
    (e) => e.code === 'csv.ragged_row' && e.message.startsWith('ragged.csv line 3: expected 3 fields as in the header, found 2'));
  assert.equal(codeOf(() => s.setIdx('train', new Uint8Array([0, 0, 8, 3, 0, 0]), new Uint8Array(8), 'junk')), 'idx.truncated');
  assert.equal(codeOf(() => m.inspectCsv('', 'empty.csv', '', '')), 'csv.empty');
  // An error that is not a user's kind of problem has an empty code, never a missing one.
  assert.equal(codeOf(() => s.samples('train', 0, 1)), '');
});

test("a training step's error result carries the code beside the message", () => {
  const spec = JSON.parse(preset('house-linear'));
  spec.optimizer.learning_rate = 1000;
  spec.preprocessing = 'none';
  const s = new m.Session(JSON.stringify(spec));
  s.setCsv('train', fs.readFileSync(path.join(root, 'data/house-prices/boston.csv'), 'utf8'), 'boston.csv', '');
  s.prepare(false);
  const r = JSON.parse(s.train(100000));
  assert.equal(r.code, 'train.diverged', JSON.stringify(r).slice(0, 300));
  assert.match(r.error, /learning rate \(1000\) is probably too high/);
});

test('every listed code is distinct and has an explanation in English and in Chinese, and nothing else is there', async () => {
  const codes = listedCodes();
  assert.ok(codes.length >= 25, `only ${codes.length} codes`);
  assert.equal(new Set(codes).size, codes.length, 'a code is listed twice');
  for (const [lang, table] of [['en', en], ['zh-CN', zhCN]]) {
    assert.deepEqual(leaves(table.errors).sort(), [...codes].sort(), `${lang}: errors.js does not hold exactly the listed codes`);
  }
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'zh-CN', fallbackLng: false, resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } } });
  for (const code of codes) {
    const key = `errors.${code}`;
    const english = i18n.t(key, { lng: 'en' });
    const chinese = i18n.t(key, { lng: 'zh-CN' });
    assert.ok(english !== key && english.length > 10, `${key} in English: ${english}`);
    assert.ok(chinese !== key && /[\u4e00-\u9fff]/.test(chinese), `${key} in Chinese: ${chinese}`);
  }
});
