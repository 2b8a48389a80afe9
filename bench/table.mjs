// The generated table of the data-report benchmark (issue 11): 100,000 rows x 50 columns, 45 numeric
// (every third whole, the rest 4 decimals; 2% gaps) and 5 categorical (2 to 30 levels), the same bytes in
// every run (a fixed-seed generator). tableFile() writes it once to build/bench/ and returns its path.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROWS = 100000;
const NUMERIC = 45;
const CATEGORIES = [['red', 'green', 'blue'], ['a', 'b', 'c', 'd', 'e', 'f'], ['yes', 'no'],
  ['north', 'south', 'east', 'west'], Array.from({ length: 30 }, (_, i) => `x${i}`)];

// mulberry32: a small fixed-seed generator, so the file never depends on Math.random.
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function tableText(rows = ROWS) {
  const next = generator(11);
  const header = [...Array.from({ length: NUMERIC }, (_, i) => `n${i}`), ...CATEGORIES.map((_, i) => `c${i}`)];
  const lines = [header.join(',')];
  for (let r = 0; r < rows; ++r) {
    const cells = [];
    for (let i = 0; i < NUMERIC; ++i) {
      if (next() < 0.02) cells.push('');
      else if (i % 3 === 0) cells.push(String(Math.floor(next() * 1001)));
      else cells.push((i + (next() - 0.5) * 12).toFixed(4));
    }
    for (const levels of CATEGORIES) cells.push(levels[Math.floor(next() * levels.length)]);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

export function tableFile() {
  const file = path.join(root, 'build/bench', `table-${ROWS}x50.csv`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, tableText());
    fs.renameSync(`${file}.tmp`, file);
  }
  return file;
}
