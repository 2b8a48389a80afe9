// The message files (web/i18n/) against each other and against the code that uses them, without a browser:
// a key in one language and not the other fails, and so does a key the code uses but no file defines.
//   node --test tests/wasm/i18n-keys.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import en from '../../web/i18n/en.js';
import zhCN from '../../web/i18n/zh-CN.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(root, 'web');

// Every key of a message tree, plural forms (key_one, key_other, ...) folded into their base key.
export function keysOf(tree, prefix = '') {
  const out = new Set();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix + k.replace(/_(zero|one|two|few|many|other)$/, '');
    if (v && typeof v === 'object') for (const sub of keysOf(v, `${key}.`)) out.add(sub);
    else out.add(key);
  }
  return out;
}

const presetNames = new Set(fs.readdirSync(path.join(root, 'presets')).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(root, 'presets', f), 'utf8')).name));

// Each lesson's reader-facing text, as its preset gives it in English: {id: {title, summary, text: [...], ...}}.
const lessonTexts = Object.fromEntries(fs.readdirSync(path.join(root, 'presets/lessons')).filter((f) => f.endsWith('.json'))
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(root, 'presets/lessons', f), 'utf8')).lesson ?? {}]));

// Whether a Chinese-only key lessons.<id>.content.<field>[.<n>] translates a piece of that lesson's preset text
// (the same paragraphs and list items; `runs.<label>` names a run, which the preset or the lesson's code labels).
function translatesLessonText(key) {
  const m = /^lessons\.([^.]+)\.content\.(title|summary|text|try|look|runs)(?:\.(.+))?$/.exec(key);
  if (!m || !lessonTexts[m[1]]) return false;
  const [, id, field, part] = m;
  if (field === 'runs') return part !== undefined;
  const english = lessonTexts[id][field];
  return Array.isArray(english) ? Number(part) < english.length : part === undefined && typeof english === 'string';
}

// Keys one language has and the other lacks. errors.* may be a subset in Chinese (a missing translation shows
// the English message); presets.* and lessons.<id>.content.* are Chinese only (the English is the preset files'
// own), for presets and pieces of lesson text that exist.
export function parityProblems(enTree, zhTree) {
  const a = keysOf(enTree);
  const b = keysOf(zhTree);
  const problems = [];
  for (const k of a) if (!b.has(k) && !k.startsWith('errors.')) problems.push(`zh-CN lacks ${k}`);
  for (const k of b) {
    const preset = /^presets\.([^.]+)\.(title|description)$/.exec(k);
    if (k.startsWith('presets.')) {
      if (!preset || !presetNames.has(preset[1])) problems.push(`zh-CN has ${k}, which names no preset's title or description`);
    } else if (/^lessons\.[^.]+\.content\./.test(k)) {
      if (!translatesLessonText(k)) problems.push(`zh-CN has ${k}, which is no piece of that lesson's text`);
    } else if (!a.has(k)) problems.push(`en lacks ${k}`);
  }
  return problems;
}

// Keys the code builds from a value (a template with ${...}, written here with * for each), and every key
// each can become. `optional`: the call gives a defaultValue (the value's own name), so a key need not exist.
const DYNAMIC = {
  'status.*': { keys: ['starting', 'loading', 'empty', 'broken', 'idle', 'training', 'paused', 'finished', 'failed', 'dead', 'detached'] },
  'presets.*.title': { keys: [...presetNames], optional: true },
  'presets.*.description': { keys: [...presetNames], optional: true },
  'charts.names.*': { keys: ['loss', 'accuracy', 'mae', 'mse'], optional: true },
  'charts.titles.*': { keys: ['loss', 'accuracy', 'mae', 'mse'], optional: true },
  'data.why.*': { keys: ['classification', 'regression', 'images'] },
  'embed.logName.**': { keys: ['train', 'trainVal', 'test', 'testVal'] },
  'report.actions.*': { keys: ['target', 'standardize', 'use', 'one_hot', 'drop'], optional: true },
  'report.columns.*': { keys: ['column', 'type', 'missing', 'distinct', 'values', 'action'] },
  'report.dropReasons.*': { keys: ['missing_target', 'missing_values'], optional: true },
  'report.types.*': { keys: ['numeric', 'categorical', 'boolean', 'text', 'identifier', 'constant', 'empty'], optional: true },
  'results.perClass.*': { keys: ['class', 'support', 'recall', 'precision', 'f1'] },
  'results.wrongTable.*': { keys: ['row', 'truth', 'predicted', 'p'] },
  'lessons.*.content': { keys: Object.keys(lessonTexts), optional: true }, // a lesson's text, where translated
};
const expand = (pattern, part) => pattern.replace(/\*+/, part);

function sourceFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!['vendor', 'i18n'].includes(e.name)) out.push(...sourceFiles(p));
    } else if (/\.(js|mjs|html)$/.test(e.name)) out.push(p);
  }
  return out;
}

// The first argument of each t(...) call: the key, or an expression choosing among keys (a ? 'x' : 'y').
function firstArguments(text) {
  const out = [];
  for (const m of text.matchAll(/\bt\(/g)) {
    let depth = 0;
    let quote = null;
    let i = m.index + 2;
    for (; i < text.length; i++) {
      const c = text[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
      } else if (c === "'" || c === '"' || c === '`') quote = c;
      else if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c) && depth-- === 0) break;
      else if (c === ',' && depth === 0) break;
    }
    out.push(text.slice(m.index + 2, i));
  }
  return out;
}

// Namespaces whose names are also a spec's sections and page files ('data.drop', 'lessons.html'): their keys
// count only where t() takes them.
const SHARED_WORDS = new Set(['data', 'lessons']);

// The keys a source text uses (comments aside): the quoted strings of t()'s first argument,
// data-i18n="key", data-i18n-attr="attr:key;...", the same as element attributes in code ('data-i18n': 'key'),
// and any other quoted string that is a key of a message tree's top-level name (keys kept in tables).
// Templates with ${...} become patterns, * for each value.
export function usedKeys(source, namespaces) {
  const text = source.replace(/<!--[\s\S]*?-->/g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  const literal = new Set();
  const patterns = new Set();
  for (const arg of firstArguments(text)) {
    for (const [, , key] of arg.matchAll(/(['"`])((?:(?!\1)[^\\])*)\1/g)) {
      if (key.includes('${')) patterns.add(key.replace(/\$\{[^}]*\}/g, '*'));
      else if (key.includes('.')) literal.add(key); // a key is namespaced; 'paused' in (s === 'paused' ? ...) is not one
    }
  }
  for (const [, , key] of text.matchAll(/['"]?data-i18n['"]?\s*[=:]\s*(['"])([^'"]+)\1/g)) literal.add(key);
  for (const [, , pairs] of text.matchAll(/['"]?data-i18n-attr['"]?\s*[=:]\s*(['"])([^'"]+)\1/g)) {
    for (const pair of pairs.split(';')) literal.add(pair.split(':')[1]?.trim());
  }
  for (const [, , key] of text.matchAll(/(['"`])([a-z][A-Za-z]*(?:\.[A-Za-z_][\w-]*)+)\1/g)) {
    const ns = key.split('.')[0];
    if (namespaces.has(ns) && !SHARED_WORDS.has(ns)) literal.add(key);
  }
  literal.delete(undefined);
  return { literal, patterns };
}

// What the code uses and no message file defines: [problem] for the test's message.
export function usageProblems(defined, files, namespaces) {
  const problems = [];
  for (const file of files) {
    const { literal, patterns } = usedKeys(fs.readFileSync(file, 'utf8'), namespaces);
    const where = path.relative(root, file);
    for (const key of literal) if (!defined.has(key)) problems.push(`${where} uses ${key}, defined nowhere`);
    for (const pattern of patterns) {
      const known = DYNAMIC[pattern];
      if (!known) {
        problems.push(`${where} builds keys ${pattern}: list what it can become in this test's DYNAMIC, or use literal keys`);
        continue;
      }
      if (known.optional) continue;
      for (const part of known.keys) if (!defined.has(expand(pattern, part))) problems.push(`${where} may use ${expand(pattern, part)}, defined nowhere`);
    }
  }
  return problems;
}

const namespaces = new Set(Object.keys(en));
const defined = keysOf(en);

test('every key is in both languages (errors may lack a Chinese translation)', () => {
  assert.deepEqual(parityProblems(en, zhCN), []);
});

test('every key the code uses is defined', () => {
  const files = sourceFiles(web);
  assert.ok(files.length > 20, `only ${files.length} source files under web/`);
  assert.deepEqual(usageProblems(defined, files, namespaces), []);
});

test('the dynamic keys listed here are keys (a typo in the list would hide a missing one)', () => {
  for (const [pattern, { keys, optional }] of Object.entries(DYNAMIC)) {
    if (optional) continue;
    for (const part of keys) assert.ok(defined.has(expand(pattern, part)), `${expand(pattern, part)} is not defined`);
  }
});

// The checks can fail: a planted key in one language only, and a used key defined nowhere, are both caught.
test('a planted missing key is caught', () => {
  const planted = { ...zhCN, playground: { ...zhCN.playground, plantedOnlyInChinese: '只在中文里' } };
  assert.deepEqual(parityProblems(en, planted), ['en lacks playground.plantedOnlyInChinese']);
  const withoutOne = { ...zhCN, progress: { ...zhCN.progress, done: undefined } };
  delete withoutOne.progress.done;
  assert.deepEqual(parityProblems(en, withoutOne), ['zh-CN lacks progress.done']);
  const tooLong = { ...zhCN, lessons: { ...zhCN.lessons, losses: { ...zhCN.lessons.losses,
    content: { title: '损失', text: lessonTexts.losses.text.map(() => '段落').concat('多出的一段') } } } };
  assert.deepEqual(parityProblems(en, tooLong), [`zh-CN has lessons.losses.content.text.${lessonTexts.losses.text.length}, which is no piece of that lesson's text`]);
  const used = usedKeys("el('p', { text: t('playground.plantedNowhere') }); t(`status.${s}`); t(`odd.${x}`, { n: f(1, 2) });\n" +
    "t(on ? 'data.planted' : 'report.planted', { a }); // t('in.a.comment')", namespaces);
  assert.deepEqual([...used.literal], ['playground.plantedNowhere', 'data.planted', 'report.planted']);
  assert.deepEqual([...used.patterns], ['status.*', 'odd.*']);
  const file = path.join(fs.mkdtempSync(path.join(root, 'test-results-')), 'planted.js');
  try {
    fs.writeFileSync(file, "t('playground.plantedNowhere'); t('status.idle'); t(`odd.${x}`); const k = 'report.facts.nothing';");
    assert.deepEqual(usageProblems(defined, [file], namespaces).map((p) => p.replace(/^.* uses |^.* builds keys /, '')), [
      'playground.plantedNowhere, defined nowhere',
      'report.facts.nothing, defined nowhere',
      "odd.*: list what it can become in this test's DYNAMIC, or use literal keys",
    ]);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});
